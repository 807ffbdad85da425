// Use requests in SQLite (docs/requests.md, docs/staff.md): intake with a receipt number and a secret
// status token, every state change through use_request.h's transition table, the
// deadlines recomputed by deadline.h after each change, per-item decisions checked
// by validate_item_decision, the officers' queue, the purge of requesters' personal
// data, and the annual statistics. Notifying a decision also records the catalog
// changes it calls for (items used in full or in part that the catalog withholds),
// which `monjo review` applies (archive/requests/review.h).
//
// Privacy: a requester's name, address, phone, e-mail and purpose come back only
// from requester_details(), which needs the ViewRequesterData permission and leaves
// an audit entry naming who looked. Every other result here is free of them. The
// e-mail address also leaves in the messages queued for the requester
// (archive/requests/request_mail.h), to that address only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/staff/audit.h"
#include "archive/base/messages.h"
#include "archive/dates/deadline.h"
#include "archive/base/sqlite.h"
#include "archive/dates/timestamp.h"
#include "archive/requests/self_requests.h"
#include "archive/requests/use_request.h"

namespace monjo::archive {

// 閲覧 / 写しの交付, and for copies paper or electronic. Their labels are the
// messages method_<code> and medium_<code>.
enum class UseMethod { View, Copy };
enum class Medium { Paper, Electronic };
const char* use_method_name(UseMethod m);  // "view", "copy"
std::optional<UseMethod> use_method_from_name(const std::string& code);
const char* medium_name(Medium m);  // "paper", "electronic"
std::optional<Medium> medium_from_name(const std::string& code);

struct RequesterDetails {
  std::string name;
  std::string address;
  std::string phone;
  std::string email;
  std::string purpose;  // optional
  bool purged = false;  // the data was deleted after the retention period
};

struct NewRequest {
  std::vector<std::string> record_ids;  // catalog ids, 1–100, distinct
  RequesterDetails requester;           // name and address required, phone or e-mail
  UseMethod method = UseMethod::View;
  Medium medium = Medium::Paper;
  Lang lang = Lang::Ja;  // the language of the form: the requester's mail is written in it
  // The intake's question: is the request about the requester's own information
  // (本人, or as their legal representative or heir)? nullopt: no.
  std::optional<SelfRelation> self_relation;
};

// Shown once to the requester: the status page needs both.
struct Receipt {
  std::string receipt;  // R2026-000123: fiscal year (年度) of receipt and its sequence
  std::string token;    // 32 random bytes, hex; only its hash is stored
};

struct RequestItem {
  int position = 0;
  ItemDecision decision;  // record_id is always set; the rest once decided
  bool decided = false;
  std::string decided_by;  // staff account
};

struct RequestEventRow {
  std::string from_state;
  std::string event;  // an event code, or "extend" / "special_extension" (no state change)
  std::string to_state;
  std::string actor;
  std::string role;
  std::string at;  // UTC
  std::string note;
};

// A request without the requester's personal data.
struct StoredRequest {
  std::string receipt;
  RequestState state = RequestState::Received;
  std::string received_at;  // UTC
  Ymd received_on;          // the day in Japan the request arrived (到達日)
  int fiscal_year = 0;
  UseMethod method = UseMethod::View;
  Medium medium = Medium::Paper;
  std::string assigned_officer;
  std::string drafter;
  std::string approver;
  Deadlines deadlines;
  int extension_days = 0;
  std::string extension_reason;
  std::optional<Ymd> special_rest_date;
  std::string special_reason;
  std::optional<Ymd> decided_on;  // 決裁 (or 却下)
  std::optional<Ymd> notified_on;
  bool third_party_consulted = false;
  bool third_party_objected = false;
  std::optional<Ymd> earliest_use;  // two weeks after the decision when a third party objected
  std::optional<Ymd> used_on;
  int copies = 0;
  int copy_pages = 0;
  int fee_yen = 0;
  std::optional<Ymd> closed_on;
  std::optional<Ymd> appealed_on;
  bool appeal_in_time = true;
  std::optional<Ruling> ruling;
  bool requester_data_purged = false;
  std::optional<SelfRelation> self_relation;    // a request about oneself (本人利用)
  std::optional<IdentityCheck> identity_check;  // the latest one recorded
  std::vector<RequestItem> items;
  std::vector<RequestEventRow> events;
};

// What the citizen's status page shows: item decisions only once notified.
struct PublicRequestStatus {
  std::string receipt;
  RequestState state = RequestState::Received;
  Ymd received_on;
  UseMethod method = UseMethod::View;
  Medium medium = Medium::Paper;
  Deadlines deadlines;
  std::optional<Ymd> notified_on;
  std::optional<Ymd> earliest_use;
  // The last day of the appeal window (審査請求, deadline.h) once the decision is
  // notified or the request rejected; an online appeal is refused after it.
  std::optional<Ymd> appeal_until;
  bool decisions_visible = false;
  bool self_request = false;  // asked as 本人; the items' decisions are then what this requester may use
  std::vector<RequestItem> items;  // decisions cleared unless decisions_visible
  // State changes and extensions with their day; no staff names.
  std::vector<std::pair<Ymd, std::string>> history;  // (day, event code)
};

// Data some events carry.
struct EventDetails {
  std::optional<Ruling> ruling;  // Rule
  int copies = 0;                // RecordUse
  int copy_pages = 0;
  int fee_yen = 0;
  bool third_party_objected = false;  // EndConsultation: the third party objects to use
};

struct QueueEntry {
  std::string receipt;
  RequestState state = RequestState::Received;
  Ymd received_on;
  std::string assigned_officer;
  int item_count = 0;
  Deadlines deadlines;
  DueStatus due = DueStatus::Ok;
  std::optional<long> days_left;   // to deadlines.effective
  bool awaiting_decision = false;  // the decision clock concerns this request
};

struct PercentileSummary {
  long count = 0;
  double median = 0;
  long p90 = 0;  // nearest rank
  long max = 0;
};

struct RequestStatistics {
  int fiscal_year = 0;
  long received = 0;
  long decided = 0;  // decided (決裁) or rejected within the year
  long rejected = 0;
  long withdrawn = 0;
  long items_requested = 0;                         // items of the requests received
  long simple_viewings = 0;                         // requests served by 簡易閲覧
  std::map<std::string, long> decisions_by_kind;    // decision code → items decided
  std::map<std::string, long> decisions_by_ground;  // ground code → items restricted on it
  PercentileSummary days_to_decision;               // calendar days from receipt to decision
  long within_limit = 0;
  long extended = 0;  // decided within an extension
  long special = 0;   // 特例
  long late = 0;      // decided after the deadline
  long third_party_consultations = 0;
  long copies = 0;
  long copy_pages = 0;
  long restrictions_lifted = 0;  // catalog restrictions lifted (review or decision)
  long appeals = 0;
  long appeals_granted_by_reconsideration = 0;
  long appeals_withdrawn = 0;
  std::map<std::string, long> rulings;  // ruling code → count
  // Requests about oneself (本人利用), counted apart: received in the year, by
  // relation, and the items decided within it whose personal-information parts were
  // granted to the requester alone (the items are in decisions_by_kind as decided
  // for anyone).
  long self_requests = 0;
  std::map<std::string, long> self_requests_by_relation;  // relation code → requests
  long self_grants = 0;
};

// An identity check refused for the problems it lists (codes identity_error_<code>).
class InvalidIdentityCheck : public InputError {
 public:
  explicit InvalidIdentityCheck(std::vector<ValidationError> errors);
  const std::vector<ValidationError>& errors() const { return errors_; }

