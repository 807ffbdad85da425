#include "archive/requests/request_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "archive/catalog/access_judgements.h"
#include "archive/base/crypto.h"
#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/requests/request_mail.h"

namespace monjo::archive {

namespace {

constexpr size_t kMaxItems = 100;

std::string ymd_text(const std::optional<Ymd>& day) {
  return day ? day->iso() : std::string();
}

std::optional<Ymd> opt_ymd(const sql::Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return Ymd::parse_iso(st.text(col));
}

Ymd req_ymd(const sql::Statement& st, int col) {
  auto day = opt_ymd(st, col);
  if (!day) throw Error("request store: a required date is missing or malformed");
  return *day;
}

bool has_control(const std::string& s, bool allow_newline) {
  for (unsigned char c : s) {
    if (c == '\n' && allow_newline) continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Empty or only spaces, the ideographic space (U+3000) included.
bool blank(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\u3000") == 0) {
      i += 2;
    } else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
      return false;
    }
  }
  return true;
}

void check_text(const std::string& field, const std::string& value, size_t max_bytes, bool required,
                bool multiline = false) {
  if (required && blank(value)) throw InputError(field + " is required");
  if (value.size() > max_bytes)
    throw InputError(field + " is too long (at most " + std::to_string(max_bytes) + " bytes)");
  if (has_control(value, multiline)) throw InputError(field + " contains control characters");
}

RequestState state_of(const std::string& code) {
  auto s = state_from_name(code);
  if (!s) throw Error("request store: unknown state \"" + code + "\"");
  return *s;
}

std::string redactions_json(const std::vector<Redaction>& redactions) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : redactions) {
    arr.push_back({{"page_from", r.page_from}, {"page_to", r.page_to}, {"what", r.what}, {"ground", r.ground}});
  }
  return arr.dump();
}

std::vector<Redaction> redactions_from_json(const std::string& text) {
  std::vector<Redaction> out;
  if (text.empty()) return out;
  auto arr = nlohmann::json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& j : arr) {
    Redaction r;
    r.page_from = j.value("page_from", 0);
    r.page_to = j.value("page_to", 0);
    r.what = j.value("what", "");
    r.ground = j.value("ground", "");
    out.push_back(std::move(r));
  }
  return out;
}

void require(const Actor& actor, Permission permission) {
  if (!has_permission(actor.role, permission)) {
    throw Forbidden(actor.id + " (" + role_name(actor.role) + ") lacks the permission " + permission_name(permission));
  }
}

// The access status in force for a record (its own, else the nearest ancestor's,
// else open: access_policy.h), read straight from the records table; nullopt when
// the record is not in the catalog.
std::optional<std::string> effective_status(sql::Database& db, const std::string& record_id) {
  auto st = db.prepare(
      "WITH RECURSIVE up(id, parent_id, status, depth) AS ("
      "  SELECT id, parent_id, access_status, 0 FROM records WHERE id = ?1"
      "  UNION ALL"
      "  SELECT r.id, r.parent_id, r.access_status, up.depth + 1 FROM records r JOIN up ON r.id = up.parent_id"
      "  WHERE up.status IS NULL) "
      "SELECT (SELECT count(*) FROM up), (SELECT status FROM up WHERE status IS NOT NULL ORDER BY depth LIMIT 1)");
  st.bind(1, record_id);
  st.step();
  const bool found = st.integer(0) > 0;
  std::string status = st.is_null(1) ? std::string("open") : st.text(1);
  st.reset();
  if (!found) return std::nullopt;
  return status;
}

// The day a record was created, for counting restriction periods: the end of its
// catalogued date; nullopt when it is undated or not in the catalog.
std::optional<Ymd> creation_day(sql::Database& db, const std::string& record_id) {
  auto st = db.prepare("SELECT date_end FROM records WHERE id = ?");
  st.bind(1, record_id);
  std::optional<Ymd> out;
  if (st.step() && !st.is_null(0)) out = Ymd::parse_iso(st.text(0));
  st.reset();
  return out;
}

// Restrictions are judged at each decision (docs/requests.md, "Review"). When a
// decision is notified, each decided item becomes its record's latest judgement
// (archive/catalog/access_judgements.h): 一部利用 and 利用させない restrict or close the record
// at once, until their review date; 全部利用 takes away any hold and, when the
// catalog still withholds the item, leaves a pending change that `monjo review
// --apply` carries out (archive/requests/review.h).
struct DecisionEffects {
  int restricted = 0;  // records restricted or closed now
  int pending = 0;     // changes left for the review
};
DecisionEffects record_decisions(sql::Database& db, const StoredRequest& r, const Ymd& decided_on, const Actor& actor,
                                 TimePoint now) {
  DecisionEffects out;
  for (const auto& item : r.items) {
    const ItemDecision& d = item.decision;
    if (!item.decided) continue;
    Judgement j;
    j.record_id = d.record_id;
    j.source = JudgementSource::Decision;
    j.ref = r.receipt;
    j.decided_on = decided_on;
    j.actor = actor.id;
    if (d.decision == Decision::FullUse) {
      j.outcome = AccessStatus::Open;
      record_judgement(db, j, now);
      auto status = effective_status(db, d.record_id);
      if (!status || *status == "open") continue;
      auto st = db.prepare(
          "INSERT INTO decision_changes(record_id, receipt, decision, grounds, reason, review_after, decided_on, "
          "created_at) VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?)");
      st.bind(1, d.record_id).bind(2, r.receipt).bind(3, decision_name(d.decision)).bind(4, decided_on.iso());
      st.bind(5, iso_utc(now)).run();
      st.reset();
      ++out.pending;
      continue;
    }
    // A 本人 grant is the requester's alone: on a record the catalog already
    // withholds, the decision leaves the record as it is — its restriction, its
    // `until` and any hold — so that a request about oneself never loosens (nor
    // brings forward the review of) what others may see. On a record the catalog
    // shows, the decision withholds from others as any decision does.
    if (!d.self_grounds.empty()) {
      auto status = effective_status(db, d.record_id);
      if (status && *status != "open") continue;
    }
    j.outcome = d.decision == Decision::NoUse ? AccessStatus::Closed : AccessStatus::Restricted;
    j.grounds = d.grounds;
    j.reason = d.reason;
    j.review_on = d.review_after;
    if (record_judgement(db, j, now)) ++out.restricted;
  }
  if (out.restricted > 0) bump_catalog_generation(db);
  return out;
}

