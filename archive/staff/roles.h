// Roles, the one permission table and the actor of a change: who may do what in
// the staff workflow (docs/staff.md). Users (archive/staff/users.h) hold a role; the
// request workflow (archive/requests/use_request.h) checks roles and permissions
// against them. A role's display name is the message `role_<code>` in
// messages/<lang>.tsv (archive/base/messages.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace monjo::archive {

// ---- roles ----

enum class Role { Citizen, Officer, Supervisor, Admin, Archivist, System };
constexpr int kRoleCount = 6;

struct RoleInfo {
  Role role;
  const char* code;  // "officer"; its label is the message role_officer
  bool staff;        // an account can have it (monjo user add --role)
};
const std::vector<RoleInfo>& roles();
const RoleInfo& role_info(Role role);
const char* role_name(Role role);
// The message key of the role's display name: "role_officer".
std::string role_message_key(Role role);
std::optional<Role> role_from_name(const std::string& code);
// Only the roles a staff account can hold: archivist, officer, supervisor, admin.
std::optional<Role> staff_role_from_name(const std::string& code);

// A set of roles, as a bit mask.
using RoleSet = unsigned;
constexpr RoleSet role_bit(Role r) {
  return 1u << static_cast<unsigned>(r);
}
inline bool contains(RoleSet set, Role r) {
  return (set & role_bit(r)) != 0;
}

// ---- permissions ----

enum class Permission {
  ViewRequesterData,   // a requester's name, address, contact
  ViewQueue,           // the requests queue and request pages
  Decide,              // draft per-item decisions, extend deadlines, send notices
  Approve,             // 決裁
  RecordUse,           // record viewing, copies, fees
  ViewWithheld,        // a record's full staff view
  EditCatalog,         // correct descriptions, set restrictions
  Import,              // import catalog XML
  ReviewRestrictions,  // monjo review and its staff page
  ManageUsers,
  ViewAudit,
  ViewStatisticsDetail,  // the staff CSV of statistics
  PurgeRequesterData,
  ViewSelection,     // retention-expiry lists, their decisions and reports (docs/selection.md)
  SelectRecords,     // import a list, mark its rows 移管 / 廃棄 / 保留
  ApproveSelection,  // approve a batch's decisions (never the drafter's own)
};

struct PermissionInfo {
  Permission permission;
  const char* code;  // "view_requester_data"
  RoleSet roles;
};
// The one permission table: every check of what a role may do reads it.
const std::vector<PermissionInfo>& permission_table();
bool has_permission(Role role, Permission permission);
const char* permission_name(Permission permission);
std::optional<Permission> permission_from_name(const std::string& code);

// Who performs a change.
struct Actor {
  std::string id;  // a staff account name, or the requester's id for a citizen
  Role role = Role::Citizen;
};

}  // namespace monjo::archive
