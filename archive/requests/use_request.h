// Use requests (利用請求, docs/requests.md): the request's state machine as one
// transition table (from, event, to, roles, guard) over the state table, the
// per-item decision (全部利用 / 一部利用 / 利用させない) with its validation, and the
// table of restriction categories that gives a restriction's review-after date.
// Roles and permissions are archive/staff/roles.h's.
// Pure: the storage, pages and audit trail are built on this by others; every
// transition they perform goes through check_transition / apply_transition.
// The tables carry no display text: each row's label is a message in
// messages/<lang>.tsv whose key is derived from its code (state_<code>,
// event_<code>, ruling_<code>, decision_<code>, notice_<kind>_title, period_<category>).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/dates/date.h"
#include "archive/staff/roles.h"

namespace monjo::archive {

// ---- the request state machine ----

enum class RequestState {
  Received,         // 受付
  Correcting,       // 補正中: the clock pauses
  Reviewing,        // 審査中
  SimpleViewing,    // 簡易閲覧: open items, no formal decision
  Consulting,       // 第三者意見照会: the clock keeps running
  Drafted,          // 起案
  Approved,         // 決裁
  Notified,         // 決定・通知
  Used,             // 利用実施
  Closed,           // 完了
  Withdrawn,        // 取下げ
  Rejected,         // 却下
  Appealed,         // 審査請求
  Reconsidering,    // 再検討
  Referred,         // 諮問
  OpinionReceived,  // 答申
  Ruled,            // 裁決
};
constexpr int kRequestStateCount = 17;

enum class RequestEvent {
  Accept,              // 受理: the format check passed
  RequestCorrection,   // 補正の求め
  SubmitCorrection,    // 補正書の提出
  Reject,              // 却下 (also for a correction left unanswered)
  StartSimpleViewing,  // 簡易閲覧で対応
  RequireDecision,     // 簡易閲覧をやめ正式な決定へ
  ConsultThirdParty,   // 第三者意見照会
  EndConsultation,     // 意見照会の終了
  Draft,               // 起案
  ReturnDraft,         // 差戻し
  Approve,             // 決裁
  Notify,              // 決定の通知
  RecordUse,           // 利用の実施
  Close,               // 完了
  Withdraw,            // 取下げ
  Appeal,              // 審査請求
  Reconsider,          // 再検討
  GrantInFull,         // 再検討による全部認容の変更決定 (ends the appeal without 諮問)
  Refer,               // 審査会への諮問
  ReceiveOpinion,      // 答申の受理
  Rule,                // 裁決
  ChangeDecision,      // 裁決に基づく変更決定
  WithdrawAppeal,      // 審査請求の取下げ
};
constexpr int kRequestEventCount = 23;

// 裁決 outcomes (行政不服審査法 45–46).
enum class Ruling { Dismissed, Denied, GrantedInPart, GrantedInFull };
// Every outcome, in the order forms and statistics list them.
const std::vector<Ruling>& rulings();
const char* ruling_name(Ruling r);  // dismissed, denied, granted_in_part, granted_in_full
std::string ruling_message_key(Ruling r);  // "ruling_dismissed"
std::optional<Ruling> ruling_from_name(const std::string& code);
bool ruling_changes_decision(Ruling r);  // 認容, whole or part

struct StateInfo {
  RequestState state;
  const char* code;         // "received"; its label is the message state_received
  bool terminal;            // no way out except an appeal (the request is finished)
  bool clock_running;       // the decision deadline runs (not while correcting, not after notice)
  bool awaiting_decision;   // the decision deadline concerns the request (queue order, decision forms)
  bool decisions_editable;  // per-item decisions may be set (review, consultation, after an appeal)
  bool deadline_shown;      // the requester's status page shows the decision deadline
};
const std::vector<StateInfo>& request_states();
const StateInfo& state_info(RequestState s);
const char* state_name(RequestState s);
std::string state_message_key(RequestState s);  // "state_received"
// The codes of the states with `terminal` set, in table order (for SQL IN lists).
std::vector<std::string> terminal_state_codes();
std::optional<RequestState> state_from_name(const std::string& code);

struct EventInfo {
  RequestEvent event;
  const char* code;  // "request_correction"; its label is the message event_request_correction
};
const std::vector<EventInfo>& request_events();
const EventInfo& event_info(RequestEvent e);
const char* event_name(RequestEvent e);
// "event_" + code: also for the history's events outside the table (submit, extend).
std::string event_message_key(const std::string& code);
std::optional<RequestEvent> event_from_name(const std::string& code);

// A check that depends on who acts and on the request, beyond the role.
enum class Guard {
  None,
  NotDrafter,          // the approver is never the drafter
  RequesterOnly,       // a citizen may act only on their own request
  UseDateReached,      // not before the earliest use date (third party's two weeks)
  RulingGiven,         // the ruling's outcome must be stated
  RulingGrants,        // only after a 認容 ruling
  RulingDoesNotGrant,  // a 認容 ruling must lead to a changed decision, not to closing
};

struct Transition {
  RequestState from;
  RequestEvent event;
  RequestState to;
  RoleSet roles;
  Guard guard;
};
// The one transition table. Any (state, event) pair not in it is refused.
const std::vector<Transition>& transition_table();
const Transition* find_transition(RequestState from, RequestEvent event);

// What the guards need to know about the request.
struct TransitionContext {
  std::string requester_id;         // whose request it is
  std::string drafter_id;           // who drafted the decision under approval
  std::optional<Ymd> today;         // for UseDateReached
  std::optional<Ymd> earliest_use;  // set when a third party objected
  std::optional<Ruling> ruling;     // for Rule, ChangeDecision, Close after a ruling
};

enum class Refusal {
  None,
  NotAllowedInState,  // Conflict: the event does not apply in this state
  WrongRole,          // Forbidden
  WrongActor,         // Forbidden: drafter approving, someone else's request
  NotYet,             // Conflict: the earliest use date has not come
  MissingRuling,      // InputError: the ruling's outcome was not given
  RulingMismatch,     // Conflict: the ruling does not allow this step
};

struct TransitionCheck {
  Refusal refusal = Refusal::None;
  RequestState to = RequestState::Received;  // meaningful when allowed
  std::string message;                       // English, for logs and errors
  bool allowed() const { return refusal == Refusal::None; }
};

TransitionCheck check_transition(RequestState from, RequestEvent event, const Actor& actor,
                                 const TransitionContext& context);
// Returns the new state or throws: Conflict (NotAllowedInState, NotYet,
// RulingMismatch), Forbidden (WrongRole, WrongActor), InputError (MissingRuling).
RequestState apply_transition(RequestState from, RequestEvent event, const Actor& actor,
                              const TransitionContext& context);
// The events a role may attempt from a state (the buttons a page shows); guards are
// not evaluated.
std::vector<RequestEvent> available_events(RequestState from, Role role);

// ---- per-item decisions ----

enum class Decision { FullUse, PartialUse, NoUse };
// Every kind, in the order forms and statistics list them.
const std::vector<Decision>& decisions();
const char* decision_name(Decision d);  // "full", "partial", "none"
std::string decision_message_key(Decision d);  // "decision_full": 全部利用, 一部利用, 利用させない
std::optional<Decision> decision_from_name(const std::string& code);

// What is masked on which pages, and why.
struct Redaction {
  int page_from = 0;
  int page_to = 0;
  std::string what;    // "氏名・住所", "恩給額"
  std::string ground;  // a ground code; empty = the decision's grounds
};

struct ItemDecision {
  std::string record_id;
  Decision decision = Decision::FullUse;
  std::vector<std::string> grounds;   // codes from restriction_grounds() (access_policy.h)
  std::string article;                // the ordinance's article, e.g. 条例第17条第1項第1号イ
  std::string reason;                 // required for anything less than full use
  std::vector<Redaction> redactions;  // 一部利用 only
  std::string review_category;        // a row of the restriction period table, or empty
  // The first day the restriction may be reviewed (再審査の時期), for 一部利用 and
  // 利用させない: set by hand (review_explicit), else computed by
  // decision_review_date() when the decision is saved and again when it is approved.
  std::optional<Ymd> review_after;
  bool review_explicit = false;
  // A 本人 grant (archive/requests/self_requests.h): the grounds lifted for this
  // requester alone, because the information is about them. Only `personal`; the
  // fields above stay the decision as it stands for anyone, and the catalog is
  // judged by them alone.
  std::vector<std::string> self_grounds;
};

// One problem of a decision. The pages show it from the message catalogs
// (decision_error_<code>, with `args` for its placeholders); message_en is for the
// command line and logs.
struct ValidationError {
  std::string field;  // "grounds", "redactions[1].what" …
  std::string code;   // "grounds_required" …
  std::vector<std::pair<std::string, std::string>> args;  // {"ground", "personal"}, {"from", "1"} …
  std::string message_en;
};

class RestrictionPeriodTable;

// A decision refused for the problems it lists (what() joins their English text).
class InvalidDecision : public InputError {
 public:
  InvalidDecision(const std::string& record_id, std::vector<ValidationError> errors);
  const std::vector<ValidationError>& errors() const { return errors_; }

