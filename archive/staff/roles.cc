// Roles and the permission table (see roles.h).

#include "archive/staff/roles.h"

namespace monjo::archive {

const std::vector<RoleInfo>& roles() {
  static const std::vector<RoleInfo> kRoles = {
      {Role::Citizen, "citizen", false},  {Role::Officer, "officer", true},     {Role::Supervisor, "supervisor", true},
      {Role::Admin, "admin", true},       {Role::Archivist, "archivist", true}, {Role::System, "system", false},
  };
  return kRoles;
}

const RoleInfo& role_info(Role role) {
  return roles()[static_cast<size_t>(role)];
}
const char* role_name(Role role) {
  return role_info(role).code;
}
std::string role_message_key(Role role) {
  return std::string("role_") + role_name(role);
}

std::optional<Role> role_from_name(const std::string& code) {
  for (const RoleInfo& r : roles()) {
    if (code == r.code) return r.role;
  }
  return std::nullopt;
}

std::optional<Role> staff_role_from_name(const std::string& code) {
  auto r = role_from_name(code);
  if (r && role_info(*r).staff) return r;
  return std::nullopt;
}

namespace {

constexpr RoleSet kOfficer = role_bit(Role::Officer);
constexpr RoleSet kSupervisor = role_bit(Role::Supervisor);
constexpr RoleSet kAdmin = role_bit(Role::Admin);
constexpr RoleSet kArchivist = role_bit(Role::Archivist);

}  // namespace

const std::vector<PermissionInfo>& permission_table() {
  // Least privilege: the administrator manages accounts and reads the audit trail
  // but decides nothing; the archivist keeps the catalog and the reading room.
  static const std::vector<PermissionInfo> kTable = {
      {Permission::ViewRequesterData, "view_requester_data", kOfficer | kSupervisor | kAdmin},
      {Permission::ViewQueue, "view_queue", kOfficer | kSupervisor},
      {Permission::Decide, "decide", kOfficer | kSupervisor},
      {Permission::Approve, "approve", kSupervisor},
      {Permission::RecordUse, "record_use", kOfficer | kArchivist},
      {Permission::ViewWithheld, "view_withheld", kArchivist | kOfficer | kSupervisor},
      {Permission::EditCatalog, "edit_catalog", kArchivist},
      {Permission::Import, "import", kArchivist | kAdmin},
      {Permission::ReviewRestrictions, "review_restrictions", kArchivist | kSupervisor},
      {Permission::ManageUsers, "manage_users", kAdmin},
      {Permission::ViewAudit, "view_audit", kSupervisor | kAdmin},
      {Permission::ViewStatisticsDetail, "view_statistics_detail", kOfficer | kSupervisor | kAdmin},
      {Permission::PurgeRequesterData, "purge_requester_data", kAdmin},
      // Selection (docs/selection.md): the archivist selects, a supervisor (or the
      // 審議会 secretariat's supervisor account) approves.
      {Permission::ViewSelection, "view_selection", kArchivist | kSupervisor},
      {Permission::SelectRecords, "select_records", kArchivist},
      {Permission::ApproveSelection, "approve_selection", kSupervisor},
  };
  return kTable;
}

bool has_permission(Role role, Permission permission) {
  for (const PermissionInfo& p : permission_table()) {
    if (p.permission == permission) return contains(p.roles, role);
  }
  return false;
}

const char* permission_name(Permission permission) {
  for (const PermissionInfo& p : permission_table()) {
    if (p.permission == permission) return p.code;
  }
  return "";
}

std::optional<Permission> permission_from_name(const std::string& code) {
  for (const PermissionInfo& p : permission_table()) {
    if (code == p.code) return p.permission;
  }
  return std::nullopt;
}

}  // namespace monjo::archive
