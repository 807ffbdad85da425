// The XLSX half of indexer/formats/sheet_grid.h: the first worksheet of a workbook
// read as a grid of text cells, and a one-sheet workbook written from one.
//
// A workbook is a zip of XML parts (ECMA-376 Part 2, Open Packaging Conventions):
// _rels/.rels names the workbook part (xl/workbook.xml), whose <sheets> list the
// worksheets in tab order with relationship ids resolved by xl/_rels/workbook.xml.rels;
// text cells point into xl/sharedStrings.xml or hold their text inline.
//
// Reading is guarded twice against hostile archives: the zip's entries (count,
// declared sizes, compression ratio) are checked before anything is inflated, and
// every inflating stream stops past its entry's declared size. Every part is parsed
// with libxml2's streaming reader, network off, no entity substitution, no DTD
// loading, and a DOCTYPE anywhere is refused before libxml2 sees it.
//
// Dates: a date typed into Excel is stored as a serial number with a date style.
// Such a cell is read as its number, and the catalog's date check reports it; a date
// column must hold text (the workbooks xlsx_sink writes format every column as text,
// so that what a user types there stays text).
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <unistd.h>

#include <Poco/DateTime.h>
#include <Poco/Exception.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ParseCallback.h>
#include <Poco/Zip/SkipCallback.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipLocalFileHeader.h>
#include <Poco/Zip/ZipManipulator.h>
#include <Poco/Zip/ZipStream.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "indexer/formats/sheet_grid.h"

namespace monjo::indexer::formats {

namespace {

using archive::InputError;

// Limits of what a workbook may hold. A 47,000-row catalog sheet is some 50-100 MiB
// of XML that deflates about 10:1; real parts stay far below these.
constexpr size_t kMaxEntries = 10000;                     // Excel writes a few dozen
constexpr uint64_t kMaxEntryBytes = 512ull << 20;         // one part, inflated
constexpr uint64_t kMaxTotalBytes = 1ull << 30;           // all parts, inflated
constexpr uint64_t kRatioCheckBytes = 1ull << 20;         // small parts may compress as they like
constexpr uint64_t kMaxRatio = 200;                       // deflated XML: 5-30:1; a zip bomb: 1000:1
constexpr size_t kPrologBytes = 64 * 1024;                // where a DOCTYPE would be
constexpr uint64_t kMaxSharedStringBytes = 256ull << 20;  // the table is held in memory
constexpr size_t kMaxColumns = 16384;                     // A..XFD, as in Excel
constexpr long kMaxRows = 1048576;                        // as in Excel

const char* const kNotZip = "the file is not an XLSX workbook (not a zip archive)";

std::string mib(uint64_t bytes) {
  return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB";
}

std::string lower_ascii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// ---------------------------------------------------------------------------
// The zip archive.

// The end of central directory record: how many entries the archive says it has,
// read before Poco parses them all (a crafted directory of millions of entries
// would otherwise be held in memory first). Nullopt when there is none.
std::optional<uint64_t> directory_entry_count(std::ifstream& in, uint64_t size) {
  const uint64_t tail_size = std::min<uint64_t>(size, 22 + 65535);
  std::string tail(tail_size, '\0');
  in.seekg(static_cast<std::streamoff>(size - tail_size));
  in.read(tail.data(), static_cast<std::streamsize>(tail_size));
  if (static_cast<uint64_t>(in.gcount()) != tail_size) return std::nullopt;
  for (size_t i = tail_size >= 22 ? tail_size - 22 + 1 : 0; i-- > 0;) {
    if (tail.compare(i, 4, "PK\5\6") == 0) {
      const auto byte = [&](size_t k) { return static_cast<uint64_t>(static_cast<unsigned char>(tail[i + k])); };
      return byte(10) | (byte(11) << 8);
    }
  }
  return std::nullopt;
}

struct TooManyEntries {};

// Counts the local headers as Poco walks them and skips their data unread.
class CountingSkip : public Poco::Zip::ParseCallback {
 public:
  bool handleZipEntry(std::istream& zip, const Poco::Zip::ZipLocalFileHeader& header) override {
    if (++count_ > kMaxEntries) throw TooManyEntries{};
    return skip_.handleZipEntry(zip, header);
  }

