#include "archive/base/config.h"

#include <fstream>
#include <sstream>

#include "archive/base/errors.h"
#include "archive/base/strings.h"

namespace monjo::archive {

Config Config::load(const std::string& data_dir) {
  std::string path = data_dir + "/monjo.conf";
  std::ifstream in(path);
  if (!in) return Config();
  std::stringstream buf;
  buf << in.rdbuf();
  return parse(buf.str(), path);
}

Config Config::parse(const std::string& text, const std::string& file_name) {
  Config config;
  config.file_ = file_name;
  std::istringstream in(text);
  std::string line;
  std::string section;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[') {
      if (t.back() != ']' || t.size() < 3) throw InputError("malformed section header", file_name, number);
      section = trim(t.substr(1, t.size() - 2));
      continue;
    }
    auto eq = t.find('=');
    if (eq == std::string::npos) throw InputError("expected key = value", file_name, number);
    std::string key = trim(t.substr(0, eq));
    if (key.empty()) throw InputError("empty key", file_name, number);
    config.values_[section][key] = trim(t.substr(eq + 1));
  }
  return config;
}

std::optional<std::string> Config::get(const std::string& section, const std::string& key) const {
  auto s = values_.find(section);
  if (s == values_.end()) return std::nullopt;
  auto k = s->second.find(key);
  if (k == s->second.end()) return std::nullopt;
  return k->second;
}

std::string Config::get_or(const std::string& section, const std::string& key, const std::string& fallback) const {
  return get(section, key).value_or(fallback);
}

long Config::get_long(const std::string& section, const std::string& key, long fallback) const {
  auto v = get(section, key);
  if (!v) return fallback;
  try {
    size_t used = 0;
    long n = std::stol(*v, &used);
    if (used != v->size()) throw std::invalid_argument("trailing");
    return n;
  } catch (const std::exception&) {
    throw InputError("[" + section + "] " + key + " must be a whole number, not \"" + *v + "\"", file_);
  }
}

std::map<std::string, std::string> Config::section(const std::string& name) const {
  auto s = values_.find(name);
  return s == values_.end() ? std::map<std::string, std::string>{} : s->second;
}

}  // namespace monjo::archive
