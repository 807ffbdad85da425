// The use-request workflow as a specification: the expected transitions are written
// out below (independently of the table in archive/requests/use_request.cc) and every
// (state, event, role) triple is checked against them; then the actor-aware guards,
// the permission table, the item-decision validation and the review-after periods.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/catalog/access_policy.h"
#include "archive/requests/use_request.h"

using namespace monjo::archive;

namespace {

struct Expected {
  const char* from;
  const char* event;
  const char* to;
  std::set<std::string> roles;
};

const std::set<std::string> kDeciders = {"officer", "supervisor"};
const std::set<std::string> kRequesterOrOfficer = {"citizen", "officer"};
const std::set<std::string> kClosers = {"officer", "supervisor", "system"};

// The workflow of issue "use requests" and docs/requests.md.
const std::vector<Expected> kExpected = {
    {"received", "accept", "reviewing", kDeciders},
    {"received", "request_correction", "correcting", kDeciders},
    {"reviewing", "request_correction", "correcting", kDeciders},
    {"correcting", "submit_correction", "received", kRequesterOrOfficer},
    {"received", "reject", "rejected", {"supervisor"}},
    {"correcting", "reject", "rejected", {"supervisor"}},  // 補正 unanswered → 却下
    {"reviewing", "reject", "rejected", {"supervisor"}},
    {"reviewing", "start_simple_viewing", "simple_viewing", kDeciders},
    {"simple_viewing", "require_decision", "reviewing", kDeciders},
    {"simple_viewing", "record_use", "used", {"officer", "archivist"}},
    {"reviewing", "consult_third_party", "consulting", kDeciders},
    {"consulting", "end_consultation", "reviewing", kDeciders},
    {"reviewing", "draft", "drafted", kDeciders},
    {"drafted", "return_draft", "reviewing", {"supervisor"}},
    {"drafted", "approve", "approved", {"supervisor"}},
    {"approved", "notify", "notified", {"officer", "supervisor", "system"}},
    {"notified", "record_use", "used", {"officer", "archivist"}},
    {"notified", "close", "closed", kClosers},
    {"used", "close", "closed", kClosers},
    {"received", "withdraw", "withdrawn", kRequesterOrOfficer},
    {"correcting", "withdraw", "withdrawn", kRequesterOrOfficer},
    {"reviewing", "withdraw", "withdrawn", kRequesterOrOfficer},
    {"simple_viewing", "withdraw", "withdrawn", kRequesterOrOfficer},
    {"consulting", "withdraw", "withdrawn", kRequesterOrOfficer},
    {"drafted", "withdraw", "withdrawn", kRequesterOrOfficer},
    {"approved", "withdraw", "withdrawn", kRequesterOrOfficer},
    {"notified", "appeal", "appealed", kRequesterOrOfficer},
    {"used", "appeal", "appealed", kRequesterOrOfficer},
    {"closed", "appeal", "appealed", kRequesterOrOfficer},
    {"rejected", "appeal", "appealed", kRequesterOrOfficer},
    {"appealed", "reconsider", "reconsidering", kDeciders},
    {"reconsidering", "grant_in_full", "drafted", kDeciders},
    {"appealed", "refer", "referred", {"supervisor"}},
    {"reconsidering", "refer", "referred", {"supervisor"}},
    {"referred", "receive_opinion", "opinion_received", kDeciders},
    {"opinion_received", "rule", "ruled", {"supervisor"}},
    {"ruled", "change_decision", "drafted", kDeciders},
    {"ruled", "close", "closed", kClosers},
    {"appealed", "withdraw_appeal", "closed", kRequesterOrOfficer},
    {"reconsidering", "withdraw_appeal", "closed", kRequesterOrOfficer},
    {"referred", "withdraw_appeal", "closed", kRequesterOrOfficer},
    {"opinion_received", "withdraw_appeal", "closed", kRequesterOrOfficer},
};

const Expected* expected_for(const std::string& from, const std::string& event) {
  for (const Expected& e : kExpected) {
    if (from == e.from && event == e.event) return &e;
  }
  return nullptr;
}

// A context in which every guard passes for `actor`.
TransitionContext passing_context(const Actor& actor, RequestEvent event) {
  TransitionContext c;
  c.requester_id = actor.id;
  c.drafter_id = "someone-else";
  c.ruling = event == RequestEvent::ChangeDecision ? Ruling::GrantedInPart : Ruling::Denied;
  return c;
}

Ymd day(const char* iso) {
  return *Ymd::parse_iso(iso);
}

}  // namespace

