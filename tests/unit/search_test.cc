// Search over the two indexes, end to end inside the process: a small catalog is
// built here, indexed with the real writer, and searched with the real reader.
// The withheld-word suite holds the first invariant of docs/architecture.md for search.
#include <unistd.h>

#include <xapian.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <numeric>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/requests/review.h"
#include "archive/search/facet_labels.h"
#include "archive/search/index_schema.h"
#include "archive/search/search.h"
#include "indexer/index_writer.h"
#include "tests/unit/test_support.h"

namespace fs = std::filesystem;
using namespace monjo::archive;
using monjo::indexer::index_generation;
using monjo::indexer::indexes_current;
using monjo::indexer::rebuild_indexes;
using monjo::indexer::update_indexes;
using monjo::test::TempDir;

namespace {

Record rec(Level level, const std::string& id, const std::string& parent, const std::string& title,
           const std::string& date = "") {
  Record r;
  r.level = level;
  r.id = id;
  r.parent_id = parent;
  r.title = title;
  r.date_text = date;
  if (!date.empty()) r.date = parse_date(date);
  return r;
}

Access access(AccessStatus status, const std::string& until = "", const std::string& reason = "") {
  Access a;
  a.status = status;
  if (status != AccessStatus::Open) a.grounds = {"personal"};
  a.until = until;
  a.reason = reason;
  return a;
}

// The catalog every test searches. Marker words that must never be public are
// chosen so that they occur nowhere else.
std::vector<Record> sample_records() {
  std::vector<Record> rs;
  auto add = [&](Record r) {
    r.position = static_cast<int>(rs.size());
    rs.push_back(std::move(r));
  };
  Record fonds = rec(Level::Fonds, "town", "", "相模原町役場文書", "昭和16年～昭和29年");
  fonds.creator = "相模原町";
  add(fonds);
  Record gikai = rec(Level::Series, "gikai", "town", "議会");
  gikai.department = "議会事務局";
  add(gikai);
  Record vol = rec(Level::Volume, "V1", "gikai", "町議會會議録綴", "昭和29年度");
  vol.call_number = "歴1-0001";
  vol.department = "庶務課";
  vol.location = "第九書庫 3-2-5";
  vol.condition = "虫損あり";
  vol.note = "職員用覚書鴛鴦";
  add(vol);
  Record masked = rec(Level::Item, "I1", "V1", "恩給裁定通知", "昭和29年6月10日");
  masked.public_title = "恩給関係書類";
  masked.description = "蜃気楼のような恩給の記録";
  masked.names = {{"person", "山田太郎"}};
  masked.access = access(AccessStatus::Restricted, "2035-03-31", "本人の年金額を含む");
  add(masked);
  Record open = rec(Level::Item, "I2", "V1", "國民健康保險に關する件", "昭和30年");
  open.seq = 2;
  open.description = "大日本帝國の議會で審議された。abc 東京 def の記録。ABC計画を含む。";
  open.names = {{"org", "霞ヶ関出張所"}};
  add(open);
  Record closed = rec(Level::Item, "I3", "V1", "非公開の件", "昭和30年");
  closed.description = "饕餮文様の調査";
  closed.access = access(AccessStatus::Closed);
  add(closed);
  Record review = rec(Level::Item, "I4", "V1", "要審査の件", "昭和30年");
  review.description = "麒麟草の記録";
  review.access = access(AccessStatus::Review);
  add(review);

  Record kana = rec(Level::Series, "kana", "town", "カタカナ資料");
  kana.department = "総務課";
  add(kana);
  Record kvol = rec(Level::Volume, "V2", "kana", "ヨコハマ関係綴", "昭和30年度");
  kvol.call_number = "歴1-0002";
  kvol.department = "総務課";
  add(kvol);
  Record era1 = rec(Level::Item, "E1", "V2", "改元前の通知", "昭和64年1月5日");
  add(era1);
  Record era2 = rec(Level::Item, "E2", "V2", "改元後の通知", "平成元年");
  add(era2);
  Record nodate = rec(Level::Item, "N1", "V2", "日付のない通知");
  add(nodate);
  Record lapsing = rec(Level::Item, "L1", "V2", "期限付きの件", "昭和30年");
  lapsing.description = "蒼穹の記録";
  lapsing.access = access(AccessStatus::Restricted, "2020-03-31", "期限まで");
  add(lapsing);
  Record markup = rec(Level::Item, "H1", "V2", "記号の件");
  for (int i = 0; i < 30; ++i) markup.description += "長い説明文。";
  markup.description += "<b>危険</b> & \"引用\" の記録";
  add(markup);
  Record phrase = rec(Level::Item, "P1", "V2", "english words", "1960年");
  phrase.description = "quick brown fox";
  add(phrase);
  return rs;
}

struct Fixture {
  TempDir dir;
  std::string data;
  Catalog catalog;
  Fixture() : data(dir.path.string()), catalog((dir.path / "catalog.sqlite").string()) {
    insert_all(sample_records());
    catalog.bump_generation();
    rebuild_indexes(catalog, data);
  }
  void insert_all(const std::vector<Record>& records) {
    sql::Transaction tx(catalog.db());
    for (const auto& r : records) catalog.insert(r);
    tx.commit();
  }
  SearchResult search(IndexSide side, const std::string& q) {
    SearchRequest req;
    req.query = q;
    return Searcher(data, side).search(req);
  }
  SearchResult search(IndexSide side, SearchRequest req) { return Searcher(data, side).search(req); }
};

std::vector<std::string> ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  std::sort(out.begin(), out.end());
  return out;
}