 private:
  Poco::Zip::SkipCallback skip_;
  size_t count_ = 0;
};

class Zip {
 public:
  Zip(const std::string& path, uint64_t size) : path_(path), size_(size), in_(path, std::ios::binary) {
    if (!in_) throw InputError("cannot read the file", path_);
    const auto declared = directory_entry_count(in_, size_);
    if (!declared) {
      throw InputError("the file is not an XLSX workbook (the zip archive has no central directory: is it truncated?)",
                       path_, 1);
    }
    // 0xFFFF: a Zip64 archive keeps the real count elsewhere; the walk counts it.
    if (*declared != 0xFFFF && *declared > kMaxEntries) too_many();
    in_.clear();
    in_.seekg(0);
    try {
      CountingSkip counter;
      archive_ = std::make_unique<Poco::Zip::ZipArchive>(in_, counter);
    } catch (const TooManyEntries&) {
      too_many();
    } catch (const Poco::Exception& e) {
      throw InputError("the file is not an XLSX workbook (the zip archive is damaged: " + e.displayText() + ")", path_,
                       1);
    } catch (const std::exception& e) {
      throw InputError(std::string("the file is not an XLSX workbook (the zip archive is damaged: ") + e.what() + ")",
                       path_, 1);
    }
    in_.clear();  // ZipArchive leaves the stream failed
    check_entries();
  }

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  std::ifstream& stream() { return in_; }

  // The entry of part `name` (an OPC part name without its leading "/"; the names
  // are case-insensitive), or null.
  const Poco::Zip::ZipLocalFileHeader* find(const std::string& name) const {
    auto it = archive_->findHeader(name);
    if (it != archive_->headerEnd()) return &it->second;
    const std::string wanted = lower_ascii(name);
    for (it = archive_->headerBegin(); it != archive_->headerEnd(); ++it) {
      if (lower_ascii(it->first) == wanted) return &it->second;
    }
    return nullptr;
  }

  // What an entry may inflate to: its size as the central directory declares it.
  uint64_t declared_size(const Poco::Zip::ZipLocalFileHeader& header) const {
    auto it = archive_->fileInfoBegin();
    for (; it != archive_->fileInfoEnd(); ++it) {
      if (it->first == header.getFileName()) return it->second.getUncompressedSize();
    }
    return header.getUncompressedSize();
  }

 private:
  [[noreturn]] void too_many() const {
    throw InputError(
        "the zip archive has more than " + std::to_string(kMaxEntries) + " entries: it is not a workbook Excel writes",
        path_, 1);
  }

  void check_entry(const std::string& name, uint64_t compressed, uint64_t inflated, bool encrypted) const {
    if (encrypted) throw InputError("the zip entry " + name + " is encrypted", path_, 1);
    if (inflated > kMaxEntryBytes) {
      throw InputError("the zip entry " + name + " would inflate to " + mib(inflated) + ", over the limit of " +
                           mib(kMaxEntryBytes) + " for one part",
                       path_, 1);
    }
    if (inflated > kRatioCheckBytes && inflated / std::max<uint64_t>(compressed, 1) > kMaxRatio) {
      throw InputError("the zip entry " + name + " is compressed " +
                           std::to_string(inflated / std::max<uint64_t>(compressed, 1)) + ":1, over the limit of " +
                           std::to_string(kMaxRatio) + ":1 (a zip bomb?)",
                       path_, 1);
    }
  }

  // Before anything is inflated: the count, each entry's size and ratio, the total,
  // as both the central directory and the local headers declare them.
  void check_entries() const {
    size_t infos = 0;
    uint64_t total = 0;
    for (auto it = archive_->fileInfoBegin(); it != archive_->fileInfoEnd(); ++it) {
      ++infos;
      check_entry(it->first, it->second.getCompressedSize(), it->second.getUncompressedSize(),
                  it->second.isEncrypted());
      total += it->second.getUncompressedSize();
    }
    uint64_t local_total = 0;
    for (auto it = archive_->headerBegin(); it != archive_->headerEnd(); ++it) {
      check_entry(it->first, it->second.getCompressedSize(), it->second.getUncompressedSize(),
                  it->second.isEncrypted());
      local_total += it->second.getUncompressedSize();
    }
    if (infos > kMaxEntries) too_many();
    total = std::max(total, local_total);
    if (total > kMaxTotalBytes) {
      throw InputError(
          "the zip entries would inflate to " + mib(total) + " in all, over the limit of " + mib(kMaxTotalBytes), path_,
          1);
    }
  }

