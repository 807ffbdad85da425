#include "archive/base/messages.h"

#include <stdexcept>

namespace monjo::archive {

// Generated from messages/*.tsv (archive/base/messages_tsv.cc.in).
extern const char* const kMessagesJa;
extern const char* const kMessagesEn;

const char* lang_code(Lang lang) {
  return lang == Lang::En ? "en" : "ja";
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
  static const Messages kJa(Lang::Ja, parse(kMessagesJa, "messages/ja.tsv"));
  static const Messages kEn(Lang::En, parse(kMessagesEn, "messages/en.tsv"));
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

}  // namespace monjo::archive
