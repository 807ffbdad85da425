#include "indexer/formats/sheet_writers.h"

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "indexer/formats/sheet_cells.h"
#include "indexer/formats/sheet_columns.h"

namespace monjo::indexer::formats {

namespace {

using archive::Level;
using archive::Record;

// The writer of a grid format: the same rows, CSV or XLSX.
class SheetWriter final : public Writer {
 public:
  enum class Kind { Csv, Xlsx };
  explicit SheetWriter(Kind kind) : kind_(kind) {}

  std::string_view name() const override { return kind_ == Kind::Csv ? "csv" : "xlsx"; }
  std::string_view help() const override {
    return kind_ == Kind::Csv ? "csv spreadsheet (UTF-8 for Excel; docs/catalog-format.md, \"Spreadsheets\")"
                              : "xlsx Excel workbook (docs/catalog-format.md, \"Spreadsheets\")";
  }
  // A staff export, like native XML: every field, withheld ones included.
  bool has_public_view() const override { return false; }
  bool binary() const override { return kind_ == Kind::Xlsx; }
  std::string_view media_type() const override {
    return kind_ == Kind::Csv ? "text/csv; charset=utf-8"
                              : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  std::string_view extension() const override { return kind_ == Kind::Csv ? "csv" : "xlsx"; }

  void write(archive::Catalog& catalog, const WriteOptions& options, std::ostream& out) const override {
    const std::string& fonds_id = options.fonds_id;
    if (!fonds_id.empty()) {
      auto root = catalog.get(fonds_id);
      if (!root || root->level != Level::Fonds) throw archive::NotFound("no fonds with id " + fonds_id);
    }
    auto sink = kind_ == Kind::Csv ? csv_sink(out) : xlsx_sink(out, archive::text_ja("sheet_name"));
    sink->row(sheet_header());
    auto visit = [&](const Record& r) { sink->row(sheet_row(r)); };
    if (fonds_id.empty()) {
      catalog.for_each(visit);
    } else {
      catalog.for_each_in(fonds_id, visit);
    }
    sink->finish();
  }

 private:
  Kind kind_;
};

}  // namespace

std::vector<std::string> sheet_header() {
  std::vector<std::string> cells;
  for (const auto& c : sheet_columns()) cells.push_back(archive::text_ja("sheet_col_" + std::string(c.field)));
  return cells;
}

std::vector<std::string> sheet_row(const Record& record) {
  std::vector<std::string> cells;
  for (const auto& c : sheet_columns()) cells.push_back(format_cell(c.field, record));
  return cells;
}

void write_template(GridSink& sink) {
  sink.row(sheet_header());
  Record volume;
  volume.level = Level::Volume;
  volume.call_number = archive::text_ja("sheet_template_volume_call_number");
  volume.title = archive::text_ja("sheet_template_volume_title");
  volume.date_text = archive::text_ja("sheet_template_volume_date");
  volume.extent = archive::text_ja("sheet_template_volume_extent");
  volume.access = archive::Access{};
  sink.row(sheet_row(volume));
  Record item;
  item.level = Level::Item;
  item.parent_id = volume.call_number;  // a row above, by its call number
  item.seq = 1;
  item.title = archive::text_ja("sheet_template_item_title");
  item.date_text = archive::text_ja("sheet_template_item_date");
  item.pages_from = 1;
  item.pages_to = 11;
  item.names = {{"person", archive::text_ja("sheet_template_item_person")}};
  sink.row(sheet_row(item));
  sink.finish();
}

const Writer& csv_writer() {
  static const SheetWriter writer(SheetWriter::Kind::Csv);
  return writer;
}

const Writer& xlsx_writer() {
  static const SheetWriter writer(SheetWriter::Kind::Xlsx);
  return writer;
}

}  // namespace monjo::indexer::formats
