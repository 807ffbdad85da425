// What a decision withholds stays withheld (archive/catalog/access_judgements.h): review
// dates never in the past, holds that imports, writes and reviews cannot break, the
// per-record review, the migration of decisions made before holds existed, and a
// randomized run of imports, decisions and reviews checked against a model of what
// must stay withheld.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "archive/catalog/access_judgements.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "archive/requests/request_store.h"
#include "archive/requests/review.h"
#include "archive/search/search.h"
#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using namespace std::chrono_literals;
using monjo::test::TempDir;

namespace {

const Actor kOfficer{"tanaka", Role::Officer};
const Actor kSupervisor{"sato", Role::Supervisor};
const Actor kReviewer{"kimura", Role::Archivist};

TimePoint at_10(const Ymd& day) {
  return japan_midnight(day) + 10h;
}
Ymd day(const char* iso) {
  return *Ymd::parse_iso(iso);
}

ItemDecision partial(const std::string& id, const std::string& category = "personal-general") {
  ItemDecision d;
  d.record_id = id;
  d.decision = Decision::PartialUse;
  d.grounds = {"personal"};
  d.article = "条例第17条第1項第1号イ";
  d.reason = "遺族の氏名を含むため";
  d.redactions = {Redaction{1, 1, "氏名", ""}};
  d.review_category = category;
  return d;
}

Record item(const std::string& id, const std::string& parent, const std::string& created,
            std::optional<Access> access = std::nullopt) {
  Record r = monjo::test::make_record(id, Level::Item, parent);
  r.date_text = created;
  r.date = DateInterval{day(created.c_str()), day(created.c_str())};
  r.description = "記述 " + id;
  r.access = std::move(access);
  return r;
}

Access restricted_until(const std::string& until) {
  Access a;
  a.status = AccessStatus::Restricted;
  a.grounds = {"personal"};
  a.until = until;
  a.reason = "目録上の理由";
  return a;
}

struct Desk {
  Catalog catalog{":memory:"};
  AuditTrail audit{catalog.db()};
  RequestStore requests{catalog.db(), audit, DeadlineCalculator(OrdinanceConfig{}, ArchiveCalendar{})};
  Desk() {
    catalog.insert(monjo::test::make_record("f", Level::Fonds, ""));
    catalog.insert(monjo::test::make_record("v", Level::Volume, "f"));
    catalog.insert(item("i1", "v", "1944-08-01", restricted_until("2020-03-31")));  // lapsed, never reviewed
    catalog.insert(item("i2", "v", "2000-05-01"));
  }
  std::string decide(const std::vector<ItemDecision>& items, const Ymd& on) {
    NewRequest n;
    for (const auto& i : items) n.record_ids.push_back(i.record_id);
    n.requester = {"相模 花子", "相模原市中央区1-2-3", "", "hanako@example.jp", "", false};
    const std::string receipt = requests.submit(n, at_10(on)).receipt;
    requests.apply(receipt, RequestEvent::Accept, kOfficer, "", at_10(on));
    for (const auto& i : items) requests.set_item_decision(receipt, i, kOfficer, at_10(on));
    requests.apply(receipt, RequestEvent::Draft, kOfficer, "", at_10(on));
    return receipt;
  }
  void approve_and_notify(const std::string& receipt, const Ymd& on) {
    requests.apply(receipt, RequestEvent::Approve, kSupervisor, "", at_10(on));
    requests.apply(receipt, RequestEvent::Notify, kOfficer, "", at_10(on));
  }
};

}  // namespace

