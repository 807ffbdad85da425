#include "indexer/formats/sheet_reader.h"

#include <cctype>
#include <fstream>
#include <map>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/base/strings.h"
#include "indexer/formats/csv_grid.h"
#include "indexer/formats/sheet_cells.h"
#include "indexer/formats/sheet_columns.h"
#include "indexer/formats/sheet_grid.h"

namespace monjo::indexer::formats {

namespace {

using archive::InputError;

std::string extension_of(std::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(file_name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool has_sheet_extension(std::string_view file_name) {
  const std::string ext = extension_of(file_name);
  return ext == "csv" || ext == "tsv" || ext == "xlsx";
}

// "Sheet1!F1" for column `index` of row `row` (RowSource::place names columns by field).
std::string column_place(const std::string& sheet, size_t index, long row) {
  RowSource at{sheet, std::vector<std::string>(index + 1)};
  at.fields[index] = "\x01";
  return at.place(row, "\x01");
}

std::string known_columns() {
  std::string out;
  for (const auto& c : sheet_columns()) out += (out.empty() ? "" : ", ") + std::string(c.field);
  return out;
}

class SheetReader final : public Reader {
 public:
  std::string_view name() const override { return "sheet"; }
  std::string_view help() const override {
    return "spreadsheets: CSV (UTF-8 or Shift_JIS) and XLSX, one row per record with a header row "
           "(docs/catalog-format.md, \"Spreadsheets\")";
  }

  Match sniff(std::string_view head, std::string_view file_name) const override {
    if (looks_like_zip(head)) return Match::Sure;
    if (auto header = csv_first_row(head)) {
      size_t known = 0;
      bool key = false;
      for (const auto& cell : *header) {
        const std::string field = column_for_header(cell);
        if (field.empty()) continue;
        ++known;
        key = key || field == "id" || field == "title";
      }
      if (key && known >= 2) return Match::Sure;
    }
    return has_sheet_extension(file_name) ? Match::Plausible : Match::No;
  }

  void read(const std::string& path, const ReadOptions& options, const RecordSink& sink) const override {
    const uint64_t size = check_input_file(path, options);
    std::string head(4, '\0');
    {
      std::ifstream in(path, std::ios::binary);
      in.read(head.data(), 4);
      head.resize(static_cast<size_t>(in.gcount()));
    }
    // A file named .xlsx is read as a workbook even when it is not one, so that the
    // message says so rather than finding no known column in its bytes.
    const bool workbook =
        looks_like_zip(head) || extension_of(std::string_view(path).substr(path.rfind('/') + 1)) == "xlsx";
    std::unique_ptr<GridSource> grid = workbook ? open_xlsx(path, options) : open_csv(path, options);
    RowSource source;
    source.sheet = grid->sheet();
    std::vector<std::string> cells;
    long row = 0;
    if (!grid->next(cells, row)) {
      report(options, InputError("the sheet is empty: it needs a header row (" + known_columns() + ")", path, 1,
                                 column_place(source.sheet, 0, 1)));
      return;
    }
    if (!map_header(path, options, cells, row, source)) return;

    const size_t width = source.fields.size();
    // Rows whose level cell is empty: as if the sheet had no level column (the
    // record keeps its level, a new one takes the level below its parent's).
    RowSource without_level = source;
    for (auto& f : without_level.fields) {
      if (f == "level") f.clear();
    }
    while (grid->next(cells, row)) {
      ReadItem item;
      item.row = &source;
      item.record.source_line = row;
      size_t used = cells.size();
      while (used > width && archive::trim_typed(cells[used - 1]).empty()) --used;
      if (used > width) {
        item.broken = true;
        report(options, InputError("the row has " + std::to_string(used) + " cells, the header " +
                                       std::to_string(width) + " columns",
                                   path, row, column_place(source.sheet, width, row)));
      }
      const auto cell = [&](const std::string& field) -> std::string {
        for (size_t i = 0; i < width && i < cells.size(); ++i) {
          if (source.fields[i] == field) return cells[i];
        }
        return {};
      };
      const std::string id = archive::trim_typed(cell("id"));
      const std::string who = id.empty() ? std::string() : "record " + id + ": ";
      for (size_t i = 0; i < width; ++i) {
        const std::string& field = source.fields[i];
        if (field.empty()) continue;
        if (field == "level" && (i >= cells.size() || archive::trim_typed(cells[i]).empty())) {
          item.row = &without_level;
          continue;
        }
        const std::string problem = parse_cell(field, i < cells.size() ? cells[i] : std::string(), item.record);
        if (problem.empty()) continue;
        item.broken = true;
        report(options, InputError(who + field + ": " + problem, path, row, source.place(row, field)));
      }
      if (source.has("access") && archive::trim_typed(cell("access")).empty()) {
        // No status: no statement, and none of its parts.
        const auto& a = item.record.access;
        for (const char* part : {"grounds", "until", "reason"}) {
          if (!a || !source.has(part)) continue;
          const bool stated = (std::string_view(part) == "grounds" && !a->grounds.empty()) ||
                              (std::string_view(part) == "until" && !a->until.empty()) ||
                              (std::string_view(part) == "reason" && !a->reason.empty());
          if (!stated) continue;
          item.broken = true;
          report(options, InputError(who + part + ": needs an access status in the access column", path, row,
                                     source.place(row, part)));
        }
        item.record.access.reset();
      }
      item.id_from_catalog = id.empty();
      sink(std::move(item));
      if (options.progress) options.progress(grid->done(), grid->total());
    }
    if (options.progress) options.progress(size, size);
  }

 private:
  // The header row's cells to fields of sheet_columns(); false when rows cannot be read.
  static bool map_header(const std::string& path, const ReadOptions& options, const std::vector<std::string>& cells,
                         long row, RowSource& source) {
    std::map<std::string, size_t> first;
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string header = archive::trim_typed(cells[i]);
      std::string field = column_for_header(header);
      if (header.empty()) {
        // A blank header: the column is ignored.
      } else if (field.empty()) {
        report(options, InputError("unknown column \"" + header + "\" (known: " + known_columns() + ")", path, row,
                                   column_place(source.sheet, i, row)));
      } else if (auto [at, fresh] = first.emplace(field, i); !fresh) {
        report(options, InputError("column \"" + header + "\" is " + field + " again (as column " +
                                       std::to_string(at->second + 1) + ")",
                                   path, row, column_place(source.sheet, i, row)));
        field.clear();
      }
      source.fields.push_back(field);
    }
    if (!source.has("id") && !source.has("callNumber") && !source.has("title")) {
      report(
          options,
          InputError("the sheet needs an id, callNumber or title column (" + archive::text_ja("sheet_col_id") + ", " +
                         archive::text_ja("sheet_col_callNumber") + ", " + archive::text_ja("sheet_col_title") + ")",
                     path, row, column_place(source.sheet, 0, row)));
      return false;
    }
    return true;
  }
};

}  // namespace

const Reader& sheet_reader() {
  static const SheetReader reader;
  return reader;
}

}  // namespace monjo::indexer::formats
