// Decisions judge restrictions: a notified 一部利用 or 利用させない restricts or closes
// its record at once, until its review date, and holds it there; a notified 全部利用
// of a record the catalog withholds leaves a pending change that the review applies,
// resolves and audits. Also the requester's own steps the store guards: the appeal
// window and the purge of what the requester wrote.
#include <catch2/catch.hpp>

#include "archive/catalog/access_judgements.h"
#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "archive/requests/request_store.h"
#include "archive/requests/review.h"

using namespace monjo::archive;
using namespace std::chrono_literals;

namespace {

const Actor kOfficer{"tanaka", Role::Officer};
const Actor kSupervisor{"sato", Role::Supervisor};
const Actor kAdmin{"root-admin", Role::Admin};
const Actor kReviewer{"kimura", Role::Archivist};

TimePoint at_10(int y, int m, int d) {
  return japan_midnight(Ymd{y, m, d}) + 10h;
}

Record make(const std::string& id, Level level, const std::string& parent,
            std::optional<AccessStatus> status = std::nullopt) {
  Record r;
  r.id = id;
  r.level = level;
  r.parent_id = parent;
  r.title = "題 " + id;
  r.description = "記述 " + id;
  if (status) {
    Access a;
    a.status = *status;
    if (*status != AccessStatus::Open) {
      a.grounds = {"personal"};
      a.until = "2055-03-31";
      a.reason = "目録上の理由";
    }
    r.access = a;
  }
  return r;
}

// f (open) ─ v1 ─ v1-001 (要審査), v1-002 (restricted), v1-003 (open)
//          └ v2 (closed) ─ v2-001, v2-002 (inherit closed)
struct Desk {
  Catalog catalog{":memory:"};
  AuditTrail audit{catalog.db()};
  RequestStore requests{catalog.db(), audit, DeadlineCalculator(OrdinanceConfig{}, ArchiveCalendar{})};
  Desk() {
    catalog.insert(make("f", Level::Fonds, ""));
    catalog.insert(make("v1", Level::Volume, "f"));
    catalog.insert(make("v1-001", Level::Item, "v1", AccessStatus::Review));
    catalog.insert(make("v1-002", Level::Item, "v1", AccessStatus::Restricted));
    catalog.insert(make("v1-003", Level::Item, "v1"));
    catalog.insert(make("v2", Level::Volume, "f", AccessStatus::Closed));
    catalog.insert(make("v2-001", Level::Item, "v2"));
    catalog.insert(make("v2-002", Level::Item, "v2"));
  }
  Receipt submit(TimePoint when, std::vector<std::string> ids) {
    NewRequest n;
    n.record_ids = std::move(ids);
    n.requester = {"相模 花子", "相模原市中央区1-2-3", "042-000-0000", "hanako@example.jp", "", false};
    return requests.submit(n, when);
  }
  std::optional<Access> access_of(const std::string& id) { return catalog.get(id)->access; }
  long count(const std::string& sql) {
    auto st = catalog.db().prepare(sql);
    st.step();
    long n = static_cast<long>(st.integer(0));
    st.reset();
    return n;
  }
};

ItemDecision full(const std::string& id) {
  ItemDecision d;
  d.record_id = id;
  d.decision = Decision::FullUse;
  return d;
}

ItemDecision limited(const std::string& id, Decision kind) {
  ItemDecision d;
  d.record_id = id;
  d.decision = kind;
  d.grounds = {"personal"};
  d.article = "条例第17条第1項第1号イ";
  d.reason = "個人の恩給額が記載されているため";
  if (kind == Decision::PartialUse) d.redactions = {Redaction{1, 2, "氏名・恩給額", ""}};
  d.review_after = Ymd{2046, 1, 1};
  return d;
}

// Accepted on 4/6, drafted, approved on 4/7, notified on 4/8.
void decide(Desk& desk, const std::string& receipt, const std::vector<ItemDecision>& items) {
  desk.requests.apply(receipt, RequestEvent::Accept, kOfficer, "", at_10(2026, 4, 6));
  for (const auto& item : items) desk.requests.set_item_decision(receipt, item, kOfficer, at_10(2026, 4, 6));
  desk.requests.apply(receipt, RequestEvent::Draft, kOfficer, "", at_10(2026, 4, 6));
  desk.requests.apply(receipt, RequestEvent::Approve, kSupervisor, "", at_10(2026, 4, 7));
}

void notify(Desk& desk, const std::string& receipt) {
  desk.requests.apply(receipt, RequestEvent::Notify, kOfficer, "", at_10(2026, 4, 8));
}

const DecisionChange* change_for(const std::vector<DecisionChange>& changes, const std::string& id) {
  for (const auto& c : changes) {
    if (c.record_id == id) return &c;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a notified decision withholds at once what it withholds, and leaves what 全部利用 opens to the review",
          "[review][requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1), {"v1-001", "v1-002", "v1-003", "v2-001", "v2-002"});
  decide(desk, r.receipt,
         {full("v1-001"), limited("v1-002", Decision::PartialUse), full("v1-003"),
          limited("v2-001", Decision::PartialUse), limited("v2-002", Decision::NoUse)});
  // Approval alone changes nothing: the requester has not been told yet.
  CHECK(desk.requests.pending_catalog_changes() == 0);
  CHECK(desk.access_of("v1-002")->until == "2055-03-31");
  const uint64_t generation = desk.catalog.generation();
  notify(desk, r.receipt);
  CHECK(desk.catalog.generation() == generation + 1);

  // 一部利用 and 利用させない: the decision is the latest judgement, stated on each
  // record with its grounds, reason and review date, and held until then.
  for (const char* id : {"v1-002", "v2-001", "v2-002"}) {
    INFO(id);
    auto a = desk.access_of(id);
    REQUIRE(a);
    CHECK(a->status == (std::string(id) == "v2-002" ? AccessStatus::Closed : AccessStatus::Restricted));
    CHECK(a->grounds == std::vector<std::string>{"personal"});
    CHECK(a->until == "2046-01-01");
    CHECK(a->reason == "個人の恩給額が記載されているため");
    auto hold = find_hold(desk.catalog.db(), id);
    REQUIRE(hold);
    CHECK(hold->ref == r.receipt);
    CHECK(hold->review_on == "2046-01-01");
    CHECK(hold->decided_on == "2026-04-07");  // the day of 決裁, not of the notice
  }
  CHECK(desk.count("SELECT count(*) FROM access_history WHERE record_id = 'v1-002' AND old_until = '2055-03-31' AND "
                   "new_status = 'restricted' AND actor = 'tanaka'") == 1);
  // The volume's own statement is untouched.
  CHECK(desk.access_of("v2")->status == AccessStatus::Closed);

  // 全部利用 of the 要審査 item waits for the review; the open item needs nothing.
  CHECK(desk.requests.pending_catalog_changes() == 1);
  auto changes = find_decision_changes(desk.catalog);
  REQUIRE(changes.size() == 1);
  const auto* review = change_for(changes, "v1-001");
  REQUIRE(review);
  CHECK(review->receipt == r.receipt);
  CHECK(review->decision == Decision::FullUse);
  CHECK(review->decided_on == "2026-04-07");
  CHECK(review->status == AccessStatus::Review);
  CHECK(review->root_id == "f");
  CHECK(describe_decision_change(*review) == "opened by decision " + r.receipt + " on 2026-04-07: 全部利用");
  CHECK_FALSE(find_hold(desk.catalog.db(), "v1-001"));
  CHECK(desk.access_of("v1-001")->status == AccessStatus::Review);

  AuditFilter f;
  f.action = "request.notify";
  auto entries = desk.audit.list(f);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].detail.find("catalog_changes=4") != std::string::npos);
}