TEST_CASE("a decision's review date is the later of the category's end and the decision day plus the interval",
          "[holds][review-date]") {
  RestrictionPeriodTable calendar;
  // Created 1947, 50 years: the period ended with 1997; decided 2026-12-01, 5 years on.
  auto lapsed = decision_review_date(calendar, "personal-general", day("1947-06-01"), day("2026-12-01"), 5);
  CHECK(lapsed.category_end == day("1998-01-01"));
  CHECK(lapsed.category_lapsed);
  CHECK(lapsed.date == day("2032-01-01"));
  // A period still running decides alone.
  auto running = decision_review_date(calendar, "personal-general", day("2000-05-01"), day("2026-12-01"), 5);
  CHECK_FALSE(running.category_lapsed);
  CHECK(running.date == day("2051-01-01"));
  // No category, no creation date: the interval alone.
  CHECK(decision_review_date(calendar, "", std::nullopt, day("2026-12-01"), 10).date == day("2037-01-01"));
  CHECK(decision_review_date(calendar, "personal-general", std::nullopt, day("2026-12-01"), 5).date ==
        day("2032-01-01"));
  // Counted by 年度 when the table counts so.
  RestrictionPeriodTable fiscal({{"personal-general", "personal", 50, "個人情報（一般）"}},
                                PeriodBase::FiscalYearEnd);
  CHECK(decision_review_date(fiscal, "personal-general", day("1947-06-01"), day("2026-12-01"), 5).date ==
        day("2032-04-01"));
  CHECK(decision_review_date(fiscal, "personal-general", day("1947-06-01"), day("2027-02-01"), 5).date ==
        day("2032-04-01"));
  // The interval is a key of [ordinance].
  CHECK(ordinance_config_from_ini({{"re_review_years", "10"}}).re_review_years == 10);
  CHECK_THROWS_AS(ordinance_config_from_ini({{"re_review_years", "0"}}), InputError);
}

TEST_CASE("the store computes the review date when saved and again when approved; one set by hand must follow the "
          "decision day",
          "[holds][review-date]") {
  Desk desk;
  const std::string receipt = desk.decide({partial("i1")}, day("2026-12-01"));
  auto saved = desk.requests.get(receipt).items[0].decision;
  CHECK(saved.review_after == day("2032-01-01"));
  CHECK_FALSE(saved.review_explicit);
  // Approved a month later, in the next year: counted from then.
  desk.approve_and_notify(receipt, day("2027-01-05"));
  CHECK(desk.requests.get(receipt).items[0].decision.review_after == day("2033-01-01"));
  CHECK(desk.catalog.get("i1")->access->until == "2033-01-01");

  // By hand: on or before the decision day is refused with the field and code.
  Desk other;
  NewRequest n;
  n.record_ids = {"i2"};
  n.requester = {"相模 花子", "相模原市", "", "hanako@example.jp", "", false};
  const std::string r2 = other.requests.submit(n, at_10(day("2026-12-01"))).receipt;
  other.requests.apply(r2, RequestEvent::Accept, kOfficer, "", at_10(day("2026-12-01")));
  ItemDecision early = partial("i2");
  early.review_after = day("2026-12-01");
  try {
    other.requests.set_item_decision(r2, early, kOfficer, at_10(day("2026-12-01")));
    FAIL("a review date on the decision day was accepted");
  } catch (const InvalidDecision& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0].field == "review_after");
    CHECK(e.errors()[0].code == "review_date_not_after_decision");
  }
  ItemDecision later = partial("i2");
  later.review_after = day("2027-01-10");
  other.requests.set_item_decision(r2, later, kOfficer, at_10(day("2026-12-01")));
  CHECK(other.requests.get(r2).items[0].decision.review_explicit);
  other.requests.apply(r2, RequestEvent::Draft, kOfficer, "", at_10(day("2026-12-01")));
  // Approved after that date: refused, nothing changes.
  CHECK_THROWS_AS(other.requests.apply(r2, RequestEvent::Approve, kSupervisor, "", at_10(day("2027-02-01"))),
                  InvalidDecision);
  CHECK(other.requests.get(r2).state == RequestState::Drafted);
  other.requests.apply(r2, RequestEvent::Approve, kSupervisor, "", at_10(day("2026-12-02")));
  CHECK(other.requests.get(r2).items[0].decision.review_after == day("2027-01-10"));  // kept as set
}

