// The audit trail (docs/staff.md, "Audit trail"; docs/architecture.md, "Invariants"): an append-only table in which every
// entry carries the BLAKE2b hash of its own fields and of the previous entry's hash.
// Staff actions that change data or reveal withheld data append here; supervisors
// read it on /staff/audit and `monjo audit verify` walks the chain.
//
// Triggers refuse UPDATE and DELETE through SQL. Someone who drops them can still
// change rows, and the chain then shows where: a row whose fields no longer match
// its hash was edited; a gap in seq or a prev_hash that matches no row means rows
// were removed; a prev_hash that points at another row means rows were reordered.
// The last entry is also kept in meta('audit_head'), so cutting off the tail shows.
// The chain has no secret key: whoever can rewrite the whole file can rebuild it,
// which is why `monjo audit verify` prints the head hash for recording elsewhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/base/sqlite.h"
#include "archive/dates/timestamp.h"

namespace monjo::archive {

struct AuditEntry {
  int64_t seq = 0;
  std::string at;  // UTC, iso_utc()
  std::string actor;
  std::string role;
  std::string action;  // "login", "user.create", "request.approve" … (docs/staff.md)
  std::string target;  // what the action was about: a user name, a receipt, a record id
  std::string detail;
  std::string prev_hash;
  std::string hash;
};

// Empty fields do not filter. `since`/`until` compare with `at` (inclusive).
struct AuditFilter {
  std::string actor;
  std::string action;  // exact, or a prefix ending in '.' ("request." = every request action)
  std::string target;
  std::string since;
  std::string until;
};

enum class AuditBreak { None, Edited, Deleted, Reordered, Truncated };
const char* audit_break_name(AuditBreak b);  // "intact", "edited", "deleted", "reordered", "truncated"

struct VerifyResult {
  bool ok = true;
  long entries = 0;
  std::string head_hash;  // hash of the last entry ("" when empty)
  AuditBreak kind = AuditBreak::None;
  std::optional<int64_t> broken_seq;  // the first seq at which the chain breaks
  std::string why;                    // English, for the CLI and the staff page
};

class AuditTrail {
 public:
  // The hash that the first entry's prev_hash holds.
  static const std::string kGenesisHash;

  explicit AuditTrail(sql::Database& db);

  // Appends one entry and returns it. Joins the caller's transaction when one is
  // open (so an action and its audit entry commit together), else runs its own.
  AuditEntry append(const std::string& actor, const std::string& role, const std::string& action,
                    const std::string& target, const std::string& detail, TimePoint at = now_seconds());

  // Newest first.
  std::vector<AuditEntry> list(const AuditFilter& filter = {}, int limit = 100, int offset = 0);
  long count(const AuditFilter& filter = {});
  VerifyResult verify();

  // BLAKE2b-256, hex, over the canonical serialisation of (seq, at, actor, role,
  // action, target, detail, prev_hash): each field as a netstring "len:bytes,".
  static std::string entry_hash(const AuditEntry& entry);

 private:
  sql::Database& db_;
};

}  // namespace monjo::archive