SearchRequest query(const std::string& text) {
  SearchRequest req;
  req.query = text;
  return req;
}

bool has(const SearchResult& r, const std::string& id) {
  for (const auto& h : r.hits) {
    if (h.id == id) return true;
  }
  return false;
}

long facet_sum(const SearchResult& r) {
  long n = 0;
  for (const auto& [name, values] : r.facets) {
    for (const auto& v : values) n += v.count;
  }
  return n;
}

const SearchHit* hit(const SearchResult& r, const std::string& id) {
  for (const auto& h : r.hits) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("an item is found and shown by its citable number on both sides", "[search][citation]") {
  Fixture f;
  for (auto side : {IndexSide::Public, IndexSide::Staff}) {
    const auto r = f.search(side, "歴1-0001-002");
    REQUIRE(has(r, "I2"));
    CHECK(hit(r, "I2")->call_number == "歴1-0001-002");
  }
  // A withheld item's number is shown and found too (it says nothing of what is
  // withheld), derived from its place in the volume: I3 has no seq.
  const auto v = f.search(IndexSide::Public, "歴1-0001-006");
  CHECK(ids(v) == std::vector<std::string>{"I3"});
  REQUIRE(has(v, "I3"));
  CHECK(hit(v, "I3")->call_number == "歴1-0001-006");
  // Filters still apply to what the number finds.
  SearchRequest volumes = query("歴1-0001-006");
  volumes.filter("level", "volume");
  CHECK(f.search(IndexSide::Public, volumes).hits.empty());
}

TEST_CASE("variant spellings find each other: 旧字体, kana, width, ヶ", "[search]") {
  Fixture f;
  struct Row {
    const char* query;
    const char* expect;
  };
  const Row rows[] = {
      {"帝国", "I2"},                            // 國 in the text
      {"帝國", "I2"},     {"会議録", "V1"},      // 會議 in the title
      {"會議録", "V1"},   {"かたかな", "kana"},  // カタカナ in the title
      {"よこはま", "V2"}, {"ａｂｃ", "I2"},      // full-width query, ASCII text
      {"ABC計画", "I2"},  {"霞ケ関", "I2"},      // ヶ in the name
      {"健康保険", "I2"},                        // 險 in the title
      {"議会", "gikai"},                         // a two-character word
      {"町", "town"},                            // a single character
  };
  for (const auto& row : rows) {
    INFO(row.query);
    auto r = f.search(IndexSide::Public, row.query);
    CHECK(has(r, row.expect));
  }
}

TEST_CASE("a Latin word, a CJK run and a Latin word parse (Xapian 1.4.22 bug)", "[search]") {
  Fixture f;
  auto r = f.search(IndexSide::Public, "abc 東京 def");
  CHECK(ids(r) == std::vector<std::string>{"I2"});
  CHECK(ids(f.search(IndexSide::Public, "abc 東京 def 帝国")) == std::vector<std::string>{"I2"});
}

TEST_CASE("query operators: AND by default, OR, NOT, phrases", "[search]") {
  Fixture f;
  CHECK(ids(f.search(IndexSide::Public, "改元前 通知")) == std::vector<std::string>{"E1"});
  CHECK(ids(f.search(IndexSide::Public, "改元前 OR 改元後")) == std::vector<std::string>{"E1", "E2"});
  CHECK(ids(f.search(IndexSide::Public, "改元 NOT 改元前")) == std::vector<std::string>{"E2"});
  CHECK(ids(f.search(IndexSide::Public, "改元 -改元後")) == std::vector<std::string>{"E1"});
  CHECK(ids(f.search(IndexSide::Public, "\"brown fox\"")) == std::vector<std::string>{"P1"});
  CHECK(f.search(IndexSide::Public, "\"fox brown\"").total == 0);
  CHECK(ids(f.search(IndexSide::Public, "\"改元前\"")) == std::vector<std::string>{"E1"});
}

TEST_CASE("field prefixes restrict a word to one field", "[search]") {
  Fixture f;
  // 議会 is in gikai's title, V1's title (議會) and I2's description (議會).
  auto all = f.search(IndexSide::Public, "議会");
  CHECK(has(all, "I2"));
  CHECK(ids(f.search(IndexSide::Public, "title:議会")) == std::vector<std::string>{"V1", "gikai"});
  CHECK(ids(f.search(IndexSide::Public, "dept:庶務課")) == std::vector<std::string>{"V1"});
  // A volume's call number begins its items' derived numbers, but those are one exact
  // term each, not words: the volume's number finds the volume alone.
  CHECK(ids(f.search(IndexSide::Public, "call:歴1-0002")) == std::vector<std::string>{"V2"});
  // An item's whole number finds it (and only it).
  CHECK(ids(f.search(IndexSide::Public, "call:歴1-0002-010")) == std::vector<std::string>{"E1"});
  // Without the field, and typed in full width, the same.
  CHECK(ids(f.search(IndexSide::Staff, "歴１－０００２")) == std::vector<std::string>{"V2"});
  CHECK(ids(f.search(IndexSide::Staff, "歴１－０００２－０１０")) == std::vector<std::string>{"E1"});
  CHECK(ids(f.search(IndexSide::Public, "id:I2")) == std::vector<std::string>{"I2"});
  CHECK(ids(f.search(IndexSide::Public, "name:霞ケ関")) == std::vector<std::string>{"I2"});
  CHECK(ids(f.search(IndexSide::Staff, "name:山田")) == std::vector<std::string>{"I1"});
  CHECK(ids(f.search(IndexSide::Public, "level:series")) == std::vector<std::string>{"gikai", "kana"});
}

TEST_CASE("a query the parser cannot read is an InputError without internals", "[search]") {
  Fixture f;
  try {
    f.search(IndexSide::Public, "記録 AND");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "could not understand the query");
  }
}

