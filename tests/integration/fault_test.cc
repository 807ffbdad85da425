// Faults an operator meets, on real file systems: a full disk during an import or a
// reindex, a read-only data directory (a snapshot, a mounted backup), and a damaged
// index (a table truncated to half). Each ends with the cause and the path, exit 1,
// the catalog as it was and no partial index; read-only commands keep working; a
// damaged index is reported by the CLI and /healthz and repaired by `monjo reindex`.
// The small file systems are tmpfs mounts (tests/integration/mount_harness.h); the
// tests that need one warn and skip when mounting is not permitted.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "archive/catalog/catalog.h"
#include "tests/integration/harness.h"
#include "tests/integration/mount_harness.h"
#include "tests/integration/serve_harness.h"

using monjo::test::fixture;
using monjo::test::http_request;
using monjo::test::RunResult;
using monjo::test::run_monjo;
using monjo::test::ServeProcess;
using monjo::test::SmallFilesystem;
using monjo::test::TempDir;

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A sample collection written once per test run.
const std::string& sample(int volumes) {
  static TempDir dir;
  static std::map<int, std::string> made;
  auto it = made.find(volumes);
  if (it != made.end()) return it->second;
  const std::string path = dir / ("sample-" + std::to_string(volumes) + ".xml");
  auto r = run_monjo({"sample", "--volumes", std::to_string(volumes), "--seed", "1", "--out", path});
  REQUIRE(r.status == 0);
  return made[volumes] = path;
}

std::set<std::string> index_entries(const std::string& data) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(data + "/index", ec)) out.insert(e.path().filename().string());
  return out;
}

struct CatalogState {
  long records = 0;
  uint64_t generation = 0;
};

CatalogState catalog_state(const std::string& data) {
  monjo::archive::Catalog catalog(data + "/catalog.sqlite", monjo::archive::Catalog::Mode::ReadOnly);
  return {catalog.counts().total(), catalog.generation()};
}

void truncate_half(const std::string& file) {
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  REQUIRE(::truncate(file.c_str(), st.st_size / 2) == 0);
}

void require_no_space_message(const RunResult& r, const std::string& data) {
  INFO(r.err);
  CHECK(r.status == 1);
  CHECK_THAT(lower(r.err), Catch::Contains("no space left on device"));
  CHECK_THAT(r.err, Catch::Contains(data));
  CHECK_THAT(r.err, !Catch::Contains("terminate"));
}

#define REQUIRE_SMALL_FS(fs)    \
  if (!(fs).available()) {      \
    WARN("skipped: " << (fs).why()); \
    return;                     \
  }

}  // namespace

TEST_CASE("a first import into a full file system changes nothing and says why", "[faults][enospc]") {
  const std::string& file = sample(17);
  for (const char* size : {"400k", "1200k", "1800k"}) {
    DYNAMIC_SECTION("tmpfs of " << size) {
      SmallFilesystem small(size);
      REQUIRE_SMALL_FS(small);
      const std::string data = small / "data";
      auto r = run_monjo({"--data", data, "import", file});
      require_no_space_message(r, data);
      // The catalog holds nothing, no index directory is left behind.
      CHECK(catalog_state(data).records == 0);
      CHECK(catalog_state(data).generation == 0);
      for (const auto& name : index_entries(data)) CHECK(name == ".lock");
      // With room, the same import goes through.
      REQUIRE(small.resize("64m"));
      auto again = run_monjo({"--data", data, "import", file});
      INFO(again.err);
      CHECK(again.status == 0);
      CHECK(catalog_state(data).records > 400);
    }
  }
}

TEST_CASE("an import that fills the disk leaves the catalog and the indexes as they were", "[faults][enospc]") {
  SmallFilesystem small("4m");
  REQUIRE_SMALL_FS(small);
  const std::string data = small / "data";
  REQUIRE(run_monjo({"--data", data, "import", fixture("catalog/small.xml")}).status == 0);
  const std::string before = monjo::test::exported(data);
  const CatalogState state = catalog_state(data);
  const auto entries = index_entries(data);
  const auto found = run_monjo({"--data", data, "search", "--json", "議会"});
  REQUIRE(found.status == 0);

  auto r = run_monjo({"--data", data, "import", sample(170)});
  require_no_space_message(r, data);
  CHECK(monjo::test::exported(data) == before);
  CHECK(catalog_state(data).generation == state.generation);
  CHECK(catalog_state(data).records == state.records);
  CHECK(index_entries(data) == entries);
  auto after = run_monjo({"--data", data, "search", "--json", "議会"});
  INFO(after.err);
  CHECK(after.status == 0);
  CHECK(after.out == found.out);
  CHECK_THAT(after.err, !Catch::Contains("rebuilding"));

  REQUIRE(small.resize("96m"));
  auto again = run_monjo({"--data", data, "import", sample(170)});
  INFO(again.err);
  CHECK(again.status == 0);
  CHECK(catalog_state(data).generation == state.generation + 1);
}

