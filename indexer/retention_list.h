// Retention-expiry lists (保存期間満了文書目録, docs/selection.md, "The list"): a department's
// CSV or XLSX sheet in the usual 文書目録 shape — department, title, 作成年度, 保存期間,
// 満了年度, file number, quantity, notes — read through the catalog sheets' grids
// (indexer/formats/sheet_grid.h) and checked whole: every problem is named at
// file:line (CSV) or file:Sheet!C12 (XLSX) and the list is refused, as the catalog
// import refuses a sheet (docs/catalog-format.md, "Spreadsheets").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/selection/selection.h"
#include "indexer/formats/format.h"
#include "indexer/formats/sheet_grid.h"

namespace monjo::indexer {

// The columns, in the order the template writes them; the header of each is the
// message retention_col_<field> (Japanese or English both read).
const std::vector<std::string_view>& retention_columns();

struct RetentionList {
  int fiscal_year = 0;
  std::string department;
  std::vector<archive::RetentionRow> rows;
};

// What the importer is told beyond the file: the batch's 年度 and department (0 / "":
// taken from the rows, which must then agree).
struct RetentionListOptions {
  int fiscal_year = 0;
  std::string department;
  formats::ReadOptions read;
};

// Reads and checks the list at `path` (named `display_name` in problems; "" = the
// path). Throws archive::InputError / InputErrors with every problem.
RetentionList read_retention_list(const std::string& path, const RetentionListOptions& options,
                                  const std::string& display_name = {});

// A 年度 as a list writes it: 2024, 2024年度, 令和6年度, R6 …: the 西暦 year the 年度 starts in.
std::optional<int> parse_fiscal_year(std::string_view text);

// `monjo template --kind retention`: the header and one example row.
void write_retention_template(formats::GridSink& sink);

// Imports the list as a new batch: read, checked, stored with its audit entry.
// Returns the batch's id.
int64_t import_retention_list(const std::string& data_dir, const std::string& path, const RetentionListOptions& options,
                              const archive::Actor& actor, const std::string& display_name = {});

}  // namespace monjo::indexer
