// The parts of search that exist for speed (docs/performance.md) must not change
// what a search answers: the shared result cache (archive/search/search_cache.h), facet
// counting from per-revision columns, the one-stat change check, and a quoted pair
// of CJK characters answered by its bigram. Each is checked against the slow path
// or an independent count.
#include <unistd.h>

#include <xapian.h>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <thread>

#include "archive/catalog/catalog.h"
#include "archive/search/facet_labels.h"
#include "archive/search/index_schema.h"
#include "archive/search/search.h"
#include "archive/search/search_cache.h"
#include "indexer/index_writer.h"
#include "tests/unit/test_support.h"

namespace fs = std::filesystem;
using namespace monjo::archive;
using monjo::indexer::rebuild_indexes;
using monjo::indexer::update_indexes;
using monjo::test::TempDir;

namespace {

Record rec(Level level, const std::string& id, const std::string& parent, const std::string& title,
           const std::string& date, const std::string& department = "") {
  Record r;
  r.level = level;
  r.id = id;
  r.parent_id = parent;
  r.title = title;
  r.date_text = date;
  if (!date.empty()) r.date = parse_date(date);
  r.department = department;
  return r;
}

// Two fonds, departments and decades spread so that facet counts tie and differ.
std::vector<Record> records() {
  std::vector<Record> rs = {
      rec(Level::Fonds, "town", "", "町役場文書", "昭和16年～昭和29年"),
      rec(Level::Series, "gikai", "town", "議会", "", "議会事務局"),
      rec(Level::Volume, "V1", "gikai", "町議会会議録綴", "昭和29年度", "庶務課"),
      rec(Level::Item, "I1", "V1", "予算の通知", "昭和29年6月10日", "庶務課"),
      rec(Level::Item, "I2", "V1", "決算の通知", "昭和30年", "財政課"),
      rec(Level::Item, "I3", "V1", "算予の逆順の件", "昭和41年", "財政課"),
      rec(Level::Item, "I4", "V1", "予 算 離れた件", "昭和52年", "兵事係"),
      rec(Level::Fonds, "village", "", "村役場文書", "大正元年"),
      rec(Level::Volume, "V2", "village", "村会会議録", "大正2年", "庶務課"),
      rec(Level::Item, "J1", "V2", "予算の件", "大正3年", "兵事係"),
      rec(Level::Item, "J2", "V2", "通知の件", "", "兵事係"),
  };
  rs[8].call_number = "村-1";
  rs[3].description = "昭和29年度の予算について";
  rs[9].description = "村の予算";
  for (size_t i = 0; i < rs.size(); ++i) rs[i].position = static_cast<int>(i);
  return rs;
}

struct Fixture {
  TempDir dir;
  std::string data;
  Catalog catalog;
  Fixture() : data(dir.path.string()), catalog((dir.path / "catalog.sqlite").string()) {
    insert(records());
    rebuild_indexes(catalog, data);
  }
  void insert(const std::vector<Record>& rs) {
    sql::Transaction tx(catalog.db());
    for (const auto& r : rs) catalog.insert(r);
    catalog.bump_generation();
    tx.commit();
  }
};

SearchRequest query(const std::string& text) {
  SearchRequest req;
  req.query = text;
  req.page_size = kMaxPageSize;
  return req;
}

std::vector<std::string> ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  std::sort(out.begin(), out.end());
  return out;
}

