#include "archive/catalog/record_rules.h"

#include <algorithm>

#include "archive/base/errors.h"
#include "archive/catalog/access_policy.h"
#include "archive/dates/japanese_date.h"

namespace monjo::archive {

namespace {

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

const std::vector<std::string>& preservation_kinds() {
  static const std::vector<std::string> kKinds = {"fumigation", "cleaning",        "repair",
                                                  "rebinding",  "deacidification", "digitization",
                                                  "transfer",   "appraisal",       "other"};
  return kKinds;
}

bool is_preservation_kind(const std::string& code) {
  const auto& k = preservation_kinds();
  return std::find(k.begin(), k.end(), code) != k.end();
}

std::string preservation_message_key(const std::string& code) {
  return "preservation_" + code;
}

const std::vector<std::string>& name_types() {
  static const std::vector<std::string> kTypes = {"person", "org", "place"};
  return kTypes;
}

std::string name_type_message_key(const std::string& code) {
  return "name_" + code;
}

std::optional<DateInterval> record_date(const std::string& text, const std::string& normal) {
  if (!normal.empty()) return parse_normal_date(normal);
  if (!text.empty()) return parse_date(text);
  return std::nullopt;
}

std::string id_problem(const std::string& id) {
  if (id.empty()) return "has no id";
  if (!valid_record_id(id)) return "id \"" + id + "\" is not 1–64 of A–Z a–z 0–9 . _ -";
  return {};
}

std::string title_problem(const std::string& title) {
  return blank(title) ? "the title is empty" : std::string();
}

std::string until_problem(const std::string& until) {
  if (until.empty()) return {};
  auto day = Ymd::parse_iso(until);
  if (!day || !day->valid()) return "\"" + until + "\" is not a date (YYYY-MM-DD)";
  return {};
}

std::string pages_problem(const std::optional<int>& from, const std::optional<int>& to) {
  if ((from && *from < 0) || (to && *to < 0)) return "page numbers are not negative";
  if (from && to && *from > *to) return "from " + std::to_string(*from) + " is after to " + std::to_string(*to);
  return {};
}

std::string event_date_problem(const std::string& date) {
  if (date.empty()) return {};
  try {
    parse_normal_date(date);
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

std::string ground_problem(const std::string& code) {
  return find_ground(code) ? std::string() : "unknown ground \"" + code + "\"";
}

std::string name_problem(const Name& name) {
  const auto& t = name_types();
  if (std::find(t.begin(), t.end(), name.type) == t.end()) return "unknown name type \"" + name.type + "\"";
  if (blank(name.text)) return "the name is empty";
  return {};
}

std::string event_kind_problem(const std::string& kind) {
  return is_preservation_kind(kind) ? std::string() : "unknown event type \"" + kind + "\"";
}

std::vector<FieldProblem> check_record(Record& r) {
  std::vector<FieldProblem> out;
  auto add = [&](const std::string& field, const std::string& message) {
    if (!message.empty()) out.push_back({field, message});
  };
  add("id", id_problem(r.id));
  add("title", title_problem(r.title));
  r.date.reset();
  try {
    r.date = record_date(r.date_text, r.date_normal);
  } catch (const InputError& e) {
    add(r.date_normal.empty() ? "date" : "date.normal", e.what());
  }
  add("pages", pages_problem(r.pages_from, r.pages_to));
  if (r.extent_pages && *r.extent_pages < 0) add("extent.pages", "page numbers are not negative");
  if (r.access) {
    add("access.until", until_problem(r.access->until));
    for (const auto& g : r.access->grounds) add("access.grounds", ground_problem(g));
  }
  for (size_t i = 0; i < r.names.size(); ++i) add("names." + std::to_string(i + 1), name_problem(r.names[i]));
  for (size_t i = 0; i < r.preservation.size(); ++i) {
    const std::string at = "preservation." + std::to_string(i + 1);
    add(at + ".type", event_kind_problem(r.preservation[i].type));
    add(at + ".date", event_date_problem(r.preservation[i].date));
  }
  return out;
}

}  // namespace monjo::archive