 private:
  std::vector<ValidationError> errors_;
};

// Every problem of the decision, none when it is valid. `record_pages` (first, last)
// lets redactions be checked against the item's pages when known; `decision_day`
// (the day it is saved or approved) checks that a review date set by hand lies
// after it.
std::vector<ValidationError> validate_item_decision(
    const ItemDecision& decision, const RestrictionPeriodTable& periods,
    const std::optional<std::pair<int, int>>& record_pages = std::nullopt,
    const std::optional<Ymd>& decision_day = std::nullopt);

// The notice a set of item decisions calls for: 利用決定通知書 when every item is used in
// full, 利用制限決定通知書 when none may be used, else 一部利用決定通知書.
enum class NoticeKind { Use, PartialUse, Restriction };
NoticeKind notice_kind(const std::vector<ItemDecision>& decisions);
const char* notice_kind_name(NoticeKind k);  // "use", "partial_use", "restriction"
std::string notice_title_key(NoticeKind k);  // "notice_use_title" …

// ---- review-after periods (data, not code: docs/ordinance.md) ----

struct RestrictionPeriod {
  std::string category;  // "personal-general"
  std::string ground;    // the ground it belongs to ("personal")
  int years = 0;
  // The archive's own Japanese name from its configuration; empty for a built-in
  // category, whose label is the message period_<category>.
  std::string configured_name;
};
// The category's display label: the configured name (Japanese pages), else the
// message period_<category>, else the category code itself.
std::string period_label(const RestrictionPeriod& period, Lang lang);

// How the years are counted: from the end of the record's creation year (12/31), or
// from the end of its 年度 (3/31), as Japanese retention periods are.
enum class PeriodBase { CalendarYearEnd, FiscalYearEnd };

class RestrictionPeriodTable {
 public:
  // The defaults: personal information 50 / 80 / 110 years by sensitivity, corporate
  // 25, security and safety 30 (docs/ordinance.md gives the source practice).
  RestrictionPeriodTable();
  explicit RestrictionPeriodTable(std::vector<RestrictionPeriod> rows, PeriodBase base = PeriodBase::CalendarYearEnd);

