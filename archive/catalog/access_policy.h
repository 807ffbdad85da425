// Who may see what (docs/catalog-format.md, docs/portal.md). The effective access status is inherited downwards
// (fonds → series → volume → item) unless a level states its own; with none stated
// the record is open. The public view is built here and nowhere else: every public
// surface (index, pages, API, OAI-PMH) is made from PublicRecord.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/base/messages.h"
#include "archive/catalog/record.h"

namespace monjo::archive {

// One row per restriction ground (docs/catalog-format.md). The label of each is the
// message ground_<code> in messages/<lang>.tsv (archive/base/messages.h).
struct GroundInfo {
  const char* code;  // "personal": 個人情報 / Personal information
};
const std::vector<GroundInfo>& restriction_grounds();
const GroundInfo* find_ground(const std::string& code);
std::string ground_message_key(const std::string& code);  // "ground_personal"

// The label of an access status is the message access_<access_name(status)>:
// 公開 / 部分公開 / 要審査 / 非公開.
std::string access_message_key(AccessStatus status);  // "access_open"

// The access in force for a record: its own, or the nearest ancestor's.
struct EffectiveAccess {
  AccessStatus status = AccessStatus::Open;
  std::vector<std::string> grounds;
  std::string until;
  std::string reason;      // staff only
  std::string decided_on;  // id of the record that states it (empty: default open)
};

// `chain` is the record's ancestors from the fonds down, then the record itself.
EffectiveAccess effective_access(const std::vector<const Record*>& chain);

// The public view (docs/portal.md).
struct PublicRecord {
  std::string id;
  Level level = Level::Item;
  std::string parent_id;
  std::string call_number;  // citable_number(): an item's is derived from its volume's when it has none
  bool call_number_derived = false;  // derived, not stated: indexed as one exact term only
  std::string title;  // publicTitle when present, else title
  std::string date_text;
  std::optional<DateInterval> date;
  std::string department;
  std::string extent;
  AccessStatus access = AccessStatus::Open;
  std::vector<std::string> grounds;
  // Present only when the effective status is open:
  std::string description;
  std::string scope;
  std::string history;
  std::string creator;
  std::vector<Name> names;
};

PublicRecord public_view(const Record& record, const EffectiveAccess& access);
// The same shape with nothing withheld (the title as catalogued): what the staff
// side shows, so code that reads a view (the index's filters) reads the side's.
PublicRecord staff_view(const Record& record, const EffectiveAccess& access);

}  // namespace monjo::archive
