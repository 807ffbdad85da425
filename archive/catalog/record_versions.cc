#include "archive/catalog/record_versions.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "archive/base/crypto.h"
#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_rules.h"

namespace monjo::archive {

using nlohmann::json;

namespace {

std::string opt_int(const std::optional<int>& v) {
  return v ? std::to_string(*v) : std::string();
}

std::string lines_of_names(const std::vector<Name>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "\n") + n.type + "\t" + n.text;
  return out;
}

std::string lines_of_events(const std::vector<PreservationEvent>& events) {
  std::string out;
  for (const auto& e : events) out += (out.empty() ? "" : "\n") + e.type + "\t" + e.date + "\t" + e.text;
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

json opt_json(const std::optional<int>& v) {
  return v ? json(*v) : json(nullptr);
}

std::optional<int> int_of(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<int>();
}

std::string str_of(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::vector<FieldChange> changes_from_json(const std::string& text) {
  std::vector<FieldChange> out;
  for (const auto& c : json::parse(text)) out.push_back({c.at("field"), c.at("before"), c.at("after")});
  return out;
}

RecordVersion read_version(sql::Statement& st) {
  RecordVersion v;
  v.record_id = st.text(0);
  v.version = static_cast<int>(st.integer(1));
  v.at = st.text(2);
  v.actor = st.text(3);
  v.action = st.text(4);
  v.changes = changes_from_json(st.text(5));
  v.snapshot = st.text(6);
  v.fingerprint = st.text(7);
  return v;
}

constexpr const char* kVersionColumns = "record_id, version, at, actor, action, changes, snapshot, fingerprint";

}  // namespace

RecordFields record_fields(const Record& r) {
  RecordFields f = {
      {"title", r.title},
      {"publicTitle", r.public_title},
      {"callNumber", r.call_number},
      {"date", r.date_text},
      {"date.normal", r.date_normal},
      {"creator", r.creator},
      {"department", r.department},
      {"scope", r.scope},
      {"history", r.history},
      {"description", r.description},
      {"retention", r.retention},
      {"extent", r.extent},
      {"extent.pages", opt_int(r.extent_pages)},
      {"pages.from", opt_int(r.pages_from)},
      {"pages.to", opt_int(r.pages_to)},
      {"seq", opt_int(r.seq)},
      {"location", r.location},
      {"condition", r.condition},
      {"note", r.note},
      {"access.status", r.access ? access_name(r.access->status) : ""},
      {"access.grounds", r.access ? joined(r.access->grounds) : ""},
      {"access.until", r.access ? r.access->until : ""},
      {"access.reason", r.access ? r.access->reason : ""},
      {"names", lines_of_names(r.names)},
      {"preservation", lines_of_events(r.preservation)},
      {"parent", r.parent_id},
  };
  return f;
}

std::vector<FieldChange> diff_records(const Record& before, const Record& after) {
  const RecordFields a = record_fields(before), b = record_fields(after);
  std::vector<FieldChange> out;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].second != b[i].second) out.push_back({a[i].first, a[i].second, b[i].second});
  }
  return out;
}

std::string record_snapshot(const Record& r) {
  json names = json::array();
  for (const auto& n : r.names) names.push_back({{"type", n.type}, {"text", n.text}});
  json events = json::array();
  for (const auto& e : r.preservation) events.push_back({{"type", e.type}, {"date", e.date}, {"text", e.text}});
  json j = {{"id", r.id},
            {"level", level_name(r.level)},
            {"parent", r.parent_id},
            {"position", r.position},
            {"seq", opt_json(r.seq)},
            {"callNumber", r.call_number},
            {"title", r.title},
            {"publicTitle", r.public_title},
            {"creator", r.creator},
            {"date", r.date_text},
            {"dateNormal", r.date_normal},
            {"department", r.department},
            {"history", r.history},
            {"scope", r.scope},
            {"description", r.description},
            {"retention", r.retention},
            {"extent", r.extent},
            {"extentPages", opt_json(r.extent_pages)},
            {"pagesFrom", opt_json(r.pages_from)},
            {"pagesTo", opt_json(r.pages_to)},
            {"location", r.location},
            {"condition", r.condition},
            {"note", r.note},
            {"names", names},
            {"preservation", events},
            {"access", nullptr}};
  if (r.access) {
    j["access"] = {{"status", access_name(r.access->status)},
                   {"grounds", r.access->grounds},
                   {"until", r.access->until},
                   {"reason", r.access->reason}};
  }
  return j.dump();
}