TEST_CASE("every (state, event, role) is allowed exactly as the workflow says, and goes to the right state",
          "[use_request]") {
  REQUIRE(request_states().size() == static_cast<size_t>(kRequestStateCount));
  REQUIRE(request_events().size() == static_cast<size_t>(kRequestEventCount));
  REQUIRE(roles().size() == static_cast<size_t>(kRoleCount));
  int allowed = 0;
  int refused = 0;
  for (const StateInfo& s : request_states()) {
    for (const EventInfo& e : request_events()) {
      const Expected* exp = expected_for(s.code, e.code);
      for (const RoleInfo& r : roles()) {
        INFO(s.code << " --" << e.code << "--> as " << r.code);
        Actor actor{"actor-1", r.role};
        TransitionContext ctx = passing_context(actor, e.event);
        TransitionCheck c = check_transition(s.state, e.event, actor, ctx);
        if (exp && exp->roles.count(r.code)) {
          ++allowed;
          REQUIRE(c.allowed());
          CHECK(std::string(state_name(c.to)) == exp->to);
          CHECK(apply_transition(s.state, e.event, actor, ctx) == c.to);
        } else {
          ++refused;
          CHECK_FALSE(c.allowed());
          CHECK_FALSE(c.message.empty());
          if (exp) {
            CHECK(c.refusal == Refusal::WrongRole);
            CHECK_THROWS_AS(apply_transition(s.state, e.event, actor, ctx), Forbidden);
          } else {
            CHECK(c.refusal == Refusal::NotAllowedInState);
            CHECK_THROWS_AS(apply_transition(s.state, e.event, actor, ctx), Conflict);
          }
        }
      }
    }
  }
  // The table holds nothing beyond the specification.
  CHECK(transition_table().size() == kExpected.size());
  CHECK(refused == kRequestStateCount * kRequestEventCount * kRoleCount - allowed);
}

TEST_CASE("the administrator decides nothing in the workflow", "[use_request]") {
  for (const StateInfo& s : request_states()) {
    CHECK(available_events(s.state, Role::Admin).empty());
  }
}

TEST_CASE("every state but received can be reached and only the terminal ones have no way on", "[use_request]") {
  std::set<RequestState> reached;
  for (const Transition& t : transition_table()) reached.insert(t.to);
  for (const StateInfo& s : request_states()) {
    INFO(s.code);
    if (s.state != RequestState::Received) CHECK(reached.count(s.state) == 1);
    bool has_exit = std::any_of(transition_table().begin(), transition_table().end(),
                                [&](const Transition& t) { return t.from == s.state; });
    if (s.state == RequestState::Withdrawn) CHECK_FALSE(has_exit);
    if (!s.terminal) CHECK(has_exit);
  }
}

TEST_CASE("the drafter cannot approve their own decision; another supervisor can", "[use_request]") {
  TransitionContext ctx;
  ctx.drafter_id = "sato";
  Actor same{"sato", Role::Supervisor};
  TransitionCheck c = check_transition(RequestState::Drafted, RequestEvent::Approve, same, ctx);
  CHECK(c.refusal == Refusal::WrongActor);
  CHECK_THROWS_AS(apply_transition(RequestState::Drafted, RequestEvent::Approve, same, ctx), Forbidden);

  // An officer who drafted cannot approve either: wrong role.
  Actor officer{"tanaka", Role::Officer};
  ctx.drafter_id = "tanaka";
  CHECK(check_transition(RequestState::Drafted, RequestEvent::Approve, officer, ctx).refusal == Refusal::WrongRole);

  Actor other{"suzuki", Role::Supervisor};
  CHECK(apply_transition(RequestState::Drafted, RequestEvent::Approve, other, ctx) == RequestState::Approved);

  // Unknown drafter or anonymous approver: separation cannot be shown, so refused.
  ctx.drafter_id.clear();
  CHECK(check_transition(RequestState::Drafted, RequestEvent::Approve, other, ctx).refusal == Refusal::WrongActor);
  ctx.drafter_id = "tanaka";
  Actor anonymous{"", Role::Supervisor};
  CHECK(check_transition(RequestState::Drafted, RequestEvent::Approve, anonymous, ctx).refusal == Refusal::WrongActor);
}

