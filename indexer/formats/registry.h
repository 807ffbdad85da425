// The formats monjo reads and writes: one table (registry.cc) that `monjo import`
// chooses readers from, by content, and `monjo export --format` chooses writers from,
// with their names and help texts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/formats/format.h"

namespace monjo::indexer::formats {

// In the order of the table.
const std::vector<const Reader*>& readers();
const std::vector<const Writer*>& writers();

// The reader that recognizes `path` best by its first bytes (Reader::sniff). Throws
// archive::InputError(path) when the file cannot be read, is not a regular file or
// over options.max_file_bytes, or when no reader recognizes it (naming the formats
// that monjo reads).
const Reader& reader_for(const std::string& path, const ReadOptions& options);

// The writer of that name, or nullptr.
const Writer* find_writer(std::string_view name);

std::vector<std::string> writer_names();
// The writers that have a public view (`--public`).
std::vector<std::string> public_view_writer_names();

// "a", "a or b", "a, b or c": lists of formats in help texts and messages.
std::string or_list(const std::vector<std::string>& items);

}  // namespace monjo::indexer::formats