TEST_CASE("a hold keeps the record withheld against re-imports, direct writes and early reviews", "[holds]") {
  Desk desk;
  const std::string receipt = desk.decide({partial("i1")}, day("2026-12-01"));
  desk.approve_and_notify(receipt, day("2026-12-01"));
  auto hold = find_hold(desk.catalog.db(), "i1");
  REQUIRE(hold);
  CHECK(hold->review_on == "2032-01-01");

  SECTION("a re-import stating the old lapsed restriction, or open, keeps the hold's access") {
    desk.catalog.delete_subtree("i1");
    auto note = desk.catalog.insert(item("i1", "v", "1944-08-01", restricted_until("2020-03-31")));
    REQUIRE(note);
    CHECK(*note == "kept restricted until 2032-01-01 by " + receipt + " (2026-12-01)");
    CHECK(desk.catalog.get("i1")->access->until == "2032-01-01");
    CHECK(desk.catalog.get("i1")->access->reason == "目録上の理由");
    desk.catalog.delete_subtree("i1");
    Access open;
    REQUIRE(desk.catalog.insert(item("i1", "v", "1944-08-01", open)));
    auto access = desk.catalog.get("i1")->access;
    CHECK(access->status == AccessStatus::Restricted);
    CHECK(access->reason == "遺族の氏名を含むため");
    desk.catalog.delete_subtree("i1");
    REQUIRE(desk.catalog.insert(item("i1", "v", "1944-08-01")));  // nothing stated
    CHECK(desk.catalog.get("i1")->access->status == AccessStatus::Restricted);
    // A longer restriction is the file's to give.
    desk.catalog.delete_subtree("i1");
    CHECK_FALSE(desk.catalog.insert(item("i1", "v", "1944-08-01", restricted_until("2040-03-31"))));
    CHECK(desk.catalog.get("i1")->access->until == "2040-03-31");
  }
  SECTION("the database refuses a write that would open it, whichever code makes it") {
    CHECK_THROWS_AS(desk.catalog.set_access("i1", Access{}, "someone", "by hand"), monjo::archive::sql::Error);
    CHECK_THROWS_AS(desk.catalog.set_access("i1", std::nullopt, "someone", "by hand"), monjo::archive::sql::Error);
    CHECK_THROWS_AS(desk.catalog.set_access("i1", restricted_until("2031-12-31"), "someone", "by hand"),
                    monjo::archive::sql::Error);
    CHECK_THROWS_AS(desk.catalog.db().exec("UPDATE records SET access_status = 'open' WHERE id = 'i1'"),
                    monjo::archive::sql::Error);
    desk.catalog.set_access("i1", restricted_until("2035-03-31"), "someone", "longer");  // allowed
  }
  SECTION("a review before the review date is refused; on it, it opens") {
    CHECK_THROWS_AS(
        open_restrictions(desk.catalog, desk.audit, {"i1"}, day("2031-12-31"), "早すぎる", kReviewer,
                          at_10(day("2031-12-31"))),
        Conflict);
    CHECK(find_lapsed(desk.catalog, day("2031-12-31")).empty());
    // `until` is the review date itself: due from the day after.
    auto due = find_lapsed(desk.catalog, day("2032-01-02"));
    REQUIRE(due.size() == 1);
    CHECK(due[0].decisions.size() == 1);
    CHECK(due[0].decisions[0].receipt == receipt);
    CHECK(due[0].decisions[0].decision == "partial");
    auto opened = open_restrictions(desk.catalog, desk.audit, {"i1"}, day("2032-01-02"), "遺族の同意", kReviewer,
                                    at_10(day("2032-01-02")));
    CHECK(opened.lifted == 1);
    CHECK_FALSE(find_hold(desk.catalog.db(), "i1"));
    CHECK(desk.catalog.get("i1")->access->status == AccessStatus::Open);
  }
  SECTION("kept after review, it is held again until the new date") {
    Access kept = restricted_until("2040-01-01");
    auto outcome =
        keep_restriction(desk.catalog, desk.audit, "i1", kept, "存命の遺族あり", kReviewer, at_10(day("2032-01-02")));
    CHECK(outcome.restricted == 1);
    CHECK(find_hold(desk.catalog.db(), "i1")->review_on == "2040-01-01");
    CHECK(find_hold(desk.catalog.db(), "i1")->source == "review");
    CHECK_THROWS_AS(keep_restriction(desk.catalog, desk.audit, "i1", restricted_until("2032-01-02"), "x", kReviewer,
                                     at_10(day("2032-01-02"))),
                    InputError);
    CHECK_THROWS_AS(keep_restriction(desk.catalog, desk.audit, "i1", restricted_until("2041-01-01"), " ", kReviewer,
                                     at_10(day("2032-01-02"))),
                    InputError);
  }
  SECTION("a later 全部利用 takes the hold away, leaving the opening to the review") {
    const std::string later = desk.decide({ItemDecision{"i1", Decision::FullUse, {}, "", "", {}, "", {}, false, {}}},
                                          day("2027-06-01"));
    desk.approve_and_notify(later, day("2027-06-01"));
    CHECK_FALSE(find_hold(desk.catalog.db(), "i1"));
    REQUIRE(find_decision_changes(desk.catalog).size() == 1);
  }
}

