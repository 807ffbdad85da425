// The staff-only rows of index_schema::kFilters (docs/search.md, "Staff-only filters"):
// written on the staff index only, matched there, ignored on the public side, and the
// review date as a range on its value slot counted from the request's day.
#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "archive/catalog/catalog.h"
#include "archive/search/index_schema.h"
#include "archive/search/search.h"
#include "archive/search/search_cache.h"
#include "indexer/index_writer.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
namespace schema = monjo::archive::index_schema;
using monjo::test::TempDir;

namespace {

Record rec(Level level, const std::string& id, const std::string& parent, const std::string& title) {
  Record r;
  r.level = level;
  r.id = id;
  r.parent_id = parent;
  r.title = title;
  return r;
}

Access restricted(const std::vector<std::string>& grounds, const std::string& until) {
  Access a;
  a.status = AccessStatus::Restricted;
  a.grounds = grounds;
  a.until = until;
  a.reason = "理由";
  return a;
}

struct Fixture {
  TempDir dir;
  std::string data = dir.path.string();
  Catalog catalog{(dir.path / "catalog.sqlite").string()};
  Fixture() {
    std::vector<Record> rs;
    rs.push_back(rec(Level::Fonds, "F", "", "文書群"));
    Record vol = rec(Level::Volume, "V", "F", "簿冊");
    vol.location = "第九書庫 1-1";
    vol.preservation = {{"repair", "2016", "裏打ち"}, {"fumigation", "2013", ""}, {"repair", "2017", ""}};
    vol.access = restricted({"security"}, "2030-06-30");  // inherited by V-1
    rs.push_back(vol);
    rs.push_back(rec(Level::Item, "V-1", "V", "件名一"));
    Record own = rec(Level::Item, "V-2", "V", "件名二");
    own.access = restricted({"personal", "corporate"}, "2030-01-31");
    rs.push_back(own);
    Record open = rec(Level::Volume, "W", "F", "公開簿冊");
    open.location = "第一書庫 2-2";
    open.preservation = {{"cleaning", "2012", ""}};
    Access a;
    a.status = AccessStatus::Open;
    a.until = "2029-01-01";  // not a restriction: no review date
    open.access = a;
    rs.push_back(open);
    sql::Transaction tx(catalog.db());
    for (size_t i = 0; i < rs.size(); ++i) {
      rs[i].position = static_cast<int>(i);
      catalog.insert(rs[i]);
    }
    tx.commit();
    catalog.bump_generation();
    monjo::indexer::rebuild_indexes(catalog, data);
  }
  std::vector<std::string> ids(IndexSide side, const std::string& filter, const std::string& value,
                               const Ymd& today = Ymd{2030, 1, 15}) {
    SearchRequest req;
    req.filter(filter, value);
    req.today = today;
    std::vector<std::string> out;
    for (const auto& h : Searcher(data, side).search(req).hits) out.push_back(h.id);
    std::sort(out.begin(), out.end());
    return out;
  }
};

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("each filter row says which side it is written on; the staff-only rows name their values",
          "[search][schema]") {
  for (const char* name : {"decade", "fonds", "level", "department", "access", "series"}) {
    INFO(name);
    REQUIRE(schema::find_filter(name));
    CHECK(schema::on_public_side(*schema::find_filter(name)));
  }
  for (const char* name : {"grounds", "location", "preservation", "review"}) {
    INFO(name);
    REQUIRE(schema::find_filter(name));
    CHECK_FALSE(schema::on_public_side(*schema::find_filter(name)));
  }
  const auto& grounds = *schema::find_filter("grounds");
  CHECK(schema::valid_filter_value(grounds, "personal"));
  CHECK_FALSE(schema::valid_filter_value(grounds, "nonsense"));
  CHECK(schema::filter_choices(grounds).size() == restriction_grounds().size());
  const auto& preservation = *schema::find_filter("preservation");
  CHECK(schema::valid_filter_value(preservation, "deacidification"));
  CHECK_FALSE(schema::valid_filter_value(preservation, "burning"));
  CHECK(schema::filter_choices(preservation).size() == 9);
  const auto& review = *schema::find_filter("review");
  CHECK(review.match == schema::FilterMatch::DueBy);
  CHECK(review.range_slot == schema::kUntilSlot);
  CHECK(schema::filter_choices(review) == std::vector<std::string>{"due", "3", "6", "12"});
  CHECK_FALSE(schema::valid_filter_value(review, "24"));
  CHECK(schema::due_by("due", Ymd{2030, 1, 31}) == Ymd{2030, 1, 31});
  CHECK(schema::due_by("3", Ymd{2030, 11, 30}) == Ymd{2031, 2, 28});
  CHECK(schema::due_by("12", Ymd{2030, 1, 15}) == Ymd{2031, 1, 15});
  CHECK_FALSE(schema::due_by("5", Ymd{2030, 1, 15}));
  // Only the location is counted as a facet of the staff-only rows.
  CHECK(schema::find_filter("location")->slot == schema::kLocationSlot);
  CHECK(grounds.slot == schema::kNoSlot);
}

TEST_CASE("the public index holds no term or value of a staff-only row", "[search][security]") {
  Fixture f;
  Xapian::Database pub((f.dir.path / "index" / "public").string());
  Xapian::Database staff((f.dir.path / "index" / "staff").string());
  for (const char* prefix : {schema::kGroundsPrefix, schema::kLocationPrefix, schema::kPreservationPrefix}) {
    INFO(prefix);
    CHECK(pub.allterms_begin(prefix) == pub.allterms_end(prefix));
    CHECK(staff.allterms_begin(prefix) != staff.allterms_end(prefix));
  }
  for (Xapian::valueno slot : {Xapian::valueno(schema::kUntilSlot), Xapian::valueno(schema::kLocationSlot)}) {
    INFO(slot);
    CHECK(pub.get_value_freq(slot) == 0);
    CHECK(staff.get_value_freq(slot) > 0);
  }
  // The grounds of the public view are not written as terms either.
  CHECK(pub.get_termfreq(schema::boolean_term(schema::kGroundsPrefix, "personal")) == 0);
}

TEST_CASE("staff-only filters narrow the staff index and are ignored on the public one", "[search]") {
  Fixture f;
  // Grounds in force, inherited too; an open record has none.
  CHECK(f.ids(IndexSide::Staff, "grounds", "security") == Ids{"V", "V-1"});
  CHECK(f.ids(IndexSide::Staff, "grounds", "corporate") == Ids{"V-2"});
  CHECK(f.ids(IndexSide::Staff, "grounds", "deposit").empty());
  // Location exactly as catalogued, and counted as a facet.
  CHECK(f.ids(IndexSide::Staff, "location", "第一書庫 2-2") == Ids{"W"});
  CHECK(f.ids(IndexSide::Staff, "location", "第一書庫").empty());
  SearchRequest all;
  const auto facets = Searcher(f.data, IndexSide::Staff).search(all).facets;
  REQUIRE(facets.count("location"));
  CHECK(facets.at("location").size() == 2);
  // The kinds of the record's events, each once.
  CHECK(f.ids(IndexSide::Staff, "preservation", "repair") == Ids{"V"});
  CHECK(f.ids(IndexSide::Staff, "preservation", "cleaning") == Ids{"W"});
  CHECK(f.ids(IndexSide::Staff, "preservation", "digitization").empty());
  // Review dates: V-2 until 2030-01-31, V and V-1 until 2030-06-30; W is open.
  CHECK(f.ids(IndexSide::Staff, "review", "due", Ymd{2030, 1, 15}).empty());
  CHECK(f.ids(IndexSide::Staff, "review", "due", Ymd{2030, 1, 31}) == Ids{"V-2"});
  CHECK(f.ids(IndexSide::Staff, "review", "3", Ymd{2030, 1, 15}) == Ids{"V-2"});
  CHECK(f.ids(IndexSide::Staff, "review", "6", Ymd{2030, 1, 15}) == Ids{"V", "V-1", "V-2"});
  CHECK(f.ids(IndexSide::Staff, "review", "due", Ymd{2031, 1, 1}) == Ids{"V", "V-1", "V-2"});
  // The public side: the filter is ignored, so everything is found; no staff-only facet.
  for (const char* name : {"grounds", "location", "preservation", "review"}) {
    INFO(name);
    const std::string value = name == std::string("review")     ? "due"
                              : name == std::string("location") ? "第一書庫 2-2"
                              : name == std::string("grounds")  ? "security"
                                                                : "repair";
    CHECK(f.ids(IndexSide::Public, name, value).size() == 5);
  }
  CHECK(Searcher(f.data, IndexSide::Public).search(all).facets.count("location") == 0);
}

TEST_CASE("the result cache keys a review-date search by its day", "[search][cache]") {
  SearchRequest a;
  a.filter("review", "due");
  a.today = Ymd{2030, 1, 1};
  SearchRequest b = a;
  b.today = Ymd{2030, 1, 2};
  CHECK(SearchResultCache::request_key(a) != SearchResultCache::request_key(b));
}
