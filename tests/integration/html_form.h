// Reading a staff page's form as a browser would send it (tests of the record editor
// and the 細目録 editor over real HTTP): every text and hidden input, checked box,
// textarea and selected option, in document order.
#pragma once

#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace monjo::test {

using Fields = std::vector<std::pair<std::string, std::string>>;

inline std::string unescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {{"&lt;", "<"},  {"&gt;", ">"},   {"&quot;", "\""},
                                                          {"&#39;", "'"}, {"&#x27;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += std::string(to).size()) {
      s.replace(pos, std::string(from).size(), to);
    }
  }
  return s;
}

// What a browser would send for the form on `html`: every text input, hidden input,
// checked checkbox, textarea and the selected option of each select, in order.
inline Fields form_fields(const std::string& html) {
  Fields out;
  const std::regex control(
      R"re(<input type="(text|hidden|checkbox)"[^>]*?name="([^"]+)" value="([^"]*)"([^>]*)>|<textarea[^>]*?name="([^"]+)"[^>]*>([^<]*)</textarea>|<select[^>]*?name="([^"]+)">(.*?)</select>)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), control); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    if (m[2].matched) {
      if (m[1] == "checkbox" && m[4].str().find("checked") == std::string::npos) continue;
      out.emplace_back(m[2], unescape(m[3]));
    } else if (m[5].matched) {
      out.emplace_back(m[5], unescape(m[6]));
    } else {
      std::smatch o;
      const std::string options = m[8];
      std::string value;
      if (std::regex_search(options, o, std::regex(R"re(<option value="([^"]*)" selected>)re"))) {
        value = o[1];
      } else if (std::regex_search(options, o, std::regex(R"re(<option value="([^"]*)")re"))) {
        value = o[1];
      }
      out.emplace_back(m[7], unescape(value));
    }
  }
  return out;
}

}  // namespace monjo::test
