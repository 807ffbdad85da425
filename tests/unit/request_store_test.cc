// Use requests in SQLite: intake and the citizen's status page, the officer
// workflow through the transition table with deadlines, item decisions, the queue,
// the purge of requesters' data and the annual statistics.
#include <catch2/catch.hpp>

#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "archive/requests/request_store.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using namespace std::chrono_literals;

namespace {

const Actor kOfficer{"tanaka", Role::Officer};
const Actor kOfficer2{"yamada", Role::Officer};
const Actor kSupervisor{"sato", Role::Supervisor};
const Actor kAdmin{"root-admin", Role::Admin};
const Actor kArchivist{"kimura", Role::Archivist};

// 10:00 in Japan on `day`.
TimePoint at_10(int y, int m, int d) {
  return japan_midnight(Ymd{y, m, d}) + 10h;
}

Record make(const std::string& id, Level level, const std::string& parent) {
  return monjo::test::make_record(id, level, parent);
}

struct Desk {
  Catalog catalog{":memory:"};
  AuditTrail audit{catalog.db()};
  RequestStore requests{catalog.db(), audit, DeadlineCalculator(OrdinanceConfig{}, ArchiveCalendar{})};
  Desk() {
    catalog.insert(make("f", Level::Fonds, ""));
    catalog.insert(make("v1", Level::Volume, "f"));
    catalog.insert(make("v1-001", Level::Item, "v1"));
    catalog.insert(make("v1-002", Level::Item, "v1"));
  }
  Receipt submit(TimePoint when, std::vector<std::string> ids = {"v1-001", "v1-002"},
                 UseMethod method = UseMethod::Copy) {
    NewRequest n;
    n.record_ids = std::move(ids);
    n.requester = {"相模 花子", "相模原市中央区1-2-3", "042-000-0000", "hanako@example.jp", "郷土史研究", false};
    n.method = method;
    n.medium = Medium::Paper;
    return requests.submit(n, when);
  }
};

ItemDecision full(const std::string& id) {
  ItemDecision d;
  d.record_id = id;
  d.decision = Decision::FullUse;
  return d;
}

ItemDecision partial(const std::string& id) {
  ItemDecision d;
  d.record_id = id;
  d.decision = Decision::PartialUse;
  d.grounds = {"personal"};
  d.article = "条例第17条第1項第1号イ";
  d.reason = "個人の恩給額が記載されているため";
  d.redactions = {Redaction{46, 47, "氏名・恩給額", ""}};
  return d;
}

// Received → Reviewing → items decided → Drafted → Approved → Notified.
void decide(Desk& desk, const std::string& receipt, TimePoint when, std::vector<ItemDecision> items) {
  desk.requests.apply(receipt, RequestEvent::Accept, kOfficer, "", when);
  for (const auto& item : items) desk.requests.set_item_decision(receipt, item, kOfficer, when);
  desk.requests.apply(receipt, RequestEvent::Draft, kOfficer, "", when);
  desk.requests.apply(receipt, RequestEvent::Approve, kSupervisor, "", when + 1h);
  desk.requests.apply(receipt, RequestEvent::Notify, kOfficer, "", when + 2h);
}

}  // namespace

TEST_CASE("a submitted request gets a receipt number of its 年度 and a secret token", "[requests]") {
  Desk desk;
  auto first = desk.submit(at_10(2026, 4, 1));
  auto second = desk.submit(at_10(2027, 3, 31));
  auto third = desk.submit(at_10(2027, 4, 1));
  CHECK(first.receipt == "R2026-000001");
  CHECK(second.receipt == "R2026-000002");
  CHECK(third.receipt == "R2027-000001");
  CHECK(first.token.size() == 64);
  CHECK(first.token != second.token);
  // Only the token's hash is stored.
  auto st = desk.catalog.db().prepare("SELECT count(*) FROM requests WHERE token_hash = ?");
  st.bind(1, first.token);
  st.step();
  CHECK(st.integer(0) == 0);
  st.reset();
}

