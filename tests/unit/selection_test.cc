// Selection in the core and the retention-expiry list reader (archive/selection/selection.h,
// indexer/retention_list.h, docs/selection.md): a list with errors is refused with every
// row named; the criteria table and the city's own TSV; marking, bulk marking, the
// two-person approval (never the drafter), an approved 廃棄 that cannot be changed
// except by a correction with its reason, approved in turn; the audit trail of each.
#include <catch2/catch.hpp>

#include <fstream>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/selection/selection.h"
#include "archive/staff/audit.h"
#include "indexer/formats/sheet_grid.h"
#include "indexer/retention_list.h"
#include "test_support.h"

using namespace monjo::archive;
using monjo::indexer::parse_fiscal_year;
using monjo::indexer::read_retention_list;
using monjo::indexer::RetentionListOptions;

namespace {

const Actor kArchivist{"arc1", Role::Archivist};
const Actor kArchivist2{"arc2", Role::Archivist};
const Actor kSupervisor{"sup1", Role::Supervisor};

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

const std::string kHeader = "担当課,簿冊名,作成年度,保存期間,満了年度,文書番号,数量,備考\n";

std::vector<RetentionRow> three_rows() {
  std::vector<RetentionRow> rows;
  for (int i = 1; i <= 3; ++i) {
    RetentionRow r;
    r.source_row = i + 1;
    r.department = "総務課";
    r.title = "簿冊 " + std::to_string(i);
    r.created_year = "平成25年度";
    r.retention = "10年";
    r.expiry_year = 2023;
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

TEST_CASE("a 年度 is read as lists write it", "[selection]") {
  CHECK(parse_fiscal_year("2023") == 2023);
  CHECK(parse_fiscal_year("2023年度") == 2023);
  CHECK(parse_fiscal_year("２０２３") == 2023);
  CHECK(parse_fiscal_year("令和5年度") == 2023);
  CHECK(parse_fiscal_year("平成25年度") == 2013);
  CHECK(parse_fiscal_year("令和5") == 2023);
  CHECK_FALSE(parse_fiscal_year("").has_value());
  CHECK_FALSE(parse_fiscal_year("昭和65年度").has_value());
  CHECK_FALSE(parse_fiscal_year("十年").has_value());
  CHECK_FALSE(parse_fiscal_year("2023-04-01").has_value());
}

TEST_CASE("a retention list is read with its 年度 and department", "[selection]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "list.csv").string();
  write(path, kHeader + "総務課,例規改正綴,平成25年度,10年,令和5年度,総-1,2,\n総務課,庶務綴,2018,5年,2023,,,軽易\n");
  const auto list = read_retention_list(path, {});
  CHECK(list.fiscal_year == 2023);
  CHECK(list.department == "総務課");
  REQUIRE(list.rows.size() == 2);
  CHECK(list.rows[0].title == "例規改正綴");
  CHECK(list.rows[0].quantity == 2);
  CHECK(list.rows[0].source_row == 2);
  CHECK(list.rows[1].quantity == 1);
  CHECK(list.rows[1].notes == "軽易");
}

TEST_CASE("a retention list with errors is refused with every row named", "[selection]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "bad.csv").string();
  write(path, kHeader +
                  "総務課,例規改正綴,平成25年度,10年,令和5年度,,1,\n"  // good
                  "総務課,,平成25年度,10年,令和5年度,,1,\n"            // 3: no title
                  "総務課,庶務綴,昭和65年度,10年,令和5年度,,1,\n"      // 4: no such 年度
                  "総務課,会議録,平成25年度,,2023,,0,\n"               // 5: no retention, quantity 0
                  "総務課,台帳,令和6年度,1年,令和5年度,,1,\n");        // 6: expiry before creation
  try {
    read_retention_list(path, {}, "bad.csv");
    FAIL("the list was taken");
  } catch (const InputErrors& e) {
    const std::string report = e.report();
    INFO(report);
    CHECK(e.count() == 5);
    CHECK(report.find("bad.csv:3: 簿冊名: empty") != std::string::npos);
    CHECK(report.find("bad.csv:4: 作成年度:") != std::string::npos);
    CHECK(report.find("bad.csv:5: 保存期間: empty") != std::string::npos);
    CHECK(report.find("bad.csv:5: 数量:") != std::string::npos);
    CHECK(report.find("bad.csv:6: 満了年度:") != std::string::npos);
  }
}

TEST_CASE("a retention list's header is checked before its rows", "[selection]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "h.csv").string();
  write(path, "担当課,簿冊名,色\n総務課,綴,赤\n");
  try {
    read_retention_list(path, {}, "h.csv");
    FAIL("the list was taken");
  } catch (const InputErrors& e) {
    const std::string report = e.report();
    INFO(report);
    CHECK(report.find("h.csv:1: unknown column \"色\"") != std::string::npos);
    CHECK(report.find("needs a column 作成年度") != std::string::npos);
    CHECK(report.find("needs a column 満了年度") != std::string::npos);
  }
  // Two departments without one named.
  write(path, kHeader + "総務課,綴,2013,10年,2023,,,\n財政課,綴,2013,10年,2023,,,\n");
  CHECK_THROWS_WITH(read_retention_list(path, {}, "h.csv"), Catch::Contains("more than one department"));
  // English headers read too; the department comes from the import.
  write(path, "Title,Created (fiscal year),Retention period,Expiry (fiscal year)\nMinutes,2013,10 years,2023\n");
  RetentionListOptions o;
  o.department = "議会事務局";
  const auto list = read_retention_list(path, o);
  CHECK(list.department == "議会事務局");
  CHECK(list.rows.at(0).department == "議会事務局");
}

TEST_CASE("an XLSX list names its problems by cell", "[selection]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "list.xlsx").string();
  {
    std::ofstream out(path, std::ios::binary);
    auto sink = monjo::indexer::formats::xlsx_sink(out, "目録");
    sink->row({"担当課", "簿冊名", "作成年度", "保存期間", "満了年度"});
    sink->row({"総務課", "綴", "2013", "10年", "いつか"});
    sink->finish();
  }
  try {
    read_retention_list(path, {}, "list.xlsx");
    FAIL("the list was taken");
  } catch (const InputError& e) {
    CHECK_THAT(e.report(), Catch::Contains("list.xlsx:目録!E2: 満了年度:"));
  }
}

TEST_CASE("the criteria table: defaults with labels, or the city's own TSV", "[selection]") {
  const auto d = SelectionCriteria::defaults();
  REQUIRE(d.find("ordinance"));
  CHECK(d.find("ordinance")->applies_to == SelectionOutcome::Transfer);
  CHECK(d.find("routine")->applies_to == SelectionOutcome::Destroy);
  for (const auto& c : d.all()) {
    INFO(c.code);
    CHECK(Messages::get(Lang::Ja).has("selection_criterion_" + c.code));
    CHECK(Messages::get(Lang::En).has("selection_criterion_" + c.code));
  }
  for (const auto& o : selection_outcomes()) {
    CHECK(Messages::get(Lang::Ja).has(outcome_message_key(o.outcome)));
    CHECK(Messages::get(Lang::En).has(outcome_message_key(o.outcome)));
  }
  monjo::test::TempDir dir;
  const std::string path = SelectionCriteria::path_for(dir.path.string());
  CHECK(SelectionCriteria::load(path).all().size() == d.all().size());  // no file: the defaults
  write(path, "# 当市の選別基準\nminutes\ttransfer\t重要な会議録\tImportant minutes\nslips\tdestroy\t伝票類\n");
  const auto own = SelectionCriteria::load(path);
  REQUIRE(own.all().size() == 2);
  CHECK(own.label("minutes", Lang::En) == "Important minutes");
  CHECK(own.label("slips", Lang::En) == "伝票類");
  CHECK_FALSE(own.find("ordinance"));
  write(path, "Bad Code\ttransfer\tx\nok\tkeep\tx\nok2\ttransfer\n");
  try {
    SelectionCriteria::load(path);
    FAIL("taken");
  } catch (const InputErrors& e) {
    CHECK(e.count() == 3);
    CHECK(e.report().find(":1:") != std::string::npos);
    CHECK(e.report().find(":2:") != std::string::npos);
    CHECK(e.report().find(":3:") != std::string::npos);
  }
}

TEST_CASE("marking, bulk marking and the two-person approval", "[selection]") {
  Catalog catalog(":memory:");
  SelectionStore store(catalog.db());
  const auto criteria = SelectionCriteria::defaults();
  const int64_t id = store.create_batch(2023, "総務課", "list.csv", three_rows(), kArchivist);

  SECTION("a criterion is needed for the outcome it names") {
    CHECK_THROWS_AS(store.mark(id, {1}, SelectionOutcome::Transfer, "", "", criteria, kArchivist), InputError);
    CHECK_THROWS_AS(store.mark(id, {1}, SelectionOutcome::Transfer, "routine", "", criteria, kArchivist), InputError);
    CHECK_THROWS_AS(store.mark(id, {1}, SelectionOutcome::Destroy, "nonesuch", "", criteria, kArchivist), InputError);
    CHECK_THROWS_AS(store.mark(id, {9}, SelectionOutcome::Undecided, "", "", criteria, kArchivist), InputError);
    CHECK_THROWS_AS(store.mark(id, {1}, SelectionOutcome::Undecided, "", "", criteria, kSupervisor), Forbidden);
  }

  SECTION("a batch cannot be approved by its drafter") {
    store.mark(id, {1, 2}, SelectionOutcome::Destroy, "routine", "庶務", criteria, kArchivist);
    store.mark(id, {3}, SelectionOutcome::Transfer, "ordinance", "", criteria, kArchivist);
    auto b = store.batch(id);
    CHECK(b->pending() == 3);
    CHECK(b->rows[0].outcome() == SelectionOutcome::Undecided);  // a draft is not in force
    // The drafter, even with a supervisor's role, never approves their own.
    CHECK_THROWS_AS(store.approve(id, "", Actor{"arc1", Role::Supervisor}), Forbidden);
    CHECK_THROWS_AS(store.approve(id, "", kArchivist2), Forbidden);  // no permission
    store.approve(id, "確認済", kSupervisor);
    b = store.batch(id);
    CHECK(b->approved());
    CHECK(b->pending() == 0);
    CHECK(b->rows[0].outcome() == SelectionOutcome::Destroy);
    CHECK(b->rows[2].outcome() == SelectionOutcome::Transfer);
    CHECK_THROWS_AS(store.approve(id, "", kSupervisor), Conflict);  // nothing left to approve

    const auto entries = AuditTrail(catalog.db()).list({"", "selection.", "", "", ""});
    REQUIRE(entries.size() == 4);
    CHECK(entries[0].action == "selection.approve");
    CHECK(entries[0].actor == "sup1");
    CHECK(entries[0].detail.find("\"drafted_by\":\"arc1\"") != std::string::npos);
    CHECK(entries[0].detail.find("\"criterion\":\"routine\"") != std::string::npos);
    CHECK(entries[3].action == "selection.import");
  }

  SECTION("a drafter of any pending decision may not approve the batch") {
    store.mark(id, {1}, SelectionOutcome::Destroy, "routine", "", criteria, kArchivist);
    store.mark(id, {2}, SelectionOutcome::Destroy, "routine", "", criteria, Actor{"sup2", Role::Archivist});
    CHECK_THROWS_AS(store.approve(id, "", Actor{"sup2", Role::Supervisor}), Forbidden);
    CHECK_NOTHROW(store.approve(id, "", kSupervisor));
  }

  SECTION("an approved 廃棄 cannot be changed; a correction is a new, audited decision") {
    store.mark(id, {1}, SelectionOutcome::Destroy, "routine", "", criteria, kArchivist);
    store.mark(id, {2}, SelectionOutcome::Undecided, "", "要確認", criteria, kArchivist);
    store.approve(id, "", kSupervisor);
    CHECK_THROWS_AS(store.mark(id, {1}, SelectionOutcome::Transfer, "city_history", "", criteria, kArchivist),
                    Conflict);
    CHECK_THROWS_AS(store.mark(id, {1, 2}, SelectionOutcome::Transfer, "city_history", "", criteria, kArchivist),
                    Conflict);
    // A 保留 row is decided later, approved in turn.
    store.mark(id, {2}, SelectionOutcome::Transfer, "city_history", "", criteria, kArchivist);
    // The decisions cannot be rewritten in SQL either.
    CHECK_THROWS(catalog.db().exec("UPDATE selection_decisions SET outcome = 'transfer'"));
    CHECK_THROWS(catalog.db().exec("DELETE FROM selection_decisions"));
    // A correction needs its reason, and an approved decision to correct.
    CHECK_THROWS_AS(store.correct(id, 1, SelectionOutcome::Transfer, "city_history", "", " ", criteria, kArchivist),
                    InputError);
    CHECK_THROWS_AS(store.correct(id, 3, SelectionOutcome::Transfer, "city_history", "", "r", criteria, kArchivist),
                    Conflict);
    store.correct(id, 1, SelectionOutcome::Transfer, "city_history", "", "市史編さん室の求め", criteria, kArchivist);
    auto b = store.batch(id);
    CHECK(b->rows[0].outcome() == SelectionOutcome::Destroy);  // until approved
    CHECK(b->rows[0].pending());
    CHECK(b->rows[0].latest->corrects == b->rows[0].in_force->id);
    store.approve(id, "", kSupervisor);
    b = store.batch(id);
    CHECK(b->rows[0].outcome() == SelectionOutcome::Transfer);
    CHECK(b->rows[1].outcome() == SelectionOutcome::Transfer);
    CHECK(b->history.size() == 4);  // nothing was overwritten
    const auto corrections = AuditTrail(catalog.db()).list({"", "selection.correct", "", "", ""});
    REQUIRE(corrections.size() == 1);
    CHECK(corrections[0].detail.find("市史編さん室の求め") != std::string::npos);
    CHECK(corrections[0].detail.find("\"was\":\"destroy\"") != std::string::npos);
  }

  SECTION("the report counts what is in force per 年度 and department") {
    store.mark(id, {1, 2}, SelectionOutcome::Destroy, "routine", "", criteria, kArchivist);
    store.mark(id, {3}, SelectionOutcome::Transfer, "ordinance", "", criteria, kArchivist);
    store.approve(id, "", kSupervisor);
    store.create_batch(2023, "財政課", "b.csv", three_rows(), kArchivist);
    const auto r = store.report();
    REQUIRE(r.rows.size() == 2);
    CHECK(r.fiscal_years == std::vector<int>{2023});
    const auto& soumu = r.rows[0].department == "総務課" ? r.rows[0] : r.rows[1];
    CHECK(soumu.listed == 3);
    CHECK(soumu.destroyed == 2);
    CHECK(soumu.transferred == 1);
    CHECK(soumu.undecided == 0);
    REQUIRE(r.criteria.size() == 2);
    CHECK(r.criteria[0].criterion == "routine");
    CHECK(r.criteria[0].rows == 2);
    const auto list = store.list();
    REQUIRE(list.size() == 2);
    CHECK(list[1].approved);
    CHECK_FALSE(list[0].approved);
    CHECK(list[0].undecided == 3);
  }
}
