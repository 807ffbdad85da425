// `monjo check` finds each kind of inconsistency in a data directory, says what it
// is, exits 1, and with --repair mends what a reindex mends (never the audit trail);
// `monjo backup` and `monjo restore` give a data directory that exports, searches and
// verifies as the original, also while the server serves and an import runs.
#include <catch2/catch.hpp>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "archive/search/index_schema.h"
#include "archive/base/sqlite.h"
#include "tests/integration/harness.h"
#include "tests/integration/serve_harness.h"

using monjo::test::fixture;
using monjo::test::http_request;
using monjo::test::run_monjo;
using monjo::test::ServeProcess;
using monjo::test::TempDir;

namespace fs = std::filesystem;
namespace schema = monjo::archive::index_schema;

namespace {

struct Imported {
  TempDir data;
  Imported() {
    auto r = run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")});
    REQUIRE(r.status == 0);
  }
  std::string dir() const { return data.path(); }
};

void sql(const std::string& data, const char* statement) {
  monjo::archive::sql::Database db(data + "/catalog.sqlite", monjo::archive::sql::Database::Mode::ReadWrite);
  db.exec(statement);
}

// Changes record `id`'s document in one index (as a stale or tampered index would).
template <typename F>
void edit_document(const std::string& data, const char* side, const std::string& id, F&& edit) {
  Xapian::WritableDatabase db(data + "/index/" + side, Xapian::DB_OPEN);
  const std::string q = schema::boolean_term(schema::kIdPrefix, id);
  auto p = db.postlist_begin(q);
  REQUIRE(p != db.postlist_end(q));
  Xapian::docid docid = *p;
  Xapian::Document doc = db.get_document(docid);
  if (edit(doc)) {
    db.replace_document(docid, doc);
  } else {
    db.delete_document(docid);
  }
  db.commit();
}

}  // namespace

TEST_CASE("monjo check passes a fresh data directory", "[check]") {
  Imported f;
  auto r = run_monjo({"--data", f.dir(), "check"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::StartsWith("ok: "));
  CHECK_THAT(r.out, Catch::Contains("withheld fields of"));
}

TEST_CASE("monjo check reports each kind of finding and exits 1", "[check]") {
  Imported f;
  std::string kind;
  SECTION("index.missing") {
    fs::remove(f.dir() + "/index/staff");
    kind = "index.missing: index/staff is missing";
  }
  SECTION("index.damaged") {
    const std::string file = fs::canonical(f.dir() + "/index/staff").string() + "/postlist.glass";
    fs::resize_file(file, fs::file_size(file) / 2);
    kind = "index.damaged: the staff index is damaged";
  }
  SECTION("index.generation") {
    sql(f.dir(), "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'");
    kind = "index.generation: the public index is at generation 1, the catalog at 2";
  }
  SECTION("index.count and a missing document") {
    edit_document(f.dir(), "staff", "fx-v3", [](Xapian::Document&) { return false; });
    kind = "index.count: the staff index holds";
  }
  SECTION("index.document") {
    sql(f.dir(), "UPDATE records SET title = title || '改' WHERE id = 'fx-v3'");
    kind = "index.document: the staff index's document for fx-v3 differs from the catalog";
  }
  SECTION("public.withheld: a restricted item's withheld description") {
    edit_document(f.dir(), "public", "fx-v3-001", [](Xapian::Document& doc) {
      doc.add_term("秘匿");
      return true;
    });
    kind = "public.withheld: record fx-v3-001 (restricted): the public index holds its withheld description";
  }
  SECTION("public.withheld: an open volume's staff note") {
    edit_document(f.dir(), "public", "fx-v3", [](Xapian::Document& doc) {
      doc.add_term("注記");
      return true;
    });
    kind = "public.withheld: record fx-v3 (open): the public index holds its withheld note";
  }
  SECTION("audit.chain") {
    sql(f.dir(), "DROP TRIGGER audit_no_update");
    sql(f.dir(), "UPDATE audit SET detail = 'edited' WHERE seq = 1");
    kind = "audit.chain: the audit trail is broken at entry 1 (edited)";
  }
  auto r = run_monjo({"--data", f.dir(), "check"});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains(kind));
  CHECK_THAT(r.out, Catch::Contains("finding"));
}

TEST_CASE("monjo check names every bad line of the archive's data files, and --repair leaves them", "[check]") {
  Imported f;
  {
    std::ofstream(f.dir() + "/readings.tsv") << "# surface\treading\n上溝\tかみみぞ\n麻溝\tasamizo\n田名\n";
    std::ofstream(f.dir() + "/place-names.tsv") << "上溝村\t上溝町\n上溝町\t上溝町\n\xff\t相模原町\n";
  }
  auto r = run_monjo({"--data", f.dir(), "check"});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  const std::string readings = f.dir() + "/readings.tsv";
  const std::string places = f.dir() + "/place-names.tsv";
  CHECK_THAT(r.out, Catch::Contains("data.file: " + readings + ":3: the reading of \"麻溝\" must be kana"));
  CHECK_THAT(r.out, Catch::Contains("data.file: " + readings + ":4: expected surface<TAB>reading"));
  CHECK_THAT(r.out, Catch::Contains("data.file: " + places + ":2: a name cannot become itself"));
  CHECK_THAT(r.out, Catch::Contains("data.file: " + places + ":3: not UTF-8"));
  CHECK_THAT(r.out, Catch::Contains("4 findings"));
  auto repair = run_monjo({"--data", f.dir(), "check", "--repair"});
  CHECK(repair.status == 1);
  CHECK_THAT(repair.out, Catch::Contains("not repaired"));

  std::ofstream(f.dir() + "/readings.tsv") << "上溝\tかみみぞ\n";
  std::ofstream(f.dir() + "/place-names.tsv") << "上溝村\t上溝町\n";
  CHECK(run_monjo({"--data", f.dir(), "check"}).status == 0);
}