TEST_CASE("a date in the query filters by overlap, at 年度 and era boundaries", "[search][dates]") {
  Fixture f;
  // V2 is 昭和30年度: April 1955 to March 1956.
  auto march = f.search(IndexSide::Public, "ヨコハマ 昭和31年3月");
  REQUIRE(march.query_date);
  CHECK(march.query_date->expression == "昭和31年3月");
  CHECK(ids(march) == std::vector<std::string>{"V2"});
  CHECK(f.search(IndexSide::Public, "ヨコハマ 昭和31年4月").total == 0);
  CHECK(ids(f.search(IndexSide::Public, "通知 昭和64年")) == std::vector<std::string>{"E1"});
  CHECK(ids(f.search(IndexSide::Public, "通知 平成元年")) == std::vector<std::string>{"E2"});
  CHECK(ids(f.search(IndexSide::Public, "通知 1989年")) == std::vector<std::string>{"E1", "E2"});
  // A date alone is a filter over everything; undated records never match a date.
  auto only_date = f.search(IndexSide::Public, "1989年");
  CHECK(ids(only_date) == std::vector<std::string>{"E1", "E2"});
}

TEST_CASE("from and to bounds select records overlapping the interval", "[search][dates]") {
  Fixture f;
  SearchRequest req;
  req.query = "通知";
  req.from = parse_date_bound("平成元年");
  CHECK(ids(f.search(IndexSide::Public, req)) == std::vector<std::string>{"E2"});
  req.from.reset();
  req.to = parse_date_bound("昭和64年");
  CHECK(ids(f.search(IndexSide::Public, req)) == std::vector<std::string>{"E1"});
  req.from = parse_date_bound("1988");
  req.to = parse_date_bound("1990");
  CHECK(ids(f.search(IndexSide::Public, req)) == std::vector<std::string>{"E1", "E2"});
}

