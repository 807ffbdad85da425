// An import as the staff pages make it (web/staff/import_pages.cc): first a plan —
// the import run in its transaction and rolled back, so nothing changes — that says
// per fonds which records it would add, change (field by field,
// archive::diff_records) and remove; then, once confirmed, the import itself with the
// same all-or-nothing guarantee as `monjo import` (tools/monjo/cmd_import.cc): under
// the data directory's write lock, audited as "catalog.import", the catalog
// committed only once both indexes are built, and refused when the catalog moved on
// since the plan was made.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "archive/catalog/catalog.h"
#include "archive/catalog/record.h"
#include "archive/catalog/record_versions.h"
#include "archive/staff/roles.h"
#include "indexer/importer.h"

namespace monjo::indexer {

struct PlannedRecord {
  std::string id;
  std::string title;
  archive::Level level = archive::Level::Item;
  // For a changed record: what changes ("parent" when it moves).
  std::vector<archive::FieldChange> changes;
};

// What the import does to one fonds (a fonds it replaces, or one a record moves
// away from).
struct FondsPlan {
  std::string id;
  std::string title;  // as it will be (as it was, when the fonds goes)
  bool is_new = false;
  long added = 0, changed = 0, removed = 0, unchanged = 0;
  archive::CatalogCounts added_by_level, changed_by_level, removed_by_level;
  // The first `max_listed` of each (the counts above are complete).
  std::vector<PlannedRecord> added_records, changed_records, removed_records;
};

struct ImportPlan {
  ImportResult result;           // what was read, the fonds touched, the importer's notes
  std::vector<FondsPlan> fonds;  // in the order the import touches them
  uint64_t generation = 0;       // of the catalog the plan was made against
};

// Reads and validates `files` and works out what importing them would change,
// holding the write lock, then rolls everything back. Throws archive::InputError
// (file, line) exactly as import_files() does; `options.before_commit` and
// `commit_with` are not used.
ImportPlan plan_import(const std::string& data_dir, const std::vector<std::string>& files, ImportOptions options,
                       size_t max_listed = 200);

// Imports `files` for real, as `monjo import` does, with the audit entry
// "catalog.import" by `actor` about `target` (the file names as the user knows
// them). Throws archive::Conflict, changing nothing, when the catalog's generation
// is no longer `expected_generation`.
ImportResult import_planned(const std::string& data_dir, const std::vector<std::string>& files, ImportOptions options,
                            const archive::Actor& actor, const std::string& target, uint64_t expected_generation);

// The audit detail of an import: "N records in fonds A B".
std::string import_audit_detail(const ImportResult& result);

}  // namespace monjo::indexer
