// Index layout helpers shared by the writer and the reader (see index_schema.h).
#include "archive/search/index_schema.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>

#include "archive/base/errors.h"
#include "archive/catalog/record_rules.h"

namespace monjo::archive::index_schema {

namespace {

// Xapian's hard limit is 245 bytes per term; leave room for the prefix.
constexpr size_t kMaxTermValueBytes = 200;

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s.data(), s.size());
}

struct Reader {
  std::string_view data;
  size_t pos = 0;

  [[noreturn]] static void corrupt() { throw Error("search index document data is corrupt"); }

  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= data.size()) corrupt();
      auto byte = static_cast<unsigned char>(data[pos++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    corrupt();
  }
  std::string string() {
    uint64_t n = varint();
    if (n > data.size() - pos) corrupt();
    std::string s(data.substr(pos, n));
    pos += n;
    return s;
  }
};

}  // namespace

std::string boolean_term(const char* prefix, std::string_view value) {
  std::string term(prefix);
  if (value.size() > kMaxTermValueBytes) {
    size_t cut = kMaxTermValueBytes;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    value = value.substr(0, cut);
  }
  term.append(value.data(), value.size());
  return term;
}

std::string date_value(const Ymd& day) {
  return Xapian::sortable_serialise(static_cast<double>(day.days_since_epoch()));
}

std::string decade_value(const Ymd& day) {
  int decade = day.y >= 0 ? day.y / 10 * 10 : (day.y - 9) / 10 * 10;
  return std::to_string(decade);
}

std::string call_number_sort_key(std::string_view call_number) {
  std::string key;
  key.reserve(call_number.size() + 16);
  size_t i = 0;
  while (i < call_number.size()) {
    if (call_number[i] >= '0' && call_number[i] <= '9') {
      size_t j = i;
      while (j < call_number.size() && call_number[j] >= '0' && call_number[j] <= '9') ++j;
      size_t start = i;
      while (start + 1 < j && call_number[start] == '0') ++start;  // "007" sorts as 7
      if (j - start < 10) key.append(10 - (j - start), '0');
      key.append(call_number.substr(start, j - start));
      i = j;
    } else {
      key.push_back(call_number[i++]);
    }
  }
  return key;
}

std::string encode_hit(const StoredHit& hit) {
  std::string out;
  out.reserve(64 + hit.title.size() + hit.snippet_source.size());
  out.push_back(static_cast<char>(kHitFormat));
  put_string(out, hit.id);
  put_varint(out, static_cast<uint64_t>(hit.level));
  put_string(out, hit.title);
  put_string(out, hit.date_text);
  if (hit.date) {
    put_string(out, hit.date->start.iso());
    put_string(out, hit.date->end.iso());
  } else {
    put_string(out, "");
    put_string(out, "");
  }
  put_string(out, hit.call_number);
  put_varint(out, static_cast<uint64_t>(hit.access));
  put_varint(out, hit.path.size());
  for (const auto& [id, title] : hit.path) {
    put_string(out, id);
    put_string(out, title);
  }
  put_string(out, hit.snippet_source);
  put_varint(out, static_cast<uint64_t>(hit.withheld_items));
  put_varint(out, hit.view ? 1 : 0);
  if (hit.view) {
    const PublicRecord& v = *hit.view;
    put_string(out, v.parent_id);
    put_varint(out, static_cast<uint64_t>(std::max(0L, hit.position)));
    put_varint(out, v.call_number_derived ? 1 : 0);
    put_string(out, v.department);
    put_string(out, v.extent);
    put_varint(out, v.grounds.size());
    for (const auto& g : v.grounds) put_string(out, g);
    put_string(out, v.description);
    put_string(out, v.scope);
    put_string(out, v.history);
    put_string(out, v.creator);
    put_varint(out, v.names.size());
    for (const auto& n : v.names) {
      put_string(out, n.type);
      put_string(out, n.text);
    }
  }
  return out;
}