TEST_CASE("totals and facet counts are exact", "[search][facets]") {
  Fixture f;
  auto r = f.search(IndexSide::Public, "");
  auto counts = f.catalog.counts();
  CHECK(r.total == counts.total());
  std::map<std::string, long> levels;
  for (const auto& v : r.facets["level"]) levels[v.value] = v.count;
  CHECK(levels["fonds"] == counts.fonds);
  CHECK(levels["series"] == counts.series);
  CHECK(levels["volume"] == counts.volumes);
  CHECK(levels["item"] == counts.items);
  std::map<std::string, long> access;
  for (const auto& v : r.facets["access"]) access[v.value] = v.count;
  CHECK(access["restricted"] == 2);
  CHECK(access["closed"] == 1);
  CHECK(access["review"] == 1);
  REQUIRE(r.facets["fonds"].size() == 1);
  const auto& ja = Messages::get(Lang::Ja);
  CHECK(facet_value_label(*index_schema::find_filter("fonds"), r.facets["fonds"][0], ja) == "相模原町役場文書");
  CHECK(r.facets["fonds"][0].count == counts.total());
  std::vector<std::string> decades;
  for (const auto& v : r.facets["decade"]) decades.push_back(v.value);
  CHECK(decades == std::vector<std::string>{"1940", "1950", "1960", "1980"});
  CHECK(facet_value_label(*index_schema::find_filter("decade"), r.facets["decade"][0], ja) == "1940年代");
  CHECK(facet_value_label(*index_schema::find_filter("decade"), r.facets["decade"][0], Messages::get(Lang::En)) ==
        "1940s");
  // One word for a level wherever it is shown: the facet, the hit, the record page.
  CHECK(filter_value_label(*index_schema::find_filter("level"), "fonds", "", ja) == text_ja("level_fonds"));

  SearchRequest filtered;
  filtered.filters["department"] = {"総務課"};
  filtered.filters["level"] = {"volume", "series"};
  auto fr = f.search(IndexSide::Public, filtered);
  CHECK(ids(fr) == std::vector<std::string>{"V2", "kana"});
  CHECK(fr.total == 2);
  filtered = SearchRequest{};
  filtered.filter("decade", "1980");
  CHECK(ids(f.search(IndexSide::Public, filtered)) == std::vector<std::string>{"E1", "E2"});
  filtered = SearchRequest{};
  filtered.filter("series", "gikai");
  CHECK(f.search(IndexSide::Public, filtered).total == 6);  // the series, V1 and four items
}

TEST_CASE("snippets highlight the original 旧字体 text for a 新字体 query", "[search][snippets]") {
  Fixture f;
  auto r = f.search(IndexSide::Public, "帝国 議会");
  const SearchHit* h = hit(r, "I2");
  REQUIRE(h);
  CHECK(h->snippet_html.find("<mark>帝國</mark>") != std::string::npos);
  CHECK(h->snippet_html.find("<mark>議會</mark>") != std::string::npos);
  auto latin = f.search(IndexSide::Public, "ａｂｃ");
  REQUIRE(hit(latin, "I2"));
  // "abc" as a word and inside "ABC計画" (a script switch ends a word); never inside another word.
  CHECK(hit(latin, "I2")->snippet_html.find("<mark>abc</mark> 東京") != std::string::npos);
  CHECK(hit(latin, "I2")->snippet_html.find("<mark>ABC</mark>計画") != std::string::npos);
  // A title-only match shows the start of the description, unmarked.
  auto title_only = f.search(IndexSide::Public, "健康保険");
  REQUIRE(hit(title_only, "I2"));
  CHECK(hit(title_only, "I2")->snippet_html.rfind("大日本帝國", 0) == 0);
  CHECK(hit(title_only, "I2")->snippet_html.find("<mark>") == std::string::npos);
}

TEST_CASE("hits carry the hierarchy path and the side's title", "[search]") {
  Fixture f;
  auto pub = f.search(IndexSide::Public, "id:I1");
  REQUIRE(pub.hits.size() == 1);
  CHECK(pub.hits[0].title == "恩給関係書類");
  CHECK(pub.hits[0].access == AccessStatus::Restricted);
  std::vector<std::pair<std::string, std::string>> path = {
      {"town", "相模原町役場文書"}, {"gikai", "議会"}, {"V1", "町議會會議録綴"}};
  CHECK(pub.hits[0].path == path);
  CHECK(pub.hits[0].date_text == "昭和29年6月10日");
  REQUIRE(pub.hits[0].date);
  CHECK(pub.hits[0].date->start.iso() == "1954-06-10");
  auto staff = f.search(IndexSide::Staff, "id:I1");
  REQUIRE(staff.hits.size() == 1);
  CHECK(staff.hits[0].title == "恩給裁定通知");
}

TEST_CASE("records sort by date both ways, undated last", "[search]") {
  Fixture f;
  SearchRequest req;
  req.query = "通知";
  req.sort = SortOrder::DateAscending;
  auto asc = f.search(IndexSide::Public, req);
  std::vector<std::string> order;
  for (const auto& h : asc.hits) order.push_back(h.id);
  CHECK(order == std::vector<std::string>{"E1", "E2", "N1"});  // I1's 通知 is in its masked title
  req.sort = SortOrder::DateDescending;
  order.clear();
  for (const auto& h : f.search(IndexSide::Public, req).hits) order.push_back(h.id);
  CHECK(order == std::vector<std::string>{"E2", "E1", "N1"});
}

