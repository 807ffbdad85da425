// Spreadsheets as grids of text cells, whatever holds them: a CSV file (UTF-8 with or
// without a byte order mark, or Shift_JIS/CP932 as Excel writes it in Japan) or a
// worksheet of an XLSX workbook (a zip of XML parts). The sheet reader and writers
// (indexer/formats/sheet_reader.cc, sheet_writers.cc) work on grids and know
// nothing of the container; the containers know nothing of the catalog.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "indexer/formats/format.h"

namespace monjo::indexer::formats {

// Rows of one sheet, in order, in bounded memory.
class GridSource {
 public:
  virtual ~GridSource() = default;
  // The next non-empty row: its cells as text (UTF-8, trailing empty cells may be
  // missing) and its number as the user sees it (CSV: the line it starts on; XLSX:
  // the row number). False at the end. Throws archive::InputError(file, line/place)
  // for what cannot be read past (not a zip, a zip bomb, XML with a DOCTYPE).
  virtual bool next(std::vector<std::string>& cells, long& row) = 0;
  // The worksheet's name for places ("Sheet1!C12"); "" for CSV.
  virtual std::string sheet() const = 0;
  // Bytes consumed and in all, for progress.
  virtual uint64_t done() const = 0;
  virtual uint64_t total() const = 0;
};

// A CSV file (RFC 4180: quoted cells may hold commas, quotes and line breaks).
std::unique_ptr<GridSource> open_csv(const std::string& path, const ReadOptions& options);
// The first worksheet of an XLSX workbook. The zip's entries are checked (count,
// sizes, compression ratio) before anything is inflated.
std::unique_ptr<GridSource> open_xlsx(const std::string& path, const ReadOptions& options);

// Whether `head` (the first bytes of a file) is a zip archive ("PK\3\4").
bool looks_like_zip(std::string_view head);

// Writes rows of text cells.
class GridSink {
 public:
  virtual ~GridSink() = default;
  virtual void row(const std::vector<std::string>& cells) = 0;
  // Completes the file (an XLSX workbook is written here). Call once, last.
  virtual void finish() = 0;
};

// CSV in UTF-8 with a byte order mark (so that Excel reads it as UTF-8), CRLF line
// ends, cells quoted when they need it.
std::unique_ptr<GridSink> csv_sink(std::ostream& out);
// An XLSX workbook with one worksheet named `sheet` (inline strings, the first row
// bold and frozen as the header), written to `out` on finish().
std::unique_ptr<GridSink> xlsx_sink(std::ostream& out, const std::string& sheet);

}  // namespace monjo::indexer::formats
