// CSV files as grids (indexer/formats/sheet_grid.h): RFC 4180, read in bounded
// memory; UTF-8 (with or without a byte order mark) or Shift_JIS/CP932, told apart
// by the content and converted with ICU.
#include <unicode/ucnv.h>

#include <fstream>
#include <istream>
#include <memory>
#include <sstream>

#include "archive/base/errors.h"
#include "indexer/formats/csv_grid.h"
#include "indexer/formats/sheet_grid.h"

namespace monjo::indexer::formats {

namespace {

using archive::InputError;

// A row over this many bytes is refused (a quote left open runs to the end of the file).
constexpr size_t kMaxRowBytes = 16 * 1024 * 1024;

// Validates UTF-8 as it streams by (no overlong forms, no surrogates, at most U+10FFFF).
class Utf8Check {
 public:
  bool feed(unsigned char c) {
    if (need_ == 0) {
      if (c < 0x80) return true;
      if (c >= 0xC2 && c <= 0xDF) {
        need_ = 1, low_ = 0x80, high_ = 0xBF;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need_ = 2, low_ = c == 0xE0 ? 0xA0 : 0x80, high_ = c == 0xED ? 0x9F : 0xBF;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need_ = 3, low_ = c == 0xF0 ? 0x90 : 0x80, high_ = c == 0xF4 ? 0x8F : 0xBF;
      } else {
        return false;
      }
      return true;
    }
    if (c < low_ || c > high_) return false;
    --need_;
    low_ = 0x80, high_ = 0xBF;
    return true;
  }
  bool complete() const { return need_ == 0; }

 private:
  int need_ = 0;
  unsigned char low_ = 0x80, high_ = 0xBF;
};

struct ConverterClose {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Shift_JIS as Windows writes it (CP932), to UTF-8; nullopt when `bytes` is not.
std::optional<std::string> from_cp932(const std::string& bytes) {
  if (bytes.empty()) return bytes;
  // Opened once per thread, reset for each conversion.
  thread_local std::unique_ptr<UConverter, ConverterClose> sjis, utf8;
  UErrorCode status = U_ZERO_ERROR;
  if (!sjis) {
    sjis.reset(ucnv_open("windows-31j", &status));
    if (U_FAILURE(status)) {
      status = U_ZERO_ERROR;
      sjis.reset(ucnv_open("ibm-943_P15A-2003", &status));
    }
    if (U_FAILURE(status)) throw archive::Error("ICU has no Shift_JIS (CP932) converter");
    ucnv_setToUCallBack(sjis.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    utf8.reset(ucnv_open("UTF-8", &status));
    if (U_FAILURE(status)) throw archive::Error("ICU has no UTF-8 converter");
  }
  ucnv_reset(sjis.get());
  ucnv_reset(utf8.get());
  std::string out(bytes.size() * 3 + 4, '\0');
  char* target = out.data();
  const char* source = bytes.data();
  ucnv_convertEx(utf8.get(), sjis.get(), &target, out.data() + out.size(), &source, bytes.data() + bytes.size(),
                 nullptr, nullptr, nullptr, nullptr, true, true, &status);
  if (U_FAILURE(status)) return std::nullopt;
  out.resize(static_cast<size_t>(target - out.data()));
  return out;
}

bool valid_utf8(const std::string& bytes) {
  Utf8Check check;
  for (char c : bytes) {
    if (!check.feed(static_cast<unsigned char>(c))) return false;
  }
  return check.complete();
}

enum class Encoding { Utf8, Cp932 };

// The rows of CSV text, cells as raw bytes; `line` counts CR, LF and CRLF.
class CsvParser {
 public:
  CsvParser(std::istream& in, std::string file) : in_(in), file_(std::move(file)) {}

  // The next row (possibly all empty cells); false at the end.
  bool next(std::vector<std::string>& cells, std::vector<long>& cell_lines, long& row) {
    cells.clear();
    cell_lines.clear();
    int c = get();
    if (c == EOF) return false;
    row = line_;
    size_t bytes = 0;
    std::string cell;
    long cell_line = line_;
    bool quoted_cell = false;
    auto end_cell = [&] {
      cells.push_back(std::move(cell));
      cell_lines.push_back(cell_line);
      cell.clear();
      quoted_cell = false;
    };
    while (true) {
      if (c == EOF) {
        end_cell();
        return true;
      }
      if (cell.empty() && !quoted_cell && c == '"') {
        quoted_cell = true;
        const long opened = line_;
        while (true) {
          c = get();
          if (c == EOF) throw InputError("a quoted cell is not closed (its quote opens here)", file_, opened);
          if (c == '"') {
            if (peek() == '"') {
              get();
              cell += '"';
              continue;
            }
            break;
          }
          if (c == '\r' || c == '\n') {
            // Line breaks inside a cell are kept as LF.
            if (c == '\r' && peek() == '\n') get();
            ++line_;
            cell += '\n';
            continue;
          }
          cell += static_cast<char>(c);
          if (++bytes > kMaxRowBytes) throw InputError("a row is over 16 MiB", file_, row);
        }
        c = get();
        continue;  // what follows the closing quote up to the comma is kept as written
      }
      if (c == ',') {
        end_cell();
        cell_line = line_;
        c = get();
        continue;
      }
      if (c == '\r' || c == '\n') {
        if (c == '\r' && peek() == '\n') get();
        ++line_;
        end_cell();
        return true;
      }
      cell += static_cast<char>(c);
      if (++bytes > kMaxRowBytes) throw InputError("a row is over 16 MiB", file_, row);
      c = get();
    }
  }

  uint64_t consumed() const { return consumed_; }

 private:
  int get() {
    const int c = in_.get();
    if (c != EOF) ++consumed_;
    return c;
  }
  int peek() { return in_.peek(); }

  std::istream& in_;
  std::string file_;
  long line_ = 1;
  uint64_t consumed_ = 0;
};

void skip_bom(std::istream& in) {
  char bom[3] = {};
  in.read(bom, 3);
  if (in.gcount() == 3 && static_cast<unsigned char>(bom[0]) == 0xEF && static_cast<unsigned char>(bom[1]) == 0xBB &&
      static_cast<unsigned char>(bom[2]) == 0xBF) {
    return;
  }
  in.clear();
  in.seekg(0);
}

// Decodes one row's cells; the line of the first that is neither encoding, else 0.
long decode(std::vector<std::string>& cells, const std::vector<long>& lines, Encoding encoding) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (encoding == Encoding::Utf8) {
      if (!valid_utf8(cells[i])) return lines[i];
    } else {
      auto text = from_cp932(cells[i]);
      if (!text) return lines[i];
      cells[i] = std::move(*text);
    }
  }
  return 0;
}

std::string not_decodable(long line) {
  return "line " + std::to_string(line) + " is neither UTF-8 nor Shift_JIS (CP932)";
}

class CsvGrid final : public GridSource {
 public:
  CsvGrid(const std::string& path, const ReadOptions& options) : path_(path) {
    total_ = check_input_file(path, options);
    encoding_ = detect();
    in_.open(path, std::ios::binary);
    if (!in_) throw InputError("cannot read the file", path);
    skip_bom(in_);
    parser_ = std::make_unique<CsvParser>(in_, path);
  }