// What a request lacks for a 本人 grant on one of its items: to be a request about
// oneself, and a recorded identity check (docs/requests.md, "A request about oneself").
std::vector<ValidationError> self_grant_request_errors(const StoredRequest& r) {
  std::vector<ValidationError> errors;
  if (!r.self_relation) {
    errors.push_back({"self_grounds", "self_grant_not_self_request", {},
                      "The request is not about the requester's own information."});
  } else if (!r.identity_check) {
    errors.push_back({"self_grounds", "self_grant_needs_identity_check", {},
                      "Record the requester's identity check before granting a request about oneself."});
  }
  return errors;
}

// "?, ?, ?" for an IN list of `n` bound values (n ≥ 1: the state table has terminal
// states).
std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// Binds `values` from parameter `first` on; returns the next free parameter.
int bind_all(sql::Statement& st, int first, const std::vector<std::string>& values) {
  for (const auto& v : values) st.bind(first++, v);
  return first;
}

const char* const kRequestColumns =
    "receipt, state, received_at, received_on, fiscal_year, use_method, medium, assigned_officer, drafter, "
    "approver, extension_days, extension_reason, special_rest_date, special_reason, decided_on, notified_on, "
    "third_party_consulted, third_party_objected, earliest_use, used_on, copies, copy_pages, fee_yen, closed_on, "
    "appealed_on, appeal_in_time, ruling, purged_at, self_relation";

}  // namespace

const char* use_method_name(UseMethod m) {
  return m == UseMethod::View ? "view" : "copy";
}
std::optional<UseMethod> use_method_from_name(const std::string& code) {
  if (code == "view") return UseMethod::View;
  if (code == "copy") return UseMethod::Copy;
  return std::nullopt;
}
const char* medium_name(Medium m) {
  return m == Medium::Paper ? "paper" : "electronic";
}
std::optional<Medium> medium_from_name(const std::string& code) {
  if (code == "paper") return Medium::Paper;
  if (code == "electronic") return Medium::Electronic;
  return std::nullopt;
}

InvalidIdentityCheck::InvalidIdentityCheck(std::vector<ValidationError> errors)
    : InputError([&errors] {
        std::string message = "the identity check is not valid:";
        for (const auto& e : errors) message += " " + e.field + ": " + e.message_en;
        return message;
      }()),
      errors_(std::move(errors)) {}

int fiscal_year_of(const Ymd& day) {
  return day.m >= 4 ? day.y : day.y - 1;
}

RequestStore::RequestStore(sql::Database& db, AuditTrail& audit, DeadlineCalculator calculator,
                           RestrictionPeriodTable periods)
    : db_(db), audit_(audit), calc_(std::move(calculator)), periods_(std::move(periods)) {}

Receipt RequestStore::submit(const NewRequest& request, TimePoint now) {
  const RequesterDetails& who = request.requester;
  check_text("name", who.name, 200, true);
  check_text("address", who.address, 500, true);
  check_text("phone", who.phone, 40, false);
  check_text("email", who.email, 254, false);
  check_text("purpose", who.purpose, 2000, false, true);
  if (blank(who.phone) && blank(who.email)) throw InputError("phone or email is required");
  if (!blank(who.email) && (who.email.find('@') == std::string::npos || who.email.find(' ') != std::string::npos)) {
    throw InputError("email is not an e-mail address");
  }
  if (request.record_ids.empty()) throw InputError("record_ids: at least one record is required");
  if (request.record_ids.size() > kMaxItems) {
    throw InputError("record_ids: at most " + std::to_string(kMaxItems) + " records in one request");
  }
  std::set<std::string> seen;
  for (const auto& id : request.record_ids) {
    if (!seen.insert(id).second) throw InputError("record_ids: \"" + id + "\" is listed twice");
  }

  Ymd today = japan_day(now);
  int fy = fiscal_year_of(today);
  Receipt out;
  out.token = random_token_hex(32);

  sql::Transaction tx(db_);
  for (const auto& id : request.record_ids) {
    auto st = db_.prepare("SELECT 1 FROM records WHERE id = ?");
    st.bind(1, id);
    bool found = st.step();
    st.reset();
    if (!found) throw InputError("record_ids: no record \"" + id + "\" in the catalog");
  }
  auto counter = db_.prepare(
      "INSERT INTO request_counters(fiscal_year, last) VALUES (?1, 1) "
      "ON CONFLICT(fiscal_year) DO UPDATE SET last = last + 1 RETURNING last");
  counter.bind(1, fy);
  counter.step();
  int64_t number = counter.integer(0);
  counter.reset();
  char receipt[32];
  std::snprintf(receipt, sizeof receipt, "R%04d-%06lld", fy, static_cast<long long>(number));
  out.receipt = receipt;

  auto ins = db_.prepare(
      "INSERT INTO requests(receipt, token_hash, state, received_at, received_on, fiscal_year, requester_name, "
      "requester_address, requester_phone, requester_email, purpose, use_method, medium, updated_at, lang, "
      "self_relation) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?4, ?14, ?15)");
  ins.bind(1, out.receipt).bind(2, blake2b_hex(out.token)).bind(3, state_name(RequestState::Received));
  ins.bind(4, iso_utc(now)).bind(5, today.iso()).bind(6, fy).bind(7, who.name).bind(8, who.address);
  ins.bind_opt(9, who.phone).bind_opt(10, who.email).bind_opt(11, who.purpose);
  ins.bind(12, use_method_name(request.method)).bind(13, medium_name(request.medium)).bind(14, lang_code(request.lang));
  ins.bind_opt(15, request.self_relation ? std::string(self_relation_name(*request.self_relation)) : std::string());
  ins.run();
  ins.reset();
  int position = 0;
  for (const auto& id : request.record_ids) {
    auto item = db_.prepare("INSERT INTO request_items(receipt, position, record_id) VALUES (?, ?, ?)");
    item.bind(1, out.receipt).bind(2, ++position).bind(3, id).run();
    item.reset();
  }
  Actor citizen{out.receipt, Role::Citizen};
  record_event(out.receipt, "", "submit", state_name(RequestState::Received), citizen, "", now);
  store_deadlines(out.receipt);
  audit_.append("requester", role_name(Role::Citizen), "request.submit", out.receipt,
                "items=" + std::to_string(request.record_ids.size()) + " method=" + use_method_name(request.method) +
                    (request.self_relation ? std::string(" self=") + self_relation_name(*request.self_relation)
                                           : std::string()),
                now);
  if (mail_) mail_->on_submit(out.receipt, out.token, now);
  tx.commit();
  return out;
}

