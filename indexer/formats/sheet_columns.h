// The columns of a spreadsheet catalog (CSV and XLSX, docs/catalog-format.md,
// "Spreadsheets"): one row per record, one column per field of the catalog format.
// This table is the only list of them: the sheet readers map headers to it, the
// writers (`monjo template`, `monjo export --format csv|xlsx`) write its columns in
// its order, and the importer copies a row's fields into the record it updates
// with its `copy` (indexer/importer.cc, "Rows").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog/record.h"
#include "indexer/formats/format.h"

namespace monjo::indexer::formats {

struct SheetColumn {
  std::string_view field;  // the catalog format's name: "callNumber", "access", "until"
  // Copies this column's part of a record (the row as read) into another (the
  // record it updates). "access", "grounds", "until" and "reason" each copy their
  // own part of Record::access.
  void (*copy)(const archive::Record& row, archive::Record& into);
};

// In the order the writers write them.
const std::vector<SheetColumn>& sheet_columns();
const SheetColumn* find_sheet_column(std::string_view field);

// Copies into `into` every field that `source` has a column for from `row`, the
// others left as they are. id, parent and level are the importer's to resolve and
// are not copied. With an "access" column the row's statement (Record::access as
// the reader set it: none when the status cell is empty) replaces the record's;
// without one, "grounds", "until" and "reason" change their part of the record's
// statement. Returns the part columns that state something for a record with no
// statement (the importer reports them: a status is needed).
std::vector<std::string> merge_row(const RowSource& source, const archive::Record& row, archive::Record& into);

}  // namespace monjo::indexer::formats
