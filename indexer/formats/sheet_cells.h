// The cells of a spreadsheet catalog (docs/catalog-format.md, "Spreadsheets"): how
// the text of a cell of each column of sheet_columns() becomes part of a Record, and
// how a Record's field is written as a cell. The one place of these rules: the sheet
// reader (sheet_reader.cc) parses with them, the writers (sheet_writers.cc) format
// with them, so what is exported imports back unchanged.
#pragma once

#include <string>
#include <string_view>

#include "archive/catalog/record.h"

namespace monjo::indexer::formats {

// Parses `text` (one cell of column `field`, trimmed here) into `into`; returns ""
// or what is wrong with it (without the field or the record, which the caller adds).
// "access", "grounds", "until" and "reason" write into into.access, made when
// missing (an empty status cell leaves it as it is: the reader decides).
std::string parse_cell(std::string_view field, std::string_view text, archive::Record& into);

// The cell of column `field` for `record`, as parse_cell reads it back.
std::string format_cell(std::string_view field, const archive::Record& record);

// The column's header: the field name ("callNumber", any case), or its Japanese or
// English label (message sheet_col_<field>). Returns the field, or "" when unknown.
std::string column_for_header(std::string_view header);

}  // namespace monjo::indexer::formats