TEST_CASE("a decision on a volume makes its items that state open inherit it", "[holds]") {
  Desk desk;
  Access open;
  desk.catalog.insert(item("i3", "v", "1950-01-01", open));
  ItemDecision none;
  none.record_id = "v";
  none.decision = Decision::NoUse;
  none.grounds = {"personal"};
  none.article = "条例第17条第1項第1号イ";
  none.reason = "全体に個人情報";
  const std::string receipt = desk.decide({none}, day("2026-12-01"));
  desk.approve_and_notify(receipt, day("2026-12-01"));
  CHECK(desk.catalog.get("v")->access->status == AccessStatus::Closed);
  CHECK_FALSE(desk.catalog.get("i3")->access);  // inherits closed
  // Re-imported stating open, it still inherits.
  desk.catalog.delete_subtree("i3");
  auto note = desk.catalog.insert(item("i3", "v", "1950-01-01", open));
  REQUIRE(note);
  CHECK_FALSE(desk.catalog.get("i3")->access);
}

TEST_CASE("migration 7 withholds again what landed decisions withheld, with review dates never in the past",
          "[holds][migration]") {
  TempDir dir;
  const std::string path = (dir.path / "catalog.sqlite").string();
  {
    sql::Database db(path, sql::Database::Mode::ReadWrite);
    Catalog::migrate_to(db, 6);
    db.exec(
        "INSERT INTO records(id, level, parent_id, root_id, position, title, date_end, access_status, access_grounds, "
        "access_until) VALUES ('f', 'fonds', NULL, 'f', 0, 'F', NULL, NULL, NULL, NULL),"
        "('a', 'item', 'f', 'f', 0, 'A', '1947-12-31', 'open', NULL, NULL),"
        "('b', 'item', 'f', 'f', 1, 'B', '1953-12-31', 'restricted', 'personal', '2004-01-01'),"
        "('c', 'item', 'f', 'f', 2, 'C', '1953-12-31', 'review', NULL, NULL)");
    db.exec(
        "INSERT INTO requests(receipt, state, received_at, received_on, fiscal_year, use_method, medium, decided_on, "
        "notified_on, updated_at, requester_name, requester_address, token_hash) VALUES "
        "('R2026-000001', 'notified', '2026-11-20T01:00:00Z', '2026-11-20', 2026, 'view', 'paper', '2026-11-25', "
        "'2026-11-26', '2026-11-26T01:00:00Z', 'n', 'a', 'h')");
    db.exec(
        "INSERT INTO request_items(receipt, position, record_id, decision, grounds, reason, review_category, "
        "review_after) VALUES ('R2026-000001', 1, 'a', 'partial', 'personal', '氏名', 'personal-general', "
        "'1998-01-01'), ('R2026-000001', 2, 'b', 'none', 'personal', '全部', NULL, NULL), "
        "('R2026-000001', 3, 'c', 'full', NULL, NULL, NULL, NULL)");
    db.exec(
        "INSERT INTO decision_changes(record_id, receipt, decision, grounds, reason, review_after, decided_on, "
        "created_at) VALUES ('a', 'R2026-000001', 'partial', 'personal', '氏名', '1998-01-01', '2026-11-25', "
        "'2026-11-26T01:00:00Z'), ('c', 'R2026-000001', 'full', NULL, NULL, NULL, '2026-11-25', "
        "'2026-11-26T01:00:00Z')");
  }
  Catalog catalog(path);
  CHECK(catalog.schema_version() >= 7);
  CHECK(catalog.generation() == 1);
  auto a = catalog.get("a")->access;
  REQUIRE(a);
  CHECK(a->status == AccessStatus::Restricted);
  CHECK(a->until == "2032-01-01");
  auto b = catalog.get("b")->access;
  CHECK(b->status == AccessStatus::Closed);
  CHECK(b->until == "2032-01-01");
  CHECK(find_hold(catalog.db(), "a"));
  CHECK(find_hold(catalog.db(), "b"));
  CHECK_FALSE(find_hold(catalog.db(), "c"));
  // The 一部利用 row is done; the 全部利用 one still waits for the review.
  auto pending = find_decision_changes(catalog);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].record_id == "c");
  CHECK_THROWS_AS(catalog.set_access("a", Access{}, "x", "y"), sql::Error);
}