Record record_from_snapshot(const std::string& snapshot) {
  const json j = json::parse(snapshot);
  Record r;
  r.id = str_of(j, "id");
  auto level = level_from_name(str_of(j, "level"));
  if (!level) throw Error("record version snapshot without a level");
  r.level = *level;
  r.parent_id = str_of(j, "parent");
  r.position = j.value("position", 0);
  r.seq = int_of(j, "seq");
  r.call_number = str_of(j, "callNumber");
  r.title = str_of(j, "title");
  r.public_title = str_of(j, "publicTitle");
  r.creator = str_of(j, "creator");
  r.date_text = str_of(j, "date");
  r.date_normal = str_of(j, "dateNormal");
  r.department = str_of(j, "department");
  r.history = str_of(j, "history");
  r.scope = str_of(j, "scope");
  r.description = str_of(j, "description");
  r.retention = str_of(j, "retention");
  r.extent = str_of(j, "extent");
  r.extent_pages = int_of(j, "extentPages");
  r.pages_from = int_of(j, "pagesFrom");
  r.pages_to = int_of(j, "pagesTo");
  r.location = str_of(j, "location");
  r.condition = str_of(j, "condition");
  r.note = str_of(j, "note");
  for (const auto& n : j.at("names")) r.names.push_back({n.at("type"), n.at("text")});
  for (const auto& e : j.at("preservation")) r.preservation.push_back({e.at("type"), e.at("date"), e.at("text")});
  if (j.contains("access") && j["access"].is_object()) {
    const auto& a = j["access"];
    Access access;
    auto status = access_from_name(str_of(a, "status"));
    if (!status) throw Error("record version snapshot with an unknown access status");
    access.status = *status;
    access.grounds = a.value("grounds", std::vector<std::string>{});
    access.until = str_of(a, "until");
    access.reason = str_of(a, "reason");
    r.access = std::move(access);
  }
  try {
    r.date = record_date(r.date_text, r.date_normal);
  } catch (const InputError&) {
    r.date.reset();  // a version stores what was saved, which was valid then
  }
  return r;
}

std::string record_fingerprint(const Record& record) {
  return blake2b_hex(record_snapshot(record));
}

std::vector<RecordVersion> RecordVersions::history(const std::string& record_id) {
  std::vector<RecordVersion> out;
  auto st = db_.prepare(std::string("SELECT ") + kVersionColumns +
                        " FROM record_versions WHERE record_id = ?1 ORDER BY version DESC");
  st.bind(1, record_id);
  while (st.step()) out.push_back(read_version(st));
  st.reset();
  return out;
}

std::optional<RecordVersion> RecordVersions::get(const std::string& record_id, int version) {
  auto st = db_.prepare(std::string("SELECT ") + kVersionColumns +
                        " FROM record_versions WHERE record_id = ?1 AND version = ?2");
  st.bind(1, record_id).bind(2, version);
  std::optional<RecordVersion> out;
  if (st.step()) out = read_version(st);
  st.reset();
  return out;
}

std::optional<RecordVersion> RecordVersions::by_fingerprint(const std::string& record_id,
                                                            const std::string& fingerprint) {
  auto st = db_.prepare(std::string("SELECT ") + kVersionColumns +
                        " FROM record_versions WHERE record_id = ?1 AND fingerprint = ?2 ORDER BY version DESC"
                        " LIMIT 1");
  st.bind(1, record_id).bind(2, fingerprint);
  std::optional<RecordVersion> out;
  if (st.step()) out = read_version(st);
  st.reset();
  return out;
}

int RecordVersions::latest(const std::string& record_id) {
  auto st = db_.prepare("SELECT coalesce(max(version), 0) FROM record_versions WHERE record_id = ?1");
  st.bind(1, record_id);
  st.step();
  const int v = static_cast<int>(st.integer(0));
  st.reset();
  return v;
}

int RecordVersions::append(const Record& before, const Record& after, const std::string& actor,
                           const std::string& action) {
  auto insert = [&](int version, const Record& r, const std::string& who, const std::string& what,
                    const std::vector<FieldChange>& changes) {
    json list = json::array();
    for (const auto& c : changes) list.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
    auto st = db_.prepare(
        "INSERT INTO record_versions (record_id, version, actor, action, changes, snapshot, fingerprint) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    const std::string snapshot = record_snapshot(r);
    st.bind(1, r.id).bind(2, version).bind(3, who).bind(4, what).bind(5, list.dump()).bind(6, snapshot);
    st.bind(7, blake2b_hex(snapshot));
    st.run();
  };
  int version = latest(after.id);
  if (version == 0 && action != "create") {
    insert(1, before, "", "original", {});
    version = 1;
  }
  insert(version + 1, after, actor, action,
         action == "create" ? diff_records(Record{}, after) : diff_records(before, after));
  return version + 1;
}

std::string new_child_id(Catalog& catalog, RecordVersions& versions, const std::string& parent_id,
                         std::set<std::string>& taken, int& next) {
  for (;; ++next) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%03d", next);
    const std::string id = parent_id + "-" + digits;
    if (taken.count(id) || catalog.exists(id) || versions.latest(id) > 0) continue;
    taken.insert(id);
    ++next;
    return id;
  }
}

}  // namespace monjo::archive