  bool next(std::vector<std::string>& cells, long& row) override {
    std::vector<long> lines;
    while (parser_->next(cells, lines, row)) {
      bool empty = true;
      for (const auto& c : cells) empty = empty && c.empty();
      if (empty) continue;
      if (long bad = decode(cells, lines, encoding_)) {
        throw InputError(
            bom_ ? "line " + std::to_string(bad) + " is not UTF-8 (the file begins with a UTF-8 byte order mark)"
                 : not_decodable(bad),
            path_, bad);
      }
      return true;
    }
    return false;
  }
  std::string sheet() const override { return {}; }
  uint64_t done() const override { return parser_->consumed() + (bom_ ? 3 : 0); }
  uint64_t total() const override { return total_; }

 private:
  // UTF-8 when the file begins with its byte order mark or is UTF-8 throughout
  // (one streaming pass), else Shift_JIS.
  Encoding detect() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw InputError("cannot read the file", path_);
    std::vector<char> buf(64 * 1024);
    Utf8Check check;
    bool first = true;
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      const size_t n = static_cast<size_t>(in.gcount());
      size_t from = 0;
      if (first && n >= 3 && static_cast<unsigned char>(buf[0]) == 0xEF && static_cast<unsigned char>(buf[1]) == 0xBB &&
          static_cast<unsigned char>(buf[2]) == 0xBF) {
        bom_ = true;
        return Encoding::Utf8;
      }
      first = false;
      for (size_t i = from; i < n; ++i) {
        if (!check.feed(static_cast<unsigned char>(buf[i]))) return Encoding::Cp932;
      }
    }
    return check.complete() ? Encoding::Utf8 : Encoding::Cp932;
  }

  std::string path_;
  std::ifstream in_;
  std::unique_ptr<CsvParser> parser_;
  Encoding encoding_ = Encoding::Utf8;
  bool bom_ = false;
  uint64_t total_ = 0;
};

bool needs_quotes(const std::string& cell) {
  if (cell.empty()) return false;
  if (cell.front() == ' ' || cell.back() == ' ' || cell.front() == '\t' || cell.back() == '\t') return true;
  return cell.find_first_of(",\"\r\n") != std::string::npos;
}

class CsvSink final : public GridSink {
 public:
  explicit CsvSink(std::ostream& out) : out_(out) { out_ << "\xEF\xBB\xBF"; }

  void row(const std::vector<std::string>& cells) override {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out_ << ',';
      const std::string& cell = cells[i];
      if (!needs_quotes(cell)) {
        out_ << cell;
        continue;
      }
      out_ << '"';
      for (char c : cell) {
        if (c == '"') out_ << '"';
        out_ << c;
      }
      out_ << '"';
    }
    out_ << "\r\n";
  }
  void finish() override { out_.flush(); }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<GridSource> open_csv(const std::string& path, const ReadOptions& options) {
  return std::make_unique<CsvGrid>(path, options);
}

std::unique_ptr<GridSink> csv_sink(std::ostream& out) {
  return std::make_unique<CsvSink>(out);
}

std::optional<std::vector<std::string>> csv_first_row(std::string_view head) {
  std::istringstream in{std::string(head)};
  skip_bom(in);
  const bool bom = in.tellg() == 3;
  CsvParser parser(in, {});
  std::vector<std::string> cells;
  std::vector<long> lines;
  long row = 0;
  try {
    if (!parser.next(cells, lines, row)) return std::nullopt;
  } catch (const InputError&) {
    return std::nullopt;
  }
  std::vector<std::string> raw = cells;
  if (decode(cells, lines, Encoding::Utf8) == 0) return cells;
  if (bom) return std::nullopt;
  cells = raw;
  if (decode(cells, lines, Encoding::Cp932) == 0) return cells;
  return std::nullopt;
}

}  // namespace monjo::indexer::formats
