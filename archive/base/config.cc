#include "archive/base/config.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "archive/base/errors.h"
#include "archive/base/strings.h"

namespace monjo::archive {

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> kKeys = {
      // The ordinance's periods (archive/dates/deadline.cc, docs/ordinance.md).
      {"ordinance", "decision_days", "days to decide a use request"},
      {"ordinance", "extension_days", "days a decision may be extended by"},
      {"ordinance", "service_target_days", "the archive's own target for a decision"},
      {"ordinance", "third_party_wait_days", "days between a third party's notice and use"},
      {"ordinance", "appeal_months", "months to appeal after learning of a decision"},
      {"ordinance", "appeal_outer_years", "years after a decision after which no appeal is taken"},
      {"ordinance", "due_soon_days", "days before a deadline that the queue calls due soon"},
      {"ordinance", "requester_data_retention_years", "years a closed request's personal data is kept"},
      {"ordinance", "re_review_years", "years after a decision before a withheld item is reviewed again"},
      {"ordinance", "roll_forward", "a last day on a closed day moves to the next open day"},
      // The archive's calendar (archive/dates/calendar.cc, docs/ordinance.md).
      {"ordinance", "closed_weekdays", "weekdays the archive is closed (sat sun, or none)"},
      {"ordinance", "national_holidays_closed", "closed on national holidays"},
      {"ordinance", "year_end", "the year-end closure, MM-DD..MM-DD (or none)"},
      {"ordinance", "closures", "single closures, YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"},
      {"ordinance", "monthly_closures", "monthly closures (e.g. last-mon)"},
      // Restriction categories and their periods (archive/requests/use_request.cc).
      {"restriction_periods", "*", "a category's ground, years and label; base = calendar_year | fiscal_year"},
      // The reading room after a decision (archive/requests/reading_room.cc, docs/requests.md).
      {"reading_room", "slots", "the day's slots, HH:MM-HH:MM separated by spaces"},
      {"reading_room", "seats", "bookings one slot takes"},
      {"reading_room", "lead_days", "days ahead the earliest bookable day lies (0: today)"},
      {"reading_room", "horizon_days", "days ahead the latest bookable day lies"},
      // The fee for copies (archive/requests/copy_fees.cc, docs/ordinance.md).
      {"copy_fees", "paper_page_yen", "yen per page of a paper copy"},
      {"copy_fees", "electronic_file_yen", "yen per file of an electronic copy"},
      // The site (web/portal/oai.cc, tools/monjo/cmd_import.cc, docs/interop.md).
      {"federation", "*", "an archive of a federated portal: INDEX PORTAL NAME [| NAME_EN] (docs/scaling.md)"},
      {"site", "name", "the archive's name on pages, notices and exports"},
      {"site", "oai_identifier", "the OAI-PMH repository identifier"},
      {"site", "admin_email", "the OAI-PMH administrator's address"},
      {"site", "oai_page_size", "records per OAI-PMH list page"},
      // Import (tools/monjo/cmd_import.cc, docs/catalog-format.md).
      {"import", "max_file_mib", "the largest catalog file import reads"},
      // Mail to requesters (archive/requests/request_mail.h, docs/requests.md "Mail").
      {"mail", "host", "the SMTP server (without it no mail is sent)"},
      {"mail", "port", "its port (25; 587 for submission)"},
      {"mail", "starttls", "yes: send only over STARTTLS"},
      {"mail", "ca_file", "certificates to verify the SMTP server by (default: the system's)"},
      {"mail", "sender", "the From address"},
      {"mail", "base_url", "the site's public URL for the links in a message"},
      {"mail", "timeout_seconds", "seconds to wait for the SMTP server"},
      {"mail", "retry_seconds", "seconds before the first retry of a failed message (doubling, at most an hour)"},
      {"mail", "max_attempts", "attempts before a message is given up on"},
      // A read replica (web/server.cc, docs/scaling.md).
      {"replica", "writer", "the writer's URL, where a replica sends staff pages and use requests (307)"},
  };
  return kKeys;
}

namespace {

bool section_declared(const std::string& section) {
  for (const ConfigKey& k : config_keys()) {
    if (section == k.section) return true;
  }
  return false;
}

bool key_declared(const std::string& section, const std::string& key) {
  for (const ConfigKey& k : config_keys()) {
    if (section == k.section && (key == k.key || std::string(k.key) == "*")) return true;
  }
  return false;
}

std::string known_keys(const std::string& section) {
  std::string out;
  for (const ConfigKey& k : config_keys()) {
    if (section != k.section) continue;
    if (!out.empty()) out += ", ";
    out += k.key;
  }
  return out;
}

std::string known_sections() {
  std::string out;
  std::string last;
  for (const ConfigKey& k : config_keys()) {
    if (k.section == last) continue;
    last = k.section;
    if (out.find("[" + last + "]") != std::string::npos) continue;
    if (!out.empty()) out += " ";
    out += "[" + last + "]";
  }
  return out;
}

}  // namespace

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
      if (!section_declared(section)) {
        throw InputError("unknown section [" + section + "]; monjo.conf has " + known_sections(), file_name, number);
      }
      continue;
    }
    auto eq = t.find('=');
    if (eq == std::string::npos) throw InputError("expected key = value", file_name, number);
    std::string key = trim(t.substr(0, eq));
    if (key.empty()) throw InputError("empty key", file_name, number);
    if (section.empty()) throw InputError("key \"" + key + "\" before any [section]", file_name, number);
    if (!key_declared(section, key)) {
      throw InputError("unknown key \"" + key + "\" in [" + section + "]; known keys: " + known_keys(section),
                       file_name, number);
    }
    config.values_[section][key] = trim(t.substr(eq + 1));
  }
  return config;
}

std::optional<std::string> Config::get(const std::string& section, const std::string& key) const {
  if (!key_declared(section, key))
    throw std::logic_error("monjo.conf key [" + section + "] " + key + " is not in config_keys()");
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

long section_number(const std::map<std::string, std::string>& keys, const std::string& section, const std::string& key,
                    long fallback, long min, long max) {
  auto it = keys.find(key);
  if (it == keys.end()) return fallback;
  const std::string v = trim(it->second);
  try {
    size_t used = 0;
    const long n = std::stol(v, &used);
    if (used == v.size() && n >= min && n <= max) return n;
  } catch (const std::exception&) {
  }
  throw InputError("[" + section + "] " + key + ": expected a whole number from " + std::to_string(min) + " to " +
                   std::to_string(max) + ", not \"" + v + "\"");
}

bool section_flag(const std::map<std::string, std::string>& keys, const std::string& section, const std::string& key,
                  bool fallback) {
  auto it = keys.find(key);
  if (it == keys.end()) return fallback;
  if (auto b = parse_bool(it->second)) return *b;
  throw InputError("[" + section + "] " + key + ": expected yes or no, not \"" + it->second + "\"");
}

std::map<std::string, std::string> Config::section(const std::string& name) const {
  auto s = values_.find(name);
  return s == values_.end() ? std::map<std::string, std::string>{} : s->second;
}

}  // namespace monjo::archive