// The facets of a result counted independently: every hit's values read back
// from the index, ordered as ValueCountMatchSpy orders them (most frequent first,
// ties by value; decades by value).
std::map<std::string, std::vector<std::pair<std::string, long>>> recount(const std::string& data,
                                                                         const SearchResult& r) {
  Xapian::Database db((fs::path(data) / "index" / "public").string());
  std::map<std::string, std::vector<std::pair<std::string, long>>> out;
  for (const auto* def : index_schema::kFacets) {
    if (!index_schema::on_public_side(*def)) continue;  // not counted on the public index
    std::map<std::string, long> counts;
    for (const auto& h : r.hits) {
      const std::string term = index_schema::boolean_term(index_schema::kIdPrefix, h.id);
      const std::string value = db.get_document(*db.postlist_begin(term)).get_value(def->slot);
      if (!value.empty()) ++counts[value];
    }
    std::vector<std::pair<std::string, long>> values(counts.begin(), counts.end());
    if (def->order == index_schema::FacetOrder::ByCount) {
      std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    out[def->name] = values;
  }
  return out;
}

std::map<std::string, std::vector<std::pair<std::string, long>>> facets_of(const SearchResult& r) {
  std::map<std::string, std::vector<std::pair<std::string, long>>> out;
  for (const auto& [name, values] : r.facets) {
    auto& list = out[name];  // a facet no match has is there, empty
    for (const auto& v : values) list.emplace_back(v.value, v.count);
  }
  return out;
}

SearchResult result_with(const std::string& id) {
  SearchResult r;
  SearchHit h;
  h.id = id;
  h.title = std::string(200, 'x');
  r.hits.push_back(h);
  r.total = 1;
  return r;
}

}  // namespace

TEST_CASE("the result cache returns what it stored and drops the least recently used first", "[search][cache]") {
  const size_t one = SearchResultCache::estimate_bytes(result_with("a"));
  SearchResultCache cache(3 * (one + 400), 1);  // room for three entries, not four
  CHECK(cache.get("a") == nullptr);
  for (const char* key : {"a", "b", "c"}) cache.put(key, std::make_shared<SearchResult>(result_with(key)));
  REQUIRE(cache.get("a") != nullptr);  // "a" is now the most recently used
  CHECK(cache.get("a")->hits.at(0).id == "a");
  cache.put("d", std::make_shared<SearchResult>(result_with("d")));
  CHECK(cache.get("b") == nullptr);
  CHECK(cache.get("a") != nullptr);
  CHECK(cache.get("c") != nullptr);
  CHECK(cache.get("d") != nullptr);
  const auto stats = cache.stats();
  CHECK(stats.entries == 3);
  CHECK(stats.bytes <= cache.max_bytes());
  CHECK(stats.hits == 5);
  CHECK(stats.misses == 2);
}

TEST_CASE("a result cache of zero bytes, or a result larger than its budget, stores nothing", "[search][cache]") {
  SearchResultCache off(0);
  off.put("a", std::make_shared<SearchResult>(result_with("a")));
  CHECK(off.get("a") == nullptr);
  SearchResultCache small(64, 1);
  small.put("a", std::make_shared<SearchResult>(result_with("a")));
  CHECK(small.get("a") == nullptr);
  CHECK(small.stats().entries == 0);
}