TEST_CASE("pages are clamped to 50 hits and a sane page number", "[search]") {
  Fixture f;
  std::vector<Record> more;
  for (int i = 0; i < 60; ++i) {
    Record r = rec(Level::Item, "M" + std::to_string(i), "V2", "連番資料", "昭和30年");
    r.position = 100 + i;
    more.push_back(r);
  }
  f.insert_all(more);
  f.catalog.bump_generation();
  rebuild_indexes(f.catalog, f.data);
  SearchRequest req;
  req.query = "連番資料";
  req.page_size = 1000;
  auto r = f.search(IndexSide::Public, req);
  CHECK(r.total == 60);
  CHECK(r.page_size == kMaxPageSize);
  CHECK(r.hits.size() == 50);
  req.page = 2;
  auto second = f.search(IndexSide::Public, req);
  CHECK(second.hits.size() == 10);
  CHECK(second.total == 60);
  req.page = -5;
  req.page_size = 0;
  auto first = f.search(IndexSide::Public, req);
  CHECK(first.page == 1);
  CHECK(first.page_size == 1);
  CHECK(first.hits.size() == 1);
  req.page = 1000000;
  req.page_size = 20;
  auto deep = f.search(IndexSide::Public, req);
  CHECK(deep.page == kMaxPage);  // the one limit of the portal, the API and the CLI
  CHECK(deep.hits.empty());
  CHECK(deep.total == 60);
}

TEST_CASE("withheld words are not in the public index at all", "[search][security]") {
  Fixture f;
  struct Row {
    const char* what;
    const char* query;
    const char* staff_hit;
  };
  const Row rows[] = {
      {"a restricted record's description", "蜃気楼", "I1"},
      {"a restricted record's name", "山田太郎", "I1"},
      {"a masked title", "裁定通知", "I1"},
      {"a closed record's description", "饕餮文様", "I3"},
      {"a record under review: description", "麒麟草", "I4"},
      {"a location", "第九書庫", "V1"},
      {"a condition", "虫損", "V1"},
      {"a staff note", "鴛鴦", "V1"},
      {"a restriction reason", "年金額", "I1"},
  };
  for (const auto& row : rows) {
    INFO(row.what << ": " << row.query);
    auto pub = f.search(IndexSide::Public, row.query);
    CHECK(pub.total == 0);
    CHECK(pub.hits.empty());
    CHECK(facet_sum(pub) == 0);
    // The same word as a field query, and OR-ed with a public word, shows nothing either.
    auto either = f.search(IndexSide::Public, std::string(row.query) + " OR 改元前");
    CHECK(ids(either) == std::vector<std::string>{"E1"});
    for (const auto& h : either.hits) CHECK(h.snippet_html.find(row.query) == std::string::npos);

    auto staff = f.search(IndexSide::Staff, row.query);
    CHECK(has(staff, row.staff_hit));
  }
  // The listing of a restricted record stays public (docs/search.md, "What the public index holds").
  CHECK(has(f.search(IndexSide::Public, "恩給関係書類"), "I1"));
  // No public document holds a withheld word in its stored data either.
  Xapian::Database db((f.dir.path / "index" / "public").string());
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    std::string data = db.get_document(id).get_data();
    for (const auto& row : rows) CHECK(data.find(row.query) == std::string::npos);
  }
}

TEST_CASE("staff snippets may show staff-only text", "[search][snippets]") {
  Fixture f;
  auto staff = f.search(IndexSide::Staff, "第九書庫");
  REQUIRE(hit(staff, "V1"));
  CHECK(hit(staff, "V1")->snippet_html.find("<mark>第九書庫</mark>") != std::string::npos);
}