TEST_CASE("only the requester withdraws or appeals as a citizen, and only before notice withdraws", "[use_request]") {
  TransitionContext ctx;
  ctx.requester_id = "R2026-000123";
  Actor requester{"R2026-000123", Role::Citizen};
  Actor stranger{"R2026-000999", Role::Citizen};
  Actor officer{"tanaka", Role::Officer};

  for (RequestState s :
       {RequestState::Received, RequestState::Correcting, RequestState::Reviewing, RequestState::SimpleViewing,
        RequestState::Consulting, RequestState::Drafted, RequestState::Approved}) {
    INFO(state_name(s));
    CHECK(apply_transition(s, RequestEvent::Withdraw, requester, ctx) == RequestState::Withdrawn);
    CHECK(apply_transition(s, RequestEvent::Withdraw, officer, ctx) == RequestState::Withdrawn);
    CHECK_THROWS_AS(apply_transition(s, RequestEvent::Withdraw, stranger, ctx), Forbidden);
  }
  for (RequestState s : {RequestState::Notified, RequestState::Used, RequestState::Closed, RequestState::Rejected,
                         RequestState::Withdrawn}) {
    INFO(state_name(s));
    CHECK_THROWS_AS(apply_transition(s, RequestEvent::Withdraw, requester, ctx), Conflict);
  }
  CHECK(apply_transition(RequestState::Notified, RequestEvent::Appeal, requester, ctx) == RequestState::Appealed);
  CHECK_THROWS_AS(apply_transition(RequestState::Notified, RequestEvent::Appeal, stranger, ctx), Forbidden);
  CHECK_THROWS_AS(apply_transition(RequestState::Correcting, RequestEvent::SubmitCorrection, stranger, ctx), Forbidden);
  Actor nameless{"", Role::Citizen};
  TransitionContext no_requester;
  CHECK_THROWS_AS(apply_transition(RequestState::Received, RequestEvent::Withdraw, nameless, no_requester), Forbidden);
}

TEST_CASE("an unanswered correction ends in 却下 by a supervisor", "[use_request]") {
  TransitionContext ctx;
  CHECK(apply_transition(RequestState::Correcting, RequestEvent::Reject, {"suzuki", Role::Supervisor}, ctx) ==
        RequestState::Rejected);
  CHECK_THROWS_AS(apply_transition(RequestState::Correcting, RequestEvent::Reject, {"tanaka", Role::Officer}, ctx),
                  Forbidden);
  CHECK_THROWS_AS(apply_transition(RequestState::Correcting, RequestEvent::Reject, {"x", Role::System}, ctx),
                  Forbidden);
}

TEST_CASE("use after a third party's objection waits for the earliest use date", "[use_request]") {
  Actor archivist{"yamada", Role::Archivist};
  TransitionContext ctx;
  ctx.earliest_use = day("2026-04-16");
  ctx.today = day("2026-04-15");
  TransitionCheck c = check_transition(RequestState::Notified, RequestEvent::RecordUse, archivist, ctx);
  CHECK(c.refusal == Refusal::NotYet);
  CHECK(c.message.find("2026-04-16") != std::string::npos);
  CHECK_THROWS_AS(apply_transition(RequestState::Notified, RequestEvent::RecordUse, archivist, ctx), Conflict);
  ctx.today = day("2026-04-16");
  CHECK(apply_transition(RequestState::Notified, RequestEvent::RecordUse, archivist, ctx) == RequestState::Used);
  ctx.today.reset();
  CHECK(check_transition(RequestState::Notified, RequestEvent::RecordUse, archivist, ctx).refusal == Refusal::NotYet);
  // Without an objection there is no wait.
  TransitionContext none;
  CHECK(apply_transition(RequestState::Notified, RequestEvent::RecordUse, archivist, none) == RequestState::Used);
}