TEST_CASE("a reindex on a full disk keeps the old indexes and removes its partial build", "[faults][enospc]") {
  SmallFilesystem small("16m");
  REQUIRE_SMALL_FS(small);
  const std::string data = small / "data";
  REQUIRE(run_monjo({"--data", data, "import", sample(17)}).status == 0);
  const auto entries = index_entries(data);
  const auto found = run_monjo({"--data", data, "search", "--json", "議会"});
  REQUIRE(found.status == 0);
  CHECK(small.fill("filler") > 0);

  auto r = run_monjo({"--data", data, "reindex"});
  require_no_space_message(r, data);
  CHECK(index_entries(data) == entries);
  auto after = run_monjo({"--data", data, "search", "--json", "議会"});
  CHECK(after.status == 0);
  CHECK(after.out == found.out);

  fs::remove(small / "filler");
  auto again = run_monjo({"--data", data, "reindex"});
  INFO(again.err);
  CHECK(again.status == 0);
}

TEST_CASE("search, export, audit verify and user list work on a read-only data directory", "[faults][readonly]") {
  SmallFilesystem small("32m");
  REQUIRE_SMALL_FS(small);
  const std::string data = small / "data";
  REQUIRE(run_monjo({"--data", data, "import", fixture("catalog/small.xml")}).status == 0);
  REQUIRE(run_monjo({"--data", data, "user", "add", "yamada", "--role", "archivist"}, "a long enough password\n")
              .status == 0);
  const std::string exported = monjo::test::exported(data);
  const auto found = run_monjo({"--data", data, "search", "--json", "議会"});
  const auto verified = run_monjo({"--data", data, "audit", "verify"});
  REQUIRE(verified.status == 0);
  REQUIRE(small.remount_read_only(true));
  // Root writes through file modes, not through a read-only mount: this is read-only.
  CHECK(::access(data.c_str(), W_OK) != 0);

  auto search = run_monjo({"--data", data, "search", "--json", "議会"});
  INFO(search.err);
  CHECK(search.status == 0);
  CHECK(search.out == found.out);
  CHECK(monjo::test::exported(data) == exported);
  auto verify = run_monjo({"--data", data, "audit", "verify"});
  INFO(verify.err);
  CHECK(verify.status == 0);
  CHECK(verify.out == verified.out);
  auto users = run_monjo({"--data", data, "user", "list"});
  INFO(users.err);
  CHECK(users.status == 0);
  CHECK_THAT(users.out, Catch::Contains("yamada\tarchivist\tactive"));
  auto list = run_monjo({"--data", data, "audit", "list"});
  CHECK(list.status == 0);
  CHECK_THAT(list.out, Catch::Contains("user.create"));

  // Writers say what stops them.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"import", fixture("catalog/small.xml")},
                                               std::vector<std::string>{"reindex"}}) {
    std::vector<std::string> full = {"--data", data};
    full.insert(full.end(), args.begin(), args.end());
    auto r = run_monjo(full);
    INFO(args[0] << ": " << r.err);
    CHECK(r.status == 1);
    CHECK_THAT(lower(r.err), Catch::Contains("read-only file system"));
    CHECK_THAT(r.err, Catch::Contains(data));
  }
}

TEST_CASE("a damaged index is named by the CLI and repaired by reindex", "[faults][damage]") {
  for (const char* table : {"postlist", "docdata"}) {
    DYNAMIC_SECTION(table << ".glass truncated to half") {
      TempDir data;
      REQUIRE(run_monjo({"--data", data.path(), "import", sample(170)}).status == 0);
      const auto good = run_monjo({"--data", data.path(), "search", "--json", "議会"});
      REQUIRE(good.status == 0);
      truncate_half(data / ("index/public/" + std::string(table) + ".glass"));

      auto bad = run_monjo({"--data", data.path(), "search", "--json", "議会"});
      INFO(bad.err);
      CHECK(bad.status == 1);
      CHECK_THAT(bad.err, Catch::Contains("public search index is damaged"));
      CHECK_THAT(bad.err, Catch::Contains(std::string(table) + ".glass"));
      CHECK_THAT(bad.err, !Catch::Contains("DatabaseError"));

      auto check = run_monjo({"--data", data.path(), "check"});
      INFO(check.out);
      CHECK(check.status == 1);
      CHECK_THAT(check.out, Catch::Contains("damaged"));

      REQUIRE(run_monjo({"--data", data.path(), "reindex"}).status == 0);
      auto repaired = run_monjo({"--data", data.path(), "search", "--json", "議会"});
      CHECK(repaired.status == 0);
      CHECK(repaired.out == good.out);
    }
  }
}

TEST_CASE("the portal reports a damaged index on /healthz with 503 and recovers after reindex",
          "[faults][damage][http]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", sample(170)}).status == 0);
  ServeProcess server(data.path());
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
  truncate_half(data / "index/public/postlist.glass");

  auto health = http_request(server.port(), "GET", "/healthz");
  CHECK(health.status == 503);
  CHECK_THAT(health.body, Catch::Contains("index damaged"));
  CHECK_THAT(health.body, Catch::Contains("postlist.glass"));
  for (const char* target : {"/", "/search?q=%E8%AD%B0%E4%BC%9A", "/api/search?q=%E8%AD%B0%E4%BC%9A"}) {
    INFO(target);
    CHECK(http_request(server.port(), "GET", target).status == 503);
  }
  CHECK_THAT(server.log(), Catch::Contains("postlist.glass"));

  REQUIRE(run_monjo({"--data", data.path(), "reindex"}).status == 0);
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
  CHECK(http_request(server.port(), "GET", "/search?q=%E8%AD%B0%E4%BC%9A").status == 200);
}
