// The archive's own tab-separated data files in the data directory (readings.tsv and
// place-names.tsv, docs/search.md): UTF-8, a BOM allowed, one entry a line, blank lines
// and lines starting with # skipped, each field trimmed of spaces and CR.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace monjo::archive {

// Calls `entry` with the fields and the line number of each entry of the file at
// `path`; a missing file has none. A line that is not UTF-8 is a problem at
// path:line, and so is whatever `entry` throws as an InputError; reading goes on to
// the end, and then every problem is thrown at once (InputErrors when more than one,
// archive/base/errors.h).
void read_data_file(const std::string& path,
                    const std::function<void(const std::vector<std::string>& fields, long line)>& entry);

}  // namespace monjo::archive