TEST_CASE("a ruling must be stated; 認容 leads to a changed decision, 却下 and 棄却 to closing", "[use_request]") {
  Actor supervisor{"suzuki", Role::Supervisor};
  Actor officer{"tanaka", Role::Officer};
  TransitionContext ctx;
  CHECK_THROWS_AS(apply_transition(RequestState::OpinionReceived, RequestEvent::Rule, supervisor, ctx), InputError);
  CHECK_THROWS_AS(apply_transition(RequestState::Ruled, RequestEvent::ChangeDecision, officer, ctx), InputError);
  CHECK_THROWS_AS(apply_transition(RequestState::Ruled, RequestEvent::Close, officer, ctx), InputError);
  for (Ruling r : {Ruling::Dismissed, Ruling::Denied}) {
    ctx.ruling = r;
    INFO(ruling_name(r));
    CHECK(apply_transition(RequestState::OpinionReceived, RequestEvent::Rule, supervisor, ctx) == RequestState::Ruled);
    CHECK(apply_transition(RequestState::Ruled, RequestEvent::Close, officer, ctx) == RequestState::Closed);
    CHECK_THROWS_AS(apply_transition(RequestState::Ruled, RequestEvent::ChangeDecision, officer, ctx), Conflict);
  }
  for (Ruling r : {Ruling::GrantedInPart, Ruling::GrantedInFull}) {
    ctx.ruling = r;
    INFO(ruling_name(r));
    CHECK(apply_transition(RequestState::Ruled, RequestEvent::ChangeDecision, officer, ctx) == RequestState::Drafted);
    CHECK_THROWS_AS(apply_transition(RequestState::Ruled, RequestEvent::Close, officer, ctx), Conflict);
  }
  CHECK(text_ja(ruling_message_key(Ruling::Dismissed)) == "却下");
  CHECK(text_ja(ruling_message_key(Ruling::Denied)) == "棄却");
  CHECK(ruling_from_name("granted_in_part") == Ruling::GrantedInPart);
  CHECK_FALSE(ruling_from_name("won").has_value());
}

TEST_CASE("a request walks from receipt through a partial decision to use, then an appeal", "[use_request]") {
  TransitionContext ctx;
  ctx.requester_id = "R2026-000123";
  ctx.drafter_id = "tanaka";
  Actor citizen{"R2026-000123", Role::Citizen};
  Actor officer{"tanaka", Role::Officer};
  Actor supervisor{"suzuki", Role::Supervisor};
  Actor system{"system", Role::System};
  RequestState s = RequestState::Received;
  s = apply_transition(s, RequestEvent::RequestCorrection, officer, ctx);
  CHECK_FALSE(state_info(s).clock_running);
  s = apply_transition(s, RequestEvent::SubmitCorrection, citizen, ctx);
  s = apply_transition(s, RequestEvent::Accept, officer, ctx);
  s = apply_transition(s, RequestEvent::ConsultThirdParty, officer, ctx);
  CHECK(state_info(s).clock_running);  // consultation does not stop the clock
  s = apply_transition(s, RequestEvent::EndConsultation, officer, ctx);
  s = apply_transition(s, RequestEvent::Draft, officer, ctx);
  s = apply_transition(s, RequestEvent::Approve, supervisor, ctx);
  s = apply_transition(s, RequestEvent::Notify, system, ctx);
  s = apply_transition(s, RequestEvent::RecordUse, officer, ctx);
  s = apply_transition(s, RequestEvent::Close, officer, ctx);
  CHECK(s == RequestState::Closed);
  s = apply_transition(s, RequestEvent::Appeal, citizen, ctx);
  s = apply_transition(s, RequestEvent::Reconsider, officer, ctx);
  s = apply_transition(s, RequestEvent::GrantInFull, officer, ctx);
  CHECK(s == RequestState::Drafted);  // the changed decision is approved and noticed again
}

TEST_CASE("names of states, events and roles round-trip; only staff roles can be given to accounts", "[use_request]") {
  for (const StateInfo& s : request_states()) CHECK(state_from_name(s.code) == s.state);
  for (const EventInfo& e : request_events()) CHECK(event_from_name(e.code) == e.event);
  for (const RoleInfo& r : roles()) CHECK(role_from_name(r.code) == r.role);
  CHECK_FALSE(state_from_name("done").has_value());
  CHECK_FALSE(event_from_name("approve ").has_value());
  CHECK(text_ja(state_message_key(RequestState::Consulting)) == "第三者意見照会");
  CHECK(staff_role_from_name("officer") == Role::Officer);
  CHECK(staff_role_from_name("archivist") == Role::Archivist);
  CHECK_FALSE(staff_role_from_name("citizen").has_value());
  CHECK_FALSE(staff_role_from_name("system").has_value());
  CHECK_FALSE(staff_role_from_name("root").has_value());
}

