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

#include "archive/catalog/catalog.h"
#include "archive/catalog/record.h"

namespace monjo::indexer::formats {

constexpr uint64_t kDefaultMaxFileBytes = 256ull * 1024 * 1024;

// Progress of the current file: bytes consumed out of total.
using ReadProgressFn = std::function<void(uint64_t done, uint64_t total)>;

struct ReadOptions {
  uint64_t max_file_bytes = kDefaultMaxFileBytes;
  ReadProgressFn progress;  // may be empty
};

using RecordSink = std::function<void(archive::Record&&)>;

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
  // order (a parent always before its children). Throws archive::InputError(file,
  // line) on the first error; records already passed to the sink must then be
  // discarded by the caller (the importer rolls back its transaction).
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

}  // namespace monjo::indexer::formats
