// Use requests: the state and event tables, the transition table, item decisions
// and the restriction period table (see use_request.h).

#include "archive/requests/use_request.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "archive/catalog/access_policy.h"
#include "archive/base/errors.h"

namespace monjo::archive {

namespace {

constexpr RoleSet kCitizen = role_bit(Role::Citizen);
constexpr RoleSet kOfficer = role_bit(Role::Officer);
constexpr RoleSet kSupervisor = role_bit(Role::Supervisor);
constexpr RoleSet kArchivist = role_bit(Role::Archivist);
constexpr RoleSet kSystem = role_bit(Role::System);
constexpr RoleSet kDeciders = kOfficer | kSupervisor;

}  // namespace

// ---- states, events, rulings ----

const std::vector<StateInfo>& request_states() {
  static const std::vector<StateInfo> kStates = {
      // state, code, terminal, clock_running, awaiting_decision, decisions_editable, deadline_shown
      {RequestState::Received, "received", false, true, true, false, true},
      {RequestState::Correcting, "correcting", false, false, true, false, true},
      {RequestState::Reviewing, "reviewing", false, true, true, true, true},
      {RequestState::SimpleViewing, "simple_viewing", false, false, true, false, false},
      {RequestState::Consulting, "consulting", false, true, true, true, true},
      {RequestState::Drafted, "drafted", false, true, true, false, true},
      {RequestState::Approved, "approved", false, true, false, false, true},
      {RequestState::Notified, "notified", false, false, false, false, false},
      {RequestState::Used, "used", false, false, false, false, false},
      {RequestState::Closed, "closed", true, false, false, false, false},
      {RequestState::Withdrawn, "withdrawn", true, false, false, false, false},
      {RequestState::Rejected, "rejected", true, false, false, false, false},
      {RequestState::Appealed, "appealed", false, false, false, false, false},
      {RequestState::Reconsidering, "reconsidering", false, false, false, true, false},
      {RequestState::Referred, "referred", false, false, false, false, false},
      {RequestState::OpinionReceived, "opinion_received", false, false, false, false, false},
      {RequestState::Ruled, "ruled", false, false, false, true, false},
  };
  return kStates;
}

const StateInfo& state_info(RequestState s) {
  return request_states()[static_cast<size_t>(s)];
}
const char* state_name(RequestState s) {
  return state_info(s).code;
}
std::string state_message_key(RequestState s) {
  return std::string("state_") + state_name(s);
}

std::vector<std::string> terminal_state_codes() {
  std::vector<std::string> out;
  for (const StateInfo& s : request_states()) {
    if (s.terminal) out.push_back(s.code);
  }
  return out;
}

std::optional<RequestState> state_from_name(const std::string& code) {
  for (const StateInfo& s : request_states()) {
    if (code == s.code) return s.state;
  }
  return std::nullopt;
}

const std::vector<EventInfo>& request_events() {
  static const std::vector<EventInfo> kEvents = {
      {RequestEvent::Accept, "accept"},
      {RequestEvent::RequestCorrection, "request_correction"},
      {RequestEvent::SubmitCorrection, "submit_correction"},
      {RequestEvent::Reject, "reject"},
      {RequestEvent::StartSimpleViewing, "start_simple_viewing"},
      {RequestEvent::RequireDecision, "require_decision"},
      {RequestEvent::ConsultThirdParty, "consult_third_party"},
      {RequestEvent::EndConsultation, "end_consultation"},
      {RequestEvent::Draft, "draft"},
      {RequestEvent::ReturnDraft, "return_draft"},
      {RequestEvent::Approve, "approve"},
      {RequestEvent::Notify, "notify"},
      {RequestEvent::RecordUse, "record_use"},
      {RequestEvent::Close, "close"},
      {RequestEvent::Withdraw, "withdraw"},
      {RequestEvent::Appeal, "appeal"},
      {RequestEvent::Reconsider, "reconsider"},
      {RequestEvent::GrantInFull, "grant_in_full"},
      {RequestEvent::Refer, "refer"},
      {RequestEvent::ReceiveOpinion, "receive_opinion"},
      {RequestEvent::Rule, "rule"},
      {RequestEvent::ChangeDecision, "change_decision"},
      {RequestEvent::WithdrawAppeal, "withdraw_appeal"},
  };
  return kEvents;
}

const EventInfo& event_info(RequestEvent e) {
  return request_events()[static_cast<size_t>(e)];
}
const char* event_name(RequestEvent e) {
  return event_info(e).code;
}
std::string event_message_key(const std::string& code) {
  return "event_" + code;
}

std::optional<RequestEvent> event_from_name(const std::string& code) {
  for (const EventInfo& e : request_events()) {
    if (code == e.code) return e.event;
  }
  return std::nullopt;
}

namespace {

struct RulingInfo {
  Ruling ruling;
  const char* code;
};

const RulingInfo kRulings[] = {
    {Ruling::Dismissed, "dismissed"},
    {Ruling::Denied, "denied"},
    {Ruling::GrantedInPart, "granted_in_part"},
    {Ruling::GrantedInFull, "granted_in_full"},
};

}  // namespace

const std::vector<Ruling>& rulings() {
  static const std::vector<Ruling> kAll = [] {
    std::vector<Ruling> out;
    for (const RulingInfo& r : kRulings) out.push_back(r.ruling);
    return out;
  }();
  return kAll;
}
const char* ruling_name(Ruling r) {
  return kRulings[static_cast<int>(r)].code;
}
std::string ruling_message_key(Ruling r) {
  return std::string("ruling_") + ruling_name(r);
}

std::optional<Ruling> ruling_from_name(const std::string& code) {
  for (const RulingInfo& r : kRulings) {
    if (code == r.code) return r.ruling;
  }
  return std::nullopt;
}

bool ruling_changes_decision(Ruling r) {
  return r == Ruling::GrantedInPart || r == Ruling::GrantedInFull;
}

// ---- the transition table ----

const std::vector<Transition>& transition_table() {
  using S = RequestState;
  using E = RequestEvent;
  static const std::vector<Transition> kTable = {
      // Intake and the format check.
      {S::Received, E::Accept, S::Reviewing, kDeciders, Guard::None},
      {S::Received, E::RequestCorrection, S::Correcting, kDeciders, Guard::None},
      {S::Reviewing, E::RequestCorrection, S::Correcting, kDeciders, Guard::None},
      // The corrected request is checked again from the start.
      {S::Correcting, E::SubmitCorrection, S::Received, kCitizen | kOfficer, Guard::RequesterOnly},
      // 却下 is a disposition: by the one who approves. From Correcting it is how an
      // unanswered correction ends.
      {S::Received, E::Reject, S::Rejected, kSupervisor, Guard::None},
      {S::Correcting, E::Reject, S::Rejected, kSupervisor, Guard::None},
      {S::Reviewing, E::Reject, S::Rejected, kSupervisor, Guard::None},
      // Open items: simple viewing, no formal decision.
      {S::Reviewing, E::StartSimpleViewing, S::SimpleViewing, kDeciders, Guard::None},
      {S::SimpleViewing, E::RequireDecision, S::Reviewing, kDeciders, Guard::None},
      {S::SimpleViewing, E::RecordUse, S::Used, kOfficer | kArchivist, Guard::None},
      // Third-party consultation; the clock keeps running.
      {S::Reviewing, E::ConsultThirdParty, S::Consulting, kDeciders, Guard::None},
      {S::Consulting, E::EndConsultation, S::Reviewing, kDeciders, Guard::None},
      // Decision: drafted, approved by someone else, notified.
      {S::Reviewing, E::Draft, S::Drafted, kDeciders, Guard::None},
      {S::Drafted, E::ReturnDraft, S::Reviewing, kSupervisor, Guard::None},
      {S::Drafted, E::Approve, S::Approved, kSupervisor, Guard::NotDrafter},
      {S::Approved, E::Notify, S::Notified, kOfficer | kSupervisor | kSystem, Guard::None},
      {S::Notified, E::RecordUse, S::Used, kOfficer | kArchivist, Guard::UseDateReached},
      // Closing: after use, or after a notice that leaves nothing to use.
      {S::Notified, E::Close, S::Closed, kOfficer | kSupervisor | kSystem, Guard::None},
      {S::Used, E::Close, S::Closed, kOfficer | kSupervisor | kSystem, Guard::None},
      // The requester may withdraw at any point before the decision is notified.
      {S::Received, E::Withdraw, S::Withdrawn, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Correcting, E::Withdraw, S::Withdrawn, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Reviewing, E::Withdraw, S::Withdrawn, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::SimpleViewing, E::Withdraw, S::Withdrawn, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Consulting, E::Withdraw, S::Withdrawn, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Drafted, E::Withdraw, S::Withdrawn, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Approved, E::Withdraw, S::Withdrawn, kCitizen | kOfficer, Guard::RequesterOnly},
      // 審査請求 against a decision or a 却下 (the 3-month window is deadline.h's). An
      // officer records one filed on paper, also by an objecting third party.
      {S::Notified, E::Appeal, S::Appealed, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Used, E::Appeal, S::Appealed, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Closed, E::Appeal, S::Appealed, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Rejected, E::Appeal, S::Appealed, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Appealed, E::Reconsider, S::Reconsidering, kDeciders, Guard::None},
      // A full grant needs no 諮問: the changed decision goes through approval again.
      {S::Reconsidering, E::GrantInFull, S::Drafted, kDeciders, Guard::None},
      {S::Appealed, E::Refer, S::Referred, kSupervisor, Guard::None},
      {S::Reconsidering, E::Refer, S::Referred, kSupervisor, Guard::None},
      {S::Referred, E::ReceiveOpinion, S::OpinionReceived, kDeciders, Guard::None},
      {S::OpinionReceived, E::Rule, S::Ruled, kSupervisor, Guard::RulingGiven},
      {S::Ruled, E::ChangeDecision, S::Drafted, kDeciders, Guard::RulingGrants},
      {S::Ruled, E::Close, S::Closed, kOfficer | kSupervisor | kSystem, Guard::RulingDoesNotGrant},
      {S::Appealed, E::WithdrawAppeal, S::Closed, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Reconsidering, E::WithdrawAppeal, S::Closed, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::Referred, E::WithdrawAppeal, S::Closed, kCitizen | kOfficer, Guard::RequesterOnly},
      {S::OpinionReceived, E::WithdrawAppeal, S::Closed, kCitizen | kOfficer, Guard::RequesterOnly},
  };
  return kTable;
}

const Transition* find_transition(RequestState from, RequestEvent event) {
  for (const Transition& t : transition_table()) {
    if (t.from == from && t.event == event) return &t;
  }
  return nullptr;
}

namespace {

TransitionCheck refuse(Refusal why, std::string message) {
  TransitionCheck c;
  c.refusal = why;
  c.message = std::move(message);
  return c;
}

}  // namespace

TransitionCheck check_transition(RequestState from, RequestEvent event, const Actor& actor,
                                 const TransitionContext& context) {
  const Transition* t = find_transition(from, event);
  const std::string what = std::string(event_name(event)) + " in state " + state_name(from);
  if (!t) return refuse(Refusal::NotAllowedInState, what + " is not allowed");
  if (!contains(t->roles, actor.role)) {
    return refuse(Refusal::WrongRole, what + " is not allowed for the role " + role_name(actor.role));
  }
  switch (t->guard) {
    case Guard::None:
      break;
    case Guard::NotDrafter:
      // Separation of duties: with the drafter or the approver unknown it cannot be
      // shown, so it is refused.
      if (context.drafter_id.empty() || actor.id.empty()) {
        return refuse(Refusal::WrongActor, what + ": the drafter and the approver must be known");
      }
      if (actor.id == context.drafter_id) {
        return refuse(Refusal::WrongActor, what + ": the drafter cannot approve their own draft");
      }
      break;
    case Guard::RequesterOnly:
      if (actor.role == Role::Citizen && (actor.id.empty() || actor.id != context.requester_id)) {
        return refuse(Refusal::WrongActor, what + ": only the requester may do this");
      }
      break;
    case Guard::UseDateReached:
      if (context.earliest_use) {
        if (!context.today) {
          return refuse(Refusal::NotYet, what + ": today's date is needed to check the earliest use date");
        }
        if (*context.today < *context.earliest_use) {
          return refuse(Refusal::NotYet, what + ": use may not take place before " + context.earliest_use->iso());
        }
      }
      break;
    case Guard::RulingGiven:
      if (!context.ruling) return refuse(Refusal::MissingRuling, what + ": the ruling is not stated");
      break;
    case Guard::RulingGrants:
      if (!context.ruling) return refuse(Refusal::MissingRuling, what + ": the ruling is not stated");
      if (!ruling_changes_decision(*context.ruling)) {
        return refuse(Refusal::RulingMismatch,
                      what + ": the ruling (" + ruling_name(*context.ruling) + ") does not change the decision");
      }
      break;
    case Guard::RulingDoesNotGrant:
      if (!context.ruling) return refuse(Refusal::MissingRuling, what + ": the ruling is not stated");
      if (ruling_changes_decision(*context.ruling)) {
        return refuse(Refusal::RulingMismatch,
                      what + ": the ruling (" + ruling_name(*context.ruling) + ") requires a changed decision first");
      }
      break;
  }
  TransitionCheck ok;
  ok.to = t->to;
  return ok;
}

RequestState apply_transition(RequestState from, RequestEvent event, const Actor& actor,
                              const TransitionContext& context) {
  TransitionCheck c = check_transition(from, event, actor, context);
  switch (c.refusal) {
    case Refusal::None:
      return c.to;
    case Refusal::WrongRole:
    case Refusal::WrongActor:
      throw Forbidden(c.message);
    case Refusal::MissingRuling:
      throw InputError(c.message);
    case Refusal::NotAllowedInState:
    case Refusal::NotYet:
    case Refusal::RulingMismatch:
      break;
  }
  throw Conflict(c.message);
}

std::vector<RequestEvent> available_events(RequestState from, Role role) {
  std::vector<RequestEvent> out;
  for (const Transition& t : transition_table()) {
    if (t.from == from && contains(t.roles, role)) out.push_back(t.event);
  }
  return out;
}

// ---- per-item decisions ----

namespace {

struct DecisionInfo {
  Decision decision;
  const char* code;
};

const DecisionInfo kDecisions[] = {
    {Decision::FullUse, "full"},
    {Decision::PartialUse, "partial"},
    {Decision::NoUse, "none"},
};

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace

const char* decision_name(Decision d) {
  return kDecisions[static_cast<int>(d)].code;
}
std::string decision_message_key(Decision d) {
  return std::string("decision_") + decision_name(d);
}
const std::vector<Decision>& decisions() {
  static const std::vector<Decision> kAll = [] {
    std::vector<Decision> out;
    for (const DecisionInfo& d : kDecisions) out.push_back(d.decision);
    return out;
  }();
  return kAll;
}

std::optional<Decision> decision_from_name(const std::string& code) {
  for (const DecisionInfo& d : kDecisions) {
    if (code == d.code) return d.decision;
  }
  return std::nullopt;
}

std::vector<ValidationError> validate_item_decision(const ItemDecision& d, const RestrictionPeriodTable& periods,
                                                    const std::optional<std::pair<int, int>>& record_pages,
                                                    const std::optional<Ymd>& decision_day) {
  std::vector<ValidationError> errors;
  auto add = [&errors](std::string field, const char* code, std::string en,
                       std::vector<std::pair<std::string, std::string>> args = {}) {
    errors.push_back(ValidationError{std::move(field), code, std::move(args), std::move(en)});
  };

  if (blank(d.record_id)) add("record_id", "record_required", "No record is named.");

  if (d.decision == Decision::FullUse) {
    if (!d.grounds.empty()) add("grounds", "grounds_not_allowed", "Full use takes no restriction grounds.");
    if (!d.redactions.empty()) add("redactions", "redactions_not_allowed", "Full use takes no redactions.");
    if (!d.review_category.empty()) {
      add("review_category", "review_not_allowed", "Full use has no restriction to review.");
    }
    if (d.review_explicit) add("review_after", "review_not_allowed", "Full use has no restriction to review.");
    return errors;
  }

  // 一部利用 and 利用させない: grounds, the article and the reason are all required,
  // because the notice must state them (and the requester may appeal against them).
  if (d.grounds.empty()) add("grounds", "grounds_required", "Choose at least one restriction ground.");
  std::set<std::string> seen;
  for (size_t i = 0; i < d.grounds.size(); ++i) {
    const std::string field = "grounds[" + std::to_string(i) + "]";
    if (!find_ground(d.grounds[i])) {
      add(field, "unknown_ground", "'" + d.grounds[i] + "' is not a restriction ground.", {{"ground", d.grounds[i]}});
    } else if (!seen.insert(d.grounds[i]).second) {
      add(field, "duplicate_ground", "The ground '" + d.grounds[i] + "' is given twice.", {{"ground", d.grounds[i]}});
    }
  }
  if (blank(d.article)) add("article", "article_required", "State the legal article.");
  if (blank(d.reason)) add("reason", "reason_required", "State the reason for restricting use.");

  if (d.decision == Decision::PartialUse) {
    if (d.redactions.empty()) {
      add("redactions", "redactions_required", "Partial use needs the redactions: pages and what is masked.");
    }
    for (size_t i = 0; i < d.redactions.size(); ++i) {
      const Redaction& r = d.redactions[i];
      const std::string field = "redactions[" + std::to_string(i) + "]";
      if (r.page_from < 1 || r.page_to < r.page_from) {
        add(field + ".pages", "redaction_pages_invalid", "The redaction's page range is not valid.");
      } else if (record_pages && (r.page_from < record_pages->first || r.page_to > record_pages->second)) {
        const std::string from = std::to_string(record_pages->first);
        const std::string to = std::to_string(record_pages->second);
        add(field + ".pages", "redaction_outside_record",
            "The redaction lies outside the record's pages (" + from + "–" + to + ").", {{"from", from}, {"to", to}});
      }
      if (blank(r.what)) add(field + ".what", "redaction_what_required", "State what is masked.");
      if (!r.ground.empty() && std::find(d.grounds.begin(), d.grounds.end(), r.ground) == d.grounds.end()) {
        add(field + ".ground", "redaction_ground_not_listed",
            "The redaction's ground '" + r.ground + "' is not among the decision's grounds.", {{"ground", r.ground}});
      }
    }
  } else if (!d.redactions.empty()) {
    add("redactions", "redactions_not_allowed", "A refusal takes no redactions: the whole item is withheld.");
  }

  if (!d.review_category.empty()) {
    const RestrictionPeriod* p = periods.find(d.review_category);
    if (!p) {
      add("review_category", "unknown_review_category",
          "'" + d.review_category + "' is not a restriction period category.", {{"category", d.review_category}});
    } else if (std::find(d.grounds.begin(), d.grounds.end(), p->ground) == d.grounds.end()) {
      add("review_category", "review_category_ground_mismatch",
          "The category '" + d.review_category + "' belongs to the ground '" + p->ground +
              "', which the decision does not give.",
          {{"category", d.review_category}, {"ground", p->ground}});
    }
  }
  // A review date set by hand must lie after the day of the decision: a restriction
  // due for review on the day it is decided would be lifted by the next review.
  if (d.review_explicit && d.review_after && decision_day && !(*decision_day < *d.review_after)) {
    add("review_after", "review_date_not_after_decision",
        "The review date " + d.review_after->iso() + " must be after the day of the decision (" +
            decision_day->iso() + ").",
        {{"date", d.review_after->iso()}, {"decided", decision_day->iso()}});
  }
  if (d.review_explicit && !d.review_after) add("review_after", "review_date_required", "State the review date.");
  return errors;
}

namespace {
std::string join_errors(const std::string& record_id, const std::vector<ValidationError>& errors) {
  std::string message = "the decision for " + record_id + " is not valid:";
  for (const auto& e : errors) message += " " + e.field + ": " + e.message_en + ";";
  if (!errors.empty()) message.pop_back();
  return message;
}
}  // namespace

InvalidDecision::InvalidDecision(const std::string& record_id, std::vector<ValidationError> errors)
    : InputError(join_errors(record_id, errors)), errors_(std::move(errors)) {}

NoticeKind notice_kind(const std::vector<ItemDecision>& decisions) {
  bool all_full = true;
  bool none_usable = true;
  for (const ItemDecision& d : decisions) {
    if (d.decision != Decision::FullUse) all_full = false;
    if (d.decision != Decision::NoUse) none_usable = false;
  }
  if (decisions.empty() || all_full) return NoticeKind::Use;
  if (none_usable) return NoticeKind::Restriction;
  return NoticeKind::PartialUse;
}

const char* notice_kind_name(NoticeKind k) {
  switch (k) {
    case NoticeKind::Use:
      return "use";
    case NoticeKind::PartialUse:
      return "partial_use";
    case NoticeKind::Restriction:
      return "restriction";
  }
  return "";
}

std::string notice_title_key(NoticeKind k) {
  return std::string("notice_") + notice_kind_name(k) + "_title";
}

// ---- restriction periods ----

namespace {

std::vector<RestrictionPeriod> default_periods() {
  // Personal information by sensitivity after national archival practice (about 50,
  // 80 and over 110 years from creation); other grounds after the 30-year rule of
  // thumb, corporate information sooner. docs/ordinance.md gives the sources. Their
  // labels are the messages period_<category>.
  return {
      {"personal-general", "personal", 50, ""},
      {"personal-sensitive", "personal", 80, ""},
      {"personal-highly-sensitive", "personal", 110, ""},
      {"corporate", "corporate", 25, ""},
      {"security", "security", 30, ""},
      {"safety", "safety", 30, ""},
  };
}

}  // namespace

std::string period_label(const RestrictionPeriod& period, Lang lang) {
  if (lang == Lang::Ja && !period.configured_name.empty()) return period.configured_name;
  const Messages& m = Messages::get(lang);
  const std::string key = "period_" + period.category;
  return m.has(key) ? m.t(key) : period.category;
}

RestrictionPeriodTable::RestrictionPeriodTable() : rows_(default_periods()) {}

RestrictionPeriodTable::RestrictionPeriodTable(std::vector<RestrictionPeriod> rows, PeriodBase base)
    : rows_(std::move(rows)), base_(base) {}

const RestrictionPeriod* RestrictionPeriodTable::find(const std::string& category) const {
  for (const RestrictionPeriod& p : rows_) {
    if (p.category == category) return &p;
  }
  return nullptr;
}

std::optional<Ymd> RestrictionPeriodTable::review_after(const std::string& category, const Ymd& created) const {
  const RestrictionPeriod* p = find(category);
  if (!p) return std::nullopt;
  return years_after(p->years, created);
}

Ymd RestrictionPeriodTable::years_after(int years, const Ymd& day) const {
  if (base_ == PeriodBase::CalendarYearEnd) return Ymd{day.y + years + 1, 1, 1};
  // 年度 y runs from y-04-01 to (y+1)-03-31.
  int fiscal = day.m >= 4 ? day.y : day.y - 1;
  return Ymd{fiscal + 1 + years, 4, 1};
}

DecisionReviewDate decision_review_date(const RestrictionPeriodTable& periods, const std::string& category,
                                        const std::optional<Ymd>& created, const Ymd& decided_on,
                                        int re_review_years) {
  DecisionReviewDate out;
  out.date = periods.years_after(re_review_years, decided_on);
  if (!category.empty() && created) {
    out.category_end = periods.review_after(category, *created);
    if (out.category_end) {
      out.category_lapsed = !(decided_on < *out.category_end);
      if (out.date < *out.category_end) out.date = *out.category_end;
    }
  }
  return out;
}

RestrictionPeriodTable restriction_periods_from_ini(const std::map<std::string, std::string>& keys) {
  std::vector<RestrictionPeriod> rows = default_periods();
  PeriodBase base = PeriodBase::CalendarYearEnd;
  for (const auto& entry : keys) {
    // Plain references, not structured bindings: lambdas below capture them (clang 14).
    const std::string& key = entry.first;
    const std::string& value = entry.second;
    auto bad = [&](const std::string& why) {
      throw InputError("[restriction_periods] " + key + " = " + value + ": " + why);
    };
    if (key == "base") {
      if (value == "calendar_year") {
        base = PeriodBase::CalendarYearEnd;
      } else if (value == "fiscal_year") {
        base = PeriodBase::FiscalYearEnd;
      } else {
        bad("expected calendar_year or fiscal_year");
      }
      continue;
    }
    std::istringstream in(value);
    RestrictionPeriod p;
    p.category = key;
    std::string years;
    if (!(in >> p.ground >> years)) bad("expected a ground, the years and an optional label");
    std::getline(in, p.configured_name);
    p.configured_name.erase(0, p.configured_name.find_first_not_of(" \t"));
    if (!find_ground(p.ground)) bad("'" + p.ground + "' is not a restriction ground");
    if (years.empty() || years.size() > 3 ||
        !std::all_of(years.begin(), years.end(), [](char c) { return c >= '0' && c <= '9'; }) || std::stoi(years) < 1) {
      bad("'" + years + "' is not a number of years from 1 to 999");
    }
    p.years = std::stoi(years);
    // A name that only repeats the key is no name: the label falls back as for none.
    if (p.configured_name == key) p.configured_name.clear();
    auto it = std::find_if(rows.begin(), rows.end(), [&](const RestrictionPeriod& r) { return r.category == key; });
    if (it != rows.end()) {
      *it = p;
    } else {
      rows.push_back(p);
    }
  }
  return RestrictionPeriodTable(std::move(rows), base);
}

}  // namespace monjo::archive