TEST_CASE("the permission table grants each permission to exactly these roles", "[use_request]") {
  struct Row {
    const char* permission;
    std::set<std::string> roles;
  };
  const std::vector<Row> rows = {
      {"view_requester_data", {"officer", "supervisor", "admin"}},
      {"view_queue", {"officer", "supervisor"}},
      {"decide", {"officer", "supervisor"}},
      {"approve", {"supervisor"}},
      {"record_use", {"officer", "archivist"}},
      {"view_withheld", {"archivist", "officer", "supervisor"}},
      {"edit_catalog", {"archivist"}},
      {"import", {"archivist", "admin"}},
      {"review_restrictions", {"archivist", "supervisor"}},
      {"manage_users", {"admin"}},
      {"view_audit", {"supervisor", "admin"}},
      {"view_statistics_detail", {"officer", "supervisor", "admin"}},
      {"purge_requester_data", {"admin"}},
      {"view_selection", {"archivist", "supervisor"}},
      {"select_records", {"archivist"}},
      {"approve_selection", {"supervisor"}},
  };
  CHECK(permission_table().size() == rows.size());
  for (const Row& row : rows) {
    auto p = permission_from_name(row.permission);
    REQUIRE(p.has_value());
    CHECK(std::string(permission_name(*p)) == row.permission);
    for (const RoleInfo& r : roles()) {
      INFO(row.permission << " / " << r.code);
      CHECK(has_permission(r.role, *p) == (row.roles.count(r.code) == 1));
    }
  }
  CHECK_FALSE(permission_from_name("sudo").has_value());
}

TEST_CASE("item decisions: full use needs nothing, anything less needs grounds, article and reason", "[use_request]") {
  RestrictionPeriodTable periods;
  auto codes = [&](const ItemDecision& d, std::optional<std::pair<int, int>> pages = std::nullopt) {
    std::vector<std::string> out;
    for (const ValidationError& e : validate_item_decision(d, periods, pages)) {
      CHECK_FALSE(e.message_en.empty());
      CHECK_FALSE(e.field.empty());
      out.push_back(e.code);
    }
    return out;
  };
  using V = std::vector<std::string>;

  ItemDecision full{"S29-001-003", Decision::FullUse, {}, "", "", {}, "", std::nullopt, false, {}};
  CHECK(codes(full).empty());

  ItemDecision partial{"S29-001-003",
                       Decision::PartialUse,
                       {"personal"},
                       "条例第17条第1項第1号イ",
                       "本人の恩給額を含むため",
                       {{47, 48, "氏名・恩給額", "personal"}},
                       "personal-general",
                       std::nullopt,
                       false,
                       {}};
  CHECK(codes(partial).empty());
  CHECK(codes(partial, std::make_pair(46, 52)).empty());

  ItemDecision none = partial;
  none.decision = Decision::NoUse;
  none.redactions.clear();
  CHECK(codes(none).empty());

  SECTION("full use with restrictions attached is contradictory") {
    ItemDecision d = full;
    d.grounds = {"personal"};
    d.redactions = {{1, 1, "氏名", ""}};
    d.review_category = "personal-general";
    CHECK(codes(d) == V{"grounds_not_allowed", "redactions_not_allowed", "review_not_allowed"});
  }
  SECTION("no record") {
    ItemDecision d = full;
    d.record_id = " ";
    CHECK(codes(d) == V{"record_required"});
  }
  SECTION("a refusal without grounds, article or reason") {
    ItemDecision d = none;
    d.grounds.clear();
    d.article = "";
    d.reason = "  ";
    d.review_category.clear();
    CHECK(codes(d) == V{"grounds_required", "article_required", "reason_required"});
  }
  SECTION("unknown and duplicate grounds") {
    ItemDecision d = none;
    d.grounds = {"personal", "secret", "personal"};
    CHECK(codes(d) == V{"unknown_ground", "duplicate_ground"});
  }
  SECTION("partial use needs redactions") {
    ItemDecision d = partial;
    d.redactions.clear();
    CHECK(codes(d) == V{"redactions_required"});
  }
  SECTION("redactions must name valid pages, what is masked and a ground of the decision") {
    ItemDecision d = partial;
    d.redactions = {{0, 3, "氏名", ""}, {5, 4, "住所", ""}, {47, 47, "", ""}, {48, 48, "取引先", "corporate"}};
    CHECK(codes(d) == V{"redaction_pages_invalid", "redaction_pages_invalid", "redaction_what_required",
                        "redaction_ground_not_listed"});
  }
  SECTION("redactions outside the item's pages") {
    ItemDecision d = partial;
    d.redactions = {{40, 47, "氏名", ""}};
    CHECK(codes(d, std::make_pair(46, 52)) == V{"redaction_outside_record"});
    CHECK(codes(d).empty());  // pages unknown: not checked
  }
  SECTION("a refusal takes no redactions") {
    ItemDecision d = none;
    d.redactions = {{47, 48, "氏名", ""}};
    CHECK(codes(d) == V{"redactions_not_allowed"});
  }
  SECTION("the review category must exist and belong to a ground of the decision") {
    ItemDecision d = none;
    d.review_category = "personal-forever";
    CHECK(codes(d) == V{"unknown_review_category"});
    d.review_category = "corporate";
    CHECK(codes(d) == V{"review_category_ground_mismatch"});
  }
  SECTION("the field names point at the offending entry") {
    ItemDecision d = partial;
    d.redactions = {{47, 48, "氏名", ""}, {49, 49, "", ""}};
    auto errors = validate_item_decision(d, periods);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "redactions[1].what");
  }
}