TEST_CASE("the review applies 全部利用 decisions: the record opens, the change is resolved and audited",
          "[review][requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1), {"v1-001", "v1-002", "v2-001"});
  decide(desk, r.receipt,
         {full("v1-001"), limited("v1-002", Decision::PartialUse), limited("v2-001", Decision::PartialUse)});
  notify(desk, r.receipt);
  const uint64_t generation = desk.catalog.generation();
  auto changes = find_decision_changes(desk.catalog);
  auto outcome = apply_decision_changes(desk.catalog, desk.audit, changes, kReviewer, at_10(2026, 5, 1));

  CHECK(outcome.lifted == 1);
  CHECK(outcome.resolved == 1);
  CHECK(outcome.root_ids == std::vector<std::string>{"f"});
  CHECK(outcome.generation_before == generation);
  CHECK(desk.catalog.generation() > generation);

  // 全部利用: open, stated on the record itself.
  REQUIRE(desk.access_of("v1-001"));
  CHECK(desk.access_of("v1-001")->status == AccessStatus::Open);
  // The 一部利用 items stay as their decision left them.
  CHECK(desk.access_of("v1-002")->status == AccessStatus::Restricted);
  CHECK(desk.access_of("v2-001")->until == "2046-01-01");
  CHECK_FALSE(desk.access_of("v2-002"));

  // Resolved, with who and what; nothing is pending any more.
  CHECK(find_decision_changes(desk.catalog).empty());
  CHECK(desk.requests.pending_catalog_changes() == 0);
  CHECK(desk.count("SELECT count(*) FROM decision_changes WHERE resolved_by = 'kimura' AND resolved_at = "
                   "'2026-05-01T01:00:00Z' AND outcome = 'opened'") == 1);
  // The old judgment stays in the access history, and each change is audited.
  CHECK(desk.count("SELECT count(*) FROM access_history WHERE record_id = 'v1-001' AND old_status = 'review' AND "
                   "new_status = 'open' AND actor = 'kimura'") == 1);
  AuditFilter f;
  f.action = "catalog.decision";
  f.target = "v1-001";
  REQUIRE(desk.audit.list(f).size() == 1);
  CHECK(desk.audit.list(f)[0].detail == r.receipt + " full on 2026-04-07: review→opened");
  CHECK(desk.audit.verify().ok);
  CHECK(desk.requests.statistics(fiscal_year_of(japan_day(now_seconds()))).restrictions_lifted == 1);

  // Applying the same list again changes nothing.
  auto again = apply_decision_changes(desk.catalog, desk.audit, changes, kReviewer, at_10(2026, 5, 2));
  CHECK(again.resolved == 0);
  CHECK(again.lifted == 0);
}