// A randomized run: imports of the fonds as first catalogued (with lapsed and open
// statements), decisions of every kind on random items at random days, approvals,
// notices, and reviews (--all, and named ones) at random days. A model kept by the
// test says which records an approved, notified decision withholds and until when;
// after every step, none of those records' withheld words may be found from the
// public index, nor be in their public view, unless a review on or after the
// review date opened them since.
TEST_CASE("randomized: nothing an approved decision withholds is ever public before a review on its date",
          "[holds][randomized]") {
  TempDir dir;
  const std::string data = dir.path.string();
  const std::string file = (dir.path / "fonds.xml").string();
  constexpr int kItems = 8;
  std::mt19937 rng(20261201);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto marker = [](int i) { return "印" + std::to_string(1000 + i) + "号"; };
  auto write_fonds = [&](std::mt19937& g) {
    std::ofstream out(file);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n"
        << "<fonds id=\"rf\"><title>無作為</title><volume id=\"rv\"><title>簿冊</title>\n";
    for (int i = 0; i < kItems; ++i) {
      out << "<item id=\"ri" << i << "\"><title>件名" << i << "</title><date>昭和2" << i << "年</date>"
          << "<description>" << marker(i) << " の記述</description>";
      switch (g() % 3) {
        case 0:
          out << "<access status=\"open\"/>";
          break;
        case 1:
          out << "<access status=\"restricted\" grounds=\"personal\" until=\"2020-03-31\">理由</access>";
          break;
        default:
          break;
      }
      out << "</item>\n";
    }
    out << "</volume></fonds>\n</catalog>\n";
  };
  std::mt19937 file_rng(7);
  write_fonds(file_rng);
  {
    Catalog catalog(data + "/catalog.sqlite");
    auto r = monjo::indexer::import_files(catalog, {file}, {});
    monjo::indexer::update_indexes(catalog, data, r.roots, r.generation_before);
  }
  Catalog catalog(data + "/catalog.sqlite");
  AuditTrail audit(catalog.db());
  RequestStore requests(catalog.db(), audit, DeadlineCalculator(OrdinanceConfig{}, ArchiveCalendar{}));
  Searcher searcher(data, IndexSide::Public);

  std::map<std::string, Ymd> withheld;  // record → review date of the decision that withholds it
  Ymd today = day("2026-12-01");
  struct Open {
    std::string receipt;
    std::vector<ItemDecision> items;
  };
  std::vector<Open> drafted;
  long checks = 0;
  for (int step = 0; step < 120; ++step) {
    today = add_days(today, pick(3) == 0 ? pick(900) : pick(20));
    const TimePoint now = at_10(today);
    const uint64_t before = catalog.generation();
    std::vector<std::string> touched;
    switch (pick(5)) {
      case 0: {  // re-import the fonds as catalogued, with random statements
        write_fonds(file_rng);
        auto r = monjo::indexer::import_files(catalog, {file}, {});
        touched = r.roots;
        break;
      }
      case 1:
      case 2: {  // a new request decided on one to three items
        NewRequest n;
        std::set<int> chosen;
        for (int k = 0, m = 1 + pick(3); k < m; ++k) chosen.insert(pick(kItems));
        for (int i : chosen) n.record_ids.push_back("ri" + std::to_string(i));
        n.requester = {"相模 花子", "相模原市", "", "hanako@example.jp", "", false};
        const std::string receipt = requests.submit(n, now).receipt;
        requests.apply(receipt, RequestEvent::Accept, kOfficer, "", now);
        Open o{receipt, {}};
        for (const auto& id : n.record_ids) {
          ItemDecision d;
          switch (pick(3)) {
            case 0:
              d.record_id = id;
              d.decision = Decision::FullUse;
              break;
            case 1:
              d = partial(id, pick(2) ? "personal-general" : "");
              break;
            default:
              d = partial(id, "personal-sensitive");
              d.decision = Decision::NoUse;
              d.redactions.clear();
              break;
          }
          requests.set_item_decision(receipt, d, kOfficer, now);
          o.items.push_back(d);
        }
        requests.apply(receipt, RequestEvent::Draft, kOfficer, "", now);
        drafted.push_back(o);
        break;
      }
      case 3: {  // approve and notify the oldest drafted request
        if (drafted.empty()) break;
        const Open o = drafted.front();
        drafted.erase(drafted.begin());
        requests.apply(o.receipt, RequestEvent::Approve, kSupervisor, "", now);
        requests.apply(o.receipt, RequestEvent::Notify, kOfficer, "", now);
        for (const auto& item : requests.get(o.receipt).items) {
          if (item.decision.decision == Decision::FullUse) {
            withheld.erase(item.decision.record_id);
          } else {
            REQUIRE(item.decision.review_after);
            CHECK(today < *item.decision.review_after);  // never in the past
            withheld[item.decision.record_id] = *item.decision.review_after;
          }
        }
        touched = {"rf"};
        break;
      }
      default: {  // review: everything due, or one named record
        auto due = find_lapsed(catalog, today);
        std::vector<std::string> ids;
        for (const auto& l : due) {
          if (pick(2)) ids.push_back(l.id);
        }
        if (!ids.empty()) {
          auto outcome = open_restrictions(catalog, audit, ids, today, "見直し", kReviewer, now);
          for (const auto& id : ids) {
            auto w = withheld.find(id);
            if (w != withheld.end()) {
              CHECK_FALSE(today < w->second);  // opened only on or after its review date
              withheld.erase(w);
            }
          }
          touched = outcome.root_ids;
        }
        auto changes = find_decision_changes(catalog);
        if (!changes.empty()) {
          auto outcome = apply_decision_changes(catalog, audit, changes, kReviewer, now);
          touched.insert(touched.end(), outcome.root_ids.begin(), outcome.root_ids.end());
        }
        // Naming a held record early is refused.
        for (const auto& [id, until] : withheld) {
          if (today < until) {
            CHECK_THROWS(open_restrictions(catalog, audit, {id}, today, "早すぎる", kReviewer, now));
          }
        }
        break;
      }
    }
    if (catalog.generation() != before) monjo::indexer::update_indexes(catalog, data, {"rf"}, before);
    searcher.refresh();
    for (const auto& [id, until] : withheld) {
      const int i = std::stoi(id.substr(2));
      SearchRequest q;
      q.query = marker(i);
      INFO("step " << step << " day " << today.iso() << " " << id << " withheld until " << until.iso());
      CHECK(searcher.search(q).total == 0);
      auto record = catalog.get(id);
      REQUIRE(record);
      std::vector<Record> up = catalog.ancestors(id);
      std::vector<const Record*> chain;
      for (const auto& a : up) chain.push_back(&a);
      chain.push_back(&*record);
      CHECK(public_view(*record, effective_access(chain)).description.empty());
      ++checks;
    }
  }
  CHECK(checks > 100);  // the run did exercise held records
}