TEST_CASE("decision names and the notice a set of decisions calls for", "[use_request]") {
  CHECK(text_ja(decision_message_key(Decision::FullUse)) == "全部利用");
  CHECK(text_ja(decision_message_key(Decision::PartialUse)) == "一部利用");
  CHECK(text_ja(decision_message_key(Decision::NoUse)) == "利用させない");
  for (Decision d : {Decision::FullUse, Decision::PartialUse, Decision::NoUse}) {
    CHECK(decision_from_name(decision_name(d)) == d);
  }
  CHECK_FALSE(decision_from_name("maybe").has_value());

  auto item = [](Decision d) {
    ItemDecision x;
    x.decision = d;
    return x;
  };
  using D = Decision;
  CHECK(notice_kind({item(D::FullUse), item(D::FullUse)}) == NoticeKind::Use);
  CHECK(notice_kind({item(D::FullUse), item(D::PartialUse)}) == NoticeKind::PartialUse);
  CHECK(notice_kind({item(D::FullUse), item(D::NoUse)}) == NoticeKind::PartialUse);
  CHECK(notice_kind({item(D::NoUse), item(D::NoUse)}) == NoticeKind::Restriction);
  CHECK(text_ja(notice_title_key(NoticeKind::PartialUse)) == "一部利用決定通知書");
  CHECK(text_ja(notice_title_key(NoticeKind::Restriction)) == "利用制限決定通知書");
}

TEST_CASE("review-after dates come from the restriction period table", "[use_request]") {
  RestrictionPeriodTable t;
  struct Row {
    const char* category;
    const char* created;
    const char* review_after;
  };
  const Row rows[] = {
      {"personal-general", "1955-06-10", "2006-01-01"},
      {"personal-sensitive", "1955-06-10", "2036-01-01"},
      {"personal-highly-sensitive", "1955-06-10", "2066-01-01"},
      {"corporate", "2000-12-31", "2026-01-01"},
      {"security", "1990-01-01", "2021-01-01"},
      {"safety", "1990-01-01", "2021-01-01"},
  };
  for (const Row& r : rows) {
    INFO(r.category);
    auto d = t.review_after(r.category, day(r.created));
    REQUIRE(d.has_value());
    CHECK(d->iso() == r.review_after);
  }
  CHECK_FALSE(t.review_after("deposit", day("1990-01-01")).has_value());
  CHECK(t.find("personal-general")->years == 50);
  CHECK(t.find("personal-sensitive")->years == 80);
  CHECK(t.find("personal-highly-sensitive")->years == 110);
  CHECK(t.find("corporate")->years == 25);

  // Counted from the end of the 年度: a record of 1955-06 belongs to 年度 1955, which
  // ends 1956-03-31; one of 1956-02 too.
  RestrictionPeriodTable fiscal(t.rows(), PeriodBase::FiscalYearEnd);
  CHECK(fiscal.review_after("personal-general", day("1955-06-10")) == day("2006-04-01"));
  CHECK(fiscal.review_after("personal-general", day("1956-02-10")) == day("2006-04-01"));
  CHECK(fiscal.review_after("personal-general", day("1956-04-01")) == day("2007-04-01"));
}