TEST_CASE("the status page needs the right token, and says nothing else for a wrong one", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1));
  auto status = desk.requests.find_by_receipt(r.receipt, r.token);
  CHECK(status.state == RequestState::Received);
  CHECK(status.received_on == Ymd{2026, 4, 1});
  REQUIRE(status.items.size() == 2);
  CHECK(status.items[0].decision.record_id == "v1-001");
  CHECK_FALSE(status.decisions_visible);
  REQUIRE(status.deadlines.original);
  CHECK(*status.deadlines.original == Ymd{2026, 5, 1});
  CHECK(*status.deadlines.service_target == Ymd{2026, 4, 15});
  std::string wrong = r.token;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  CHECK_THROWS_AS(desk.requests.find_by_receipt(r.receipt, wrong), NotFound);
  CHECK_THROWS_AS(desk.requests.find_by_receipt(r.receipt, ""), NotFound);
  CHECK_THROWS_AS(desk.requests.find_by_receipt("R2026-999999", r.token), NotFound);
}

TEST_CASE("a request is received 到達日 in Japan: 23:30 UTC on 3/31 is 4/1 and 2026年度", "[requests]") {
  Desk desk;
  auto r = desk.submit(parse_iso_utc("2026-03-31T15:30:00Z"));
  CHECK(r.receipt == "R2026-000001");
  CHECK(desk.requests.get(r.receipt).received_on == Ymd{2026, 4, 1});
}

TEST_CASE("bad intake is refused and changes nothing", "[requests]") {
  Desk desk;
  NewRequest n;
  n.record_ids = {"v1-001"};
  n.requester = {"相模 花子", "相模原市", "", "hanako@example.jp", "", false};
  SECTION("no name") {
    n.requester.name = "\u3000 ";
    CHECK_THROWS_WITH(desk.requests.submit(n), Catch::Contains("name"));
  }
  SECTION("no way to reach the requester") {
    n.requester.email.clear();
    CHECK_THROWS_WITH(desk.requests.submit(n), Catch::Contains("phone or email"));
  }
  SECTION("an unknown record") {
    n.record_ids = {"v1-001", "nope"};
    CHECK_THROWS_WITH(desk.requests.submit(n), Catch::Contains("nope"));
  }
  SECTION("a record twice") {
    n.record_ids = {"v1-001", "v1-001"};
    CHECK_THROWS_AS(desk.requests.submit(n), InputError);
  }
  SECTION("no record") {
    n.record_ids.clear();
    CHECK_THROWS_AS(desk.requests.submit(n), InputError);
  }
  SECTION("control characters") {
    n.requester.address = "相模原市\x1b[31m";
    CHECK_THROWS_AS(desk.requests.submit(n), InputError);
  }
  CHECK(desk.requests.queue().empty());
  CHECK(desk.audit.count() == 0);
}

