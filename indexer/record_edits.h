// Saving one record edited on the staff pages, and restoring an earlier version:
// the same rules as the importer (archive/catalog/record_rules.h), refused when
// the record moved on since the form was made (its fingerprint,
// archive/catalog/record_versions.h), kept as a version with field-level before and
// after, written to the audit trail, and in both indexes before the catalog commits
// — all under the data directory's one write lock, so `monjo import` and `monjo
// review` wait for it and it waits for them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/catalog/record.h"
#include "archive/catalog/record_rules.h"
#include "archive/catalog/record_versions.h"
#include "archive/staff/roles.h"

namespace monjo::indexer {

struct SaveOutcome {
  enum class Status {
    Saved,      // in the catalog and both indexes
    Unchanged,  // the form changed nothing
    Invalid,    // `problems` says which fields break which rule; nothing changed
    Conflict,   // the record changed since the form was made; nothing changed
  };
  Status status = Status::Unchanged;
  std::vector<archive::FieldProblem> problems;
  archive::Record current;  // the record as stored after the call
  std::string fingerprint;  // of `current`: what the next form carries
  // Saved: what changed and the new version. Conflict: what changed since the
  // form's state (empty when that state is not among the versions: an import
  // changed the record), and `changes` what the form would change now.
  std::vector<archive::FieldChange> changes;
  std::vector<archive::FieldChange> since;
  int version = 0;
  std::optional<std::string> held_note;  // what a judgement's hold kept, as for an import
};

// Saves `edited` over the record of the same id. Its level, parent and position are
// the stored ones (moving is not an edit). `base_fingerprint` is the fingerprint of
// the record the form was made from. Throws archive::NotFound for an unknown id.
SaveOutcome save_record(const std::string& data_dir, archive::Record edited, const std::string& base_fingerprint,
                        const archive::Actor& actor);

// Saves version `version` of a record's history as its newest version (action
// "restore"), with the same checks as a save.
SaveOutcome restore_version(const std::string& data_dir, const std::string& id, int version,
                            const std::string& base_fingerprint, const archive::Actor& actor);

// Moves a series, volume or item (with its descendants) to the end of another
// parent; its fonds, paths and inherited access follow in both indexes. A version
// ("move", the field "parent") and an audit entry. Problems (the level may not go
// there, a parent inside its own subtree, an unknown parent) come back as Invalid.
SaveOutcome move_record(const std::string& data_dir, const std::string& id, const std::string& new_parent_id,
                        const std::string& base_fingerprint, const archive::Actor& actor);

// Creates a record (a fonds with no parent, or a series, volume or item under
// `record.parent_id`, placed last) with the importer's rules, a first version
// ("create") and an audit entry; an id in use is a problem of the field "id".
SaveOutcome create_record(const std::string& data_dir, archive::Record record, const archive::Actor& actor);

}  // namespace monjo::indexer