bool RequestStore::token_matches(const std::string& receipt, const std::string& token) {
  std::string presented = blake2b_hex(token);
  auto st = db_.prepare("SELECT token_hash FROM requests WHERE receipt = ?");
  st.bind(1, receipt);
  // An unknown receipt is compared against a hash too, so both take the same path.
  std::string stored = st.step() ? st.text(0) : std::string(64, '0');
  st.reset();
  return constant_time_equal(presented, stored) && !token.empty();
}

PublicRequestStatus RequestStore::find_by_receipt(const std::string& receipt, const std::string& token) {
  if (!token_matches(receipt, token)) throw NotFound("no request " + receipt + " with this token");
  StoredRequest r = load(receipt);
  PublicRequestStatus out;
  out.receipt = r.receipt;
  out.state = r.state;
  out.received_on = r.received_on;
  out.method = r.method;
  out.medium = r.medium;
  out.deadlines = r.deadlines;
  out.notified_on = r.notified_on;
  out.earliest_use = r.earliest_use;
  out.decisions_visible = r.notified_on.has_value();
  out.self_request = r.self_relation.has_value();
  // The citizen learns of a decision by its notice, of a 却下 on the day it is made.
  if (r.notified_on || (r.state == RequestState::Rejected && r.decided_on)) {
    out.appeal_until = calc_.appeal_window(r.notified_on ? *r.notified_on : *r.decided_on, r.decided_on).last_day;
  }
  for (auto item : r.items) {
    if (!out.decisions_visible) {
      ItemDecision bare;
      bare.record_id = item.decision.record_id;
      item.decision = bare;
      item.decided = false;
    }
    item.decided_by.clear();
    out.items.push_back(std::move(item));
  }
  for (const auto& e : r.events) {
    auto t = parse_iso_utc(e.at);
    out.history.emplace_back(japan_day(t), e.event);
  }
  return out;
}

bool RequestStore::exists(const std::string& receipt) {
  auto st = db_.prepare("SELECT 1 FROM requests WHERE receipt = ?");
  st.bind(1, receipt);
  bool found = st.step();
  st.reset();
  return found;
}

StoredRequest RequestStore::get(const std::string& receipt) {
  return load(receipt);
}

StoredRequest RequestStore::load(const std::string& receipt) {
  StoredRequest r;
  {
    auto st = db_.prepare(std::string("SELECT ") + kRequestColumns + " FROM requests WHERE receipt = ?");
    st.bind(1, receipt);
    if (!st.step()) {
      st.reset();
      throw NotFound("no request " + receipt);
    }
    r.receipt = st.text(0);
    r.state = state_of(st.text(1));
    r.received_at = st.text(2);
    r.received_on = req_ymd(st, 3);
    r.fiscal_year = static_cast<int>(st.integer(4));
    r.method = use_method_from_name(st.text(5)).value_or(UseMethod::View);
    r.medium = medium_from_name(st.text(6)).value_or(Medium::Paper);
    r.assigned_officer = st.text(7);
    r.drafter = st.text(8);
    r.approver = st.text(9);
    r.extension_days = static_cast<int>(st.integer(10));
    r.extension_reason = st.text(11);
    r.special_rest_date = opt_ymd(st, 12);
    r.special_reason = st.text(13);
    r.decided_on = opt_ymd(st, 14);
    r.notified_on = opt_ymd(st, 15);
    r.third_party_consulted = st.integer(16) != 0;
    r.third_party_objected = st.integer(17) != 0;
    r.earliest_use = opt_ymd(st, 18);
    r.used_on = opt_ymd(st, 19);
    r.copies = static_cast<int>(st.integer(20));
    r.copy_pages = static_cast<int>(st.integer(21));
    r.fee_yen = static_cast<int>(st.integer(22));
    r.closed_on = opt_ymd(st, 23);
    r.appealed_on = opt_ymd(st, 24);
    r.appeal_in_time = st.is_null(25) || st.integer(25) != 0;
    if (!st.is_null(26)) r.ruling = ruling_from_name(st.text(26));
    r.requester_data_purged = !st.is_null(27);
    if (!st.is_null(28)) r.self_relation = self_relation_from_name(st.text(28));
    st.reset();
  }
  {
    auto st = db_.prepare(
        "SELECT identity_document, relation_document, checked_by, checked_at, checked_on "
        "FROM request_identity_checks WHERE receipt = ? ORDER BY id DESC LIMIT 1");
    st.bind(1, receipt);
    if (st.step()) r.identity_check = IdentityCheck{st.text(0), st.text(1), st.text(2), st.text(3), req_ymd(st, 4)};
    st.reset();
  }
  r.deadlines = calc_.compute(clock_of(receipt, r.received_on, r.extension_days, r.special_rest_date));
  {
    auto st = db_.prepare(
        "SELECT position, record_id, decision, grounds, article, reason, redactions, review_category, review_after, "
        "decided_by, review_explicit, self_grounds FROM request_items WHERE receipt = ? ORDER BY position");
    st.bind(1, receipt);
    while (st.step()) {
      RequestItem item;
      item.position = static_cast<int>(st.integer(0));
      item.decision.record_id = st.text(1);
      if (!st.is_null(2)) {
        item.decided = true;
        item.decision.decision = decision_from_name(st.text(2)).value_or(Decision::NoUse);
      }
      item.decision.grounds = split_spaces(st.text(3));
      item.decision.article = st.text(4);
      item.decision.reason = st.text(5);
      item.decision.redactions = redactions_from_json(st.text(6));
      item.decision.review_category = st.text(7);
      item.decision.review_after = opt_ymd(st, 8);
      item.decided_by = st.text(9);
      item.decision.review_explicit = st.integer(10) != 0;
      item.decision.self_grounds = split_spaces(st.text(11));
      r.items.push_back(std::move(item));
    }
    st.reset();
  }
  {
    auto st = db_.prepare(
        "SELECT from_state, event, to_state, actor, role, at, note FROM request_events WHERE receipt = ? ORDER BY id");
    st.bind(1, receipt);
    while (st.step()) {
      r.events.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)});
    }
    st.reset();
  }
  return r;
}