TEST_CASE("the index generation follows the catalog's", "[search][generation]") {
  Fixture f;
  uint64_t g = f.catalog.generation();
  CHECK(indexes_current(f.catalog, f.data));
  CHECK(index_generation(f.data, IndexSide::Public) == g);
  CHECK(index_generation(f.data, IndexSide::Staff) == g);
  Searcher reader(f.data, IndexSide::Public);
  CHECK(reader.generation() == g);

  SECTION("a change updated in place is visible after refresh") {
    auto item_count = [&](const SearchResult& r) {
      for (const auto& v : r.facets.at("level")) {
        if (v.value == "item") return v.count;
      }
      return 0L;
    };
    auto before = reader.search(query(""));
    CHECK(item_count(reader.search(query(""))) == item_count(before));  // the browse-all cache
    Record added = rec(Level::Item, "X1", "V2", "追加された件", "昭和30年");
    added.position = 99;
    f.insert_all({added});
    f.catalog.bump_generation();
    CHECK_FALSE(indexes_current(f.catalog, f.data));
    CHECK_FALSE(update_indexes(f.catalog, f.data, {"X1"}));  // in place, no rebuild
    CHECK(indexes_current(f.catalog, f.data));
    CHECK(reader.refresh());
    CHECK(reader.generation() == g + 1);
    CHECK(has(reader.search(query("追加された件")), "X1"));
    auto after = reader.search(query(""));
    CHECK(after.total == before.total + 1);
    CHECK(item_count(after) == item_count(before) + 1);
    CHECK(reader.document_count() == f.catalog.counts().total());
  }
  SECTION("re-importing a fonds replaces its documents") {
    {
      sql::Transaction tx(f.catalog.db());
      f.catalog.delete_subtree("town");
      auto records = sample_records();
      records[4].title = "差し替えた件名";
      for (const auto& r : records) f.catalog.insert(r);
      f.catalog.bump_generation();
      tx.commit();
    }
    CHECK_FALSE(update_indexes(f.catalog, f.data, {"town"}));
    CHECK(f.search(IndexSide::Public, "健康保険").total == 0);
    CHECK(ids(f.search(IndexSide::Public, "差し替えた件名")) == std::vector<std::string>{"I2"});
    CHECK(Searcher(f.data, IndexSide::Public).document_count() == f.catalog.counts().total());
  }
  SECTION("a deleted fonds leaves the indexes") {
    {
      sql::Transaction tx(f.catalog.db());
      f.catalog.delete_subtree("town");
      f.catalog.bump_generation();
      tx.commit();
    }
    CHECK_FALSE(update_indexes(f.catalog, f.data, {"town"}));
    CHECK(Searcher(f.data, IndexSide::Staff).document_count() == 0);
  }
  SECTION("a change whose index update never ran is repaired by the next update") {
    f.catalog.bump_generation();  // a killed import: catalog changed, indexes not
    f.catalog.bump_generation();  // the next import
    CHECK_FALSE(indexes_current(f.catalog, f.data));
    CHECK(update_indexes(f.catalog, f.data, {"town"}));  // had to rebuild
    CHECK(indexes_current(f.catalog, f.data));
  }
  SECTION("indexes killed between the public and the staff commit are detected") {
    {
      Xapian::WritableDatabase staff((f.dir.path / "index" / "staff").string(), Xapian::DB_OPEN);
      staff.set_metadata(index_schema::kGenerationKey, std::to_string(g - 1));
      staff.commit();
    }
    CHECK_FALSE(indexes_current(f.catalog, f.data));
    f.catalog.bump_generation();
    CHECK(update_indexes(f.catalog, f.data, {"town"}));
    CHECK(indexes_current(f.catalog, f.data));
  }
  SECTION("indexes written in an older document format are out of step and rebuilt") {
    for (const char* side : {"public", "staff"}) {
      Xapian::WritableDatabase db((f.dir.path / "index" / side).string(), Xapian::DB_OPEN);
      db.set_metadata(index_schema::kHitFormatKey, "");  // as before the format was kept: 1
      db.commit();
    }
    CHECK_FALSE(indexes_current(f.catalog, f.data));
    CHECK(index_generation(f.data, IndexSide::Public) == g);  // the generation alone is right
    f.catalog.bump_generation();
    CHECK(update_indexes(f.catalog, f.data, {"town"}));  // a repair: rebuilt in this format
    CHECK(indexes_current(f.catalog, f.data));
  }
  SECTION("missing indexes are rebuilt by an update") {
    fs::remove_all(f.dir.path / "index");
    CHECK_FALSE(indexes_current(f.catalog, f.data));
    CHECK(update_indexes(f.catalog, f.data, {"town"}));
    CHECK(indexes_current(f.catalog, f.data));
  }
  SECTION("a rebuild swaps the symlinks and leaves no old directories") {
    f.catalog.bump_generation();
    rebuild_indexes(f.catalog, f.data);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(f.dir.path / "index")) {
      std::string n = e.path().filename().string();
      if (n[0] != '.') names.push_back(n);
    }
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"public", "public." + std::to_string(g + 1), "staff",
                                            "staff." + std::to_string(g + 1)});
    CHECK(fs::is_symlink(f.dir.path / "index" / "public"));
    // A reader opened on the old build follows the link on its next search.
    CHECK(reader.search(query("改元前")).total == 1);
    CHECK(reader.generation() == g + 1);
  }
}

TEST_CASE("a missing index is reported, not crashed on", "[search][generation]") {
  TempDir dir;
  CHECK_THROWS_AS(Searcher(dir.path.string(), IndexSide::Public), Error);
}