  std::string path_;
  uint64_t size_;
  std::ifstream in_;
  std::unique_ptr<Poco::Zip::ZipArchive> archive_;
};

// ---------------------------------------------------------------------------
// XML parts.

struct ReaderFree {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};

// One part of the workbook, inflated as a stream and read node by node.
class Part {
 public:
  Part(Zip& zip, const Poco::Zip::ZipLocalFileHeader& entry, std::string name)
      : zip_(zip),
        name_(std::move(name)),
        limit_(zip.declared_size(entry)),
        compressed_(entry.getCompressedSize()),
        start_(static_cast<uint64_t>(entry.getStartPos())) {
    secure_xml_parser();
    try {
      zip_.stream().clear();
      in_ = std::make_unique<Poco::Zip::ZipInputStream>(zip_.stream(), entry, true);
      // What Poco throws while inflating (a CRC failure, a broken deflate stream)
      // reaches inflate() rather than being taken for the end of the entry.
      in_->exceptions(std::ios::badbit);
    } catch (const Poco::Exception& e) {
      throw InputError("the zip entry " + name_ + " cannot be read: " + e.displayText(), zip_.path(), 1);
    }
    // The prolog, before libxml2 sees any of it.
    head_.resize(kPrologBytes);
    size_t got = 0;
    while (got < head_.size()) {
      int n = inflate(head_.data() + got, static_cast<int>(head_.size() - got));
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    if (!failure_.empty()) throw InputError(failure_, zip_.path(), 1);
    head_.resize(got);
    refuse_doctype(got == kPrologBytes);
    reader_.reset(xmlReaderForIO(read_cb, nullptr, this, name_.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOCDATA));
    if (!reader_) throw InputError("the zip entry " + name_ + " cannot be read", zip_.path(), 1);
    xmlTextReaderSetErrorHandler(reader_.get(), on_error, this);
  }

  Part(const Part&) = delete;
  Part& operator=(const Part&) = delete;

  const std::string& name() const { return name_; }
  xmlTextReaderPtr reader() const { return reader_.get(); }

  // The next node; false at the end of the part. Throws what stops the parser.
  bool read() {
    const int ret = xmlTextReaderRead(reader_.get());
    if (ret == 1) {
      const int type = xmlTextReaderNodeType(reader_.get());
      if (type == XML_READER_TYPE_DOCUMENT_TYPE) fail(line(), "DOCTYPE declarations are not allowed (XXE)");
      if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY) {
        fail(line(), "entity references are not allowed");
      }
      return true;
    }
    if (ret == 0) return false;
    if (!failure_.empty()) throw InputError(failure_, zip_.path(), 1);
    // libxml2's first line says what; an encoding error adds the bytes on more lines.
    const std::string what = error_.substr(0, error_.find('\n'));
    fail(error_line_ > 0 ? error_line_ : line(), "not well-formed XML" + (what.empty() ? std::string() : ": " + what));
  }

  long line() const { return xmlTextReaderGetParserLineNumber(reader_.get()); }

  // A problem in the part at `line`: "book.xlsx:xl/worksheets/sheet1.xml:3: message".
  [[noreturn]] void fail(long line, const std::string& message) const {
    throw InputError(message, zip_.path(), line, name_ + ":" + std::to_string(line));
  }

  // Compressed bytes consumed, approximately (inflated bytes scaled by the ratio).
  uint64_t done() const {
    if (limit_ == 0) return start_ + compressed_;
    return start_ + static_cast<uint64_t>(static_cast<double>(compressed_) * static_cast<double>(produced_) /
                                          static_cast<double>(limit_));
  }

 private:
  // Inflates at most `len` bytes; -1 (with failure_ set) past the declared size or
  // when the entry is damaged.
  int inflate(char* buf, int len) {
    if (!failure_.empty()) return -1;
    try {
      in_->read(buf, len);
      const auto n = static_cast<int>(in_->gcount());
      produced_ += static_cast<uint64_t>(n);
      if (produced_ > limit_) {
        failure_ = "the zip entry " + name_ + " inflates to more than its declared " + std::to_string(limit_) +
                   " bytes (a zip bomb?)";
        return -1;
      }
      return n;
    } catch (const Poco::Exception& e) {
      failure_ = "the zip entry " + name_ + " is damaged: " + e.displayText();
    } catch (const std::exception& e) {
      failure_ = "the zip entry " + name_ + " is damaged: " + e.what();
    }
    return -1;
  }

  static int read_cb(void* context, char* buf, int len) {
    auto* self = static_cast<Part*>(context);
    if (self->served_ < self->head_.size()) {
      const size_t n = std::min(self->head_.size() - self->served_, static_cast<size_t>(len));
      std::memcpy(buf, self->head_.data() + self->served_, n);
      self->served_ += n;
      return static_cast<int>(n);
    }
    return self->inflate(buf, len);
  }

  static void on_error(void* context, const char* msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr locator) {
    auto* self = static_cast<Part*>(context);
    if (severity == XML_PARSER_SEVERITY_WARNING || severity == XML_PARSER_SEVERITY_VALIDITY_WARNING) return;
    if (!self->error_.empty()) return;
    self->error_ = msg ? msg : "";
    while (!self->error_.empty() && (self->error_.back() == '\n' || self->error_.back() == ' '))
      self->error_.pop_back();
    self->error_line_ = locator ? xmlTextReaderLocatorLineNumber(locator) : 0;
  }

  // A part has no DOCTYPE. Refusing it from the raw prolog keeps entity tricks (XXE,
  // billion laughs) away from the parser entirely (as in native_reader.cc).
  void refuse_doctype(bool head_is_full) const {
    const Prolog prolog = scan_prolog(head_);
    if (prolog.doctype_line) fail(*prolog.doctype_line, "DOCTYPE declarations are not allowed (XXE)");
    if (!prolog.complete && head_is_full) {
      fail(prolog.line, "the XML prolog is longer than " + std::to_string(kPrologBytes / 1024) + " KiB");
    }
  }

