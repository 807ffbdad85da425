// monjo.conf (DESIGN §12): an INI file in the data directory with the listen
// address, the ordinance's periods, closures, retention of requesters' data and the
// site name. Missing file or keys mean defaults.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace monjo::archive {

class Config {
 public:
  Config() = default;
  // Reads <data_dir>/monjo.conf when it exists. Throws InputError(file, line) on a
  // malformed line.
  static Config load(const std::string& data_dir);
  static Config parse(const std::string& text, const std::string& file_name);

  std::optional<std::string> get(const std::string& section, const std::string& key) const;
  std::string get_or(const std::string& section, const std::string& key, const std::string& fallback) const;
  long get_long(const std::string& section, const std::string& key, long fallback) const;
  // All keys of one section.
  std::map<std::string, std::string> section(const std::string& name) const;

 private:
  std::map<std::string, std::map<std::string, std::string>> values_;
  std::string file_;
};

}  // namespace monjo::archive