TEST_CASE("a request goes from receipt to closing with deadlines, events and audit entries", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1));
  const std::string& id = r.receipt;

  auto s = desk.requests.apply(id, RequestEvent::Accept, kOfficer, "形式審査済", at_10(2026, 4, 2));
  CHECK(s.state == RequestState::Reviewing);
  CHECK(s.assigned_officer == "tanaka");

  // A correction pauses the clock: asked 4/3, answered 4/8 → 4/4–4/8 (5 days) not counted.
  s = desk.requests.apply(id, RequestEvent::RequestCorrection, kOfficer, "対象の特定を求める", at_10(2026, 4, 3));
  CHECK(s.state == RequestState::Correcting);
  CHECK(s.deadlines.paused_since);
  CHECK_FALSE(s.deadlines.effective);
  s = desk.requests.apply_as_requester(id, r.token, RequestEvent::SubmitCorrection, "", at_10(2026, 4, 8));
  CHECK(s.state == RequestState::Received);
  REQUIRE(s.deadlines.original);
  CHECK(*s.deadlines.original == Ymd{2026, 5, 7});  // 5/1 + 5 days, after Golden Week's 5/6
  s = desk.requests.apply(id, RequestEvent::Accept, kOfficer, "", at_10(2026, 4, 9));

  // One extension, noticed within the first period.
  s = desk.requests.extend(id, 30, "審査対象が大量のため", kOfficer, at_10(2026, 4, 20));
  CHECK(s.extension_days == 30);
  REQUIRE(s.deadlines.extended);
  CHECK(*s.deadlines.effective == *s.deadlines.extended);
  CHECK_THROWS_AS(desk.requests.extend(id, 10, "again", kOfficer, at_10(2026, 4, 21)), Conflict);

  desk.requests.set_item_decision(id, full("v1-001"), kOfficer, at_10(2026, 4, 22));
  // A draft needs every item decided.
  CHECK_THROWS_AS(desk.requests.apply(id, RequestEvent::Draft, kOfficer, "", at_10(2026, 4, 22)), Conflict);
  desk.requests.set_item_decision(id, partial("v1-002"), kOfficer, at_10(2026, 4, 22));
  s = desk.requests.apply(id, RequestEvent::Draft, kOfficer, "", at_10(2026, 4, 22));
  CHECK(s.state == RequestState::Drafted);
  CHECK(s.drafter == "tanaka");

  // Nobody approves their own draft, and an officer does not approve at all.
  CHECK_THROWS_AS(desk.requests.apply(id, RequestEvent::Approve, kOfficer, "", at_10(2026, 4, 23)), Forbidden);
  s = desk.requests.apply(id, RequestEvent::Approve, kSupervisor, "", at_10(2026, 4, 23));
  CHECK(s.state == RequestState::Approved);
  CHECK(s.approver == "sato");
  CHECK(s.decided_on == Ymd{2026, 4, 23});

  // Before notice the citizen sees no decision; after it, each item's.
  CHECK_FALSE(desk.requests.find_by_receipt(id, r.token).decisions_visible);
  s = desk.requests.apply(id, RequestEvent::Notify, kOfficer, "", at_10(2026, 4, 24));
  auto status = desk.requests.find_by_receipt(id, r.token);
  CHECK(status.decisions_visible);
  CHECK(status.items.at(1).decision.decision == Decision::PartialUse);
  CHECK(status.items.at(1).decision.redactions.size() == 1);
  CHECK(status.items.at(1).decided_by.empty());

  EventDetails use;
  use.copies = 2;
  use.copy_pages = 14;
  use.fee_yen = 140;
  s = desk.requests.apply(id, RequestEvent::RecordUse, kArchivist, "", at_10(2026, 5, 12), use);
  CHECK(s.state == RequestState::Used);
  CHECK(s.copy_pages == 14);
  s = desk.requests.apply(id, RequestEvent::Close, kOfficer, "", at_10(2026, 5, 12));
  CHECK(s.state == RequestState::Closed);
  CHECK(s.closed_on == Ymd{2026, 5, 12});

  // Every transition is an event and an audit entry.
  CHECK(s.events.size() == 11);  // submit + 9 transitions + 1 extension
  AuditFilter f;
  f.target = id;
  CHECK(desk.audit.count(f) == 13);  // + 2 item decisions; the refused attempts leave none
  CHECK(desk.audit.verify().ok);
  CHECK(desk.requests.queue(at_10(2026, 5, 13)).empty());
}

TEST_CASE("transitions outside the table are refused and leave no trace", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1));
  long before = desk.audit.count();
  CHECK_THROWS_AS(desk.requests.apply(r.receipt, RequestEvent::Approve, kSupervisor, "", at_10(2026, 4, 2)), Conflict);
  CHECK_THROWS_AS(desk.requests.apply(r.receipt, RequestEvent::Notify, kOfficer, "", at_10(2026, 4, 2)), Conflict);
  CHECK_THROWS_AS(desk.requests.apply(r.receipt, RequestEvent::Accept, kArchivist, "", at_10(2026, 4, 2)), Forbidden);
  CHECK_THROWS_AS(desk.requests.apply(r.receipt, RequestEvent::Accept, kAdmin, "", at_10(2026, 4, 2)), Forbidden);
  // A citizen acts only with the token, and only on their own request.
  CHECK_THROWS_AS(desk.requests.apply(r.receipt, RequestEvent::Withdraw, Actor{r.receipt, Role::Citizen}, ""),
                  Forbidden);
  CHECK_THROWS_AS(desk.requests.apply_as_requester(r.receipt, std::string(64, '0'), RequestEvent::Withdraw, ""),
                  NotFound);
  CHECK_THROWS_AS(desk.requests.apply("R2026-000099", RequestEvent::Accept, kOfficer, ""), NotFound);
  CHECK(desk.requests.get(r.receipt).state == RequestState::Received);
  CHECK(desk.requests.get(r.receipt).events.size() == 1);
  CHECK(desk.audit.count() == before);
  auto s = desk.requests.apply_as_requester(r.receipt, r.token, RequestEvent::Withdraw, "", at_10(2026, 4, 3));
  CHECK(s.state == RequestState::Withdrawn);
  CHECK(s.closed_on == Ymd{2026, 4, 3});
}