TEST_CASE("review lifts lapsed restrictions and publishes them", "[search][review]") {
  Fixture f;
  CHECK(f.search(IndexSide::Public, "蒼穹").total == 0);
  auto none = find_lapsed(f.catalog, Ymd{2020, 3, 31});
  CHECK(none.empty());  // due on the day itself: not yet lapsed
  auto lapsed = find_lapsed(f.catalog, Ymd{2024, 1, 1});
  REQUIRE(lapsed.size() == 1);
  CHECK(lapsed[0].id == "L1");
  CHECK(lapsed[0].root_id == "town");
  CHECK(lapsed[0].until == "2020-03-31");
  CHECK(lapsed[0].status == AccessStatus::Restricted);

  AuditTrail audit(f.catalog.db());
  const Actor reviewer{"archivist1", Role::Archivist};
  const TimePoint now = japan_midnight(Ymd{2024, 1, 1}) + std::chrono::hours(10);
  CHECK_THROWS_AS(
      open_restrictions(f.catalog, audit, {"L1"}, Ymd{2024, 1, 1}, "公開可", Actor{"", Role::Archivist}, now),
      InputError);
  CHECK_THROWS_AS(open_restrictions(f.catalog, audit, {"L1"}, Ymd{2024, 1, 1}, " ", reviewer, now), InputError);
  // Never as of a day still to come.
  CHECK_THROWS_AS(open_restrictions(f.catalog, audit, {"L1"}, Ymd{2024, 1, 2}, "公開可", reviewer, now), InputError);
  auto outcome = open_restrictions(f.catalog, audit, {"L1"}, Ymd{2024, 1, 1}, "期間満了、個人情報なし", reviewer, now);
  CHECK(outcome.lifted == 1);
  CHECK(outcome.root_ids == std::vector<std::string>{"town"});
  CHECK(f.catalog.generation() == outcome.generation_before + 1);
  auto record = f.catalog.get("L1");
  REQUIRE(record);
  REQUIRE(record->access);
  CHECK(record->access->status == AccessStatus::Open);
  auto st = f.catalog.db().prepare(
      "SELECT actor, old_status, old_until, new_status, note FROM access_history WHERE record_id = 'L1'");
  REQUIRE(st.step());
  CHECK(st.text(0) == "archivist1");
  CHECK(st.text(1) == "restricted");
  CHECK(st.text(2) == "2020-03-31");
  CHECK(st.text(3) == "open");
  CHECK(st.text(4).find("restriction until 2020-03-31") != std::string::npos);
  CHECK(st.text(4).find("期間満了、個人情報なし") != std::string::npos);
  st.reset();
  auto entries = audit.list();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].action == "catalog.review");
  CHECK(entries[0].target == "L1");
  CHECK(entries[0].actor == "archivist1");
  CHECK(entries[0].detail.find("期間満了、個人情報なし") != std::string::npos);

  CHECK_FALSE(update_indexes(f.catalog, f.data, outcome.root_ids, outcome.generation_before));
  auto pub = f.search(IndexSide::Public, "蒼穹");
  CHECK(ids(pub) == std::vector<std::string>{"L1"});
  CHECK(pub.hits[0].snippet_html.find("<mark>蒼穹</mark>") != std::string::npos);
  // It is no longer due: applying again is refused and changes nothing.
  CHECK_THROWS_AS(open_restrictions(f.catalog, audit, {"L1"}, Ymd{2024, 1, 1}, "again", reviewer, now), Conflict);
  CHECK(find_lapsed(f.catalog, Ymd{2024, 1, 1}).empty());
}

