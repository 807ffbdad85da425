// The preservation planning list (Catalog::preservation_plan, docs/staff.md,
// "Planning preservation"): the small fixture plus a second fonds whose volumes carry
// fumigations of known dates. Volumes only, never fumigated first, then the oldest
// last fumigation, then call number; the fonds, condition and year filters; paging;
// the count by condition.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "archive/catalog/catalog.h"
#include "indexer/importer.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;

namespace {

Record volume(const std::string& id, const std::string& call_number, const std::string& condition,
              std::vector<PreservationEvent> events) {
  Record r = monjo::test::make_record(id, Level::Volume, "pf");
  r.call_number = call_number;
  r.condition = condition;
  r.location = "書庫B-" + id;
  r.preservation = std::move(events);
  return r;
}

struct Planned {
  monjo::test::TempDb db;
  Catalog catalog{db.path};
  Planned() {
    monjo::indexer::import_files(catalog, {MONJO_FIXTURES "/catalog/small.xml"}, {});
    catalog.insert(monjo::test::make_record("pf", Level::Fonds, ""));
    // Fumigated in 1990 and again in 2005: the later one counts.
    catalog.insert(volume("pv-a", "保-0003", "良好",
                          {{"fumigation", "1990", ""}, {"repair", "1999-03", "補修"}, {"fumigation", "2005-06", ""}}));
    catalog.insert(volume("pv-b", "保-0002", "虫損", {{"fumigation", "1985-04-01", "くん蒸"}}));
    catalog.insert(volume("pv-c", "保-0001", "虫損", {{"cleaning", "2001", ""}}));
    catalog.insert(volume("pv-d", "保-0004", "", {}));
  }
  std::vector<std::string> ids(const PreservationQuery& q) {
    std::vector<std::string> out;
    for (const auto& row : catalog.preservation_plan(q).rows) out.push_back(row.id);
    return out;
  }
};

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("the plan lists volumes never fumigated first, then the oldest fumigation, then call number",
          "[catalog][preservation]") {
  Planned p;
  PreservationQuery q;
  q.root_id = "pf";
  const PreservationPlan plan = p.catalog.preservation_plan(q);
  REQUIRE(plan.total == 4);
  REQUIRE(plan.rows.size() == 4);
  CHECK(p.ids(q) == Ids{"pv-c", "pv-d", "pv-b", "pv-a"});
  const PreservationRow& a = plan.rows[3];
  CHECK(a.title == "題 pv-a");
  CHECK(a.call_number == "保-0003");
  CHECK(a.root_id == "pf");
  CHECK(a.condition == "良好");
  CHECK(a.location == "書庫B-pv-a");
  CHECK(a.last_fumigation == "2005-06");
  CHECK(a.event_kinds == Ids{"fumigation", "repair"});
  CHECK(plan.rows[0].last_fumigation.empty());
  CHECK(plan.rows[0].event_kinds == Ids{"cleaning"});
  CHECK(plan.rows[1].event_kinds.empty());
  CHECK(plan.rows[2].last_fumigation == "1985-04-01");
}

TEST_CASE("the plan holds volumes only, of every fonds unless one is chosen", "[catalog][preservation]") {
  Planned p;
  const Ids all = p.ids({});
  // The fixture's four volumes and the four added; no fonds, series or items.
  CHECK(all.size() == 8);
  CHECK(p.catalog.preservation_plan({}).total == 8);
  for (const auto& id : {"fx-sagamihara", "pf", "fx-v1-001"}) CHECK(std::find(all.begin(), all.end(), id) == all.end());
  // fx-v1 was fumigated in 2013: after 1985 and 2005.
  CHECK(all.back() == "fx-v1");
  PreservationQuery fixture;
  fixture.root_id = "fx-sagamihara";
  CHECK(p.ids(fixture) == Ids{"fx-v2", "fx-v3", "fx-v4", "fx-v1"});
  PreservationQuery unknown;
  unknown.root_id = "no-such-fonds";
  CHECK(p.ids(unknown).empty());
}

TEST_CASE("the plan filters by condition, none recorded included, and by the year of the last fumigation",
          "[catalog][preservation]") {
  Planned p;
  PreservationQuery q;
  q.root_id = "pf";
  q.condition = "虫損";
  CHECK(p.ids(q) == Ids{"pv-c", "pv-b"});
  q.condition = "";
  CHECK(p.ids(q) == Ids{"pv-d"});
  q.condition.reset();
  // Not fumigated since 2000: never, or last in 1985; pv-a's last was 2005.
  q.not_fumigated_since = 2000;
  CHECK(p.ids(q) == Ids{"pv-c", "pv-d", "pv-b"});
  CHECK(p.catalog.preservation_plan(q).total == 3);
  q.not_fumigated_since = 1985;
  CHECK(p.ids(q) == Ids{"pv-c", "pv-d"});
  q.not_fumigated_since = 2006;
  CHECK(p.ids(q) == Ids{"pv-c", "pv-d", "pv-b", "pv-a"});
  // A value that looks like SQL is a value.
  q.not_fumigated_since = 0;
  q.condition = "' OR 1=1 --";
  CHECK(p.ids(q).empty());
}

TEST_CASE("the plan pages with limit and offset and counts the whole list", "[catalog][preservation]") {
  Planned p;
  PreservationQuery q;
  q.root_id = "pf";
  q.limit = 3;
  CHECK(p.ids(q) == Ids{"pv-c", "pv-d", "pv-b"});
  q.offset = 3;
  const PreservationPlan second = p.catalog.preservation_plan(q);
  CHECK(second.total == 4);
  REQUIRE(second.rows.size() == 1);
  CHECK(second.rows[0].id == "pv-a");
  q.offset = 10;
  CHECK(p.ids(q).empty());
}

TEST_CASE("the plan counts volumes by condition under the fonds filter", "[catalog][preservation]") {
  Planned p;
  PreservationQuery q;
  q.root_id = "pf";
  q.condition = "良好";  // the summary ignores the condition filter
  using Counts = std::vector<std::pair<std::string, long>>;
  CHECK(p.catalog.preservation_plan(q).by_condition == Counts{{"虫損", 2}, {"", 1}, {"良好", 1}});
  const Counts all = p.catalog.preservation_plan({}).by_condition;
  CHECK(std::find(all.begin(), all.end(), std::pair<std::string, long>{"良好", 3}) != all.end());
  CHECK(std::find(all.begin(), all.end(), std::pair<std::string, long>{"劣化", 1}) != all.end());
}
