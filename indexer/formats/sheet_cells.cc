#include "indexer/formats/sheet_cells.h"

#include <algorithm>
#include <cctype>

#include "archive/base/messages.h"
#include "archive/base/strings.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/record_rules.h"
#include "archive/dates/japanese_date.h"
#include "indexer/formats/sheet_columns.h"

namespace monjo::indexer::formats {

namespace {

using archive::Access;
using archive::AccessStatus;
using archive::Level;
using archive::Record;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Full-width digits and signs (as a Japanese IME types them) to ASCII: ０-９, －, ～, 〜.
std::string narrow(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (i + 2 < s.size() && b(0) == 0xEF && b(1) == 0xBC && b(2) >= 0x90 && b(2) <= 0x99) {
      out += static_cast<char>('0' + (b(2) - 0x90));  // U+FF10..U+FF19
      i += 3;
    } else if (s.compare(i, 3, "\xEF\xBC\x8D") == 0 || s.compare(i, 3, "\xEF\xBD\x9E") == 0 ||
               s.compare(i, 3, "\xE3\x80\x9C") == 0 || s.compare(i, 3, "\xE2\x88\x92") == 0 ||
               s.compare(i, 3, "\xE2\x80\x90") == 0 || s.compare(i, 3, "\xE2\x80\x93") == 0) {
      out += '-';  // － ～ 〜 − ‐ –
      i += 3;
    } else {
      out += s[i];
      ++i;
    }
  }
  return out;
}

// A whole number of at most 9 digits; nullopt otherwise.
std::optional<int> whole_number(std::string_view text) {
  const std::string s = archive::trim_typed(narrow(text));
  if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoi(s);
}

std::string number_problem(std::string_view text) {
  return "\"" + std::string(text) + "\" is not a whole number";
}

// The labels a value is known by: its label in each language and, for a label with
// a part in full-width parentheses (出所（フォンド）), each part.
std::vector<std::string> label_words(const std::string& key) {
  std::vector<std::string> words;
  for (const std::string& label : {archive::text_ja(key), archive::text_en(key)}) {
    words.push_back(lower(label));
    const size_t open = label.find("（");
    const size_t close = label.rfind("）");
    if (open != std::string::npos && close != std::string::npos && close > open) {
      words.push_back(label.substr(0, open));
      words.push_back(label.substr(open + 3, close - open - 3));
    }
  }
  return words;
}

bool names_label(const std::string& key, const std::string& word) {
  const auto words = label_words(key);
  return std::find(words.begin(), words.end(), lower(word)) != words.end();
}

const Level kLevels[] = {Level::Fonds, Level::Series, Level::Volume, Level::Item};
const AccessStatus kStatuses[] = {AccessStatus::Open, AccessStatus::Restricted, AccessStatus::Review,
                                  AccessStatus::Closed};

std::optional<Level> level_of(const std::string& word) {
  for (Level level : kLevels) {
    if (lower(word) == archive::level_name(level) ||
        names_label(std::string("level_") + archive::level_name(level), word)) {
      return level;
    }
  }
  return std::nullopt;
}

std::optional<AccessStatus> status_of(const std::string& word) {
  for (AccessStatus status : kStatuses) {
    if (lower(word) == archive::access_name(status) || names_label(archive::access_message_key(status), word)) {
      return status;
    }
  }
  return std::nullopt;
}

std::string ground_of(const std::string& word) {
  for (const auto& g : archive::restriction_grounds()) {
    if (lower(word) == g.code || names_label(archive::ground_message_key(g.code), word)) return g.code;
  }
  return {};
}

std::string name_type_of(const std::string& word) {
  for (const auto& type : archive::name_types()) {
    if (lower(word) == type || names_label(archive::name_type_message_key(type), word)) return type;
  }
  return {};
}

std::string known_levels() {
  std::string out;
  for (Level level : kLevels) out += std::string(out.empty() ? "" : ", ") + archive::level_name(level);
  for (Level level : kLevels) out += ", " + archive::text_ja(std::string("level_") + archive::level_name(level));
  return out;
}

std::string known_statuses() {
  std::string out;
  for (AccessStatus s : kStatuses) out += std::string(out.empty() ? "" : ", ") + archive::access_name(s);
  for (AccessStatus s : kStatuses) out += ", " + archive::text_ja(archive::access_message_key(s));
  return out;
}

// Splits at any of `separators` (UTF-8 strings); pieces trimmed, empty ones dropped.
std::vector<std::string> split_any(std::string_view text, const std::vector<std::string_view>& separators) {
  std::vector<std::string> pieces;
  std::string piece;
  for (size_t i = 0; i < text.size();) {
    size_t matched = 0;
    for (auto sep : separators) {
      if (text.compare(i, sep.size(), sep) == 0) {
        matched = sep.size();
        break;
      }
    }
    if (matched) {
      if (auto t = archive::trim_typed(piece); !t.empty()) pieces.push_back(t);
      piece.clear();
      i += matched;
    } else {
      piece += text[i++];
    }
  }
  if (auto t = archive::trim_typed(piece); !t.empty()) pieces.push_back(t);
  return pieces;
}

Access& statement(Record& r) {
  if (!r.access) r.access = Access{};
  return *r.access;
}

std::string parse_pages(const std::string& text, Record& r) {
  const std::string s = narrow(text);
  const size_t dash = s.find('-');
  auto bad = [&] { return "\"" + text + "\" is not a page range (e.g. 1-11, or 5 for one page)"; };
  if (dash == std::string::npos) {
    auto page = whole_number(s);
    if (!page) return bad();
    r.pages_from = r.pages_to = page;
    return {};
  }
  const std::string from = archive::trim(s.substr(0, dash)), to = archive::trim(s.substr(dash + 1));
  if (from.empty() && to.empty()) return bad();
  std::optional<int> f, t;
  if (!from.empty() && !(f = whole_number(from))) return bad();
  if (!to.empty() && !(t = whole_number(to))) return bad();
  const std::string rule = archive::pages_problem(f, t);
  if (!rule.empty()) return rule;
  r.pages_from = f;
  r.pages_to = t;
  return {};
}

std::string parse_names(const std::string& text, Record& r) {
  r.names.clear();
  for (const auto& entry : split_any(text, {";", "；", "\n"})) {
    size_t colon = entry.find(':');
    size_t width = 1;
    const size_t wide = entry.find("：");
    if (wide != std::string::npos && (colon == std::string::npos || wide < colon)) colon = wide, width = 3;
    archive::Name name{"person", entry};
    if (colon != std::string::npos) {
      const std::string word = archive::trim_typed(entry.substr(0, colon));
      name.type = name_type_of(word);
      name.text = archive::trim_typed(entry.substr(colon + width));
      if (name.type.empty()) {
        return "unknown name type \"" + word + "\" in \"" + entry + "\" (person, org, place; 人名, 団体名, 地名)";
      }
    }
    const std::string rule = archive::name_problem(name);
    if (!rule.empty()) return rule + " in \"" + entry + "\"";
    r.names.push_back(std::move(name));
  }
  return {};
}

std::string parse_until(const std::string& text, Record& r) {
  std::string& until = statement(r).until;
  until.clear();
  if (text.empty()) return {};
  if (auto day = archive::Ymd::parse_iso(text); day && day->valid()) {
    until = day->iso();
    return {};
  }
  auto interval = archive::try_parse_date(text);
  if (!interval || interval->start != interval->end) {
    return "\"" + text + "\" is not one day (YYYY-MM-DD or e.g. 令和10年4月1日)";
  }
  until = interval->start.iso();
  return {};
}

std::string parse_grounds(const std::string& text, Record& r) {
  auto& grounds = statement(r).grounds;
  grounds.clear();
  for (const auto& word : split_any(text, {" ", "\t", "\n", "\xE3\x80\x80", "、", ",", "，"})) {
    const std::string code = ground_of(word);
    if (code.empty()) {
      std::string known;
      for (const auto& g : archive::restriction_grounds()) known += std::string(known.empty() ? "" : ", ") + g.code;
      return "unknown ground \"" + word + "\" (" + known + ", or their names)";
    }
    if (std::find(grounds.begin(), grounds.end(), code) == grounds.end()) grounds.push_back(code);
  }
  return {};
}

// The text fields, copied as they are (trimmed); R is Record or const Record.
template <class R>
auto text_field(std::string_view field, R& r) -> decltype(&r.id) {
  if (field == "id") return &r.id;
  if (field == "parent") return &r.parent_id;
  if (field == "callNumber") return &r.call_number;
  if (field == "title") return &r.title;
  if (field == "publicTitle") return &r.public_title;
  if (field == "creator") return &r.creator;
  if (field == "date") return &r.date_text;
  if (field == "dateNormal") return &r.date_normal;
  if (field == "department") return &r.department;
  if (field == "history") return &r.history;
  if (field == "scope") return &r.scope;
  if (field == "description") return &r.description;
  if (field == "retention") return &r.retention;
  if (field == "extent") return &r.extent;
  if (field == "location") return &r.location;
  if (field == "condition") return &r.condition;
  if (field == "note") return &r.note;
  return nullptr;
}

}  // namespace

