// Totals and facet counts past archive::kExactCountUpTo (archive/search/search_request.h):
// exact below it, an estimate with Xapian's bounds above it, exact again on request,
// and the hits of a page the same either way (docs/search.md, "Counting").
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "archive/catalog/catalog.h"
#include "archive/search/index_schema.h"
#include "archive/search/search.h"
#include "archive/search/search_cache.h"
#include "indexer/index_writer.h"
#include "tests/unit/test_support.h"

namespace fs = std::filesystem;
using namespace monjo::archive;
using monjo::test::TempDir;

namespace {

constexpr int kVolumes = 60;
constexpr int kItemsPerVolume = 200;  // 12,000 items: past kExactCountUpTo
constexpr long kItems = static_cast<long>(kVolumes) * kItemsPerVolume;
static_assert(kItems > kExactCountUpTo, "the fixture must pass the threshold");

// One fonds, one series, kVolumes volumes of kItemsPerVolume items. Every item is a
// 予算 item; every fourth is also a 通知 (3,000: under the threshold); departments
// and dates vary so that the facets have several values.
struct Fixture {
  TempDir dir;
  std::string data;
  Catalog catalog;
  Fixture() : data(dir.path.string()), catalog((dir.path / "catalog.sqlite").string()) {
    sql::Transaction tx(catalog.db());
    int position = 0;
    auto add = [&](Level level, const std::string& id, const std::string& parent, const std::string& title,
                   const std::string& date, const std::string& department) {
      Record r;
      r.level = level;
      r.id = id;
      r.parent_id = parent;
      r.title = title;
      r.date_text = date;
      if (!date.empty()) r.date = parse_date(date);
      r.department = department;
      r.position = position++;
      catalog.insert(r);
    };
    static const char* const kDepartments[] = {"庶務課", "財政課", "兵事係"};
    add(Level::Fonds, "town", "", "町役場文書", "", "");
    add(Level::Series, "zaimu", "town", "財務", "", "");
    for (int v = 0; v < kVolumes; ++v) {
      const std::string vid = "V" + std::to_string(v);
      add(Level::Volume, vid, "zaimu", "綴 " + std::to_string(v), "", kDepartments[v % 3]);
      for (int i = 0; i < kItemsPerVolume; ++i) {
        const int n = v * kItemsPerVolume + i;
        std::string title = "予算の件 第" + std::to_string(n) + "号";
        if (n % 4 == 0) title += " 通知";
        add(Level::Item, vid + "-" + std::to_string(i), vid, title, std::to_string(1930 + n % 40) + "年",
            kDepartments[n % 3]);
      }
    }
    catalog.bump_generation();
    tx.commit();
    monjo::indexer::rebuild_indexes(catalog, data);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

SearchRequest query(const std::string& text, bool exact = false) {
  SearchRequest req;
  req.query = text;
  req.exact = exact;
  req.snippets = false;
  return req;
}

std::vector<std::string> page_ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

long sum(const std::vector<FacetValue>& values) {
  long n = 0;
  for (const auto& v : values) n += v.count;
  return n;
}

}  // namespace

TEST_CASE("a total past the threshold is an estimate within Xapian's bounds, exact on request", "[search][count]") {
  Searcher searcher(fixture().data, IndexSide::Public);
  // 予算 件: an AND of two terms, so the total is counted, not a term frequency.
  const auto estimated = searcher.search(query("予算 件"));
  CHECK_FALSE(estimated.total_exact);
  CHECK_FALSE(estimated.facets_exact);
  CHECK(estimated.total_lower >= kExactCountUpTo);
  CHECK(estimated.total_lower <= kItems);
  CHECK(estimated.total_upper >= kItems);
  CHECK(estimated.total_lower <= estimated.total);
  CHECK(estimated.total <= estimated.total_upper);

  const auto exact = searcher.search(query("予算 件", true));
  CHECK(exact.total_exact);
  CHECK(exact.facets_exact);
  CHECK(exact.total == kItems);
  CHECK(exact.total_lower == kItems);
  CHECK(exact.total_upper == kItems);
  CHECK(sum(exact.facets.at("level")) == kItems);
  CHECK(sum(exact.facets.at("department")) == kItems);

  // Scaled facet counts: the same values, counts in proportion to the estimated total.
  REQUIRE(estimated.facets.at("level").size() == 1);
  CHECK(estimated.facets.at("level").front().count == estimated.total);
  long departments = sum(estimated.facets.at("department"));
  CHECK(std::abs(departments - estimated.total) <= 3);  // rounding of three values
  CHECK(estimated.facets.at("department").size() == 3);
}

TEST_CASE("the hits of the first pages are the same whether the total is estimated or exact", "[search][count]") {
  Searcher searcher(fixture().data, IndexSide::Public);
  for (const auto sort : {SortOrder::Relevance, SortOrder::DateAscending, SortOrder::DateDescending}) {
    for (int page : {1, 2, 5}) {
      INFO("sort " << static_cast<int>(sort) << " page " << page);
      auto a = query("予算 件");
      a.sort = sort;
      a.page = page;
      auto b = a;
      b.exact = true;
      const auto estimated = searcher.search(a);
      const auto exact = searcher.search(b);
      // In date order Xapian cannot skip by weight, so it may count every match anyway.
      if (sort == SortOrder::Relevance) CHECK_FALSE(estimated.total_exact);
      CHECK(exact.total_exact);
      CHECK(page_ids(estimated) == page_ids(exact));
      CHECK(page_ids(estimated).size() == 20);
    }
  }
}

TEST_CASE("totals and facets up to the threshold stay exact without asking", "[search][count]") {
  Searcher searcher(fixture().data, IndexSide::Public);
  const auto r = searcher.search(query("予算 通知"));
  CHECK(r.total_exact);
  CHECK(r.facets_exact);
  CHECK(r.total == kItems / 4);
  CHECK(r.total_lower == r.total);
  CHECK(r.total_upper == r.total);
  CHECK(sum(r.facets.at("department")) == kItems / 4);
  // The unfiltered browse (the home page) is the document count, with exact facets.
  const auto all = searcher.search(query(""));
  CHECK(all.total_exact);
  CHECK(all.facets_exact);
  CHECK(all.total == kItems + kVolumes + 2);
  CHECK(sum(all.facets.at("level")) == all.total);
  // A single term: its frequency is the exact total; past the threshold its facet
  // counts are scaled from the matches checked, and said to be.
  auto single = query("件");
  const auto one = searcher.search(single);
  CHECK(one.total_exact);
  CHECK(one.total == kItems);
  CHECK_FALSE(one.facets_exact);
  single.exact = true;
  const auto counted = searcher.search(single);
  CHECK(counted.facets_exact);
  CHECK(sum(counted.facets.at("department")) == kItems);
}

TEST_CASE("an estimated and an exact answer are kept apart by the result cache", "[search][count][cache]") {
  SearchRequest a = query("予算 件");
  SearchRequest b = query("予算 件", true);
  CHECK(SearchResultCache::request_key(a) != SearchResultCache::request_key(b));
  Searcher searcher(fixture().data, IndexSide::Public);
  searcher.set_result_cache(std::make_shared<SearchResultCache>(8 << 20));
  CHECK_FALSE(searcher.search(a).total_exact);
  CHECK(searcher.search(b).total_exact);
  CHECK_FALSE(searcher.search(a).total_exact);
}

TEST_CASE("a suggestion's count past the threshold is marked an estimate", "[search][count][suggestions]") {
  Searcher searcher(fixture().data, IndexSide::Public);
  // 鯨 is nowhere: dropping it leaves 予算 件, which finds every item (past the threshold);
  // 通知 鯨 leaves 通知, a quarter of them (under it).
  SearchRequest many = query("予算 件 鯨");
  const auto r = searcher.search(many);
  REQUIRE(r.total == 0);
  bool seen = false;
  for (const auto& s : r.suggestions) {
    if (s.kind != Suggestion::Kind::DropWord || s.dropped != "鯨") continue;
    seen = true;
    CHECK_FALSE(s.count_exact);
    CHECK(s.count >= kExactCountUpTo);
  }
  CHECK(seen);
  const auto few = searcher.search(query("通知 鯨"));
  REQUIRE(few.total == 0);
  seen = false;
  for (const auto& s : few.suggestions) {
    if (s.kind != Suggestion::Kind::DropWord) continue;
    seen = true;
    CHECK(s.count_exact);
    CHECK(s.count == kItems / 4);
  }
  CHECK(seen);
}