 private:
  std::vector<ValidationError> errors_;
};

class RequestMail;

class RequestStore {
 public:
  RequestStore(sql::Database& db, AuditTrail& audit, DeadlineCalculator calculator,
               RestrictionPeriodTable periods = RestrictionPeriodTable());

  // Throws InputError naming the field on bad input (unknown record included).
  Receipt submit(const NewRequest& request, TimePoint now = now_seconds());

  // The citizen's view; NotFound for an unknown receipt and for a wrong token alike
  // (compared in constant time).
  PublicRequestStatus find_by_receipt(const std::string& receipt, const std::string& token);
  bool token_matches(const std::string& receipt, const std::string& token);

  // Staff view (no personal data). NotFound when unknown.
  StoredRequest get(const std::string& receipt);
  bool exists(const std::string& receipt);

  // Applies one event: the transition table decides (role, state, guards, the
  // drafter is never the approver), the event and an audit entry are recorded, the
  // deadlines recomputed. Throws Conflict / Forbidden / InputError as
  // apply_transition does, Conflict when a draft lacks item decisions.
  StoredRequest apply(const std::string& receipt, RequestEvent event, const Actor& actor, const std::string& note,
                      TimePoint now = now_seconds(), const EventDetails& details = {});
  // A citizen's own event (withdraw, answer a correction, appeal): the token proves it.
  // An appeal after the window of deadline.h is refused (Conflict).
  StoredRequest apply_as_requester(const std::string& receipt, const std::string& token, RequestEvent event,
                                   const std::string& note, TimePoint now = now_seconds());

  // Extension (one, up to extension_days, noticed within the first period) and 特例.
  StoredRequest extend(const std::string& receipt, int days, const std::string& reason, const Actor& actor,
                       TimePoint now = now_seconds());
  StoredRequest special_extension(const std::string& receipt, const Ymd& rest_date, const std::string& reason,
                                  const Actor& actor, TimePoint now = now_seconds());
  void assign(const std::string& receipt, const std::string& officer, const Actor& actor,
              TimePoint now = now_seconds());