  Zip& zip_;
  std::string name_;
  uint64_t limit_;
  uint64_t compressed_;
  uint64_t start_;
  std::unique_ptr<Poco::Zip::ZipInputStream> in_;
  std::string head_;
  size_t served_ = 0;
  uint64_t produced_ = 0;
  std::string failure_;
  std::string error_;
  long error_line_ = 0;
  std::unique_ptr<xmlTextReader, ReaderFree> reader_;  // last: freed first
};

std::string local_name(xmlTextReaderPtr r) {
  const xmlChar* n = xmlTextReaderConstLocalName(r);
  return n ? reinterpret_cast<const char*>(n) : "";
}

std::string attr(xmlTextReaderPtr r, const char* name) {
  xmlChar* v = xmlTextReaderGetAttribute(r, BAD_CAST name);
  if (!v) return {};
  std::string s = reinterpret_cast<const char*>(v);
  xmlFree(v);
  return s;
}

// An attribute of the current element by local name in any namespace (r:id is in
// the Transitional or the Strict relationships namespace).
std::string namespaced_attr(xmlTextReaderPtr r, const char* local) {
  std::string value;
  if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
    do {
      const xmlChar* ns = xmlTextReaderConstNamespaceUri(r);
      if (ns && local_name(r) == local) {
        const xmlChar* v = xmlTextReaderConstValue(r);
        value = v ? reinterpret_cast<const char*>(v) : "";
        break;
      }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
  }
  return value;
}

bool is_text(int type) {
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE ||
         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

std::string value(xmlTextReaderPtr r) {
  const xmlChar* v = xmlTextReaderConstValue(r);
  return v ? reinterpret_cast<const char*>(v) : "";
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Whether s[i..] is an ST_Xstring escape "_xHHHH_".
bool xstring_escape_at(std::string_view s, size_t i) {
  return i + 7 <= s.size() && s[i] == '_' && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
         is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_';
}

// Excel writes characters XML cannot hold (a carriage return, control characters)
// as "_xHHHH_" (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), and a literal "_x" of that
// form as "_x005F_x…".
std::string decode_xstring(const std::string& s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  uint32_t high = 0;  // a pending high surrogate
  for (size_t i = 0; i < s.size();) {
    if (xstring_escape_at(s, i)) {
      const auto unit = static_cast<uint32_t>(std::stoul(s.substr(i + 2, 4), nullptr, 16));
      i += 7;
      if (unit >= 0xD800 && unit < 0xDC00) {
        high = unit;
        continue;
      }
      if (unit >= 0xDC00 && unit < 0xE000) {
        if (high) append_utf8(out, 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
        high = 0;
        continue;
      }
      high = 0;
      // What XML 1.0 cannot hold stays out of a cell, as xlsx_sink leaves it out.
      const bool allowed = unit >= 0x20 || unit == '\t' || unit == '\n' || unit == '\r';
      if (allowed && unit != 0xFFFE && unit != 0xFFFF) append_utf8(out, unit);
      continue;
    }
    high = 0;
    out += s[i++];
  }
  return out;
}

// "C12" → column 2 (0-based) and row 12; false when `ref` is not a cell reference.
bool parse_ref(const std::string& ref, size_t& column, long& row) {
  size_t i = 0;
  size_t col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
    if (col > kMaxColumns) return false;
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  long r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return false;
    r = r * 10 + (ref[i] - '0');
    if (r > kMaxRows) return false;
  }
  column = col - 1;
  row = r;
  return true;
}

std::string column_letters(size_t index) {
  std::string letters;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

// A number cell as Excel shows it: a whole number as its digits ("12.0" and
// "1.2E1" are 12), others with at most 15 significant digits (what Excel keeps).
// A date typed into Excel is such a number (a day count with a date style): it stays
// the number, and the catalog's date check reports it (see the top of this file).
std::string number_text(const std::string& v) {
  if (v.empty()) return v;
  size_t digits_from = v[0] == '-' ? 1 : 0;
  if (digits_from < v.size() && v.find_first_not_of("0123456789", digits_from) == std::string::npos) return v;
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end != v.c_str() + v.size() || !std::isfinite(d)) return v;  // not a number: as written
  char buf[64];
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", d);
  }
  return buf;
}

// A relationship target resolved against the directory of its source part.
std::string resolve(const std::string& base_dir, const std::string& target) {
  std::string joined = !target.empty() && target[0] == '/' ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  std::stringstream ss(joined);
  for (std::string seg; std::getline(ss, seg, '/');) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else {
      parts.push_back(seg);
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string dir_of(const std::string& part) {
  const size_t slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

struct Relationship {
  std::string type;
  std::string target;  // the part name it resolves to
};

// The relationships of `source` (its _rels/<name>.rels part), by id.
std::map<std::string, Relationship> relationships(Zip& zip, const std::string& source) {
  std::map<std::string, Relationship> rels;
  const std::string dir = dir_of(source);
  const std::string rels_name = dir + "_rels/" + source.substr(dir.size()) + ".rels";
  const auto* entry = zip.find(rels_name);
  if (!entry) return rels;
  Part part(zip, *entry, rels_name);
  while (part.read()) {
    xmlTextReaderPtr r = part.reader();
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || local_name(r) != "Relationship") continue;
    if (attr(r, "TargetMode") == "External") continue;
    rels[attr(r, "Id")] = {attr(r, "Type"), resolve(dir, attr(r, "Target"))};
  }
  return rels;
}

// ---------------------------------------------------------------------------
// The grid.

class XlsxSource : public GridSource {
 public:
  XlsxSource(const std::string& path, const ReadOptions& options) : options_(options) {
    const uint64_t size = check_input_file(path, options);
    {
      std::ifstream in(path, std::ios::binary);
      char head[4] = {};
      in.read(head, 4);
      if (!looks_like_zip(std::string_view(head, static_cast<size_t>(in.gcount())))) throw InputError(kNotZip, path, 1);
    }
    zip_ = std::make_unique<Zip>(path, size);
    find_sheet();
    load_shared_strings();
    const auto* entry = zip_->find(sheet_part_);
    if (!entry) throw InputError("the workbook has no worksheet " + sheet_part_, path, 1);
    sheet_ = std::make_unique<Part>(*zip_, *entry, sheet_part_);
  }

  bool next(std::vector<std::string>& cells, long& row) override {
    while (!ended_ && sheet_->read()) {
      xmlTextReaderPtr r = sheet_->reader();
      const int type = xmlTextReaderNodeType(r);
      if (type == XML_READER_TYPE_ELEMENT) {
        const std::string name = local_name(r);
        const bool empty = xmlTextReaderIsEmptyElement(r) == 1;
        if (name == "sheetData") {
          in_data_ = !empty;
        } else if (!in_data_) {
          continue;
        } else if (name == "row") {
          open_row(r);
          if (empty && close_row(cells, row)) return true;
        } else if (name == "c" && in_row_) {
          open_cell(r);
          if (empty) close_cell();
        } else if (in_cell_ && name == "v") {
          in_v_ = !empty;
        } else if (in_cell_ && name == "is") {
          has_is_ = true;
        } else if (in_cell_ && name == "t") {
          in_t_ = !empty;
        } else if (in_cell_ && name == "rPh") {
          in_rph_ = !empty;
        }
      } else if (type == XML_READER_TYPE_END_ELEMENT) {
        const std::string name = local_name(r);
        if (name == "sheetData") {
          ended_ = true;
        } else if (name == "v") {
          in_v_ = false;
        } else if (name == "t") {
          in_t_ = false;
        } else if (name == "rPh") {
          in_rph_ = false;
        } else if (name == "c" && in_cell_) {
          close_cell();
        } else if (name == "row" && in_row_ && close_row(cells, row)) {
          return true;
        }
      } else if (in_cell_ && is_text(type)) {
        if (in_v_) {
          v_ += value(r);
        } else if (in_t_ && !in_rph_ && has_is_) {
          is_ += value(r);
        }
      }
    }
    ended_ = true;
    return false;
  }

  std::string sheet() const override { return sheet_name_; }
  uint64_t done() const override { return ended_ ? zip_->size() : std::min(sheet_->done(), zip_->size()); }
  uint64_t total() const override { return zip_->size(); }

 private:
  // The first worksheet in tab order (the first visible one, when any is), its name
  // and its part; the shared strings' part.
  void find_sheet() {
    std::string workbook = "xl/workbook.xml";
    for (const auto& [id, rel] : relationships(*zip_, "")) {
      if (ends_with(rel.type, "/officeDocument")) workbook = rel.target;
    }
    sheet_part_ = "xl/worksheets/sheet1.xml";
    sheet_name_ = "Sheet1";
    strings_part_ = "xl/sharedStrings.xml";
    const auto* entry = zip_->find(workbook);
    if (!entry) return;
    const auto rels = relationships(*zip_, workbook);
    for (const auto& [id, rel] : rels) {
      if (ends_with(rel.type, "/sharedStrings")) strings_part_ = rel.target;
    }
    Part part(*zip_, *entry, workbook);
    bool found = false, found_visible = false;
    while (part.read()) {
      xmlTextReaderPtr r = part.reader();
      if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || local_name(r) != "sheet") continue;
      const auto rel = rels.find(namespaced_attr(r, "id"));
      if (rel != rels.end() && !ends_with(rel->second.type, "/worksheet")) continue;  // a chart sheet
      const bool visible = attr(r, "state").empty() || attr(r, "state") == "visible";
      if (found && (found_visible || !visible)) continue;
      found = true;
      found_visible = visible;
      sheet_name_ = attr(r, "name");
      if (rel != rels.end()) sheet_part_ = rel->second.target;
    }
  }

  void load_shared_strings() {
    const auto* entry = zip_->find(strings_part_);
    if (!entry) return;
    Part part(*zip_, *entry, strings_part_);
    bool in_si = false, in_t = false, in_rph = false;
    std::string text;
    uint64_t bytes = 0;
    while (part.read()) {
      xmlTextReaderPtr r = part.reader();
      const int type = xmlTextReaderNodeType(r);
      if (type == XML_READER_TYPE_ELEMENT) {
        const std::string name = local_name(r);
        const bool empty = xmlTextReaderIsEmptyElement(r) == 1;
        if (name == "si") {
          text.clear();
          in_si = !empty;
          if (empty) strings_.emplace_back();
        } else if (in_si && name == "t") {
          in_t = !empty;
        } else if (in_si && name == "rPh") {
          in_rph = !empty;  // phonetic reading (furigana): not the text
        }
      } else if (type == XML_READER_TYPE_END_ELEMENT) {
        const std::string name = local_name(r);
        if (name == "si" && in_si) {
          bytes += text.size() + sizeof(std::string);
          if (bytes > kMaxSharedStringBytes) {
            part.fail(part.line(), "the shared strings are more than " + mib(kMaxSharedStringBytes) + " of text");
          }
          strings_.push_back(decode_xstring(text));
          in_si = false;
        } else if (name == "t") {
          in_t = false;
        } else if (name == "rPh") {
          in_rph = false;
        }
      } else if (in_si && in_t && !in_rph && is_text(type)) {
        text += value(r);
      }
    }
  }

  void open_row(xmlTextReaderPtr r) {
    long number = 0;
    const std::string n = attr(r, "r");
    try {
      number = n.empty() ? 0 : std::stol(n);
    } catch (...) {
      number = 0;
    }
    row_ = number > 0 && number <= kMaxRows ? number : row_ + 1;
    in_row_ = true;
    column_ = static_cast<size_t>(-1);
    cells_.clear();
    any_ = false;
  }

  bool close_row(std::vector<std::string>& cells, long& row) {
    in_row_ = false;
    if (!any_) return false;  // a row of empty cells is no row
    while (!cells_.empty() && cells_.back().empty()) cells_.pop_back();
    cells.swap(cells_);
    row = row_;
    return true;
  }

  void open_cell(xmlTextReaderPtr r) {
    size_t column = 0;
    long row = 0;
    const std::string ref = attr(r, "r");
    if (ref.empty() || !parse_ref(ref, column, row)) {
      if (!ref.empty()) sheet_->fail(sheet_->line(), "bad cell reference r=\"" + ref + "\"");
      column = column_ + 1;
      if (column >= kMaxColumns) sheet_->fail(sheet_->line(), "more than " + std::to_string(kMaxColumns) + " columns");
    }
    column_ = column;
    cell_type_ = attr(r, "t");
    in_cell_ = true;
    in_v_ = in_t_ = in_rph_ = has_is_ = false;
    v_.clear();
    is_.clear();
  }

  void close_cell() {
    in_cell_ = false;
    std::string text;
    if (cell_type_ == "s") {
      text = shared_string();
    } else if (cell_type_ == "inlineStr") {
      text = decode_xstring(has_is_ ? is_ : v_);
    } else if (cell_type_ == "b") {
      text = v_ == "1" ? "TRUE" : v_ == "0" ? "FALSE" : v_;
    } else if (cell_type_ == "str" || cell_type_ == "e" || cell_type_ == "d") {
      text = decode_xstring(v_);
    } else {
      text = number_text(v_);
    }
    if (text.empty()) return;
    if (cells_.size() <= column_) cells_.resize(column_ + 1);
    cells_[column_] = std::move(text);
    any_ = true;
  }

  std::string place() const { return sheet_name_ + "!" + column_letters(column_) + std::to_string(row_); }

  std::string shared_string() {
    if (v_.empty()) return {};  // <c t="s"/>: no value
    size_t index = 0;
    bool ok = !v_.empty() && v_.find_first_not_of("0123456789") == std::string::npos && v_.size() < 12;
    if (ok) {
      index = static_cast<size_t>(std::stoull(v_));
      ok = index < strings_.size();
    }
    if (ok) return strings_[index];
    // Read past: the cell is empty, and the problem is reported where it is.
    report(options_, InputError("the cell refers to shared string " + v_ + ", but the workbook's table has " +
                                    std::to_string(strings_.size()) + (strings_.size() == 1 ? " string" : " strings"),
                                zip_->path(), row_, place()));
    return {};
  }

  ReadOptions options_;
  std::unique_ptr<Zip> zip_;
  std::string sheet_name_;
  std::string sheet_part_;
  std::string strings_part_;
  std::vector<std::string> strings_;
  std::unique_ptr<Part> sheet_;

  bool ended_ = false;
  bool in_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_v_ = false, in_t_ = false, in_rph_ = false, has_is_ = false;
  bool any_ = false;
  long row_ = 0;
  size_t column_ = 0;
  std::string cell_type_;
  std::string v_, is_;
  std::vector<std::string> cells_;
};

// ---------------------------------------------------------------------------
// Writing.

// `s` as XML text: escaped, with what XML 1.0 cannot hold left out (control
// characters, U+FFFE/U+FFFF, bytes that are not UTF-8), a carriage return as a
// character reference (a parser would turn a literal one into a line feed), and a
// literal "_xHHHH_" in cell text (`xstring`) protected from ST_Xstring decoding.
void xml_text(std::string& out, std::string_view s, bool xstring = true) {
  // The markup escaping is the one of every page and document (archive/base/strings.h);
  // only the ST_Xstring protection is the workbook's own.
  size_t from = 0;
  for (size_t i = xstring ? s.find('_') : std::string_view::npos; i != std::string_view::npos; i = s.find('_', i + 1)) {
    if (!xstring_escape_at(s, i)) continue;
    archive::append_escaped_markup(out, s.substr(from, i - from));
    out += "_x005F";
    from = i;
  }
  archive::append_escaped_markup(out, s.substr(from));
}

// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, not
// beginning or ending with an apostrophe, not empty.
std::string sheet_name_for_excel(const std::string& name) {
  std::string cleaned;
  size_t chars = 0;
  for (size_t i = 0; i < name.size() && chars < 31;) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    std::string ch = name.substr(i, len);
    if (ch.size() == 1 && (std::strchr("[]:*?/\\", c) || c < 0x20)) ch = "_";
    cleaned += ch;
    i += len;
    chars += len == 4 ? 2 : 1;  // Excel counts UTF-16 units
  }
  while (!cleaned.empty() && cleaned.front() == '\'') cleaned.erase(0, 1);
  while (!cleaned.empty() && cleaned.back() == '\'') cleaned.pop_back();
  return cleaned.empty() ? "Sheet1" : cleaned;
}

// A file under TMPDIR, removed with this object.
struct TempFile {
  std::string path;
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "monjo-xlsx-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) throw archive::Error("cannot create a temporary file for the workbook");
    ::close(fd);
    path = pattern;
  }
  ~TempFile() { std::remove(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

const char* const kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const char* const kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* const kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Styles: 0 the default, 1 the header (bold), 2 a cell (text format, so that what a
// user types stays text), 3 a cell of several lines (text, wrapped).
const char* const kStyles =
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"4\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/>"
    "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" "
    "applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
    "</cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>";

class XlsxSink : public GridSink {
 public:
  XlsxSink(std::ostream& out, const std::string& sheet) : out_(out), sheet_(sheet_name_for_excel(sheet)) {
    rows_.open(sheet_file_.path, std::ios::binary | std::ios::trunc);
    if (!rows_) throw archive::Error("cannot write a temporary file for the workbook");
  }

  void row(const std::vector<std::string>& cells) override {
    if (finished_) throw archive::Error("internal error: a row after the workbook was finished");
    if (row_ == 0) start(cells.size());
    if (++row_ > kMaxRows) throw archive::Error("the sheet has more than 1048576 rows, more than Excel opens");
    if (cells.size() > kMaxColumns)
      throw archive::Error("the sheet has more than 16384 columns, more than Excel opens");
    const std::string number = std::to_string(row_);
    line_ = "<row r=\"" + number + "\">";
    for (size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].empty()) continue;
      const bool lines = cells[i].find_first_of("\r\n") != std::string::npos;
      line_ += "<c r=\"" + column_letters(i) + number + "\" s=\"" +
               (row_ == 1 ? "1"
                : lines   ? "3"
                          : "2") +
               "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">";
      xml_text(line_, cells[i]);
      line_ += "</t></is></c>";
    }
    line_ += "</row>\n";
    rows_ << line_;
  }

  void finish() override {
    if (finished_) return;
    finished_ = true;
    if (row_ == 0) start(0);
    rows_ << "</sheetData>"
             "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
             // Every cell is text: no "number stored as text" marks on ids and pages.
             "<ignoredErrors><ignoredError sqref=\"A1:XFD1048576\" numberStoredAsText=\"1\"/></ignoredErrors>"
             "</worksheet>\n";
    rows_.close();
    if (!rows_) throw archive::Error("cannot write a temporary file for the workbook");

    std::string sheet_name;
    xml_text(sheet_name, sheet_, false);
    const std::string content_types =
        std::string(kXmlDecl) +
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/xl/workbook.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        "<Override PartName=\"/xl/styles.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        "</Types>\n";
    const std::string package_rels =
        std::string(kXmlDecl) +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" +
        kRelNs +
        "/officeDocument\" Target=\"xl/workbook.xml\"/>"
        "</Relationships>\n";
    const std::string workbook = std::string(kXmlDecl) + "<workbook xmlns=\"" + kMainNs + "\" xmlns:r=\"" + kRelNs +
                                 "\"><bookViews><workbookView/></bookViews><sheets><sheet name=\"" + sheet_name +
                                 "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>\n";
    const std::string workbook_rels =
        std::string(kXmlDecl) +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" +
        kRelNs +
        "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"" +
        kRelNs +
        "/styles\" Target=\"styles.xml\"/>"
        "</Relationships>\n";
    const std::string styles =
        std::string(kXmlDecl) + "<styleSheet xmlns=\"" + kMainNs + "\">" + kStyles + "</styleSheet>\n";

    // Compress seeks back to complete each local header, so the zip is built in a
    // file and then copied to `out` (which may be a socket).
    TempFile zip_file;
    std::vector<std::string> folders;
    {
      std::fstream zip(zip_file.path, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
      if (!zip) throw archive::Error("cannot write a temporary file for the workbook");
      try {
        Poco::Zip::Compress compress(zip, true);
        // The entries' times are the zip format's epoch, not the clock: the same
        // catalog gives the same bytes (a second's tick between two exports made
        // them differ).
        const Poco::DateTime now(1980, 1, 1);
        const auto add = [&](const std::string& text, const std::string& name) {
          std::istringstream in(text);
          compress.addFile(in, now, Poco::Path(name, Poco::Path::PATH_UNIX), Poco::Zip::ZipCommon::CM_DEFLATE,
                           Poco::Zip::ZipCommon::CL_NORMAL);
        };
        add(content_types, "[Content_Types].xml");
        add(package_rels, "_rels/.rels");
        add(workbook, "xl/workbook.xml");
        add(workbook_rels, "xl/_rels/workbook.xml.rels");
        add(styles, "xl/styles.xml");
        std::ifstream sheet_in(sheet_file_.path, std::ios::binary);
        compress.addFile(sheet_in, now, Poco::Path("xl/worksheets/sheet1.xml", Poco::Path::PATH_UNIX),
                         Poco::Zip::ZipCommon::CM_DEFLATE, Poco::Zip::ZipCommon::CL_NORMAL);
        const Poco::Zip::ZipArchive written = compress.close();
        for (auto it = written.headerBegin(); it != written.headerEnd(); ++it) {
          if (it->second.isDirectory()) folders.push_back(it->first);
        }
      } catch (const Poco::Exception& e) {
        throw archive::Error("cannot write the workbook: " + e.displayText());
      }
      zip.flush();
      if (!zip) throw archive::Error("cannot write a temporary file for the workbook");
    }
    // Compress adds an item for every folder ("xl/"); a package holds parts only
    // (ECMA-376 Part 2, the ZIP mapping of part names), so they are taken out again.
    if (!folders.empty()) {
      try {
        Poco::Zip::ZipManipulator edit(zip_file.path, false);
        for (const auto& folder : folders) edit.deleteFile(folder);
        edit.commit();  // through zip_file.path + ".tmp"
      } catch (const Poco::Exception& e) {
        std::remove((zip_file.path + ".tmp").c_str());
        throw archive::Error("cannot write the workbook: " + e.displayText());
      }
    }
    std::ifstream zip_in(zip_file.path, std::ios::binary);
    out_ << zip_in.rdbuf();
    out_.flush();
  }

 private:
  // The worksheet up to its rows: the header row frozen, the columns as wide as a
  // catalog's text wants and formatted as text.
  void start(size_t columns) {
    rows_ << kXmlDecl << "<worksheet xmlns=\"" << kMainNs << "\" xmlns:r=\"" << kRelNs << "\">"
          << "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
             "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
             "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
             "</sheetView></sheetViews>"
             "<sheetFormatPr defaultRowHeight=\"15\"/>";
    if (columns > 0) {
      rows_ << "<cols><col min=\"1\" max=\"" << std::min(columns, kMaxColumns)
            << "\" width=\"20\" style=\"2\" customWidth=\"1\"/></cols>";
    }
    rows_ << "<sheetData>\n";
  }

  std::ostream& out_;
  std::string sheet_;
  TempFile sheet_file_;
  std::ofstream rows_;
  std::string line_;
  long row_ = 0;
  bool finished_ = false;
};

}  // namespace

bool looks_like_zip(std::string_view head) {
  return head.size() >= 4 && head.compare(0, 4, std::string_view("PK\3\4", 4)) == 0;
}

std::unique_ptr<GridSource> open_xlsx(const std::string& path, const ReadOptions& options) {
  return std::make_unique<XlsxSource>(path, options);
}

std::unique_ptr<GridSink> xlsx_sink(std::ostream& out, const std::string& sheet) {
  return std::make_unique<XlsxSink>(out, sheet);
}

}  // namespace monjo::indexer::formats
