#include "web/http/i18n.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>


namespace monjo::web {

namespace {

bool lang_from_tag(std::string_view tag, Lang& out) {
  std::string t;
  for (const char c : tag) {
    if (c == '-' || c == '_') break;
    t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (t == "ja") {
    out = Lang::Ja;
    return true;
  }
  if (t == "en") {
    out = Lang::En;
    return true;
  }
  return false;
}

}  // namespace

Lang choose_language(std::string_view lang_param, std::string_view accept_language) {
  Lang lang = Lang::Ja;
  if (!lang_param.empty() && lang_from_tag(lang_param, lang) &&
      (lang_param.size() == 2 || lang_param[2] == '-' || lang_param[2] == '_')) {
    return lang;
  }
  // Accept-Language: "en-GB,en;q=0.9,ja;q=0.8"
  double best_q = 0;
  Lang best = Lang::Ja;
  size_t pos = 0;
  while (pos <= accept_language.size()) {
    auto end = accept_language.find(',', pos);
    if (end == std::string_view::npos) end = accept_language.size();
    std::string_view item = accept_language.substr(pos, end - pos);
    pos = end + 1;
    double q = 1.0;
    auto semi = item.find(';');
    std::string_view tag = item.substr(0, semi);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (semi != std::string_view::npos) {
      auto qpos = item.find("q=", semi);
      if (qpos != std::string_view::npos) q = std::atof(std::string(item.substr(qpos + 2)).c_str());
    }
    Lang l;
    if (lang_from_tag(tag, l) && q > best_q) {
      best_q = q;
      best = l;
    }
    if (end == accept_language.size()) break;
  }
  return best_q > 0 ? best : Lang::Ja;
}

}  // namespace monjo::web