  // Sets one item's decision (Decide permission, while the request is under review).
  // `record_created` lets the review-after date be computed from the category.
  // Throws InputError listing every validation error. A 本人 grant
  // (decision.self_grounds) is refused unless it lifts `personal` alone
  // (validate_self_grant), the request is about oneself and its identity check is
  // recorded; approval checks all of it again.
  void set_item_decision(const std::string& receipt, const ItemDecision& decision, const Actor& actor,
                         TimePoint now = now_seconds(), const std::optional<Ymd>& record_created = std::nullopt,
                         const std::optional<std::pair<int, int>>& record_pages = std::nullopt);

  // Records the identity check of a request about oneself (Decide permission): the
  // types of the documents seen, by `actor`, now. Conflict for a request that is not
  // about oneself or that no longer awaits a decision; InvalidIdentityCheck for a
  // missing or unknown document type. A request event "identity_check" and an audit
  // entry "request.identity_check" name the types, never a document's number.
  StoredRequest record_identity_check(const std::string& receipt, const std::string& identity_document,
                                      const std::string& relation_document, const Actor& actor,
                                      TimePoint now = now_seconds());

  // Open requests (in no terminal state of the state table), soonest deadline first;
  // requests without a running deadline last.
  std::vector<QueueEntry> queue(TimePoint now = now_seconds());

  // ViewRequesterData permission; audited with the viewer.
  RequesterDetails requester_details(const std::string& receipt, const Actor& actor, TimePoint now = now_seconds());

  // One look at a request's staff review page (web/staff/requests.cc): the requester's
  // details when the role has ViewRequesterData (nullopt otherwise), and ONE audit
  // entry "request.view" for the whole page, whose detail says what it revealed:
  // "requester=yes|no " followed by `shown` (items, withheld records, decisions).
  std::optional<RequesterDetails> review_view(const std::string& receipt, const Actor& actor,
                                              const std::string& shown, TimePoint now = now_seconds());

  // Receipts of finished requests (in a terminal state: closed, withdrawn, rejected) closed before
  // `date` whose requester data is still there; with dry_run false, their name,
  // address, phone, e-mail and purpose become NULL, and so do the notes the requester
  // wrote (correction answers, appeal reasons) (PurgeRequesterData permission),
  // one audit entry per request. Statistics are unaffected.
  std::vector<std::string> purge_closed_before(const Ymd& date, const Actor& actor, bool dry_run = false,
                                               TimePoint now = now_seconds());

  RequestStatistics statistics(int fiscal_year);

  // Catalog changes that notified decisions call for and `monjo review --apply` has
  // not applied yet (archive/requests/review.h).
  long pending_catalog_changes();
  // The catalog generation (archive/catalog/catalog.h), which a notified decision that
  // restricts a record moves on: the caller then re-indexes.
  uint64_t catalog_generation();

  const DeadlineCalculator& calculator() const { return calc_; }

  // Mail to requesters (archive/requests/request_mail.h): with one set, submit, the
  // events that change what a requester waits for and send_fresh_link queue their
  // message in the change's own transaction. Without one (or without [mail]) nothing
  // is mailed.
  void set_mail(RequestMail* mail) { mail_ = mail; }
  bool mail_enabled() const;
  // "Check my request": when `contact` is the e-mail address or phone number given with
  // `receipt` and the request has an e-mail address to write to, the status token is
  // replaced by a fresh one (the old link stops working), the event "renew_link" and
  // an audit entry are recorded and the new link is queued to that address. Returns
  // whether it was; the caller answers the same either way.
  bool send_fresh_link(const std::string& receipt, const std::string& contact, TimePoint now = now_seconds());

 private:
  StoredRequest load(const std::string& receipt);
  // What the requester wrote (NotFound for an unknown receipt); the caller audits.
  RequesterDetails read_requester(const std::string& receipt);
  RequestClock clock_of(const std::string& receipt, const Ymd& received, int extension_days,
                        const std::optional<Ymd>& special_rest);
  void store_deadlines(const std::string& receipt);
  void record_event(const std::string& receipt, const std::string& from, const std::string& event,
                    const std::string& to, const Actor& actor, const std::string& note, TimePoint now);
  StoredRequest apply_checked(const std::string& receipt, RequestEvent event, const Actor& actor,
                              const std::string& note, TimePoint now, const EventDetails& details);

  sql::Database& db_;
  AuditTrail& audit_;
  DeadlineCalculator calc_;
  RestrictionPeriodTable periods_;
  RequestMail* mail_ = nullptr;
};

// The 年度 a day belongs to: 2027-03-31 → 2026.
int fiscal_year_of(const Ymd& day);

}  // namespace monjo::archive
