// Restriction review: see review.h. The listings read partial indexes (records on
// access_until, decision_changes on the pending rows), so they stay cheap on a
// million records.
#include "archive/requests/review.h"

#include <sqlite3.h>

#include <sstream>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/access_policy.h"

namespace monjo::archive {

namespace {

// The access in force for a record now; nullopt when it is not in the catalog.
std::optional<std::pair<Record, EffectiveAccess>> current_access(Catalog& catalog, const std::string& id) {
  auto record = catalog.get(id);
  if (!record) return std::nullopt;
  std::vector<Record> ancestors = catalog.ancestors(id);
  std::vector<const Record*> chain;
  for (const auto& a : ancestors) chain.push_back(&a);
  chain.push_back(&*record);
  EffectiveAccess access = effective_access(chain);
  return std::make_pair(std::move(*record), std::move(access));
}

void add_root(ReviewOutcome& outcome, const std::string& root) {
  for (const auto& r : outcome.root_ids) {
    if (r == root) return;
  }
  outcome.root_ids.push_back(root);
}

// The store's own transaction, unless the caller holds one on the connection (then
// the change commits, or rolls back, with the caller's).
class ReviewTransaction {
 public:
  explicit ReviewTransaction(sql::Database& db) {
    if (sqlite3_get_autocommit(db.handle())) own_.emplace(db);
  }
  void commit() {
    if (own_) own_->commit();
  }

