// Staff accounts and their sessions (docs/staff.md). Passwords are hashed with
// libsodium's crypto_pwhash_str (argon2id); a session token is 32 random bytes that
// only the browser holds: the table keeps its BLAKE2b hash. Sessions are created
// only after a successful login, always with a new token (a token planted before
// login never becomes authenticated), and end after an idle and an absolute
// timeout. Logins are throttled per account and per address, counted in a table so
// that every process sees the same count. Account changes, logins, logouts and
// failed logins go to the audit trail.
//
// The web layer (sessions, cookies, CSRF on forms) and `monjo user` call this.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "archive/staff/audit.h"
#include "archive/base/sqlite.h"
#include "archive/dates/timestamp.h"
#include "archive/staff/roles.h"

namespace monjo::archive {

// Argon2id work factors. Production uses the INTERACTIVE limits; tests lower them.
struct PasswordCost {
  unsigned long long opslimit;
  size_t memlimit;
  static PasswordCost interactive();
  static PasswordCost minimum();  // for tests only: fast and weak
};

struct SessionPolicy {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds absolute{8 * 3600};
};

// After `per_account` failures for one account name, or `per_address` from one
// address, within `window`, every attempt is refused — the right password too —
// until the oldest of those failures is older than the window.
// Refused attempts are not audited one by one (anyone can send them): they are
// counted per account and address in intervals of `audit_interval` (aligned to the
// clock), and each count becomes one `login.throttled` entry once its interval is
// over. An address that is throttled as such is counted under the account "*", so
// that trying many names from one address still makes one entry per interval.
struct ThrottlePolicy {
  int per_account = 5;
  int per_address = 20;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds audit_interval{15 * 60};
};

constexpr size_t kMinPasswordBytes = 8;
constexpr size_t kMaxPasswordBytes = 1024;

struct StaffUser {
  std::string name;
  Role role = Role::Officer;
  bool active = true;
  std::string created_at;           // UTC
  std::string password_changed_at;  // UTC
};

struct Session {
  std::string id_hash;  // BLAKE2b of the token; the token itself is never stored
  std::string user;
  Role role = Role::Officer;
  TimePoint created_at;
  TimePoint last_seen;
  TimePoint expires_at;  // the absolute timeout
  std::string csrf_token;
  std::string ip;
};

// The token goes to the browser (cookie) once; the server keeps only the hash.
struct NewSession {
  std::string token;
  Session session;
};

enum class AuthOutcome {
  Ok,
  Failed,     // unknown account, wrong password or disabled account: one answer for all
  Throttled,  // too many recent failures; nothing was checked
};
const char* auth_outcome_name(AuthOutcome outcome);

struct AuthResult {
  AuthOutcome outcome = AuthOutcome::Failed;
  std::optional<StaffUser> user;         // when Ok
  std::optional<TimePoint> retry_after;  // when Throttled: attempts are accepted again from then
  bool ok() const { return outcome == AuthOutcome::Ok; }
};

class UserStore {
 public:
  UserStore(sql::Database& db, AuditTrail& audit, PasswordCost cost = PasswordCost::interactive(),
            SessionPolicy sessions = {}, ThrottlePolicy throttle = {});

  // --- accounts (ManageUsers permission; a user may change their own password) ---
  // Names are [A-Za-z0-9._-]{1,64}; roles must be staff roles; passwords 8–1024 bytes.
  // Throws InputError (bad name, role or password), Conflict (name taken), Forbidden.
  void create_user(const std::string& name, Role role, const std::string& password, const Actor& by,
                   TimePoint now = now_seconds());
  // Ends all the user's sessions (the web layer opens a new one when users change
  // their own password).
  void set_password(const std::string& name, const std::string& password, const Actor& by,
                    TimePoint now = now_seconds());
  void set_role(const std::string& name, Role role, const Actor& by, TimePoint now = now_seconds());
  // Disables the account and ends all its sessions. The row stays for the audit trail.
  void deactivate(const std::string& name, const Actor& by, TimePoint now = now_seconds());
  void reactivate(const std::string& name, const Actor& by, TimePoint now = now_seconds());
  std::vector<StaffUser> list();
  std::optional<StaffUser> find(const std::string& name);

  // --- login ---
  AuthResult authenticate(const std::string& name, const std::string& password, const std::string& ip,
                          TimePoint now = now_seconds());
  // A new session with a fresh token for an active user (call after authenticate).
  // `previous_token`, the token the browser presented, if any, is ended: rotation.
  NewSession create_session(const std::string& user, const std::string& ip, TimePoint now = now_seconds(),
                            const std::string& previous_token = {});
  // The live session for a token, with last_seen moved to `now`; nullopt (and the
  // session deleted) when unknown, idle too long, past its absolute timeout, or its
  // user was disabled.
  std::optional<Session> session_for(const std::string& token, TimePoint now = now_seconds());
  void logout(const std::string& token, TimePoint now = now_seconds());
  // Ends every session of `user`; returns how many.
  int logout_everywhere(const std::string& user, const Actor& by, TimePoint now = now_seconds());
  // The form's token against the session's, in constant time.
  static bool check_csrf(const Session& session, const std::string& token);
  // Deletes expired sessions and login attempts older than a day, and writes the
  // counts of refused attempts whose interval is over; returns rows deleted.
  long prune(TimePoint now = now_seconds());
  // Writes one `login.throttled` entry per count whose interval ended by `now`
  // (authenticate() and prune() call it); returns how many.
  int flush_throttled(TimePoint now = now_seconds());

  const SessionPolicy& session_policy() const { return sessions_; }
  const ThrottlePolicy& throttle_policy() const { return throttle_; }

 private:
  std::string hash_password(const std::string& password) const;
  void require_manage(const Actor& by) const;
  StaffUser require_user(const std::string& name);
  void record_attempt(const std::string& name, const std::string& ip, const char* outcome, TimePoint now);
  std::optional<TimePoint> throttled_until(const std::string& name, const std::string& ip, TimePoint now,
                                           bool* by_address_limit = nullptr);
  int end_sessions(const std::string& user);

  sql::Database& db_;
  AuditTrail& audit_;
  PasswordCost cost_;
  SessionPolicy sessions_;
  ThrottlePolicy throttle_;
  mutable std::string dummy_hash_;  // verified against for unknown accounts, so timing tells nothing
};

}  // namespace monjo::archive
