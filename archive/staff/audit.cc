#include "archive/staff/audit.h"

#include <sqlite3.h>

#include <cstdlib>
#include <unordered_map>

#include "archive/base/crypto.h"
#include "archive/base/errors.h"

namespace monjo::archive {

const std::string AuditTrail::kGenesisHash(64, '0');

namespace {

void netstring(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

const char* const kColumns = "seq, at, actor, role, action, target, detail, prev_hash, hash";

AuditEntry read_entry(const sql::Statement& st) {
  AuditEntry e;
  e.seq = st.integer(0);
  e.at = st.text(1);
  e.actor = st.text(2);
  e.role = st.text(3);
  e.action = st.text(4);
  e.target = st.text(5);
  e.detail = st.text(6);
  e.prev_hash = st.text(7);
  e.hash = st.text(8);
  return e;
}

// One WHERE clause for every filter, so the statement is prepared once and every
// value is a bound parameter.
const char* const kFilterWhere =
    " WHERE (?1 = '' OR actor = ?1)"
    " AND (?2 = '' OR action = ?2 OR (substr(?2, -1) = '.' AND substr(action, 1, length(?2)) = ?2))"
    " AND (?3 = '' OR target = ?3)"
    " AND (?4 = '' OR at >= ?4)"
    " AND (?5 = '' OR at <= ?5)";

void bind_filter(sql::Statement& st, const AuditFilter& f) {
  st.bind(1, f.actor).bind(2, f.action).bind(3, f.target).bind(4, f.since).bind(5, f.until);
}

}  // namespace

const char* audit_break_name(AuditBreak b) {
  switch (b) {
    case AuditBreak::None:
      return "intact";
    case AuditBreak::Edited:
      return "edited";
    case AuditBreak::Deleted:
      return "deleted";
    case AuditBreak::Reordered:
      return "reordered";
    case AuditBreak::Truncated:
      return "truncated";
  }
  return "?";
}

AuditTrail::AuditTrail(sql::Database& db) : db_(db) {}

std::string AuditTrail::entry_hash(const AuditEntry& e) {
  std::string canonical = "monjo-audit-v1:";
  netstring(canonical, std::to_string(e.seq));
  netstring(canonical, e.at);
  netstring(canonical, e.actor);
  netstring(canonical, e.role);
  netstring(canonical, e.action);
  netstring(canonical, e.target);
  netstring(canonical, e.detail);
  netstring(canonical, e.prev_hash);
  return blake2b_hex(canonical);
}

AuditEntry AuditTrail::append(const std::string& actor, const std::string& role, const std::string& action,
                              const std::string& target, const std::string& detail, TimePoint at) {
  if (actor.empty() || action.empty()) throw InputError("an audit entry needs an actor and an action");
  // Inside the caller's transaction the entry commits (or rolls back) with the action.
  std::optional<sql::Transaction> own;
  if (sqlite3_get_autocommit(db_.handle())) own.emplace(db_);

  AuditEntry e;
  e.seq = 1;
  e.prev_hash = kGenesisHash;
  {
    auto st = db_.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (st.step()) {
      e.seq = st.integer(0) + 1;
      e.prev_hash = st.text(1);
    }
    st.reset();
  }
  e.at = iso_utc(at);
  e.actor = actor;
  e.role = role;
  e.action = action;
  e.target = target;
  e.detail = detail;
  e.hash = entry_hash(e);
  auto ins = db_.prepare("INSERT INTO audit(" + std::string(kColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, e.seq).bind(2, e.at).bind(3, e.actor).bind(4, e.role).bind(5, e.action).bind(6, e.target);
  ins.bind(7, e.detail).bind(8, e.prev_hash).bind(9, e.hash);
  ins.run();
  ins.reset();
  auto head = db_.prepare(
      "INSERT INTO meta(key, value) VALUES ('audit_head', ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  head.bind(1, std::to_string(e.seq) + ":" + e.hash).run();
  head.reset();
  if (own) own->commit();
  return e;
}

std::vector<AuditEntry> AuditTrail::list(const AuditFilter& filter, int limit, int offset) {
  if (limit < 1) limit = 1;
  if (limit > 1000) limit = 1000;
  if (offset < 0) offset = 0;
  auto st = db_.prepare("SELECT " + std::string(kColumns) + " FROM audit" + kFilterWhere +
                        " ORDER BY seq DESC LIMIT ?6 OFFSET ?7");
  bind_filter(st, filter);
  st.bind(6, limit).bind(7, offset);
  std::vector<AuditEntry> out;
  while (st.step()) out.push_back(read_entry(st));
  st.reset();
  return out;
}

long AuditTrail::count(const AuditFilter& filter) {
  auto st = db_.prepare(std::string("SELECT count(*) FROM audit") + kFilterWhere);
  bind_filter(st, filter);
  st.step();
  long n = static_cast<long>(st.integer(0));
  st.reset();
  return n;
}

VerifyResult AuditTrail::verify() {
  VerifyResult result;
  // Every stored hash → its seq, to tell a reordered row (its prev_hash names a row
  // that is elsewhere) from a removed one (its prev_hash names no row at all).
  std::unordered_map<std::string, int64_t> seq_of_hash;
  {
    auto st = db_.prepare("SELECT seq, hash FROM audit");
    while (st.step()) seq_of_hash.emplace(st.text(1), st.integer(0));
    st.reset();
  }
  auto fail = [&result](AuditBreak kind, int64_t seq, std::string why) {
    result.ok = false;
    result.kind = kind;
    result.broken_seq = seq;
    result.why = std::move(why);
  };

  int64_t expected_seq = 1;
  std::string expected_prev = kGenesisHash;
  auto st = db_.prepare("SELECT " + std::string(kColumns) + " FROM audit ORDER BY seq");
  while (st.step()) {
    AuditEntry e = read_entry(st);
    ++result.entries;
    if (e.seq != expected_seq) {
      fail(AuditBreak::Deleted, expected_seq,
           e.seq - 1 == expected_seq ? "entry " + std::to_string(expected_seq) + " is missing (deleted)"
                                     : "entries " + std::to_string(expected_seq) + "–" + std::to_string(e.seq - 1) +
                                           " are missing (deleted)");
      break;
    }
    if (e.prev_hash != expected_prev) {
      auto it = seq_of_hash.find(e.prev_hash);
      if (it != seq_of_hash.end()) {
        fail(AuditBreak::Reordered, e.seq,
             "entry " + std::to_string(e.seq) + " follows entry " + std::to_string(it->second) +
                 " in the chain, not entry " + std::to_string(e.seq - 1) + " (reordered)");
      } else {
        fail(AuditBreak::Deleted, e.seq,
             "entry " + std::to_string(e.seq) +
                 " does not link to the entry before it (an entry was removed "
                 "and the rest renumbered, or replaced)");
      }
      break;
    }
    if (entry_hash(e) != e.hash) {
      fail(AuditBreak::Edited, e.seq, "entry " + std::to_string(e.seq) + " does not match its hash (edited)");
      break;
    }
    expected_prev = e.hash;
    ++expected_seq;
  }
  st.reset();
  if (!result.ok) return result;
  result.head_hash = result.entries ? expected_prev : std::string();

  auto head = db_.prepare("SELECT value FROM meta WHERE key = 'audit_head'");
  std::string recorded = head.step() ? head.text(0) : std::string();
  head.reset();
  std::string actual = result.entries ? std::to_string(expected_seq - 1) + ":" + expected_prev : std::string();
  if (recorded != actual) {
    auto colon = recorded.find(':');
    int64_t recorded_seq = colon == std::string::npos ? 0 : std::strtoll(recorded.c_str(), nullptr, 10);
    if (recorded_seq >= expected_seq) {
      fail(AuditBreak::Truncated, expected_seq,
           "the trail ends at entry " + std::to_string(expected_seq - 1) + " but entry " +
               std::to_string(recorded_seq) + " was written (entries removed from the end)");
    } else {
      fail(AuditBreak::Edited, expected_seq - 1, "the last entry differs from the recorded head of the trail (edited)");
    }
  }
  return result;
}

}  // namespace monjo::archive
