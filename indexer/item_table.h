// The 細目録 (item-level inventory) of one volume saved as a whole table from the
// staff pages (web/staff/item_table.cc; docs/staff.md, "The 細目録 editor"): every
// row is checked with the importer's rules (archive/catalog/record_rules.h) and
// nothing is saved unless every row is valid; then, in one catalog transaction under
// the data directory's write lock, changed items are updated, new ones inserted,
// removed ones deleted, positions follow the row order, each change is kept as a
// record version (archive/catalog/record_versions.h), one audit entry sums the save
// up, and both indexes follow before the catalog commits (as indexer/record_edits.h).
// A table made from a state that has moved on since is refused (its fingerprint).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "archive/catalog/catalog.h"
#include "archive/catalog/record.h"
#include "archive/catalog/record_versions.h"
#include "archive/staff/roles.h"

namespace monjo::indexer {

// One row of the table as typed. Numbers are text: "" is none, anything that is not
// a whole number (ASCII or full-width digits) is a problem of that cell.
struct ItemRow {
  std::string id;    // the item this row edits; "" for a new item
  std::string base;  // that item's record_fingerprint() when the table was made
  std::string seq;
  std::string title;
  std::string date;  // as written (和暦 or 西暦), read by the importer's parser
  std::string pages_from;
  std::string pages_to;
  std::string description;
  std::string note;
  bool remove = false;  // the row's item is deleted (a new row marked so is ignored)
};

// A row without an id whose cells are all blank is no row (the table's spare rows).
bool blank_row(const ItemRow& row);

// One problem of one row: its index in the rows given, the field as the catalog
// format names it ("title", "date", "pages", "seq", "id" …) and the message (the
// importer's words where the importer has the rule).
struct RowProblem {
  size_t row = 0;
  std::string field;
  std::string message;
};

// What changed in the volume since the table was made: an item changed ("changed",
// with its field changes when the table's state is among its versions), deleted
// ("deleted") or added ("added"); `row` is the table's row of that item, if any.
struct TableChange {
  std::string id;
  std::optional<size_t> row;
  std::string kind;
  std::vector<archive::FieldChange> changes;
};

struct TableOutcome {
  enum class Status {
    Saved,      // in the catalog and both indexes
    Unchanged,  // the table changed nothing
    Invalid,    // `problems` says which rows break which rule; nothing changed
    Conflict,   // the volume's items changed since the table was made; nothing changed
  };
  Status status = Status::Unchanged;
  std::vector<RowProblem> problems;
  std::vector<TableChange> since;      // Conflict: what changed
  std::vector<archive::Record> items;  // the volume's items as stored after the call
  std::string fingerprint;             // table_fingerprint(items): what the next table carries
  std::vector<std::string> row_ids;    // per row given: its item's id (generated for a new row), "" if none
  std::vector<std::string> added, changed, deleted;  // ids, Saved only
  size_t rows = 0;                                   // the rows the volume has after a save
  std::vector<std::string> held_notes;               // what judgements' holds kept, as for an import
};

// The items of a volume in catalog order. Throws archive::NotFound unless `volume_id`
// is a volume.
std::vector<archive::Record> volume_items(archive::Catalog& catalog, const std::string& volume_id);

// BLAKE2b over the record_fingerprint() of each item in order: the state of the
// whole table (contents, order, which items there are).
std::string table_fingerprint(const std::vector<archive::Record>& items);

// Saves `rows` (in the order wanted) as the items of volume `volume_id`: an item of
// the volume that no row names, or whose row has `remove`, is deleted. New items get
// the id <volume_id>-NNN, the first numbers no record has had. `base_fingerprint` is
// the table_fingerprint() the form was made from. Throws archive::NotFound unless the
// id is a volume.
TableOutcome save_item_table(const std::string& data_dir, const std::string& volume_id,
                             const std::vector<ItemRow>& rows, const std::string& base_fingerprint,
                             const archive::Actor& actor);

}  // namespace monjo::indexer
