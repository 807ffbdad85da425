#include "archive/catalog/access_policy.h"

namespace monjo::archive {

const std::vector<GroundInfo>& restriction_grounds() {
  // docs/catalog-format.md; the labels (messages ground_<code>) follow the wording
  // of 公文書管理法 art. 16(1).
  static const std::vector<GroundInfo> kGrounds = {
      {"personal"}, {"corporate"}, {"security"}, {"safety"}, {"deposit"}, {"fragile"},
  };
  return kGrounds;
}

const GroundInfo* find_ground(const std::string& code) {
  for (const auto& g : restriction_grounds()) {
    if (code == g.code) return &g;
  }
  return nullptr;
}

std::string ground_message_key(const std::string& code) {
  return "ground_" + code;
}

std::string access_message_key(AccessStatus status) {
  return std::string("access_") + access_name(status);
}

EffectiveAccess effective_access(const std::vector<const Record*>& chain) {
  EffectiveAccess result;
  // The nearest statement wins: walk from the record itself upwards.
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Record* r = *it;
    if (r && r->access) {
      result.status = r->access->status;
      result.grounds = r->access->grounds;
      result.until = r->access->until;
      result.reason = r->access->reason;
      result.decided_on = r->id;
      return result;
    }
  }
  return result;
}

PublicRecord public_view(const Record& record, const EffectiveAccess& access) {
  PublicRecord p;
  p.id = record.id;
  p.level = record.level;
  p.parent_id = record.parent_id;
  p.call_number = citable_number(record);
  p.call_number_derived = record.call_number.empty() && !p.call_number.empty();
  // A masked title is never public: publicTitle replaces it whatever the status.
  p.title = record.public_title.empty() ? record.title : record.public_title;
  p.date_text = record.date_text;
  p.date = record.date;
  p.department = record.department;
  p.extent = record.extent;
  p.access = access.status;
  p.grounds = access.grounds;
  if (access.status == AccessStatus::Open) {
    p.description = record.description;
    p.scope = record.scope;
    p.history = record.history;
    p.creator = record.creator;
    p.names = record.names;
  }
  return p;
}

PublicRecord staff_view(const Record& record, const EffectiveAccess& access) {
  EffectiveAccess open = access;
  open.status = AccessStatus::Open;
  PublicRecord p = public_view(record, open);
  p.title = record.title;
  p.access = access.status;
  return p;
}

}  // namespace monjo::archive
