#include "archive/catalog/record.h"

namespace monjo::archive {

const char* level_name(Level level) {
  switch (level) {
    case Level::Fonds:
      return "fonds";
    case Level::Series:
      return "series";
    case Level::Volume:
      return "volume";
    case Level::Item:
      return "item";
  }
  return "item";
}

std::string citable_number(const Record& record) {
  if (!record.call_number.empty()) return record.call_number;
  if (record.level != Level::Item || record.parent_call_number.empty()) return {};
  std::string number = std::to_string(record.seq ? *record.seq : record.position + 1);
  if (number.size() < 3) number.insert(0, 3 - number.size(), '0');
  return record.parent_call_number + "-" + number;
}

bool valid_record_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<Level> level_from_name(const std::string& name) {
  if (name == "fonds") return Level::Fonds;
  if (name == "series") return Level::Series;
  if (name == "volume") return Level::Volume;
  if (name == "item") return Level::Item;
  return std::nullopt;
}

const char* access_name(AccessStatus status) {
  switch (status) {
    case AccessStatus::Open:
      return "open";
    case AccessStatus::Restricted:
      return "restricted";
    case AccessStatus::Review:
      return "review";
    case AccessStatus::Closed:
      return "closed";
  }
  return "closed";
}

std::optional<AccessStatus> access_from_name(const std::string& name) {
  if (name == "open") return AccessStatus::Open;
  if (name == "restricted") return AccessStatus::Restricted;
  if (name == "review") return AccessStatus::Review;
  if (name == "closed") return AccessStatus::Closed;
  return std::nullopt;
}

}  // namespace monjo::archive
