// monjo.conf: an INI file in the data directory with the ordinance's periods, the
// archive's closures, the restriction periods, the import limit and the site's name.
// A missing file or key means the default; a key that is not in config_keys() is an
// error naming it and its line, so that a misspelt key never silently changes nothing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace monjo::archive {

// Every key monjo.conf may hold: the one list, read by the parser (unknown keys are
// refused) and by Config::get (asking for an undeclared key is a programming error).
// A key of "*" admits every key of its section (the names are the archive's own, such
// as the restriction categories of [restriction_periods]).
struct ConfigKey {
  const char* section;
  const char* key;
  const char* meaning;  // one line, for error messages and docs/operations.md
};
const std::vector<ConfigKey>& config_keys();

// A section's key read by the component that owns the section (Config::section()
// handed to it): a whole number from `min` to `max`, `fallback` when the key is absent;
// anything else is InputError "[section] key: expected a whole number from min to max".
long section_number(const std::map<std::string, std::string>& keys, const std::string& section, const std::string& key,
                    long fallback, long min, long max);
// The same for yes/no (parse_bool's spellings, archive/base/strings.h).
bool section_flag(const std::map<std::string, std::string>& keys, const std::string& section, const std::string& key,
                  bool fallback);

class Config {
 public:
  Config() = default;
  // Reads <data_dir>/monjo.conf when it exists. Throws InputError(file, line) on a
  // malformed line and on a section or key that config_keys() does not declare.
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