RequestClock RequestStore::clock_of(const std::string& receipt, const Ymd& received, int extension_days,
                                    const std::optional<Ymd>& special_rest) {
  RequestClock clock;
  clock.received = received;
  clock.extension_days = extension_days;
  clock.special_rest_date = special_rest;
  auto st = db_.prepare("SELECT requested_on, completed_on FROM request_corrections WHERE receipt = ? ORDER BY id");
  st.bind(1, receipt);
  while (st.step()) clock.pauses.push_back(correction_pause(req_ymd(st, 0), opt_ymd(st, 1)));
  st.reset();
  return clock;
}

void RequestStore::store_deadlines(const std::string& receipt) {
  Ymd received;
  int extension_days = 0;
  std::optional<Ymd> special;
  {
    auto st = db_.prepare("SELECT received_on, extension_days, special_rest_date FROM requests WHERE receipt = ?");
    st.bind(1, receipt);
    if (!st.step()) {
      st.reset();
      throw NotFound("no request " + receipt);
    }
    received = req_ymd(st, 0);
    extension_days = static_cast<int>(st.integer(1));
    special = opt_ymd(st, 2);
    st.reset();
  }
  Deadlines d = calc_.compute(clock_of(receipt, received, extension_days, special));
  auto up = db_.prepare(
      "UPDATE requests SET deadline_original = ?, deadline_effective = ?, service_target = ?, paused_since = ? "
      "WHERE receipt = ?");
  up.bind_opt(1, ymd_text(d.original)).bind_opt(2, ymd_text(d.effective)).bind_opt(3, ymd_text(d.service_target));
  up.bind_opt(4, ymd_text(d.paused_since)).bind(5, receipt).run();
  up.reset();
}

