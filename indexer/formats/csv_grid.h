// What the sheet reader needs of CSV beyond open_csv (indexer/formats/sheet_grid.h):
// the header row of a file's first bytes, for Reader::sniff.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monjo::indexer::formats {

// The first row of the CSV text that `head` begins with, decoded (UTF-8 or
// Shift_JIS/CP932) as open_csv decodes it; nullopt when it cannot be read.
std::optional<std::vector<std::string>> csv_first_row(std::string_view head);

}  // namespace monjo::indexer::formats
