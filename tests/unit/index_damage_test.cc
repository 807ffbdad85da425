// A damaged index on the reader side (archive/search/search.h): a Searcher that serves a
// good revision keeps it when the next one cannot be read, health() says what is
// wrong, and a rebuild brings it back. The writer side verifies before it swaps.
#include <catch2/catch.hpp>

#include <filesystem>

#include "archive/catalog/catalog.h"
#include "archive/search/search.h"
#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "tests/unit/test_support.h"

using namespace monjo;
namespace fs = std::filesystem;

namespace {

void truncate_half(const fs::path& file) {
  fs::resize_file(file, fs::file_size(file) / 2);
}

}  // namespace

TEST_CASE("a Searcher keeps the last good revision when the new one is damaged", "[search][damage]") {
  test::TempDir dir("monjo-damage");
  const std::string data = dir.path.string();
  archive::Catalog catalog(data + "/catalog.sqlite");
  indexer::import_files(catalog, {MONJO_FIXTURES "/catalog/small.xml"}, {});
  indexer::rebuild_indexes(catalog, data);
  archive::Searcher searcher(data, archive::IndexSide::Public);
  archive::SearchRequest req;
  req.query = "議会";
  const auto good = searcher.search(req);
  REQUIRE(good.total > 0);
  const uint64_t first = searcher.generation();
  CHECK(searcher.health().ok);

  // A new build at the next generation, damaged before the Searcher looks at it.
  {
    archive::sql::Transaction tx(catalog.db());
    catalog.bump_generation();
    tx.commit();
  }
  indexer::rebuild_indexes(catalog, data);
  truncate_half(fs::canonical(data + "/index/public") / "postlist.glass");

  const auto kept = searcher.search(req);
  CHECK(kept.total == good.total);
  CHECK(searcher.generation() == first);
  auto health = searcher.health();
  CHECK_FALSE(health.ok);
  CHECK(health.serving);
  CHECK(health.generation == first);
  CHECK_THAT(health.problem, Catch::Contains("postlist.glass"));

  // A fresh Searcher has nothing good to keep: it says the index is damaged.
  CHECK_THROWS_AS(archive::Searcher(data, archive::IndexSide::Public).search(req), archive::IndexDamaged);

  indexer::rebuild_indexes(catalog, data);
  const auto repaired = searcher.search(req);
  CHECK(repaired.total == good.total);
  CHECK(searcher.generation() == first + 1);
  CHECK(searcher.health().ok);
}

TEST_CASE("damage to the revision being served is reported, not hidden", "[search][damage]") {
  test::TempDir dir("monjo-damage");
  const std::string data = dir.path.string();
  archive::Catalog catalog(data + "/catalog.sqlite");
  indexer::import_files(catalog, {MONJO_FIXTURES "/catalog/small.xml"}, {});
  indexer::rebuild_indexes(catalog, data);
  archive::Searcher searcher(data, archive::IndexSide::Public);
  truncate_half(fs::canonical(data + "/index/public") / "docdata.glass");
  CHECK(archive::index_damage(fs::canonical(data + "/index/public").string()).find("docdata.glass") !=
        std::string::npos);
  const auto health = searcher.health();
  CHECK_FALSE(health.ok);
  CHECK_FALSE(health.serving);
  CHECK_THAT(health.problem, Catch::Contains("docdata.glass"));
}
