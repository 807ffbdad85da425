// `monjo user`, `monjo audit` and `monjo purge` run as an administrator would, on a
// real data directory; the tampering is done with SQLite directly, as someone with
// the file in hand could.
#include <catch2/catch.hpp>

#include "archive/base/sqlite.h"
#include "tests/integration/harness.h"

using monjo::test::run_monjo;
using monjo::test::TempDir;

TEST_CASE("monjo user add creates accounts that monjo user list shows", "[staff-cli]") {
  TempDir data;
  auto added =
      run_monjo({"--data", data.path(), "user", "add", "tanaka", "--role", "officer"}, "correct horse battery\n");
  INFO(added.err);
  REQUIRE(added.status == 0);
  CHECK_THAT(added.out, Catch::Contains("created tanaka (officer)"));
  REQUIRE(run_monjo({"user", "add", "sato", "--role", "supervisor", "--data", data.path()}, "sato's long secret\n")
              .status == 0);

  auto listed = run_monjo({"--data", data.path(), "user", "list"});
  REQUIRE(listed.status == 0);
  CHECK_THAT(listed.out, Catch::Contains("sato\tsupervisor\tactive"));
  CHECK_THAT(listed.out, Catch::Contains("tanaka\tofficer\tactive"));
  CHECK(listed.out.find("correct horse") == std::string::npos);

  // The stored hash is argon2id.
  monjo::archive::sql::Database db(data / "catalog.sqlite", monjo::archive::sql::Database::Mode::ReadOnly);
  auto st = db.prepare("SELECT password_hash FROM users WHERE name = 'tanaka'");
  REQUIRE(st.step());
  CHECK(st.text(0).rfind("$argon2id$", 0) == 0);
  st.reset();
}

TEST_CASE("monjo user add refuses a bad role, a short password, a taken name and a missing password", "[staff-cli]") {
  TempDir data;
  auto bad_role = run_monjo({"--data", data.path(), "user", "add", "tanaka", "--role", "citizen"}, "long enough pw\n");
  CHECK(bad_role.status == 1);
  CHECK_THAT(bad_role.err, Catch::Contains("not a staff role"));
  auto short_pw = run_monjo({"--data", data.path(), "user", "add", "tanaka", "--role", "officer"}, "short\n");
  CHECK(short_pw.status == 1);
  CHECK_THAT(short_pw.err, Catch::Contains("too short"));
  auto no_pw = run_monjo({"--data", data.path(), "user", "add", "tanaka", "--role", "officer"}, "");
  CHECK(no_pw.status == 1);
  CHECK_THAT(no_pw.err, Catch::Contains("no password"));
  REQUIRE(run_monjo({"--data", data.path(), "user", "add", "tanaka", "--role", "officer"}, "long enough pw\n").status ==
          0);
  auto taken = run_monjo({"--data", data.path(), "user", "add", "tanaka", "--role", "admin"}, "long enough pw\n");
  CHECK(taken.status == 1);
  CHECK_THAT(taken.err, Catch::Contains("exists already"));
  auto listed = run_monjo({"--data", data.path(), "user", "list"});
  CHECK(listed.out == listed.out.substr(0, listed.out.find('\n') + 1));  // one account only
}

TEST_CASE("monjo user passwd and disable change the account and are audited", "[staff-cli]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "user", "add", "tanaka", "--role", "officer"}, "long enough pw\n").status ==
          0);
  CHECK(run_monjo({"--data", data.path(), "user", "passwd", "tanaka"}, "another long one\n").status == 0);
  CHECK(run_monjo({"--data", data.path(), "user", "passwd", "nobody"}, "another long one\n").status == 1);
  CHECK(run_monjo({"--data", data.path(), "user", "disable", "tanaka"}).status == 0);
  CHECK_THAT(run_monjo({"--data", data.path(), "user", "list"}).out, Catch::Contains("tanaka\tofficer\tdisabled"));
  auto listed = run_monjo({"--data", data.path(), "audit", "list", "--limit", "10"});
  REQUIRE(listed.status == 0);
  CHECK_THAT(listed.out, Catch::Contains("\tuser.create\ttanaka\t"));
  CHECK_THAT(listed.out, Catch::Contains("\tuser.password\ttanaka\t"));
  CHECK_THAT(listed.out, Catch::Contains("\tuser.deactivate\ttanaka\t"));
  CHECK(listed.out.rfind("3\t", 0) == 0);  // newest first
}

TEST_CASE("monjo audit verify reports an intact trail, then the seq of a tampered entry", "[staff-cli]") {
  TempDir data;
  for (const char* name : {"a-one", "b-two", "c-three"}) {
    REQUIRE(run_monjo({"--data", data.path(), "user", "add", name, "--role", "archivist"}, "long enough pw\n").status ==
            0);
  }
  auto intact = run_monjo({"--data", data.path(), "audit", "verify"});
  CHECK(intact.status == 0);
  CHECK_THAT(intact.out, Catch::Contains("audit trail intact: 3 entries"));
  CHECK_THAT(intact.out, Catch::Contains("head: "));

  {
    monjo::archive::sql::Database db(data / "catalog.sqlite", monjo::archive::sql::Database::Mode::ReadWrite);
    CHECK_THROWS(db.exec("UPDATE audit SET detail = 'role=admin' WHERE seq = 2"));  // the trigger stands guard
    db.exec("DROP TRIGGER audit_no_update");
    db.exec("UPDATE audit SET detail = 'role=admin' WHERE seq = 2");
  }
  auto broken = run_monjo({"--data", data.path(), "audit", "verify"});
  CHECK(broken.status == 1);
  CHECK_THAT(broken.out, Catch::Contains("broken at entry 2"));
  CHECK_THAT(broken.out, Catch::Contains("edited"));
}

TEST_CASE("monjo audit verify names a deleted entry", "[staff-cli]") {
  TempDir data;
  for (const char* name : {"a-one", "b-two", "c-three"}) {
    REQUIRE(run_monjo({"--data", data.path(), "user", "add", name, "--role", "archivist"}, "long enough pw\n").status ==
            0);
  }
  {
    monjo::archive::sql::Database db(data / "catalog.sqlite", monjo::archive::sql::Database::Mode::ReadWrite);
    db.exec("DROP TRIGGER audit_no_delete");
    db.exec("DELETE FROM audit WHERE seq = 1");
  }
  auto broken = run_monjo({"--data", data.path(), "audit", "verify"});
  CHECK(broken.status == 1);
  CHECK_THAT(broken.out, Catch::Contains("broken at entry 1 (deleted)"));
}

TEST_CASE("monjo purge on a catalog without finished requests purges nothing", "[staff-cli]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "user", "add", "root", "--role", "admin"}, "long enough pw\n").status == 0);
  auto dry = run_monjo({"--data", data.path(), "purge", "--as-of", "2031-04-01", "--dry-run"});
  CHECK(dry.status == 0);
  CHECK_THAT(dry.out, Catch::Contains("would purge the requester data of 0 requests finished before 2026-04-02"));
  monjo::test::write_file(data / "monjo.conf", "[ordinance]\nrequester_data_retention_years = 3\n");
  auto real = run_monjo({"--data", data.path(), "purge", "--as-of", "2031-04-01"});
  CHECK(real.status == 0);
  CHECK_THAT(real.out, Catch::Contains("before 2028-04-02 (retention 3 years"));
  auto bad = run_monjo({"--data", data.path(), "purge", "--as-of", "2031-02-30"});
  CHECK(bad.status == 1);
  CHECK_THAT(bad.err, Catch::Contains("--as-of"));
}
