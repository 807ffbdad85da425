#include "web/http/i18n.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "web/http/resources.h"

namespace monjo::web {

const char* lang_code(Lang lang) {
  return lang == Lang::En ? "en" : "ja";
}

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

std::map<std::string, std::string> Messages::parse(std::string_view text, const std::string& name) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  long line_no = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) {
      throw std::runtime_error(name + ":" + std::to_string(line_no) + ": expected key<TAB>text");
    }
    std::string key(line.substr(0, tab));
    if (!out.emplace(key, std::string(line.substr(tab + 1))).second) {
      throw std::runtime_error(name + ":" + std::to_string(line_no) + ": duplicate key " + key);
    }
  }
  return out;
}

const Messages& Messages::get(Lang lang) {
  static const Messages kJa(Lang::Ja, parse(resource("messages/ja.tsv"), "messages/ja.tsv"));
  static const Messages kEn(Lang::En, parse(resource("messages/en.tsv"), "messages/en.tsv"));
  return lang == Lang::En ? kEn : kJa;
}

const std::string& Messages::t(const std::string& key) const {
  auto it = messages_.find(key);
  if (it == messages_.end()) {
    static thread_local std::string missing;
    missing = key;
    return missing;
  }
  return it->second;
}

std::string Messages::format(const std::string& key,
                             const std::vector<std::pair<std::string, std::string>>& args) const {
  std::string s = t(key);
  for (const auto& [name, value] : args) {
    const std::string ph = "{" + name + "}";
    for (auto p = s.find(ph); p != std::string::npos; p = s.find(ph, p + value.size())) {
      s.replace(p, ph.size(), value);
    }
  }
  return s;
}

}  // namespace monjo::web
