// Reading the catalog XML format (DESIGN §4) with libxml2: streaming, validated
// against schema/catalog.xsd (compiled in) as it is read, with network access,
// DTDs and external entities refused, and the checks that XSD can't make (dates
// parse, ids unique across the files of one import). Errors are InputError with the
// file and line of the offending element.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "archive/catalog/record.h"

namespace monjo::indexer {

constexpr uint64_t kDefaultMaxFileBytes = 256ull * 1024 * 1024;

// Progress of the current file: bytes consumed out of total.
using ReadProgressFn = std::function<void(uint64_t done, uint64_t total)>;

struct ReadOptions {
  uint64_t max_file_bytes = kDefaultMaxFileBytes;
  ReadProgressFn progress;  // may be empty
};

// Reads one file and passes every record to `sink` in document order (a parent
// always before its children). Throws archive::InputError(file, line) on the first
// error; records already passed to the sink must then be discarded by the caller
// (the importer does so by rolling back its transaction).
void read_catalog_file(const std::string& path, const ReadOptions& options,
                       const std::function<void(archive::Record&&)>& sink);

// The compiled-in schema text.
const char* catalog_xsd();

}  // namespace monjo::indexer