 private:
  std::optional<sql::Transaction> own_;
};

bool lapsed_on(const std::optional<Access>& access, const std::string& as_of_iso) {
  // ISO dates compare as strings; an `until` of the day itself has not passed yet.
  return access && access->status != AccessStatus::Open && !access->until.empty() && access->until < as_of_iso;
}

}  // namespace

namespace {

constexpr const char* kLapsedWhere =
    " FROM records WHERE access_until IS NOT NULL AND access_until < ?1 "
    "AND access_status IN ('restricted', 'review', 'closed')";

}  // namespace

LapsedPage find_lapsed_page(Catalog& catalog, const Ymd& as_of, const Ymd& today, long offset, long limit) {
  LapsedPage page;
  {
    auto count = catalog.db().prepare(std::string("SELECT count(*), coalesce(sum(access_until < ?2), 0)") +
                                      kLapsedWhere);
    count.bind(1, as_of.iso());
    count.bind(2, today.iso());
    if (count.step()) {
      page.total = static_cast<long>(count.integer(0));
      page.due = static_cast<long>(count.integer(1));
    }
    count.reset();
  }
  auto st = catalog.db().prepare(
      std::string("SELECT id, root_id, level, title, call_number, access_status, access_grounds, access_until, "
                  "access_reason, seq, position, (SELECT p.call_number FROM records AS p WHERE p.id = records.parent_id)") +
      kLapsedWhere + " ORDER BY access_until, id LIMIT ?2 OFFSET ?3");
  st.bind(1, as_of.iso());
  st.bind(2, static_cast<long long>(limit < 0 ? -1 : limit));
  st.bind(3, static_cast<long long>(offset < 0 ? 0 : offset));
  while (st.step()) {
    LapsedRestriction r;
    r.id = st.text(0);
    r.root_id = st.text(1);
    r.level = level_from_name(st.text(2)).value_or(Level::Item);
    r.title = st.text(3);
    r.status = access_from_name(st.text(5)).value_or(AccessStatus::Closed);
    r.grounds = split_spaces(st.text(6));
    r.until = st.text(7);
    r.reason = st.text(8);
    Record cited;  // what citable_number() reads
    cited.level = r.level;
    cited.call_number = st.text(4);
    if (!st.is_null(9)) cited.seq = static_cast<int>(st.integer(9));
    cited.position = static_cast<int>(st.integer(10));
    cited.parent_call_number = st.text(11);
    r.call_number = citable_number(cited);
    page.rows.push_back(std::move(r));
  }
  st.reset();
  for (auto& r : page.rows) {
    r.decisions = decisions_on(catalog.db(), r.id);
    r.hold = find_hold(catalog.db(), r.id);
  }
  return page;
}

std::vector<LapsedRestriction> find_lapsed(Catalog& catalog, const Ymd& as_of) {
  return find_lapsed_page(catalog, as_of, as_of, 0, -1).rows;
}

ReviewOutcome open_restrictions(Catalog& catalog, AuditTrail& audit, const std::vector<std::string>& ids,
                                const Ymd& as_of, const std::string& reason, const Actor& actor, TimePoint now) {
  ReviewOutcome outcome;
  if (actor.id.empty()) throw InputError("a review needs the name of the person applying it");
  if (trim(reason).empty()) throw InputError("a review needs the reason for opening the records");
  const Ymd today = japan_day(now);
  if (today < as_of) {
    throw InputError("a review is applied as of today (" + today.iso() + ") or earlier, not " + as_of.iso());
  }
  ReviewTransaction tx(catalog.db());
  outcome.generation_before = catalog.generation();
  const std::string as_of_iso = as_of.iso();
  for (const auto& id : ids) {
    auto current = catalog.get(id);
    if (!current) throw NotFound("no record " + id);
    if (auto hold = find_hold(catalog.db(), id); hold && as_of_iso < hold->review_on) {
      throw Conflict("decision " + hold->describe() + " withholds " + id + " until " + hold->review_on);
    }
    if (!lapsed_on(current->access, as_of_iso)) {
      throw Conflict("the restriction of " + id + " is not due for review as of " + as_of_iso);
    }
    Judgement j;
    j.record_id = id;
    j.source = JudgementSource::Review;
    j.outcome = AccessStatus::Open;
    j.reason = reason;
    j.decided_on = as_of;
    j.actor = actor.id;
    record_judgement(catalog.db(), j, now);
    Access open;
    open.status = AccessStatus::Open;
    const std::string note =
        "review as of " + as_of_iso + " (restriction until " + current->access->until + "): " + reason;
    catalog.set_access(id, open, actor.id, note);
    audit.append(actor.id, role_name(actor.role), "catalog.review", id,
                 "opened: " + std::string(access_name(current->access->status)) + " until " + current->access->until +
                     "; " + reason,
                 now);
    ++outcome.lifted;
    add_root(outcome, catalog.root_of(id).value_or(id));
  }
  if (outcome.lifted > 0) catalog.bump_generation();
  tx.commit();
  return outcome;
}

namespace {

// keep_restriction and change_restriction: a withholding review judgement with a
// new review date; `change` also requires the status or the grounds to change.
ReviewOutcome withhold_after_review(Catalog& catalog, AuditTrail& audit, const std::string& id, const Access& access,
                                    const std::string& reason, const Actor& actor, TimePoint now, bool change) {
  ReviewOutcome outcome;
  if (actor.id.empty()) throw InputError("a review needs the name of the person applying it");
  if (trim(reason).empty()) {
    throw InputError(change ? "a review needs the reason for changing the restriction"
                            : "a review needs the reason for keeping the restriction");
  }
  if (access.status == AccessStatus::Open) throw InputError("keeping a restriction needs a status that withholds");
  const auto until = Ymd::parse_iso(access.until);
  const Ymd today = japan_day(now);
  if (!until || !until->valid()) throw InputError("the next review date \"" + access.until + "\" is not a date");
  if (!(today < *until)) {
    throw InputError("the next review date " + access.until + " must be after today (" + today.iso() + ")");
  }
  for (const auto& g : access.grounds) {
    if (!find_ground(g)) throw InputError("'" + g + "' is not a restriction ground");
  }
  ReviewTransaction tx(catalog.db());
  outcome.generation_before = catalog.generation();
  auto current = catalog.get(id);
  if (!current) throw NotFound("no record " + id);
  // A use-request decision's hold binds the review too until its own review date:
  // a review may extend it or make it stricter, not bring its date forward or turn
  // a 利用させない into a 一部利用 (a reviewer's own earlier review it may correct).
  if (auto hold = find_hold(catalog.db(), id); hold && hold->source != "review" && today.iso() < hold->review_on) {
    if (access.until < hold->review_on) {
      throw Conflict("decision " + hold->describe() + " withholds " + id + " until " + hold->review_on +
                     ": the next review date cannot be earlier");
    }
    if (hold->outcome == AccessStatus::Closed && access.status != AccessStatus::Closed) {
      throw Conflict("decision " + hold->describe() + " closes " + id + " until " + hold->review_on +
                     ": its class cannot be loosened before then");
    }
  }
  std::vector<std::string> grounds =
      access.grounds.empty() && current->access ? current->access->grounds : access.grounds;
  std::string detail = "kept " + std::string(access_name(access.status));
  if (change) {
    if (!current->access || current->access->status == AccessStatus::Open) {
      throw InputError("record " + id + " states no restriction to change");
    }
    if (current->access->status == access.status && current->access->grounds == grounds) {
      throw InputError("the status and grounds of " + id + " stay as they are: keep the restriction instead");
    }
    detail = "changed " + std::string(access_name(current->access->status)) +
             (current->access->grounds.empty() ? "" : " (" + join_spaces(current->access->grounds) + ")") + " → " +
             access_name(access.status) + (grounds.empty() ? "" : " (" + join_spaces(grounds) + ")");
  }
  Judgement j;
  j.record_id = id;
  j.source = JudgementSource::Review;
  j.outcome = access.status;
  j.grounds = grounds;
  j.reason = reason;
  j.review_on = *until;
  j.decided_on = today;
  j.actor = actor.id;
  record_judgement(catalog.db(), j, now);
  audit.append(actor.id, role_name(actor.role), "catalog.review", id, detail + " until " + access.until + "; " + reason,
               now);
  outcome.restricted = 1;
  add_root(outcome, catalog.root_of(id).value_or(id));
  catalog.bump_generation();
  tx.commit();
  return outcome;
}

}  // namespace

ReviewOutcome keep_restriction(Catalog& catalog, AuditTrail& audit, const std::string& id, const Access& access,
                               const std::string& reason, const Actor& actor, TimePoint now) {
  return withhold_after_review(catalog, audit, id, access, reason, actor, now, false);
}

ReviewOutcome change_restriction(Catalog& catalog, AuditTrail& audit, const std::string& id, const Access& access,
                                 const std::string& reason, const Actor& actor, TimePoint now) {
  return withhold_after_review(catalog, audit, id, access, reason, actor, now, true);
}

std::vector<DecisionChange> find_decision_changes(Catalog& catalog) {
  std::vector<DecisionChange> out;
  {
    auto st = catalog.db().prepare(
        "SELECT id, record_id, receipt, decision, grounds, reason, review_after, decided_on FROM decision_changes "
        "WHERE resolved_at IS NULL ORDER BY decided_on, id");
    while (st.step()) {
      DecisionChange c;
      c.id = st.integer(0);
      c.record_id = st.text(1);
      c.receipt = st.text(2);
      c.decision = decision_from_name(st.text(3)).value_or(Decision::PartialUse);
      c.grounds = split_spaces(st.text(4));
      c.reason = st.text(5);
      c.review_after = st.text(6);
      c.decided_on = st.text(7);
      out.push_back(std::move(c));
    }
    st.reset();
  }
  for (auto& c : out) {
    auto current = current_access(catalog, c.record_id);
    if (!current) {
      c.missing = true;
      continue;
    }
    c.root_id = catalog.root_of(c.record_id).value_or(std::string());
    c.title = current->first.title;
    c.call_number = citable_number(current->first);
    c.status = current->second.status;
  }
  return out;
}

std::string describe_decision_change(const DecisionChange& c) {
  const bool opens = c.decision == Decision::FullUse;
  const bool restricts = !opens && (c.status == AccessStatus::Review || c.status == AccessStatus::Closed);
  std::string out = opens ? "opened" : restricts ? "made restricted" : "kept restricted";
  out += " by decision " + c.receipt + " on " + c.decided_on + ": " + text_ja(decision_message_key(c.decision));
  if (!opens && !c.grounds.empty()) out += " (" + join_spaces(c.grounds) + ")";
  if (restricts && !c.review_after.empty()) out += " until " + c.review_after;
  if (c.missing) out += " [the record is no longer in the catalog]";
  return out;
}

ReviewOutcome apply_decision_changes(Catalog& catalog, AuditTrail& audit, const std::vector<DecisionChange>& changes,
                                     const Actor& actor, TimePoint now) {
  ReviewOutcome outcome;
  if (actor.id.empty()) throw InputError("a review needs the name of the person applying it");
  ReviewTransaction tx(catalog.db());
  outcome.generation_before = catalog.generation();
  bool changed = false;
  for (const auto& c : changes) {
    {
      auto st = catalog.db().prepare("SELECT resolved_at IS NULL FROM decision_changes WHERE id = ?");
      st.bind(1, static_cast<int64_t>(c.id));
      const bool pending = st.step() && st.integer(0) != 0;
      st.reset();
      if (!pending) continue;
    }
    const std::string note =
        text_ja(decision_message_key(c.decision)) + " by decision " + c.receipt + " on " + c.decided_on;
    std::string result;
    std::string before = "missing";
    auto current = current_access(catalog, c.record_id);
    if (!current) {
      result = "missing";
    } else {
      before = access_name(current->second.status);
      const AccessStatus now_status = current->second.status;
      if (now_status == AccessStatus::Open) {
        result = "unchanged";
      } else if (c.decision == Decision::FullUse && find_hold(catalog.db(), c.record_id)) {
        result = "held";  // a later judgement withholds it again
      } else if (c.decision == Decision::FullUse) {
        Access open;
        open.status = AccessStatus::Open;
        catalog.set_access(c.record_id, open, actor.id, note);
        result = "opened";
        ++outcome.lifted;
      } else if (now_status == AccessStatus::Review || now_status == AccessStatus::Closed) {
        // Examined: the parts the decision withholds stay withheld, and so does the
        // description, which may hold them; the listing says why and until when.
        Access restricted;
        restricted.status = AccessStatus::Restricted;
        restricted.grounds = c.grounds.empty() ? current->second.grounds : c.grounds;
        restricted.until = c.review_after;
        restricted.reason = c.reason.empty() ? note : c.reason;
        catalog.set_access(c.record_id, restricted, actor.id, note);
        result = "restricted";
        ++outcome.restricted;
      } else {
        result = "unchanged";
      }
      if (result == "opened" || result == "restricted") {
        changed = true;
        add_root(outcome, catalog.root_of(c.record_id).value_or(c.record_id));
      }
    }
    auto st =
        catalog.db().prepare("UPDATE decision_changes SET resolved_at = ?, resolved_by = ?, outcome = ? WHERE id = ?");
    st.bind(1, iso_utc(now)).bind(2, actor.id).bind(3, result).bind(4, static_cast<int64_t>(c.id)).run();
    st.reset();
    ++outcome.resolved;
    audit.append(actor.id, role_name(actor.role), "catalog.decision", c.record_id,
                 c.receipt + " " + decision_name(c.decision) + " on " + c.decided_on + ": " + before + "→" + result,
                 now);
  }
  if (changed) catalog.bump_generation();
  tx.commit();
  return outcome;
}

}  // namespace monjo::archive
