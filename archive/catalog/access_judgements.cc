// Judgements and holds: see access_judgements.h.
#include "archive/catalog/access_judgements.h"

#include "archive/base/errors.h"
#include "archive/base/strings.h"

namespace monjo::archive {

const char* judgement_source_name(JudgementSource s) {
  return s == JudgementSource::Decision ? "decision" : "review";
}

std::string Hold::describe() const {
  std::string out = source == "review" ? std::string("review") : ref;
  return out + " (" + decided_on + ")";
}

std::optional<Hold> find_hold(sql::Database& db, const std::string& record_id) {
  auto st = db.prepare(
      "SELECT h.judgement_id, j.source, j.ref, j.outcome, j.grounds, j.reason, h.review_on, j.decided_on "
      "FROM access_holds h JOIN access_judgements j ON j.id = h.judgement_id WHERE h.record_id = ?");
  st.bind(1, record_id);
  std::optional<Hold> out;
  if (st.step()) {
    Hold h;
    h.record_id = record_id;
    h.judgement_id = st.integer(0);
    h.source = st.text(1);
    h.ref = st.text(2);
    h.outcome = access_from_name(st.text(3)).value_or(AccessStatus::Closed);
    h.grounds = split_spaces(st.text(4));
    h.reason = st.text(5);
    h.review_on = st.text(6);
    h.decided_on = st.text(7);
    out = std::move(h);
  }
  st.reset();
  return out;
}

Access access_under_hold(const Hold& hold, const std::optional<Access>& stated) {
  if (stated && stated->status != AccessStatus::Open) {
    Access kept = *stated;
    if (!kept.until.empty() && kept.until < hold.review_on) kept.until = hold.review_on;
    return kept;
  }
  Access held;
  held.status = hold.outcome;
  held.grounds = hold.grounds;
  held.until = hold.review_on;
  held.reason = hold.reason;
  return held;
}

namespace {

std::optional<Access> stated_access(sql::Database& db, const std::string& id, bool& found) {
  auto st = db.prepare("SELECT access_status, access_grounds, access_until, access_reason FROM records WHERE id = ?");
  st.bind(1, id);
  found = st.step();
  std::optional<Access> out;
  if (found && !st.is_null(0)) {
    Access a;
    a.status = access_from_name(st.text(0)).value_or(AccessStatus::Closed);
    a.grounds = split_spaces(st.text(1));
    a.until = st.text(2);
    a.reason = st.text(3);
    out = std::move(a);
  }
  st.reset();
  return out;
}

}  // namespace

void write_access(sql::Database& db, const std::string& id, const std::optional<Access>& access,
                  const std::string& actor, const std::string& note) {
  bool found = false;
  const std::optional<Access> old = stated_access(db, id, found);
  if (!found) throw NotFound("no record " + id);
  auto hist = db.prepare(
      "INSERT INTO access_history (record_id, actor, old_status, old_grounds, old_until, old_reason, new_status, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  hist.bind(1, id).bind(2, actor);
  if (old) {
    hist.bind(3, access_name(old->status)).bind_opt(4, join_spaces(old->grounds));
    hist.bind_opt(5, old->until).bind_opt(6, old->reason);
  } else {
    hist.bind_null(3).bind_null(4).bind_null(5).bind_null(6);
  }
  if (access) {
    hist.bind(7, access_name(access->status));
  } else {
    hist.bind_null(7);
  }
  hist.bind_opt(8, note);
  hist.run();
  auto up = db.prepare(
      "UPDATE records SET access_status = ?2, access_grounds = ?3, access_until = ?4, access_reason = ?5, "
      "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1");
  up.bind(1, id);
  if (access) {
    up.bind(2, access_name(access->status)).bind_opt(3, join_spaces(access->grounds));
    up.bind_opt(4, access->until).bind_opt(5, access->reason);
  } else {
    up.bind_null(2).bind_null(3).bind_null(4).bind_null(5);
  }
  up.run();
}

uint64_t read_catalog_generation(sql::Database& db) {
  auto st = db.prepare("SELECT value FROM meta WHERE key = 'generation'");
  uint64_t g = 0;
  if (st.step()) g = std::stoull(st.text(0));
  st.reset();
  return g;
}

void bump_catalog_generation(sql::Database& db) {
  auto st = db.prepare("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'generation'");
  st.run();
}

bool record_judgement(sql::Database& db, const Judgement& j, TimePoint now) {
  const bool withholds = j.outcome != AccessStatus::Open;
  if (withholds && !j.review_on) throw InputError("a judgement that withholds " + j.record_id + " needs a review date");
  if (withholds && !(j.decided_on < *j.review_on)) {
    throw InputError("the review date of " + j.record_id + " (" + j.review_on->iso() +
                     ") must be after the day of the judgement (" + j.decided_on.iso() + ")");
  }
  if (j.actor.empty()) throw InputError("a judgement needs the name of the person who made it");
  auto ins = db.prepare(
      "INSERT INTO access_judgements(record_id, source, ref, outcome, grounds, reason, review_on, decided_on, actor, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, j.record_id).bind(2, judgement_source_name(j.source)).bind_opt(3, j.ref).bind(4, access_name(j.outcome));
  ins.bind_opt(5, join_spaces(j.grounds)).bind_opt(6, j.reason);
  if (withholds) {
    ins.bind(7, j.review_on->iso());
  } else {
    ins.bind_null(7);
  }
  ins.bind(8, j.decided_on.iso()).bind(9, j.actor).bind(10, iso_utc(now));
  ins.run();
  const long long judgement_id = db.last_insert_rowid();

  auto drop = db.prepare("DELETE FROM access_holds WHERE record_id = ?");
  drop.bind(1, j.record_id).run();
  if (!withholds) return false;

  bool found = false;
  stated_access(db, j.record_id, found);
  auto hold = db.prepare("INSERT INTO access_holds(record_id, judgement_id, review_on) VALUES (?, ?, ?)");
  hold.bind(1, j.record_id).bind(2, static_cast<int64_t>(judgement_id)).bind(3, j.review_on->iso()).run();
  if (!found) return false;  // a request outlives a re-import: the hold waits for the record

  const std::string note = std::string(judgement_source_name(j.source)) + (j.ref.empty() ? "" : " " + j.ref) + " on " +
                           j.decided_on.iso() + ": withheld until " + j.review_on->iso();
  Access access;
  access.status = j.outcome;
  access.grounds = j.grounds;
  access.until = j.review_on->iso();
  access.reason = j.reason;
  write_access(db, j.record_id, access, j.actor, note);
  // Below it, a record that states `open` would still show what the judgement
  // withholds: it inherits the judgement's access instead.
  std::vector<std::string> open_below;
  {
    auto st = db.prepare(
        "WITH RECURSIVE down(id) AS (SELECT id FROM records WHERE parent_id = ?1 UNION ALL "
        "SELECT r.id FROM records r JOIN down ON r.parent_id = down.id) "
        "SELECT r.id FROM records r JOIN down ON down.id = r.id WHERE r.access_status = 'open'");
    st.bind(1, j.record_id);
    while (st.step()) open_below.push_back(st.text(0));
    st.reset();
  }
  for (const auto& id : open_below) write_access(db, id, std::nullopt, j.actor, note + " (inherited)");
  return true;
}

std::vector<DecisionOnRecord> decisions_on(sql::Database& db, const std::string& record_id) {
  std::vector<DecisionOnRecord> out;
  auto st = db.prepare(
      "SELECT i.receipt, i.decision, coalesce(r.decided_on, ''), r.notified_on, coalesce(i.review_after, '') "
      "FROM request_items i JOIN requests r ON r.receipt = i.receipt "
      "WHERE i.record_id = ? AND r.notified_on IS NOT NULL AND i.decision IS NOT NULL ORDER BY r.notified_on, "
      "i.receipt");
  st.bind(1, record_id);
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)});
  st.reset();
  return out;
}

}  // namespace monjo::archive