TEST_CASE("item decisions are validated and only changed while under review", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1));
  CHECK_THROWS_AS(desk.requests.set_item_decision(r.receipt, full("v1-001"), kOfficer), Conflict);
  desk.requests.apply(r.receipt, RequestEvent::Accept, kOfficer, "", at_10(2026, 4, 2));
  ItemDecision no_reason = partial("v1-001");
  no_reason.reason.clear();
  CHECK_THROWS_WITH(desk.requests.set_item_decision(r.receipt, no_reason, kOfficer), Catch::Contains("reason"));
  CHECK_THROWS_AS(desk.requests.set_item_decision(r.receipt, full("v9"), kOfficer), NotFound);
  CHECK_THROWS_AS(desk.requests.set_item_decision(r.receipt, full("v1-001"), kArchivist), Forbidden);
  ItemDecision withheld = partial("v1-002");
  withheld.review_category = "personal-general";
  desk.requests.set_item_decision(r.receipt, withheld, kOfficer, at_10(2026, 4, 3), Ymd{1955, 6, 10});
  auto item = desk.requests.get(r.receipt).items.at(1);
  CHECK(item.decided);
  CHECK(item.decided_by == "tanaka");
  CHECK(item.decision.review_after);
}

TEST_CASE("a third party's objection makes use wait two weeks after the decision", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1));
  const std::string& id = r.receipt;
  desk.requests.apply(id, RequestEvent::Accept, kOfficer, "", at_10(2026, 4, 2));
  desk.requests.apply(id, RequestEvent::ConsultThirdParty, kOfficer, "", at_10(2026, 4, 3));
  EventDetails objection;
  objection.third_party_objected = true;
  desk.requests.apply(id, RequestEvent::EndConsultation, kOfficer, "", at_10(2026, 4, 10), objection);
  desk.requests.set_item_decision(id, full("v1-001"), kOfficer, at_10(2026, 4, 13));
  desk.requests.set_item_decision(id, full("v1-002"), kOfficer, at_10(2026, 4, 13));
  desk.requests.apply(id, RequestEvent::Draft, kOfficer, "", at_10(2026, 4, 13));
  auto s = desk.requests.apply(id, RequestEvent::Approve, kSupervisor, "", at_10(2026, 4, 14));
  CHECK(s.earliest_use == Ymd{2026, 4, 29});
  desk.requests.apply(id, RequestEvent::Notify, kOfficer, "", at_10(2026, 4, 14));
  CHECK_THROWS_AS(desk.requests.apply(id, RequestEvent::RecordUse, kArchivist, "", at_10(2026, 4, 28)), Conflict);
  CHECK(desk.requests.apply(id, RequestEvent::RecordUse, kArchivist, "", at_10(2026, 4, 30)).state ==
        RequestState::Used);
}

TEST_CASE("the queue sorts by deadline and marks overdue and due-soon requests", "[requests]") {
  Desk desk;
  auto a = desk.submit(at_10(2026, 4, 1));   // deadline 5/1
  auto b = desk.submit(at_10(2026, 3, 2));   // deadline 4/1
  auto c = desk.submit(at_10(2026, 4, 10));  // deadline 5/11 (5/10 is a Sunday)
  auto d = desk.submit(at_10(2026, 4, 2));
  desk.requests.apply(d.receipt, RequestEvent::RequestCorrection, kOfficer, "", at_10(2026, 4, 3));
  auto q = desk.requests.queue(at_10(2026, 4, 28));
  REQUIRE(q.size() == 4);
  CHECK(q[0].receipt == b.receipt);
  CHECK(q[0].due == DueStatus::Overdue);
  CHECK(q[0].days_left == -27);
  CHECK(q[1].receipt == a.receipt);
  CHECK(q[1].due == DueStatus::DueSoon);
  CHECK(q[2].receipt == c.receipt);
  CHECK(q[2].due == DueStatus::Ok);
  CHECK(*q[2].deadlines.effective == Ymd{2026, 5, 11});
  CHECK(q[3].receipt == d.receipt);
  CHECK(q[3].due == DueStatus::Paused);
  CHECK(q[3].item_count == 2);
}

TEST_CASE("requester details need the permission and every look is audited", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1));
  CHECK_THROWS_AS(desk.requests.requester_details(r.receipt, kArchivist), Forbidden);
  auto who = desk.requests.requester_details(r.receipt, kOfficer, at_10(2026, 4, 2));
  CHECK(who.name == "相模 花子");
  CHECK(who.email == "hanako@example.jp");
  AuditFilter f;
  f.action = "request.requester_details";
  auto entries = desk.audit.list(f);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].actor == "tanaka");
  CHECK(entries[0].target == r.receipt);
  // No audit entry carries the requester's data.
  for (const auto& e : desk.audit.list({}, 100)) {
    CHECK(e.detail.find("相模 花子") == std::string::npos);
    CHECK(e.detail.find("hanako") == std::string::npos);
  }
}

