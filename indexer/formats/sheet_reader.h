// Spreadsheet catalogs (docs/catalog-format.md, "Spreadsheets"): CSV files and XLSX
// workbooks, one row per record, read as rows that update the catalog in place.
#pragma once

#include "indexer/formats/format.h"

namespace monjo::indexer::formats {

const Reader& sheet_reader();

}  // namespace monjo::indexer::formats