TEST_CASE("the cache key holds every field that changes a result, not the order of filter values", "[search][cache]") {
  SearchRequest base;
  base.query = "議会";
  base.filters["level"] = {"item", "volume"};
  const std::string key = SearchResultCache::request_key(base);

  SearchRequest reordered = base;
  reordered.filters["level"] = {"volume", "item"};
  CHECK(SearchResultCache::request_key(reordered) == key);

  std::vector<std::pair<const char*, std::function<void(SearchRequest&)>>> changes = {
      {"query", [](SearchRequest& r) { r.query = "議会 "; }},
      {"from", [](SearchRequest& r) { r.from = parse_date_bound("1955"); }},
      {"to", [](SearchRequest& r) { r.to = parse_date_bound("1955"); }},
      {"levels", [](SearchRequest& r) { r.filters["level"] = {"item"}; }},
      {"sort", [](SearchRequest& r) { r.sort = SortOrder::DateAscending; }},
      {"page", [](SearchRequest& r) { r.page = 2; }},
      {"page size", [](SearchRequest& r) { r.page_size = 10; }},
      {"facets", [](SearchRequest& r) { r.facets = false; }},
      {"snippets", [](SearchRequest& r) { r.snippets = false; }},
      // A value may not run into the next field.
      {"filter boundary",
       [](SearchRequest& r) {
         r.filters["level"] = {"item"};
         r.filters["fonds"] = {"volume"};
       }},
  };
  // Every filter of the table, by its name: a new row is keyed with no change to the cache.
  for (const auto& def : index_schema::kFilters) {
    changes.emplace_back(def.name, [&def](SearchRequest& r) { r.filter(def.name, "x1950"); });
  }
  // An empty filter list filters nothing, so it is the same request.
  SearchRequest empty_filter = base;
  empty_filter.filters["decade"] = {};
  CHECK(SearchResultCache::request_key(empty_filter) == key);
  // Pages past the limits are answered as the last allowed page: one key.
  SearchRequest deep = base, deeper = base;
  deep.page = kMaxPage;
  deeper.page = kMaxPage + 100;
  CHECK(SearchResultCache::request_key(deep) == SearchResultCache::request_key(deeper));
  for (const auto& [name, change] : changes) {
    SearchRequest changed = base;
    change(changed);
    INFO(name);
    CHECK(SearchResultCache::request_key(changed) != key);
  }
}

TEST_CASE("a Searcher with a result cache answers as without one, and never from a replaced index", "[search][cache]") {
  Fixture f;
  auto cache = std::make_shared<SearchResultCache>(1 << 20);
  Searcher cached(f.data, IndexSide::Public);
  cached.set_result_cache(cache);
  Searcher plain(f.data, IndexSide::Public);

  for (const char* q : {"予算", "通知", "", "会議録"}) {
    INFO(q);
    const auto first = cached.search(query(q));
    const auto again = cached.search(query(q));
    const auto direct = plain.search(query(q));
    CHECK(ids(first) == ids(direct));
    CHECK(ids(again) == ids(direct));
    CHECK(again.total == direct.total);
    CHECK(facets_of(again) == facets_of(direct));
  }
  CHECK(cache->stats().hits == 4);

  // A second Searcher (another worker thread) shares the entries.
  Searcher other(f.data, IndexSide::Public);
  other.set_result_cache(cache);
  CHECK(other.search(query("予算")).total == plain.search(query("予算")).total);
  CHECK(cache->stats().hits == 5);

  // An import changes the index: the cached answer is not served any more.
  const long before = cached.search(query("予算")).total;
  Record added = rec(Level::Item, "J3", "V2", "追加予算の件", "大正4年", "庶務課");
  added.position = 20;
  f.insert({added});
  REQUIRE_FALSE(update_indexes(f.catalog, f.data, {"J3"}));
  const auto after = cached.search(query("予算"));
  CHECK(after.total == before + 1);
  CHECK(ids(after) == ids(plain.search(query("予算"))));
}

TEST_CASE("a search sees an index updated in place without an explicit refresh", "[search][generation]") {
  Fixture f;
  Searcher reader(f.data, IndexSide::Public);
  CHECK_FALSE(reader.refresh());  // nothing changed: one stat, no reopen
  CHECK(reader.search(query("追加")).total == 0);
  Record added = rec(Level::Item, "J3", "V2", "追加の件", "大正4年");
  added.position = 20;
  f.insert({added});
  REQUIRE_FALSE(update_indexes(f.catalog, f.data, {"J3"}));
  CHECK(ids(reader.search(query("追加"))) == std::vector<std::string>{"J3"});
  CHECK(reader.generation() == f.catalog.generation());
  CHECK_FALSE(reader.refresh());
}