TEST_CASE("a city sets its own restriction periods in [restriction_periods]", "[use_request]") {
  RestrictionPeriodTable t = restriction_periods_from_ini({
      {"base", "fiscal_year"},
      {"personal-general", "personal 30"},
      {"deposit-agreement", "deposit 20 寄託契約による制限"},
  });
  CHECK(t.base() == PeriodBase::FiscalYearEnd);
  CHECK(t.find("personal-general")->years == 30);
  CHECK(period_label(*t.find("personal-general"), Lang::Ja) == "個人情報（一般）");  // label kept
  CHECK(t.find("personal-sensitive")->years == 80);                   // defaults stay
  CHECK(t.find("deposit-agreement")->ground == "deposit");
  CHECK(period_label(*t.find("deposit-agreement"), Lang::Ja) == "寄託契約による制限");
  CHECK(t.review_after("deposit-agreement", day("2000-05-01")) == day("2021-04-01"));

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"base", "lunar"},
      {"personal-general", "personal"},
      {"personal-general", "personal fifty"},
      {"personal-general", "personal 0"},
      {"personal-general", "secret 50"},
  };
  for (const auto& [key, value] : bad) {
    INFO(key << " = " << value);
    try {
      restriction_periods_from_ini({{key, value}});
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(key) != std::string::npos);
    }
  }
}

TEST_CASE("the decision deadline concerns a request until approval; item decisions change only under review",
          "[use_request]") {
  using monjo::archive::RequestState;
  using monjo::archive::state_info;
  const std::vector<RequestState> awaiting = {RequestState::Received,   RequestState::Correcting,
                                              RequestState::Reviewing,  RequestState::SimpleViewing,
                                              RequestState::Consulting, RequestState::Drafted};
  const std::vector<RequestState> editable = {RequestState::Reviewing, RequestState::Consulting,
                                              RequestState::Reconsidering, RequestState::Ruled};
  for (const auto& info : monjo::archive::request_states()) {
    INFO(info.code);
    const bool a = std::find(awaiting.begin(), awaiting.end(), info.state) != awaiting.end();
    const bool e = std::find(editable.begin(), editable.end(), info.state) != editable.end();
    CHECK(state_info(info.state).awaiting_decision == a);
    CHECK(state_info(info.state).decisions_editable == e);
  }
}

TEST_CASE("every row of the core's tables has its label in both message catalogs", "[use_request]") {
  std::vector<std::string> keys;
  for (const auto& r : roles()) keys.push_back(role_message_key(r.role));
  for (const auto& s : request_states()) keys.push_back(state_message_key(s.state));
  for (const auto& e : request_events()) keys.push_back(event_message_key(e.code));
  for (const Ruling r : rulings()) keys.push_back(ruling_message_key(r));
  for (const Decision d : decisions()) keys.push_back(decision_message_key(d));
  for (const NoticeKind k : {NoticeKind::Use, NoticeKind::PartialUse, NoticeKind::Restriction}) {
    keys.push_back(notice_title_key(k));
  }
  for (const auto& g : restriction_grounds()) keys.push_back(ground_message_key(g.code));
  for (const AccessStatus a : {AccessStatus::Open, AccessStatus::Restricted, AccessStatus::Review, AccessStatus::Closed}) {
    keys.push_back(access_message_key(a));
  }
  const RestrictionPeriodTable periods;
  for (const auto& p : periods.rows()) keys.push_back("period_" + p.category);
  for (const auto& key : keys) {
    INFO(key);
    CHECK(Messages::get(Lang::Ja).has(key));
    CHECK(Messages::get(Lang::En).has(key));
  }
  CHECK(period_label(*periods.find("corporate"), Lang::En) == "Information about a corporation");
}

TEST_CASE("the finished states are the state table's terminal rows", "[use_request]") {
  const std::vector<std::string> codes = terminal_state_codes();
  for (const char* finished : {"closed", "withdrawn", "rejected"}) {
    CHECK(std::find(codes.begin(), codes.end(), finished) != codes.end());
  }
  for (const auto& code : codes) CHECK(state_info(*state_from_name(code)).terminal);
  for (const auto& s : request_states()) {
    // A finished request is never awaiting a decision nor editable.
    if (s.terminal) CHECK_FALSE((s.awaiting_decision || s.decisions_editable || s.clock_running));
  }
}
