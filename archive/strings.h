// Small string chores shared by the core: ASCII-whitespace trimming and the
// space-separated lists the catalog stores (restriction grounds).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace monjo::archive {

// Removes leading and trailing ASCII whitespace (space, tab, CR, LF).
std::string trim(std::string_view s);

// "personal corporate" ↔ {"personal", "corporate"}; runs of whitespace separate.
std::vector<std::string> split_spaces(std::string_view s);
std::string join_spaces(const std::vector<std::string>& words);

}  // namespace monjo::archive
