#include "archive/catalog/access_policy.h"

namespace monjo::archive {

const std::vector<GroundInfo>& restriction_grounds() {
  // DESIGN §4; the labels follow the wording of 公文書管理法 art. 16(1).
  static const std::vector<GroundInfo> kGrounds = {
      {"personal", "個人情報", "Personal information"},
      {"corporate", "法人等情報", "Information about a corporation"},
      {"security", "国の安全等", "National security"},
      {"safety", "公共の安全等", "Public safety"},
      {"deposit", "寄贈・寄託者の条件", "Conditions set by the donor or depositor"},
      {"fragile", "原本の保存上の理由", "Preservation of the original"},
  };
  return kGrounds;
}

const GroundInfo* find_ground(const std::string& code) {
  for (const auto& g : restriction_grounds()) {
    if (code == g.code) return &g;
  }
  return nullptr;
}

const AccessStatusInfo& access_status_info(AccessStatus status) {
  static const AccessStatusInfo kInfo[] = {
      {AccessStatus::Open, "公開", "Open"},
      {AccessStatus::Restricted, "部分公開", "Partly restricted"},
      {AccessStatus::Review, "要審査", "Subject to review"},
      {AccessStatus::Closed, "非公開", "Closed"},
  };
  for (const auto& info : kInfo) {
    if (info.status == status) return info;
  }
  return kInfo[3];
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
  p.call_number = record.call_number;
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

}  // namespace monjo::archive
