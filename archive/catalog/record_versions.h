// The versions of a record (schema migration 9): who changed what, when, field by
// field, and the whole record after each change, so an archivist can see a record's
// history and restore an earlier version, and a form saved over a record that has
// moved on is refused with what changed since (indexer/record_edits.h does both).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "archive/base/sqlite.h"
#include "archive/catalog/record.h"

namespace monjo::archive {

// One field of a record as the catalog format names it ("title", "date",
// "access.status", "names", "preservation") with its value as text.
using RecordFields = std::vector<std::pair<std::string, std::string>>;
// The fields a person edits, in the order the edit form shows them. Names and
// preservation events are one field each, one line per entry ("person\t山田太郎").
RecordFields record_fields(const Record& record);

struct FieldChange {
  std::string field;
  std::string before;
  std::string after;
};
// The fields whose value differs, in record_fields() order.
std::vector<FieldChange> diff_records(const Record& before, const Record& after);

// The whole record as JSON and back (every field of the catalog format, the date
// as written; the interval is parsed again by whoever reads it).
std::string record_snapshot(const Record& record);
Record record_from_snapshot(const std::string& snapshot);
// BLAKE2b of the snapshot: what a form carries to say which state it was made from.
std::string record_fingerprint(const Record& record);

struct RecordVersion {
  std::string record_id;
  int version = 0;
  std::string at;      // UTC, ISO 8601
  std::string actor;   // staff account id, or "monjo import"
  std::string action;  // original | edit | restore | create | move | import | delete
  std::vector<FieldChange> changes;
  std::string snapshot;
  std::string fingerprint;
};

// The store, on the catalog's connection; writes join the caller's transaction.
class RecordVersions {
 public:
  explicit RecordVersions(sql::Database& db) : db_(db) {}
  // Newest first.
  std::vector<RecordVersion> history(const std::string& record_id);
  std::optional<RecordVersion> get(const std::string& record_id, int version);
  // The version whose snapshot has this fingerprint (the newest such), if any.
  std::optional<RecordVersion> by_fingerprint(const std::string& record_id, const std::string& fingerprint);
  int latest(const std::string& record_id);  // 0 when the record has no versions
  // Appends `after` as the next version with its changes from `before`. A record's
  // first version is its state before the first change (action "original"), written
  // here when missing. Returns the new version number.
  int append(const Record& before, const Record& after, const std::string& actor, const std::string& action);

 private:
  sql::Database& db_;
};

class Catalog;

// The id of a new record under `parent_id` where none is given (a new row of the
// 細目録 editor, a spreadsheet row without an id): the first <parent_id>-NNN
// (three digits or more, from `next` on) that no record has, none ever had (a
// deleted record's id keeps its versions) and `taken` does not hold; it is added to
// `taken` and `next` moves past it. Deterministic: the same catalog and the same
// rows give the same ids.
std::string new_child_id(Catalog& catalog, RecordVersions& versions, const std::string& parent_id,
                         std::set<std::string>& taken, int& next);

}  // namespace monjo::archive
