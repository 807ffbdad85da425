#include "archive/search/data_file.h"

#include <fstream>
#include <string_view>

#include "archive/base/errors.h"
#include "archive/search/normalize.h"

namespace monjo::archive {

namespace {

// Spaces and the CR of a file saved on Windows; a tab is a separator, never trimmed.
std::string trim_field(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace

void read_data_file(const std::string& path,
                    const std::function<void(const std::vector<std::string>& fields, long line)>& entry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;
  Problems problems;
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    const std::string t = trim_field(line);
    if (t.empty() || t[0] == '#') continue;
    if (!is_valid_utf8(t)) {
      problems.add("not UTF-8", path, number);
      continue;
    }
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
      const size_t tab = t.find('\t', start);
      fields.push_back(trim_field(std::string_view(t).substr(start, tab == std::string::npos ? tab : tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    try {
      entry(fields, number);
    } catch (const InputError& e) {
      problems.add(e);
    }
  }
  problems.raise();
}

}  // namespace monjo::archive