TEST_CASE("a decision change whose record was opened meanwhile or has gone is resolved without a catalog change",
          "[review][requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1), {"v1-001", "v2-001"});
  decide(desk, r.receipt, {full("v1-001"), full("v2-001")});
  notify(desk, r.receipt);
  Access open;
  desk.catalog.set_access("v1-001", open, "someone", "opened by hand");
  desk.catalog.delete_subtree("v2");
  auto changes = find_decision_changes(desk.catalog);
  REQUIRE(changes.size() == 2);
  CHECK(change_for(changes, "v2-001")->missing);
  CHECK(change_for(changes, "v1-001")->status == AccessStatus::Open);
  auto outcome = apply_decision_changes(desk.catalog, desk.audit, changes, kReviewer, at_10(2026, 5, 1));
  CHECK(outcome.resolved == 2);
  CHECK(outcome.lifted == 0);
  CHECK(outcome.root_ids.empty());
  CHECK(desk.count("SELECT count(*) FROM decision_changes WHERE outcome = 'missing'") == 1);
  CHECK(desk.count("SELECT count(*) FROM decision_changes WHERE outcome = 'unchanged'") == 1);
  CHECK_THROWS_AS(apply_decision_changes(desk.catalog, desk.audit, changes, Actor{"", Role::Admin}), InputError);
}

TEST_CASE("a changed decision after an appeal is notified again and records its own catalog changes",
          "[review][requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1), {"v1-001"});
  decide(desk, r.receipt, {limited("v1-001", Decision::NoUse)});
  notify(desk, r.receipt);
  CHECK(desk.requests.pending_catalog_changes() == 0);
  // Appealed; reconsidered; granted in full by a changed decision, approved, notified.
  desk.requests.apply(r.receipt, RequestEvent::Appeal, kOfficer, "", at_10(2026, 5, 1));
  desk.requests.apply(r.receipt, RequestEvent::Reconsider, kOfficer, "", at_10(2026, 5, 2));
  desk.requests.set_item_decision(r.receipt, full("v1-001"), kOfficer, at_10(2026, 5, 2));
  desk.requests.apply(r.receipt, RequestEvent::GrantInFull, kOfficer, "", at_10(2026, 5, 2));
  desk.requests.apply(r.receipt, RequestEvent::Approve, kSupervisor, "", at_10(2026, 5, 7));
  desk.requests.apply(r.receipt, RequestEvent::Notify, kOfficer, "", at_10(2026, 5, 8));
  auto changes = find_decision_changes(desk.catalog);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].decision == Decision::FullUse);
}

