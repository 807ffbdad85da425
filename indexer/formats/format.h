// What every file format of `monjo import` and `monjo export` implements: a Reader
// turns a file into records for the importer (indexer/importer.h), a Writer turns
// the catalog (or one fonds of it) into a document. A format is one file pair in
// indexer/formats/ and one line in the table of indexer/formats/registry.cc; the
// CLI takes format names, help texts and the list of known formats from there.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "archive/base/errors.h"

#include "archive/catalog/catalog.h"
#include "archive/catalog/record.h"

namespace monjo::indexer::formats {

constexpr uint64_t kDefaultMaxFileBytes = 256ull * 1024 * 1024;

// Progress of the current file: bytes consumed out of total.
using ReadProgressFn = std::function<void(uint64_t done, uint64_t total)>;

struct ReadOptions {
  uint64_t max_file_bytes = kDefaultMaxFileBytes;
  ReadProgressFn progress;  // may be empty
  // Where a reader reports the problems it can read past (a bad date, an unknown
  // column), so that one run names them all; without it the first one is thrown.
  archive::Problems* problems = nullptr;
  // Where a reader says what it did that the archivist should know of although it
  // is no problem ("12 components … imported as 要審査"): the importer points it at
  // ImportResult.notes, which `monjo import` prints as "note: …". May be null.
  std::vector<std::string>* notes = nullptr;
};

// A problem the reader can read past: into options.problems, else thrown.
void report(const ReadOptions& options, archive::InputError problem);

// A note for the import's output (options.notes; dropped when there is none).
void note(const ReadOptions& options, std::string text);

// The columns of one sheet (a CSV file, an XLSX worksheet), shared by its rows.
struct RowSource {
  std::string sheet;                // the worksheet's name; "" for CSV
  std::vector<std::string> fields;  // per column: the catalog format's field name, "" when ignored
  // Where a field of row `row` is: "Sheet1!C12" in a workbook, "" in a CSV file (its
  // line says it). A field the sheet has no column for: the row's first cell.
  std::string place(long row, std::string_view field = {}) const;
  bool has(std::string_view field) const;
};

// What a reader passes on. A whole record (catalog XML, EAD) replaces what the
// catalog holds of it, and a fonds its whole subtree. A row of a sheet (`row` set)
// updates the record it names in place, in the fields its sheet has columns for,
// or adds a new one (indexer/importer.h, "Rows").
struct ReadItem {
  archive::Record record;
  const RowSource* row = nullptr;
  // A row: its id cell was empty (the record is found by call number, or is new and
  // gets an id by the rule of indexer/importer.h).
  bool id_from_catalog = false;
  // The reader found a problem in it (reported already): the importer checks what
  // it still can (ids, parents) but does not write it.
  bool broken = false;
};

using RecordSink = std::function<void(ReadItem&&)>;

// How well a reader recognizes a file. The registry picks the best match; of two
// equal ones, the first in its table.
enum class Match {
  No,         // not this format
  Plausible,  // could be (e.g. XML of no known vocabulary, or only the file name fits)
  Sure,       // the content says so (root element, namespace, header row)
};

// The first bytes of a file that readers sniff (at most this many).
constexpr size_t kSniffBytes = 4096;

class Reader {
 public:
  virtual ~Reader() = default;
  virtual std::string_view name() const = 0;
  // What the files are, for `monjo import --help`.
  virtual std::string_view help() const = 0;
  // Recognizes the format by `head`, the first bytes of the file (up to kSniffBytes),
  // with `file_name` as a hint only.
  virtual Match sniff(std::string_view head, std::string_view file_name) const = 0;
  // Reads one file in bounded memory and passes every record to `sink` in document
  // order (a parent always before its children). Reports each problem it can read
  // past through report() and goes on; throws archive::InputError(file, line) for
  // one it cannot (a file that is not well-formed). Records already passed to the
  // sink must then be discarded by the caller (the importer rolls back).
  virtual void read(const std::string& path, const ReadOptions& options, const RecordSink& sink) const = 0;
};

struct WriteOptions {
  // Only this fonds; empty: what the format takes by default (every fonds, or the
  // catalog's only one). An unknown fonds is archive::NotFound.
  std::string fonds_id;
  // Only what the public may see (`--public`; writers with has_public_view()).
  bool public_view = false;
  // The archive's name (monjo.conf [site] name), asked for only by the writers that
  // name the archive, before they write anything; nullopt (or no function): the
  // writer's default.
  std::function<std::optional<std::string>()> site_name;
  // Time of the export, UTC "YYYY-MM-DDThh:mm:ssZ"; empty: now.
  std::string generated_at;
};

class Writer {
 public:
  virtual ~Writer() = default;
  // The value of `monjo export --format`.
  virtual std::string_view name() const = 0;
  // The format in `monjo export --help`.
  virtual std::string_view help() const = 0;
  // Whether the writer has a public view (`--public`).
  virtual bool has_public_view() const = 0;
  // Whether it writes binary (an XLSX workbook), which `monjo export` refuses to
  // write to a terminal.
  virtual bool binary() const { return false; }
  // For a download: the media type and the file name's extension.
  virtual std::string_view media_type() const { return "application/xml; charset=utf-8"; }
  virtual std::string_view extension() const { return "xml"; }
  virtual void write(archive::Catalog& catalog, const WriteOptions& options, std::ostream& out) const = 0;
};

// For readers: throws archive::InputError(path) unless `path` is a regular file of
// at most options.max_file_bytes; returns its size.
uint64_t check_input_file(const std::string& path, const ReadOptions& options);

// For XML readers' sniff(): the local name of the root element of the document that
// `head` begins with (after a byte order mark, the XML declaration, comments,
// processing instructions and a DOCTYPE), or nullopt when `head` is not XML markup.
// UTF-16 heads are read as their ASCII characters.
std::optional<std::string> xml_root_element(std::string_view head);

// For XML readers, before they parse: libxml2 set up once for the process so that
// no external resource is ever loaded (an entity loader that refuses every URL) and
// its generic error printer stays silent (readers report through their handlers).
void secure_xml_parser();

// For XML readers, before they parse: the line of a DOCTYPE declaration in the
// prolog of `path` (read as raw bytes, so libxml2 never sees an internal subset:
// no XXE, no entity expansion), or nullopt when there is none. The markup of the
// prolog is ASCII in every encoding the readers accept (UTF-8, Shift_JIS, EUC-JP).
std::optional<long> doctype_line(const std::string& path);

// The same scan over the first bytes of a document (a zip entry of a workbook, say):
// the line of a DOCTYPE (any "<!" other than a comment) in the prolog, and whether
// the prolog ended within `head` (false: it runs on past it).
struct Prolog {
  std::optional<long> doctype_line;
  bool complete = true;
  long line = 1;  // the line the scan reached
};
Prolog scan_prolog(std::string_view head);

}  // namespace monjo::indexer::formats