void RequestStore::record_event(const std::string& receipt, const std::string& from, const std::string& event,
                                const std::string& to, const Actor& actor, const std::string& note, TimePoint now) {
  auto st = db_.prepare(
      "INSERT INTO request_events(receipt, from_state, event, to_state, actor, role, at, on_day, note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, receipt).bind(2, from).bind(3, event).bind(4, to).bind(5, actor.id).bind(6, role_name(actor.role));
  st.bind(7, iso_utc(now)).bind(8, japan_day(now).iso()).bind_opt(9, note).run();
  st.reset();
}

StoredRequest RequestStore::apply(const std::string& receipt, RequestEvent event, const Actor& actor,
                                  const std::string& note, TimePoint now, const EventDetails& details) {
  if (actor.role == Role::Citizen) {
    throw Forbidden("a requester acts through apply_as_requester, with the status token");
  }
  return apply_checked(receipt, event, actor, note, now, details);
}

StoredRequest RequestStore::apply_as_requester(const std::string& receipt, const std::string& token, RequestEvent event,
                                               const std::string& note, TimePoint now) {
  if (!token_matches(receipt, token)) throw NotFound("no request " + receipt + " with this token");
  return apply_checked(receipt, event, Actor{receipt, Role::Citizen}, note, now, {});
}

StoredRequest RequestStore::apply_checked(const std::string& receipt, RequestEvent event, const Actor& actor,
                                          const std::string& note, TimePoint now, const EventDetails& details) {
  check_text("note", note, 4000, false, true);
  Ymd today = japan_day(now);
  sql::Transaction tx(db_);
  StoredRequest r = load(receipt);

  TransitionContext context;
  context.requester_id = r.receipt;
  context.drafter_id = r.drafter;
  context.today = today;
  context.earliest_use = r.earliest_use;
  context.ruling = event == RequestEvent::Rule ? details.ruling : r.ruling;
  RequestState to = apply_transition(r.state, event, actor, context);

  auto set = [&](const char* column, const std::string& value) {
    auto st = db_.prepare(std::string("UPDATE requests SET ") + column + " = ? WHERE receipt = ?");
    st.bind_opt(1, value).bind(2, receipt).run();
    st.reset();
  };
  auto set_int = [&](const char* column, int64_t value) {
    auto st = db_.prepare(std::string("UPDATE requests SET ") + column + " = ? WHERE receipt = ?");
    st.bind(1, value).bind(2, receipt).run();
    st.reset();
  };

  int catalog_changes = 0;
  long self_grants = 0;
  switch (event) {
    case RequestEvent::Accept:
      if (r.assigned_officer.empty() && actor.role == Role::Officer) set("assigned_officer", actor.id);
      break;
    case RequestEvent::RequestCorrection: {
      auto st = db_.prepare("INSERT INTO request_corrections(receipt, requested_on, what) VALUES (?, ?, ?)");
      st.bind(1, receipt).bind(2, today.iso()).bind_opt(3, note).run();
      st.reset();
      break;
    }
    case RequestEvent::SubmitCorrection: {
      auto st =
          db_.prepare("UPDATE request_corrections SET completed_on = ? WHERE receipt = ? AND completed_on IS NULL");
      st.bind(1, today.iso()).bind(2, receipt).run();
      st.reset();
      break;
    }
    case RequestEvent::Reject:
      if (!r.decided_on) set("decided_on", today.iso());
      set("closed_on", today.iso());
      break;
    case RequestEvent::ConsultThirdParty:
      set_int("third_party_consulted", 1);
      break;
    case RequestEvent::EndConsultation:
      set_int("third_party_objected", details.third_party_objected ? 1 : 0);
      break;
    case RequestEvent::Draft:
    case RequestEvent::GrantInFull:
    case RequestEvent::ChangeDecision:
      for (const auto& item : r.items) {
        if (!item.decided) {
          throw Conflict("item " + std::to_string(item.position) + " (" + item.decision.record_id +
                         ") has no decision yet");
        }
      }
      set("drafter", actor.id);
      set("approver", "");
      break;
    case RequestEvent::ReturnDraft:
      set("drafter", "");
      break;
    case RequestEvent::Approve: {
      set("approver", actor.id);
      if (!r.decided_on) set("decided_on", today.iso());
      // The review dates count from the day of the decision: computed ones are
      // computed again, and one set by hand must still lie after it.
      for (const auto& item : r.items) {
        ItemDecision d = item.decision;
        if (d.decision == Decision::FullUse) continue;
        if (!d.review_explicit) {
          d.review_after = decision_review_date(periods_, d.review_category, creation_day(db_, d.record_id), today,
                                                calc_.config().re_review_years)
                               .date;
          auto st = db_.prepare("UPDATE request_items SET review_after = ? WHERE receipt = ? AND position = ?");
          st.bind(1, d.review_after->iso()).bind(2, receipt).bind(3, item.position).run();
          st.reset();
        }
        auto errors = validate_item_decision(d, periods_, std::nullopt, today);
        for (auto& e : validate_self_grant(d)) errors.push_back(std::move(e));
        if (!d.self_grounds.empty()) {
          for (auto& e : self_grant_request_errors(r)) errors.push_back(std::move(e));
        }
        if (!errors.empty()) throw InvalidDecision(d.record_id, std::move(errors));
      }
      if (r.third_party_objected) {
        bool grants_use = std::any_of(r.items.begin(), r.items.end(),
                                      [](const RequestItem& i) { return i.decision.decision != Decision::NoUse; });
        // 公文書管理法 18④: use waits two weeks after a decision the third party objected to.
        if (grants_use) set("earliest_use", calc_.earliest_use_after_objection(today).iso());
      }
      break;
    }
    case RequestEvent::Notify: {
      set("notified_on", today.iso());
      // The records are judged by the decisions as they stand for anyone: a 本人
      // grant (self_grounds) is this requester's alone and changes no restriction.
      const DecisionEffects effects = record_decisions(db_, r, r.decided_on.value_or(today), actor, now);
      catalog_changes = effects.restricted + effects.pending;
      self_grants = std::count_if(r.items.begin(), r.items.end(),
                                  [](const RequestItem& i) { return i.decided && !i.decision.self_grounds.empty(); });
      break;
    }
    case RequestEvent::RecordUse:
      if (details.copies < 0 || details.copy_pages < 0 || details.fee_yen < 0) {
        throw InputError("copies, pages and fee cannot be negative");
      }
      set("used_on", today.iso());
      set_int("copies", r.copies + details.copies);
      set_int("copy_pages", r.copy_pages + details.copy_pages);
      set_int("fee_yen", r.fee_yen + details.fee_yen);
      break;
    case RequestEvent::Appeal: {
      set("appealed_on", today.iso());
      set("closed_on", "");
      Ymd learned = r.notified_on ? *r.notified_on : r.decided_on ? *r.decided_on : today;
      const bool in_time = calc_.appeal_in_time(learned, today, r.decided_on);
      // Online, only within the window (行政不服審査法 18); a late appeal with a
      // justifiable reason (18① proviso) is filed on paper and recorded by an officer.
      if (!in_time && actor.role == Role::Citizen) {
        throw Conflict("the period for an appeal against the decision on " + receipt + " has ended");
      }
      set_int("appeal_in_time", in_time ? 1 : 0);
      set("ruling", "");
      break;
    }
    case RequestEvent::Rule:
      set("ruling", ruling_name(*details.ruling));
      break;
    default:
      break;
  }
  if (state_info(to).terminal) set("closed_on", today.iso());

  set("state", state_name(to));
  set("updated_at", iso_utc(now));
  record_event(receipt, state_name(r.state), event_name(event), state_name(to), actor, note, now);
  std::string detail = std::string(state_name(r.state)) + "→" + state_name(to);
  if (event == RequestEvent::Rule) detail += std::string(" ruling=") + ruling_name(*details.ruling);
  if (catalog_changes > 0) detail += " catalog_changes=" + std::to_string(catalog_changes);
  if (self_grants > 0) detail += " self_grants=" + std::to_string(self_grants);
  audit_.append(actor.role == Role::Citizen ? "requester" : actor.id, role_name(actor.role),
                std::string("request.") + event_name(event), receipt, detail, now);
  store_deadlines(receipt);
  if (mail_enabled()) mail_->on_event(load(receipt), event_name(event), calc_, now);
  tx.commit();
  return load(receipt);
}

StoredRequest RequestStore::extend(const std::string& receipt, int days, const std::string& reason, const Actor& actor,
                                   TimePoint now) {
  require(actor, Permission::Decide);
  check_text("reason", reason, 2000, true, true);
  Ymd today = japan_day(now);
  sql::Transaction tx(db_);
  StoredRequest r = load(receipt);
  if (!state_info(r.state).awaiting_decision) throw Conflict("request " + receipt + " is not awaiting a decision");
  if (r.extension_days > 0)
    throw Conflict("request " + receipt + " was extended already; only one extension is allowed");
  if (r.special_rest_date) throw Conflict("request " + receipt + " is under the 特例 already");
  calc_.check_extension(clock_of(receipt, r.received_on, 0, std::nullopt), days, today);
  auto st = db_.prepare(
      "UPDATE requests SET extension_days = ?, extension_reason = ?, extension_noticed_on = ?, updated_at = ? "
      "WHERE receipt = ?");
  st.bind(1, days).bind(2, reason).bind(3, today.iso()).bind(4, iso_utc(now)).bind(5, receipt).run();
  st.reset();
  record_event(receipt, state_name(r.state), "extend", state_name(r.state), actor, reason, now);
  audit_.append(actor.id, role_name(actor.role), "request.extend", receipt, "days=" + std::to_string(days), now);
  store_deadlines(receipt);
  if (mail_enabled()) mail_->on_event(load(receipt), "extend", calc_, now);
  tx.commit();
  return load(receipt);
}

StoredRequest RequestStore::special_extension(const std::string& receipt, const Ymd& rest_date,
                                              const std::string& reason, const Actor& actor, TimePoint now) {
  require(actor, Permission::Decide);
  check_text("reason", reason, 2000, true, true);
  Ymd today = japan_day(now);
  sql::Transaction tx(db_);
  StoredRequest r = load(receipt);
  if (!state_info(r.state).awaiting_decision) throw Conflict("request " + receipt + " is not awaiting a decision");
  if (r.extension_days > 0 || r.special_rest_date) {
    throw Conflict("request " + receipt + " was extended already");
  }
  calc_.check_special(clock_of(receipt, r.received_on, 0, std::nullopt), rest_date, today);
  auto st = db_.prepare(
      "UPDATE requests SET special_rest_date = ?, special_reason = ?, special_noticed_on = ?, updated_at = ? "
      "WHERE receipt = ?");
  st.bind(1, rest_date.iso()).bind(2, reason).bind(3, today.iso()).bind(4, iso_utc(now)).bind(5, receipt).run();
  st.reset();
  record_event(receipt, state_name(r.state), "special_extension", state_name(r.state), actor, reason, now);
  audit_.append(actor.id, role_name(actor.role), "request.special_extension", receipt, "rest=" + rest_date.iso(), now);
  store_deadlines(receipt);
  if (mail_enabled()) mail_->on_event(load(receipt), "special_extension", calc_, now);
  tx.commit();
  return load(receipt);
}

void RequestStore::assign(const std::string& receipt, const std::string& officer, const Actor& actor, TimePoint now) {
  require(actor, Permission::Decide);
  sql::Transaction tx(db_);
  if (!exists(receipt)) throw NotFound("no request " + receipt);
  auto st = db_.prepare("UPDATE requests SET assigned_officer = ?, updated_at = ? WHERE receipt = ?");
  st.bind_opt(1, officer).bind(2, iso_utc(now)).bind(3, receipt).run();
  st.reset();
  audit_.append(actor.id, role_name(actor.role), "request.assign", receipt, "officer=" + officer, now);
  tx.commit();
}

void RequestStore::set_item_decision(const std::string& receipt, const ItemDecision& decision, const Actor& actor,
                                     TimePoint now, const std::optional<Ymd>& record_created,
                                     const std::optional<std::pair<int, int>>& record_pages) {
  require(actor, Permission::Decide);
  ItemDecision d = decision;
  const Ymd today = japan_day(now);
  // A date the caller gives is the officer's own; otherwise it is computed from the
  // category and today, and computed again from the day of approval.
  if (d.review_after) d.review_explicit = true;
  const std::optional<Ymd> created = record_created ? record_created : creation_day(db_, d.record_id);
  if (d.decision != Decision::FullUse && !d.review_explicit) {
    d.review_after =
        decision_review_date(periods_, d.review_category, created, today, calc_.config().re_review_years).date;
  }
  auto errors = validate_item_decision(d, periods_, record_pages, today);
  for (auto& e : validate_self_grant(d)) errors.push_back(std::move(e));
  if (!errors.empty()) throw InvalidDecision(d.record_id, std::move(errors));
  sql::Transaction tx(db_);
  StoredRequest r = load(receipt);
  if (!state_info(r.state).decisions_editable) {
    throw Conflict(std::string("item decisions can be changed while the request is under review, not when it is ") +
                   text_en(state_message_key(r.state)));
  }
  // A 本人 grant needs a request about oneself whose requester's identity was checked.
  if (!d.self_grounds.empty()) {
    auto self_errors = self_grant_request_errors(r);
    if (!self_errors.empty()) throw InvalidDecision(d.record_id, std::move(self_errors));
  }
  auto st = db_.prepare(
      "UPDATE request_items SET decision = ?, grounds = ?, article = ?, reason = ?, redactions = ?, "
      "review_category = ?, review_after = ?, decided_by = ?, decided_at = ?, review_explicit = ?, self_grounds = ? "
      "WHERE receipt = ? AND record_id = ?");
  st.bind(1, decision_name(d.decision)).bind_opt(2, join_spaces(d.grounds)).bind_opt(3, d.article);
  st.bind_opt(4, d.reason).bind(5, redactions_json(d.redactions)).bind_opt(6, d.review_category);
  st.bind_opt(7, ymd_text(d.review_after)).bind(8, actor.id).bind(9, iso_utc(now));
  st.bind(10, d.review_explicit ? 1 : 0).bind_opt(11, join_spaces(d.self_grounds)).bind(12, receipt);
  st.bind(13, d.record_id).run();
  st.reset();
  if (db_.changes() == 0) throw NotFound("request " + receipt + " has no item " + d.record_id);
  audit_.append(actor.id, role_name(actor.role), "request.item_decision", receipt,
                d.record_id + " " + decision_name(d.decision) +
                    (d.grounds.empty() ? std::string() : " grounds=" + join_spaces(d.grounds)) +
                    (d.self_grounds.empty() ? std::string() : " self_grounds=" + join_spaces(d.self_grounds)),
                now);
  tx.commit();
}

StoredRequest RequestStore::record_identity_check(const std::string& receipt, const std::string& identity_document,
                                                  const std::string& relation_document, const Actor& actor,
                                                  TimePoint now) {
  require(actor, Permission::Decide);
  sql::Transaction tx(db_);
  StoredRequest r = load(receipt);
  if (!r.self_relation) throw Conflict("request " + receipt + " is not about the requester's own information");
  const StateInfo& state = state_info(r.state);
  if (!state.awaiting_decision && !state.decisions_editable) {
    throw Conflict("the identity check is recorded before the decision, not when the request is " +
                   text_en(state_message_key(r.state)));
  }
  IdentityCheck check;
  check.identity_document = identity_document;
  check.relation_document = relation_document;
  auto errors = validate_identity_check(*r.self_relation, check);
  if (!errors.empty()) throw InvalidIdentityCheck(std::move(errors));
  auto st = db_.prepare(
      "INSERT INTO request_identity_checks(receipt, identity_document, relation_document, checked_by, checked_at, "
      "checked_on) VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, receipt).bind(2, identity_document).bind_opt(3, relation_document).bind(4, actor.id);
  st.bind(5, iso_utc(now)).bind(6, japan_day(now).iso()).run();
  st.reset();
  record_event(receipt, state_name(r.state), "identity_check", state_name(r.state), actor, "", now);
  audit_.append(actor.id, role_name(actor.role), "request.identity_check", receipt,
                std::string("relation=") + self_relation_name(*r.self_relation) + " identity_document=" +
                    identity_document + (relation_document.empty() ? "" : " relation_document=" + relation_document),
                now);
  tx.commit();
  return load(receipt);
}

std::vector<QueueEntry> RequestStore::queue(TimePoint now) {
  Ymd today = japan_day(now);
  std::vector<std::string> receipts;
  {
    const std::vector<std::string> terminal = terminal_state_codes();
    auto st = db_.prepare("SELECT receipt FROM requests WHERE state NOT IN (" + placeholders(terminal.size()) + ")");
    bind_all(st, 1, terminal);
    while (st.step()) receipts.push_back(st.text(0));
    st.reset();
  }
  std::vector<QueueEntry> out;
  for (const auto& receipt : receipts) {
    StoredRequest r = load(receipt);
    QueueEntry q;
    q.receipt = r.receipt;
    q.state = r.state;
    q.received_on = r.received_on;
    q.assigned_officer = r.assigned_officer;
    q.item_count = static_cast<int>(r.items.size());
    q.deadlines = r.deadlines;
    q.awaiting_decision = state_info(r.state).awaiting_decision;
    if (q.awaiting_decision) {
      q.due = due_status(r.deadlines, today, calc_.config());
      if (r.deadlines.effective) q.days_left = days_left(*r.deadlines.effective, today);
    }
    out.push_back(std::move(q));
  }
  std::sort(out.begin(), out.end(), [](const QueueEntry& a, const QueueEntry& b) {
    bool a_runs = a.awaiting_decision && a.deadlines.effective;
    bool b_runs = b.awaiting_decision && b.deadlines.effective;
    if (a_runs != b_runs) return a_runs;
    if (a_runs && *a.deadlines.effective != *b.deadlines.effective) {
      return *a.deadlines.effective < *b.deadlines.effective;
    }
    return a.receipt < b.receipt;
  });
  return out;
}

RequesterDetails RequestStore::read_requester(const std::string& receipt) {
  auto st = db_.prepare(
      "SELECT requester_name, requester_address, requester_phone, requester_email, purpose, purged_at "
      "FROM requests WHERE receipt = ?");
  st.bind(1, receipt);
  if (!st.step()) {
    st.reset();
    throw NotFound("no request " + receipt);
  }
  RequesterDetails d{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), !st.is_null(5)};
  st.reset();
  return d;
}

RequesterDetails RequestStore::requester_details(const std::string& receipt, const Actor& actor, TimePoint now) {
  require(actor, Permission::ViewRequesterData);
  sql::Transaction tx(db_);
  RequesterDetails d = read_requester(receipt);
  audit_.append(actor.id, role_name(actor.role), "request.requester_details", receipt, "", now);
  tx.commit();
  return d;
}

std::optional<RequesterDetails> RequestStore::review_view(const std::string& receipt, const Actor& actor,
                                                          const std::string& shown, TimePoint now) {
  require(actor, Permission::ViewQueue);
  sql::Transaction tx(db_);
  RequesterDetails all = read_requester(receipt);  // NotFound for every role alike
  std::optional<RequesterDetails> d;
  if (has_permission(actor.role, Permission::ViewRequesterData)) d = std::move(all);
  audit_.append(actor.id, role_name(actor.role), "request.view", receipt,
                std::string("requester=") + (d ? "yes" : "no") + (shown.empty() ? "" : " " + shown), now);
  tx.commit();
  return d;
}

std::vector<std::string> RequestStore::purge_closed_before(const Ymd& date, const Actor& actor, bool dry_run,
                                                           TimePoint now) {
  if (!dry_run) require(actor, Permission::PurgeRequesterData);
  sql::Transaction tx(db_);
  std::vector<std::pair<std::string, std::string>> due;  // receipt, closed_on
  {
    const std::vector<std::string> terminal = terminal_state_codes();
    auto st = db_.prepare("SELECT receipt, closed_on FROM requests WHERE state IN (" + placeholders(terminal.size()) +
                          ") AND closed_on IS NOT NULL AND closed_on < ? AND purged_at IS NULL ORDER BY receipt");
    const int next = bind_all(st, 1, terminal);
    st.bind(next, date.iso());
    while (st.step()) due.emplace_back(st.text(0), st.text(1));
    st.reset();
  }
  std::vector<std::string> out;
  for (const auto& [receipt, closed_on] : due) {
    out.push_back(receipt);
    if (dry_run) continue;
    auto st = db_.prepare(
        "UPDATE requests SET requester_name = NULL, requester_address = NULL, requester_phone = NULL, "
        "requester_email = NULL, purpose = NULL, purged_at = ? WHERE receipt = ?");
    st.bind(1, iso_utc(now)).bind(2, receipt).run();
    st.reset();
    // What the requester wrote (a correction's answer, an appeal's reasons) may hold
    // personal data too.
    auto notes = db_.prepare("UPDATE request_events SET note = NULL WHERE receipt = ? AND role = ?");
    notes.bind(1, receipt).bind(2, role_name(Role::Citizen)).run();
    notes.reset();
    audit_.append(actor.id, role_name(actor.role), "request.purge", receipt, "closed_on=" + closed_on, now);
  }
  tx.commit();
  return out;
}

bool RequestStore::mail_enabled() const {
  return mail_ && mail_->config().enabled;
}

bool RequestStore::send_fresh_link(const std::string& receipt, const std::string& contact, TimePoint now) {
  if (!mail_enabled()) return false;
  sql::Transaction tx(db_);
  if (!exists(receipt)) return false;
  const RequesterDetails who = read_requester(receipt);
  if (!contact_matches(who, contact) || !mailable_address(trim(who.email))) return false;
  // Only the hash is stored, so the old token cannot be sent again: a fresh one
  // replaces it, and a link that was lost (perhaps to someone else) stops working.
  const std::string token = random_token_hex(32);
  auto st = db_.prepare("UPDATE requests SET token_hash = ?, updated_at = ? WHERE receipt = ?");
  st.bind(1, blake2b_hex(token)).bind(2, iso_utc(now)).bind(3, receipt).run();
  st.reset();
  const std::string state = state_name(load(receipt).state);
  record_event(receipt, state, "renew_link", state, Actor{receipt, Role::Citizen}, "", now);
  audit_.append("requester", role_name(Role::Citizen), "request.renew_link", receipt, "", now);
  mail_->on_renewed_link(receipt, token, now);
  tx.commit();
  return true;
}

long RequestStore::pending_catalog_changes() {
  auto st = db_.prepare("SELECT count(*) FROM decision_changes WHERE resolved_at IS NULL");
  st.step();
  long n = static_cast<long>(st.integer(0));
  st.reset();
  return n;
}

uint64_t RequestStore::catalog_generation() {
  return read_catalog_generation(db_);
}

RequestStatistics RequestStore::statistics(int fiscal_year) {
  RequestStatistics s;
  s.fiscal_year = fiscal_year;
  std::string first = Ymd{fiscal_year, 4, 1}.iso();
  std::string last = Ymd{fiscal_year + 1, 3, 31}.iso();
  auto count = [&](const std::string& sql) {
    auto st = db_.prepare(sql);
    st.bind(1, first).bind(2, last);
    st.step();
    long n = static_cast<long>(st.integer(0));
    st.reset();
    return n;
  };
  s.received = count("SELECT count(*) FROM requests WHERE received_on BETWEEN ?1 AND ?2");
  s.items_requested = count(
      "SELECT count(*) FROM request_items i JOIN requests r ON r.receipt = i.receipt "
      "WHERE r.received_on BETWEEN ?1 AND ?2");
  s.simple_viewings = count(
      "SELECT count(DISTINCT receipt) FROM request_events WHERE event = 'start_simple_viewing' "
      "AND on_day BETWEEN ?1 AND ?2");
  s.withdrawn = count("SELECT count(*) FROM request_events WHERE event = 'withdraw' AND on_day BETWEEN ?1 AND ?2");
  s.third_party_consultations = count(
      "SELECT count(*) FROM request_events WHERE event = 'consult_third_party' AND on_day BETWEEN ?1 AND ?2 "
      "");
  s.appeals = count("SELECT count(*) FROM request_events WHERE event = 'appeal' AND on_day BETWEEN ?1 AND ?2");
  s.appeals_granted_by_reconsideration =
      count("SELECT count(*) FROM request_events WHERE event = 'grant_in_full' AND on_day BETWEEN ?1 AND ?2");
  s.appeals_withdrawn =
      count("SELECT count(*) FROM request_events WHERE event = 'withdraw_appeal' AND on_day BETWEEN ?1 AND ?2");
  s.self_requests =
      count("SELECT count(*) FROM requests WHERE self_relation IS NOT NULL AND received_on BETWEEN ?1 AND ?2");
  {
    auto st = db_.prepare(
        "SELECT self_relation, count(*) FROM requests WHERE self_relation IS NOT NULL AND received_on BETWEEN ? AND ? "
        "GROUP BY self_relation");
    st.bind(1, first).bind(2, last);
    while (st.step()) s.self_requests_by_relation[st.text(0)] = static_cast<long>(st.integer(1));
    st.reset();
  }
  s.copies = count("SELECT coalesce(sum(copies), 0) FROM requests WHERE used_on BETWEEN ?1 AND ?2");
  s.copy_pages = count("SELECT coalesce(sum(copy_pages), 0) FROM requests WHERE used_on BETWEEN ?1 AND ?2");
  // Restrictions lifted: the catalog's access history (review and decisions), by
  // the day in Japan (the UTC bounds of the year's first and last day).
  {
    auto st = db_.prepare(
        "SELECT count(*) FROM access_history WHERE old_status IS NOT NULL AND old_status <> 'open' "
        "AND (new_status IS NULL OR new_status = 'open') AND changed_at >= ? AND changed_at < ?");
    st.bind(1, iso_utc(japan_midnight(Ymd{fiscal_year, 4, 1})));
    st.bind(2, iso_utc(japan_midnight(Ymd{fiscal_year + 1, 4, 1})));
    st.step();
    s.restrictions_lifted = static_cast<long>(st.integer(0));
    st.reset();
  }
  {
    auto st = db_.prepare(
        "SELECT e.event, r.ruling FROM request_events e JOIN requests r ON r.receipt = e.receipt "
        "WHERE e.event = 'rule' AND e.on_day BETWEEN ? AND ?");
    st.bind(1, first).bind(2, last);
    while (st.step()) ++s.rulings[st.is_null(1) ? std::string("unknown") : st.text(1)];
    st.reset();
  }

  // Decisions of the year: requests decided (or rejected) within it.
  std::vector<std::string> decided;
  std::vector<long> days;
  {
    auto st = db_.prepare("SELECT receipt, state FROM requests WHERE decided_on BETWEEN ? AND ? ORDER BY receipt");
    st.bind(1, first).bind(2, last);
    while (st.step()) decided.push_back(st.text(0));
    st.reset();
  }
  for (const auto& receipt : decided) {
    StoredRequest r = load(receipt);
    ++s.decided;
    // A rejection is the request's decision even when it is later appealed.
    bool rejected =
        std::any_of(r.events.begin(), r.events.end(), [](const RequestEventRow& e) { return e.event == "reject"; });
    if (rejected) ++s.rejected;
    days.push_back(days_between(r.received_on, *r.decided_on));
    const Deadlines& d = r.deadlines;
    if (d.original && *r.decided_on <= *d.original) {
      ++s.within_limit;
    } else if (r.special_rest_date) {
      ++s.special;
    } else if (d.extended && *r.decided_on <= *d.extended) {
      ++s.extended;
    } else {
      ++s.late;
    }
    if (rejected) continue;
    for (const auto& item : r.items) {
      if (!item.decided) continue;
      ++s.decisions_by_kind[decision_name(item.decision.decision)];
      if (!item.decision.self_grounds.empty()) ++s.self_grants;
      if (item.decision.decision == Decision::FullUse) continue;
      for (const auto& g : item.decision.grounds) ++s.decisions_by_ground[g];
    }
  }
  if (!days.empty()) {
    std::sort(days.begin(), days.end());
    size_t n = days.size();
    s.days_to_decision.count = static_cast<long>(n);
    s.days_to_decision.median = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
    size_t rank = static_cast<size_t>(std::ceil(0.9 * static_cast<double>(n)));
    s.days_to_decision.p90 = days[std::max<size_t>(rank, 1) - 1];
    s.days_to_decision.max = days.back();
  }
  return s;
}

}  // namespace monjo::archive