TEST_CASE("a view of the review page is one audit entry saying what it revealed", "[requests]") {
  Desk desk;
  auto r = desk.submit(at_10(2026, 4, 1));
  CHECK_THROWS_AS(desk.requests.review_view(r.receipt, kArchivist, ""), Forbidden);
  CHECK_THROWS_AS(desk.requests.review_view("R2026-999999", kOfficer, ""), NotFound);
  const size_t before = desk.audit.list({}, 1000).size();
  auto who = desk.requests.review_view(r.receipt, kOfficer, "items=a withheld= decisions=0", at_10(2026, 4, 2));
  REQUIRE(who);
  CHECK(who->name == "相模 花子");
  const auto entries = desk.audit.list({}, 1000);
  REQUIRE(entries.size() == before + 1);
  CHECK(entries[0].action == "request.view");
  CHECK(entries[0].target == r.receipt);
  CHECK(entries[0].detail == "requester=yes items=a withheld= decisions=0");
}

TEST_CASE("purging removes requesters' personal data of finished requests and keeps the statistics", "[requests]") {
  Desk desk;
  auto done = desk.submit(at_10(2026, 4, 1));
  decide(desk, done.receipt, at_10(2026, 4, 6), {full("v1-001"), partial("v1-002")});
  desk.requests.apply(done.receipt, RequestEvent::Close, kOfficer, "", at_10(2026, 4, 7));
  auto open = desk.submit(at_10(2026, 4, 2));
  auto before = desk.requests.statistics(2026);

  CHECK(desk.requests.purge_closed_before(Ymd{2026, 4, 7}, kAdmin).empty());  // closed on 4/7, not before
  auto listed = desk.requests.purge_closed_before(Ymd{2031, 4, 8}, kAdmin, true);
  REQUIRE(listed == std::vector<std::string>{done.receipt});
  CHECK(desk.requests.requester_details(done.receipt, kOfficer).name == "相模 花子");  // dry run changed nothing
  CHECK_THROWS_AS(desk.requests.purge_closed_before(Ymd{2031, 4, 8}, kOfficer), Forbidden);
  CHECK(desk.requests.purge_closed_before(Ymd{2031, 4, 8}, kAdmin) == listed);

  auto gone = desk.requests.requester_details(done.receipt, kOfficer);
  CHECK(gone.purged);
  CHECK(gone.name.empty());
  CHECK(gone.address.empty());
  CHECK(gone.phone.empty());
  CHECK(gone.email.empty());
  CHECK(gone.purpose.empty());
  CHECK(desk.requests.requester_details(open.receipt, kOfficer).name == "相模 花子");
  auto st = desk.catalog.db().prepare(
      "SELECT count(*) FROM requests WHERE requester_name IS NOT NULL OR requester_address IS NOT NULL OR "
      "requester_phone IS NOT NULL OR requester_email IS NOT NULL OR purpose IS NOT NULL");
  st.step();
  CHECK(st.integer(0) == 1);
  st.reset();

  auto after = desk.requests.statistics(2026);
  CHECK(after.received == before.received);
  CHECK(after.decided == before.decided);
  CHECK(after.decisions_by_kind == before.decisions_by_kind);
  CHECK(after.days_to_decision.max == before.days_to_decision.max);
  AuditFilter f;
  f.action = "request.purge";
  CHECK(desk.audit.count(f) == 1);
  CHECK(desk.requests.purge_closed_before(Ymd{2031, 4, 8}, kAdmin).empty());  // nothing twice
}