std::string parse_cell(std::string_view field, std::string_view raw, Record& r) {
  const std::string text = archive::trim_typed(raw);
  if (std::string* value = text_field(field, r)) {
    *value = text;
    return {};
  }
  if (field == "level") {
    if (text.empty()) return "the level is empty (" + known_levels() + ")";
    auto level = level_of(text);
    if (!level) return "unknown level \"" + text + "\" (" + known_levels() + ")";
    r.level = *level;
    return {};
  }
  if (field == "seq" || field == "extentPages") {
    std::optional<int>& value = field == "seq" ? r.seq : r.extent_pages;
    value.reset();
    if (text.empty()) return {};
    value = whole_number(text);
    return value ? std::string() : number_problem(text);
  }
  if (field == "pages") {
    r.pages_from.reset();
    r.pages_to.reset();
    return text.empty() ? std::string() : parse_pages(text, r);
  }
  if (field == "names") return parse_names(text, r);
  if (field == "access") {
    if (text.empty()) return {};
    auto status = status_of(text);
    if (!status) return "unknown access \"" + text + "\" (" + known_statuses() + ")";
    statement(r).status = *status;
    return {};
  }
  if (field == "grounds") return parse_grounds(text, r);
  if (field == "until") return parse_until(text, r);
  if (field == "reason") {
    statement(r).reason = text;
    return {};
  }
  return "no such column \"" + std::string(field) + "\"";
}

