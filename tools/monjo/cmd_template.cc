// `monjo template --format csv|xlsx [--out FILE]`: an empty spreadsheet catalog to
// fill in (docs/catalog-format.md, "Spreadsheets").
#include <unistd.h>

#include <iostream>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "indexer/formats/sheet_grid.h"
#include "indexer/formats/sheet_writers.h"
#include "indexer/retention_list.h"
#include "tools/monjo/commands.h"

namespace monjo::tools {

std::ostream& output_to(const std::string& path, bool binary, std::ofstream& file) {
  if (path.empty() || path == "-") {
    if (binary && isatty(STDOUT_FILENO) == 1) {
      throw archive::Error("an XLSX workbook is binary: write it to a file with --out FILE or redirect stdout");
    }
    std::ios::sync_with_stdio(false);
    return std::cout;
  }
  file.open(path, std::ios::binary | std::ios::trunc);
  if (!file) throw archive::Error("cannot write " + path);
  return file;
}

void register_template(CLI::App& app, GlobalOptions&, Runner& run) {
  auto* cmd = app.add_subcommand(
      "template", "Write an empty spreadsheet catalog to fill in: the header row and an example volume with one item");
  auto format = std::make_shared<std::string>("csv");
  auto out_path = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>("catalog");
  cmd->add_option("--format", *format, "csv (UTF-8 for Excel) or xlsx (default csv)")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  cmd->add_option("--kind", *kind,
                  "catalog (a catalog sheet, default) or retention (a department's retention-expiry list, "
                  "docs/selection.md)")
      ->check(CLI::IsMember({"catalog", "retention"}));
  cmd->add_option("--out", *out_path, "Write to this file (default stdout; xlsx is not written to a terminal)");
  cmd->callback([&run, format, out_path, kind] {
    run = [format, out_path, kind] {
      namespace formats = indexer::formats;
      const bool xlsx = *format == "xlsx";
      std::ofstream file;
      std::ostream& out = output_to(*out_path, xlsx, file);
      const bool retention = *kind == "retention";
      const std::string sheet = archive::text_ja(retention ? "retention_sheet_name" : "sheet_name");
      auto sink = xlsx ? formats::xlsx_sink(out, sheet) : formats::csv_sink(out);
      if (retention) {
        indexer::write_retention_template(*sink);
      } else {
        formats::write_template(*sink);
      }
      out.flush();
      if (!out) throw archive::Error("cannot write " + (out_path->empty() ? std::string("stdout") : *out_path));
      return 0;
    };
  });
}

}  // namespace monjo::tools