StoredHit decode_hit(std::string_view data) {
  // Format 1 is format 2 without the last field; format 2 is format 3 without the view.
  const int format = data.empty() ? 0 : static_cast<unsigned char>(data[0]);
  if (format < 1 || format > kHitFormat) Reader::corrupt();
  Reader r{data, 1};
  StoredHit hit;
  hit.id = r.string();
  uint64_t level = r.varint();
  if (level > static_cast<uint64_t>(Level::Item)) Reader::corrupt();
  hit.level = static_cast<Level>(level);
  hit.title = r.string();
  hit.date_text = r.string();
  std::string start = r.string();
  std::string end = r.string();
  if (!start.empty()) {
    auto s = Ymd::parse_iso(start);
    auto e = Ymd::parse_iso(end);
    if (!s || !e) Reader::corrupt();
    hit.date = DateInterval{*s, *e};
  }
  hit.call_number = r.string();
  uint64_t access = r.varint();
  if (access > static_cast<uint64_t>(AccessStatus::Closed)) Reader::corrupt();
  hit.access = static_cast<AccessStatus>(access);
  uint64_t n = r.varint();
  if (n > data.size()) Reader::corrupt();
  hit.path.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    std::string id = r.string();
    std::string title = r.string();
    hit.path.emplace_back(std::move(id), std::move(title));
  }
  hit.snippet_source = r.string();
  if (format >= 2) {
    uint64_t withheld = r.varint();
    if (withheld > static_cast<uint64_t>(std::numeric_limits<long>::max())) Reader::corrupt();
    hit.withheld_items = static_cast<long>(withheld);
  }
  if (format >= 3 && r.varint() == 1) {
    PublicRecord v;
    v.id = hit.id;
    v.level = hit.level;
    v.title = hit.title;
    v.date_text = hit.date_text;
    v.date = hit.date;
    v.call_number = hit.call_number;
    v.access = hit.access;
    v.parent_id = r.string();
    const uint64_t position = r.varint();
    if (position > static_cast<uint64_t>(std::numeric_limits<long>::max())) Reader::corrupt();
    hit.position = static_cast<long>(position);
    v.call_number_derived = r.varint() == 1;
    v.department = r.string();
    v.extent = r.string();
    uint64_t grounds = r.varint();
    if (grounds > data.size()) Reader::corrupt();
    for (uint64_t i = 0; i < grounds; ++i) v.grounds.push_back(r.string());
    v.description = r.string();
    v.scope = r.string();
    v.history = r.string();
    v.creator = r.string();
    uint64_t names = r.varint();
    if (names > data.size()) Reader::corrupt();
    for (uint64_t i = 0; i < names; ++i) {
      Name n;
      n.type = r.string();
      n.text = r.string();
      v.names.push_back(std::move(n));
    }
    hit.view = std::move(v);
  }
  return hit;
}

const FilterDef* find_filter(std::string_view name) {
  for (const auto& f : kFilters)
    if (name == f.name) return &f;
  return nullptr;
}

const FilterDef* find_filter_param(std::string_view param) {
  for (const auto& f : kFilters)
    if (param == f.param) return &f;
  return nullptr;
}

bool valid_filter_value(const FilterDef& def, std::string_view value) {
  switch (def.values) {
    case FilterValues::Level:
      return level_from_name(std::string(value)).has_value();
    case FilterValues::Access:
      return access_from_name(std::string(value)).has_value();
    case FilterValues::RecordId:
      return valid_record_id(value);
    case FilterValues::Decade:
      return value.size() == 4 && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    case FilterValues::Text:
      return !value.empty() && value.size() <= kMaxFilterValueBytes;
    case FilterValues::Ground:
      return find_ground(std::string(value)) != nullptr;
    case FilterValues::Preservation:
      return is_preservation_kind(std::string(value));
    case FilterValues::Review:
      return std::any_of(std::begin(kReviewChoices), std::end(kReviewChoices),
                         [&](const char* k) { return value == k; });
  }
  return false;
}

std::vector<std::string> filter_choices(const FilterDef& def) {
  std::vector<std::string> out;
  switch (def.values) {
    case FilterValues::Ground:
      for (const auto& g : restriction_grounds()) out.emplace_back(g.code);
      break;
    case FilterValues::Preservation:
      out = preservation_kinds();
      break;
    case FilterValues::Review:
      out.assign(std::begin(kReviewChoices), std::end(kReviewChoices));
      break;
    default:
      break;
  }
  return out;
}

std::optional<Ymd> due_by(std::string_view value, const Ymd& today) {
  if (value == "due") return today;
  for (const char* k : kReviewChoices) {
    if (value == k) return add_months_clamped(today, std::atoi(k));
  }
  return std::nullopt;
}

}  // namespace monjo::archive::index_schema