  const std::vector<RestrictionPeriod>& rows() const { return rows_; }
  PeriodBase base() const { return base_; }
  const RestrictionPeriod* find(const std::string& category) const;

  // The first day on which the restriction is due for review: the day after the
  // period ends. Created 1955 (any day), 50 years, calendar base → 2006-01-01.
  // nullopt for an unknown category.
  std::optional<Ymd> review_after(const std::string& category, const Ymd& created) const;
  // The same count for any number of years from any day: the first day after
  // `years` whole (calendar or fiscal) years following the one that holds `day`.
  Ymd years_after(int years, const Ymd& day) const;

 private:
  std::vector<RestrictionPeriod> rows_;
  PeriodBase base_ = PeriodBase::CalendarYearEnd;
};

// The review date of a decision that withholds (一部利用, 利用させない), decided on
// `decided_on`: the later of (a) the end of the category's period counted from the
// record's creation and (b) the decision day plus the re-review interval
// (OrdinanceConfig::re_review_years), so it never lies in the past. With no
// category or no creation date, (b) alone. docs/ordinance.md.
struct DecisionReviewDate {
  Ymd date;
  std::optional<Ymd> category_end;  // (a), when a category and the creation date are known
  bool category_lapsed = false;     // (a) is on or before the decision day
};
DecisionReviewDate decision_review_date(const RestrictionPeriodTable& periods, const std::string& category,
                                        const std::optional<Ymd>& created, const Ymd& decided_on,
                                        int re_review_years);

// Reads the `[restriction_periods]` section: `base = calendar_year | fiscal_year`
// and one key per category, `personal-general = personal 50 一般的な個人情報`
// (ground, years, optional Japanese label). Listed categories replace or add to the
// defaults. Throws InputError naming the key on a malformed value.
RestrictionPeriodTable restriction_periods_from_ini(const std::map<std::string, std::string>& keys);

}  // namespace monjo::archive