TEST_CASE("snippets escape the original text and cut a window around the first match", "[search][snippets]") {
  Fixture f;
  auto r = f.search(IndexSide::Public, "危険");
  REQUIRE(r.hits.size() == 1);
  const std::string& html = r.hits[0].snippet_html;
  CHECK(html.rfind("…", 0) == 0);  // the match is far into the description
  CHECK(html.find("&lt;b&gt;<mark>危険</mark>&lt;/b&gt; &amp; &quot;引用&quot;") != std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  SearchRequest plain;
  plain.query = "危険";
  plain.snippets = false;
  CHECK(f.search(IndexSide::Public, plain).hits[0].snippet_html.empty());
}

TEST_CASE("call numbers sort by their numbers, not their digits", "[search][schema]") {
  using index_schema::call_number_sort_key;
  CHECK(call_number_sort_key("歴1-12") < call_number_sort_key("歴1-100"));
  CHECK(call_number_sort_key("歴1-012") == call_number_sort_key("歴1-12"));
  CHECK(call_number_sort_key("歴2-1") > call_number_sort_key("歴1-999"));
}

TEST_CASE("stored hit data round-trips and rejects garbage", "[search][schema]") {
  index_schema::StoredHit hit;
  hit.id = "S29-001";
  hit.level = Level::Volume;
  hit.title = "町議会会議録綴";
  hit.date_text = "昭和29年度";
  hit.date = parse_date("昭和29年度");
  hit.call_number = "歴1-0001";
  hit.access = AccessStatus::Review;
  hit.path = {{"town", "相模原町役場文書"}, {"gikai", "議会"}};
  hit.snippet_source = "説明";
  hit.withheld_items = 3;
  auto back = index_schema::decode_hit(index_schema::encode_hit(hit));
  CHECK(back.id == hit.id);
  CHECK(back.level == hit.level);
  CHECK(back.title == hit.title);
  CHECK(back.date == hit.date);
  CHECK(back.call_number == hit.call_number);
  CHECK(back.access == hit.access);
  CHECK(back.path == hit.path);
  CHECK(back.snippet_source == hit.snippet_source);
  CHECK(back.withheld_items == 3);
  CHECK_FALSE(back.view);
  PublicRecord view;
  view.parent_id = "gikai";
  view.department = "庶務課";
  view.extent = "1冊";
  view.grounds = {"personal"};
  view.description = "説明";
  view.scope = "範囲";
  view.history = "沿革";
  view.creator = "相模原町";
  view.names = {{"person", "山田"}};
  hit.view = view;
  hit.position = 7;
  auto with_view = index_schema::decode_hit(index_schema::encode_hit(hit));
  REQUIRE(with_view.view);
  CHECK(with_view.position == 7);
  CHECK(with_view.view->id == hit.id);
  CHECK(with_view.view->title == hit.title);
  CHECK(with_view.view->parent_id == "gikai");
  CHECK(with_view.view->grounds == view.grounds);
  CHECK(with_view.view->history == "沿革");
  REQUIRE(with_view.view->names.size() == 1);
  CHECK(with_view.view->names[0].text == "山田");
  std::string data = index_schema::encode_hit(hit);
  CHECK_THROWS_AS(index_schema::decode_hit(data.substr(0, data.size() / 2)), Error);
  CHECK_THROWS_AS(index_schema::decode_hit("{\"json\": true}"), Error);
  CHECK_THROWS_AS(index_schema::decode_hit(""), Error);
}

TEST_CASE("stored hit data of format 1 still reads, without the count of withheld items", "[search][schema]") {
  index_schema::StoredHit hit;
  hit.id = "S29-001";
  hit.level = Level::Volume;
  hit.title = "町議会会議録綴";
  hit.path = {{"town", "相模原町役場文書"}};
  hit.snippet_source = "説明";
  hit.withheld_items = 0;
  // Format 2 was format 3 without the view (its flag, one varint: 0 here); format 1
  // was format 2 without its last field (one varint: 0 here).
  std::string data = index_schema::encode_hit(hit);
  REQUIRE(data.front() == static_cast<char>(index_schema::kHitFormat));
  std::string two = data.substr(0, data.size() - 1);
  two[0] = '\x02';
  CHECK(index_schema::decode_hit(two).title == hit.title);
  CHECK_FALSE(index_schema::decode_hit(two).view);
  std::string old = data.substr(0, data.size() - 2);
  old[0] = '\x01';
  auto back = index_schema::decode_hit(old);
  CHECK(back.id == hit.id);
  CHECK(back.title == hit.title);
  CHECK(back.snippet_source == hit.snippet_source);
  CHECK(back.withheld_items == 0);
  std::string future = data;
  future[0] = static_cast<char>(index_schema::kHitFormat + 1);
  CHECK_THROWS_AS(index_schema::decode_hit(future), Error);
}

TEST_CASE("public documents carry the record's public view and its children in catalog order", "[search][view]") {
  Fixture f;
  Searcher pub(f.data, IndexSide::Public);
  const auto open = pub.record("I2");
  REQUIRE(open);
  CHECK(open->record.title == "國民健康保險に關する件");
  CHECK(open->record.parent_id == "V1");
  CHECK(open->record.description.find("大日本帝國") != std::string::npos);
  REQUIRE(open->record.names.size() == 1);
  CHECK(open->record.names[0].text == "霞ヶ関出張所");
  REQUIRE(open->path.size() == 3);
  CHECK(open->path.front().first == "town");
  // A restricted record: its listing only, as public_view() gives it.
  const auto masked = pub.record("I1");
  REQUIRE(masked);
  CHECK(masked->record.title == "恩給関係書類");
  CHECK(masked->record.access == AccessStatus::Restricted);
  CHECK(masked->record.description.empty());
  CHECK(masked->record.names.empty());
  const auto volume = pub.record("V1");
  REQUIRE(volume);
  CHECK(volume->record.call_number == "歴1-0001");
  CHECK(volume->record.department == "庶務課");
  std::vector<std::string> children;
  for (const auto& c : pub.children("V1")) children.push_back(c.record.id);
  CHECK(children == std::vector<std::string>{"I1", "I2", "I3", "I4"});
  CHECK(pub.children("I1").empty());
  CHECK_FALSE(pub.record("no-such-record"));
  // The staff index carries no view: it is never a replica's.
  Searcher staff(f.data, IndexSide::Staff);
  CHECK_FALSE(staff.record("I2"));
}