TEST_CASE("facet counts from the columns equal an independent count of every match", "[search][facets]") {
  Fixture f;
  Searcher searcher(f.data, IndexSide::Public);
  std::vector<SearchRequest> requests = {query(""), query("予算"), query("通知"), query("件"), query("村")};
  SearchRequest filtered = query("");
  filtered.filters["department"] = {"兵事係", "財政課"};
  requests.push_back(filtered);
  SearchRequest dated = query("件");
  dated.from = parse_date_bound("昭和元年");
  requests.push_back(dated);
  for (const auto& req : requests) {
    INFO("query: " << req.query);
    const auto r = searcher.search(req);
    REQUIRE(static_cast<long>(r.hits.size()) == r.total);  // every match is on the page
    CHECK(facets_of(r) == recount(f.data, r));
  }
  // A second search on the same revision reuses the columns and agrees.
  const auto r = searcher.search(query("予算"));
  CHECK(facets_of(r) == recount(f.data, r));
  // Labels come with the counts: record titles from the index, words from the catalogs.
  const auto all = searcher.search(query(""));
  const auto& ja = Messages::get(Lang::Ja);
  std::map<std::string, std::string> fonds;
  for (const auto& v : all.facets.at("fonds")) {
    fonds[v.value] = facet_value_label(*index_schema::find_filter("fonds"), v, ja);
  }
  CHECK(fonds == std::map<std::string, std::string>{{"town", "町役場文書"}, {"village", "村役場文書"}});
  CHECK(facet_value_label(*index_schema::find_filter("level"), all.facets.at("level").front(), ja) == "件名");
}

TEST_CASE("a quoted pair of CJK characters matches them adjacent and in order", "[search]") {
  Fixture f;
  Searcher searcher(f.data, IndexSide::Public);
  CHECK(ids(searcher.search(query("\"予算\""))) == std::vector<std::string>{"I1", "J1"});
  CHECK(ids(searcher.search(query("\"算予\""))) == std::vector<std::string>{"I3"});
  CHECK(ids(searcher.search(query("\"予算\" OR \"決算\""))) == std::vector<std::string>{"I1", "I2", "J1"});
  CHECK(ids(searcher.search(query("title:\"予算\""))) == std::vector<std::string>{"I1", "J1"});
  CHECK(ids(searcher.search(query("通知 -\"予算\""))) == std::vector<std::string>{"I2", "J2"});
  // Unquoted, the characters need only occur: the separated 予 算 matches too.
  CHECK(ids(searcher.search(query("予 算"))) == std::vector<std::string>{"I1", "I3", "I4", "J1"});
  // Longer quoted runs stay phrases.
  CHECK(ids(searcher.search(query("\"予算の通知\""))) == std::vector<std::string>{"I1"});
  // Snippets still mark the pair.
  SearchRequest req = query("\"予算\"");
  const auto r = searcher.search(req);
  for (const auto& h : r.hits) CHECK(h.snippet_html.find("<mark>予算</mark>") != std::string::npos);
}

TEST_CASE("Searchers on many threads at once browse and search without sharing Xapian state", "[search][threads]") {
  // One Searcher per thread, as in monjo serve. Browsing once copied the static
  // Xapian::Query::MatchAll, whose reference count is not atomic: under load the
  // server crashed. With a shared result cache too.
  Fixture f;
  auto cache = std::make_shared<SearchResultCache>(1 << 20);
  const long expected_all = Searcher(f.data, IndexSide::Public).search(query("")).total;
  const long expected_word = Searcher(f.data, IndexSide::Public).search(query("通知")).total;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Searcher searcher(f.data, IndexSide::Public);
      if (t % 2 == 0) searcher.set_result_cache(cache);
      for (int i = 0; i < 1500; ++i) {
        SearchRequest browse = query("");
        browse.facets = i % 3 == 0;
        browse.page = 1 + i % 2;
        if (searcher.search(browse).total != expected_all) ++wrong;
        if (searcher.search(query("NOT 予算")).total != expected_all - 2) ++wrong;
        if (i % 10 == 0 && searcher.search(query("通知")).total != expected_word) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == 0);
}