TEST_CASE("a requester may appeal online only within the appeal window; an officer records a late one", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1), {"v1-003"});
  decide(desk, r.receipt, {full("v1-003")});
  notify(desk, r.receipt);  // learned on 2026-04-08: three months end on 2026-07-08
  auto status = desk.requests.find_by_receipt(r.receipt, r.token);
  REQUIRE(status.appeal_until);
  CHECK(*status.appeal_until == Ymd{2026, 7, 8});

  CHECK_THROWS_AS(desk.requests.apply_as_requester(r.receipt, r.token, RequestEvent::Appeal, "理由", at_10(2026, 7, 9)),
                  Conflict);
  CHECK(desk.requests.get(r.receipt).state == RequestState::Notified);
  auto late = desk.requests.apply(r.receipt, RequestEvent::Appeal, kOfficer, "正当な理由あり", at_10(2026, 7, 9));
  CHECK(late.state == RequestState::Appealed);
  CHECK_FALSE(late.appeal_in_time);

  auto other = desk.submit(at_10(2026, 4, 1), {"v1-003"});
  decide(desk, other.receipt, {full("v1-003")});
  notify(desk, other.receipt);
  auto in_time =
      desk.requests.apply_as_requester(other.receipt, other.token, RequestEvent::Appeal, "理由", at_10(2026, 7, 8));
  CHECK(in_time.state == RequestState::Appealed);
  CHECK(in_time.appeal_in_time);
  // Before any decision there is no window to show.
  auto fresh = desk.submit(at_10(2026, 4, 1), {"v1-003"});
  CHECK_FALSE(desk.requests.find_by_receipt(fresh.receipt, fresh.token).appeal_until);
}

TEST_CASE("the purge also removes what the requester wrote in a correction's answer", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1), {"v1-003"});
  desk.requests.apply(r.receipt, RequestEvent::RequestCorrection, kOfficer, "住所の番地を補ってください",
                      at_10(2026, 4, 2));
  desk.requests.apply_as_requester(r.receipt, r.token, RequestEvent::SubmitCorrection, "番地は1-2-3です",
                                   at_10(2026, 4, 3));
  desk.requests.apply_as_requester(r.receipt, r.token, RequestEvent::Withdraw, "", at_10(2026, 4, 4));
  CHECK(desk.count("SELECT count(*) FROM request_events WHERE note = '番地は1-2-3です'") == 1);
  desk.requests.purge_closed_before(Ymd{2031, 4, 5}, kAdmin);
  CHECK(desk.count("SELECT count(*) FROM request_events WHERE note = '番地は1-2-3です'") == 0);
  // The officer's own words stay.
  CHECK(desk.count("SELECT count(*) FROM request_events WHERE note = '住所の番地を補ってください'") == 1);
}

TEST_CASE("a review before a decision's review date may extend or tighten its hold, never shorten or loosen it",
          "[review][requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1), {"v1-002", "v2-002"});
  decide(desk, r.receipt, {limited("v1-002", Decision::PartialUse), limited("v2-002", Decision::NoUse)});
  notify(desk, r.receipt);
  auto access = [](AccessStatus status, const std::string& until) {
    Access a;
    a.status = status;
    a.grounds = {"personal"};
    a.until = until;
    return a;
  };
  const uint64_t generation = desk.catalog.generation();
  const TimePoint now = at_10(2027, 6, 1);

  // Bringing the decision's date (2046-01-01) forward, by a keep or a change.
  CHECK_THROWS_WITH(keep_restriction(desk.catalog, desk.audit, "v1-002", access(AccessStatus::Restricted, "2030-03-31"),
                                     "見直し", kReviewer, now),
                    Catch::Contains("decision " + r.receipt) && Catch::Contains("cannot be earlier"));
  CHECK_THROWS_AS(change_restriction(desk.catalog, desk.audit, "v1-002", access(AccessStatus::Closed, "2045-12-31"),
                                     "見直し", kReviewer, now),
                  Conflict);
  // 利用させない loosened to 一部利用 before its date.
  CHECK_THROWS_WITH(change_restriction(desk.catalog, desk.audit, "v2-002",
                                       access(AccessStatus::Restricted, "2050-01-01"), "見直し", kReviewer, now),
                    Catch::Contains("cannot be loosened"));
  CHECK(desk.catalog.generation() == generation);
  CHECK(desk.access_of("v1-002")->until == "2046-01-01");
  CHECK(desk.access_of("v2-002")->status == AccessStatus::Closed);

  // Later, or stricter: allowed, and the review becomes the hold.
  keep_restriction(desk.catalog, desk.audit, "v1-002", access(AccessStatus::Restricted, "2050-03-31"), "遺族存命",
                   kReviewer, now);
  change_restriction(desk.catalog, desk.audit, "v1-002", access(AccessStatus::Closed, "2050-03-31"), "全体が個人情報",
                     kReviewer, now);
  auto hold = find_hold(desk.catalog.db(), "v1-002");
  REQUIRE(hold);
  CHECK(hold->source == "review");
  CHECK(desk.access_of("v1-002")->status == AccessStatus::Closed);
  // The reviewer's own earlier review can be corrected.
  keep_restriction(desk.catalog, desk.audit, "v1-002", access(AccessStatus::Closed, "2048-03-31"), "日付の訂正",
                   kReviewer, now);
  CHECK(desk.access_of("v1-002")->until == "2048-03-31");
}
