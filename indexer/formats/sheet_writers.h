// Spreadsheet catalogs written (docs/catalog-format.md, "Spreadsheets"): every column
// of sheet_columns() under its Japanese header, one row per record in catalog order,
// staff fields included; and the template an archivist starts a sheet from.
#pragma once

#include <ostream>

#include "indexer/formats/format.h"
#include "indexer/formats/sheet_grid.h"

namespace monjo::indexer::formats {

const Writer& csv_writer();
const Writer& xlsx_writer();

// The header row (Japanese column names, message sheet_col_<field>).
std::vector<std::string> sheet_header();
// A record as a row of the sheet.
std::vector<std::string> sheet_row(const archive::Record& record);
// `monjo template`: the header and an example volume (簿冊) with one item (件名) under
// it, whose parent cell is left for the archivist to fill in.
void write_template(GridSink& sink);

}  // namespace monjo::indexer::formats