TEST_CASE("the annual statistics count requests, decisions, days, consultations, copies and appeals", "[requests]") {
  Desk desk;
  // 1: decided after 5 days, full + partial; copies made.
  auto r1 = desk.submit(at_10(2026, 4, 1));
  decide(desk, r1.receipt, at_10(2026, 4, 6), {full("v1-001"), partial("v1-002")});
  EventDetails use;
  use.copies = 1;
  use.copy_pages = 10;
  desk.requests.apply(r1.receipt, RequestEvent::RecordUse, kArchivist, "", at_10(2026, 4, 10), use);
  // 2: third-party consultation, decided after 20 days, nothing may be used; appealed, ruled 棄却.
  auto r2 = desk.submit(at_10(2026, 5, 11), {"v1-002"});
  desk.requests.apply(r2.receipt, RequestEvent::Accept, kOfficer, "", at_10(2026, 5, 12));
  desk.requests.apply(r2.receipt, RequestEvent::ConsultThirdParty, kOfficer, "", at_10(2026, 5, 12));
  desk.requests.apply(r2.receipt, RequestEvent::EndConsultation, kOfficer, "", at_10(2026, 5, 20));
  ItemDecision none = partial("v1-002");
  none.decision = Decision::NoUse;
  none.redactions.clear();
  none.grounds = {"personal", "corporate"};
  desk.requests.set_item_decision(r2.receipt, none, kOfficer, at_10(2026, 5, 29));
  desk.requests.apply(r2.receipt, RequestEvent::Draft, kOfficer, "", at_10(2026, 5, 29));
  desk.requests.apply(r2.receipt, RequestEvent::Approve, kSupervisor, "", at_10(2026, 5, 31));
  desk.requests.apply(r2.receipt, RequestEvent::Notify, kOfficer, "", at_10(2026, 6, 1));
  desk.requests.apply_as_requester(r2.receipt, r2.token, RequestEvent::Appeal, "", at_10(2026, 6, 15));
  desk.requests.apply(r2.receipt, RequestEvent::Refer, kSupervisor, "", at_10(2026, 6, 20));
  desk.requests.apply(r2.receipt, RequestEvent::ReceiveOpinion, kOfficer, "", at_10(2026, 9, 1));
  EventDetails ruling;
  ruling.ruling = Ruling::Denied;
  desk.requests.apply(r2.receipt, RequestEvent::Rule, kSupervisor, "", at_10(2026, 9, 10), ruling);
  // 3: extended and decided on day 45.
  auto r3 = desk.submit(at_10(2026, 6, 1), {"v1-001"});
  desk.requests.apply(r3.receipt, RequestEvent::Accept, kOfficer, "", at_10(2026, 6, 2));
  desk.requests.extend(r3.receipt, 30, "大量", kOfficer, at_10(2026, 6, 20));
  desk.requests.set_item_decision(r3.receipt, full("v1-001"), kOfficer, at_10(2026, 7, 16));
  desk.requests.apply(r3.receipt, RequestEvent::Draft, kOfficer, "", at_10(2026, 7, 16));
  desk.requests.apply(r3.receipt, RequestEvent::Approve, kSupervisor, "", at_10(2026, 7, 16));
  // 4: simple viewing. 5: withdrawn. 6: next 年度.
  auto r4 = desk.submit(at_10(2026, 7, 1), {"v1-001"}, UseMethod::View);
  desk.requests.apply(r4.receipt, RequestEvent::Accept, kOfficer, "", at_10(2026, 7, 1));
  desk.requests.apply(r4.receipt, RequestEvent::StartSimpleViewing, kOfficer, "", at_10(2026, 7, 1));
  auto r5 = desk.submit(at_10(2026, 8, 3));
  desk.requests.apply_as_requester(r5.receipt, r5.token, RequestEvent::Withdraw, "", at_10(2026, 8, 4));
  desk.submit(at_10(2027, 4, 1));

  auto s = desk.requests.statistics(2026);
  CHECK(s.received == 5);
  CHECK(s.items_requested == 7);
  CHECK(s.decided == 3);
  CHECK(s.rejected == 0);
  CHECK(s.withdrawn == 1);
  CHECK(s.simple_viewings == 1);
  CHECK(s.decisions_by_kind == std::map<std::string, long>{{"full", 2}, {"none", 1}, {"partial", 1}});
  CHECK(s.decisions_by_ground == std::map<std::string, long>{{"corporate", 1}, {"personal", 2}});
  CHECK(s.days_to_decision.count == 3);
  CHECK(s.days_to_decision.median == 20);
  CHECK(s.days_to_decision.p90 == 45);
  CHECK(s.days_to_decision.max == 45);
  CHECK(s.within_limit == 2);
  CHECK(s.extended == 1);
  CHECK(s.special == 0);
  CHECK(s.late == 0);
  CHECK(s.third_party_consultations == 1);
  CHECK(s.copies == 1);
  CHECK(s.copy_pages == 10);
  CHECK(s.appeals == 1);
  CHECK(s.rulings == std::map<std::string, long>{{"denied", 1}});

  auto next = desk.requests.statistics(2027);
  CHECK(next.received == 1);
  CHECK(next.decided == 0);
  CHECK(next.days_to_decision.count == 0);
}