std::string format_cell(std::string_view field, const Record& r) {
  if (const std::string* value = text_field(field, r)) return *value;
  if (field == "level") return archive::text_ja(std::string("level_") + archive::level_name(r.level));
  if (field == "seq") return r.seq ? std::to_string(*r.seq) : std::string();
  if (field == "extentPages") return r.extent_pages ? std::to_string(*r.extent_pages) : std::string();
  if (field == "pages") {
    if (!r.pages_from && !r.pages_to) return {};
    return (r.pages_from ? std::to_string(*r.pages_from) : "") + "-" + (r.pages_to ? std::to_string(*r.pages_to) : "");
  }
  if (field == "names") {
    std::string out;
    for (const auto& n : r.names) out += (out.empty() ? "" : "; ") + n.type + ":" + n.text;
    return out;
  }
  if (!r.access) return {};
  if (field == "access") return archive::text_ja(archive::access_message_key(r.access->status));
  if (field == "grounds") return archive::join_spaces(r.access->grounds);
  if (field == "until") return r.access->until;
  if (field == "reason") return r.access->reason;
  return {};
}

std::string column_for_header(std::string_view header) {
  const std::string h = archive::trim_typed(header);
  if (h.empty()) return {};
  for (const auto& column : sheet_columns()) {
    const std::string field(column.field);
    const std::string key = "sheet_col_" + field;
    if (lower(h) == lower(field) || h == archive::text_ja(key) || lower(h) == lower(archive::text_en(key))) {
      return field;
    }
  }
  return {};
}

}  // namespace monjo::indexer::formats