TEST_CASE("monjo check --repair rebuilds the indexes but leaves a broken audit trail as evidence", "[check]") {
  Imported f;
  edit_document(f.dir(), "public", "fx-v3-001", [](Xapian::Document& doc) {
    doc.add_term("秘匿");
    return true;
  });
  auto repaired = run_monjo({"--data", f.dir(), "check", "--repair"});
  INFO(repaired.out << repaired.err);
  CHECK(repaired.status == 0);
  CHECK_THAT(repaired.out, Catch::Contains("rebuilt both indexes"));
  CHECK(run_monjo({"--data", f.dir(), "check"}).status == 0);

  sql(f.dir(), "DROP TRIGGER audit_no_delete");
  sql(f.dir(), "DELETE FROM audit WHERE seq = 1");
  auto refused = run_monjo({"--data", f.dir(), "check", "--repair"});
  CHECK(refused.status == 1);
  CHECK_THAT(refused.out, Catch::Contains("audit.chain"));
  CHECK_THAT(refused.out, Catch::Contains("not repaired"));
}

TEST_CASE("a backup taken while the server serves and an import runs restores to the same catalog",
          "[backup]") {
  TempDir data;
  TempDir work;
  const std::string big = work / "sample.xml";
  REQUIRE(run_monjo({"sample", "--volumes", "170", "--seed", "1", "--out", big}).status == 0);
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  REQUIRE(run_monjo({"--data", data.path(), "user", "add", "suzuki", "--role", "officer"}, "a long enough password\n")
              .status == 0);
  const std::string before = run_monjo({"--data", data.path(), "export"}).out;
  ServeProcess server(data.path());

  monjo::test::RunResult imported;
  std::thread import([&] { imported = run_monjo({"--data", data.path(), "import", big}); });
  auto backup = run_monjo({"--data", data.path(), "backup", work / "backup"});
  for (int i = 0; i < 5; ++i) CHECK(http_request(server.port(), "GET", "/search?q=%E8%AD%B0%E4%BC%9A").status == 200);
  import.join();
  INFO(backup.out << backup.err << imported.err);
  REQUIRE(backup.status == 0);
  REQUIRE(imported.status == 0);
  CHECK(fs::exists(work / "backup/MANIFEST"));
  CHECK_FALSE(fs::exists(work / "backup/catalog.sqlite-wal"));

  const std::string restored = work / "restored";
  auto restore = run_monjo({"--data", restored, "restore", work / "backup"});
  INFO(restore.out << restore.err);
  REQUIRE(restore.status == 0);
  // The backup is one snapshot: before the import or after it, never between.
  const std::string after = run_monjo({"--data", data.path(), "export"}).out;
  const std::string got = run_monjo({"--data", restored, "export"}).out;
  CHECK((got == before || got == after));
  for (const char* q : {"議会", "恩給", "title:会議録"}) {
    auto mine = run_monjo({"--data", restored, "search", "--json", q});
    CHECK(mine.status == 0);
    if (got == after) CHECK(mine.out == run_monjo({"--data", data.path(), "search", "--json", q}).out);
  }
  auto verify = run_monjo({"--data", restored, "audit", "verify"});
  CHECK(verify.status == 0);
  CHECK_THAT(verify.out, Catch::StartsWith("audit trail intact"));
  CHECK_THAT(run_monjo({"--data", restored, "user", "list"}).out, Catch::Contains("suzuki\tofficer"));
  CHECK(run_monjo({"--data", restored, "check"}).status == 0);

  // A restore never overwrites a catalog.
  auto again = run_monjo({"--data", restored, "restore", work / "backup"});
  CHECK(again.status == 1);
  CHECK_THAT(again.err, Catch::Contains("already holds a catalog"));
  // A backup into a non-empty directory is refused.
  CHECK(run_monjo({"--data", data.path(), "backup", restored}).status == 1);
}

TEST_CASE("a restore from a backup whose indexes are missing rebuilds them", "[backup]") {
  Imported f;
  TempDir work;
  REQUIRE(run_monjo({"--data", f.dir(), "backup", work / "b"}).status == 0);
  fs::remove_all(work / "b/index");
  auto r = run_monjo({"--data", work / "r", "restore", work / "b"});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.err, Catch::Contains("rebuilding"));
  CHECK(run_monjo({"--data", work / "r", "search", "--json", "議会"}).out ==
        run_monjo({"--data", f.dir(), "search", "--json", "議会"}).out);
}
