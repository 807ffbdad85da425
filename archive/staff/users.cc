#include "archive/staff/users.h"

#include <sodium.h>

#include <regex>

#include "archive/base/crypto.h"
#include "archive/base/errors.h"

namespace monjo::archive {

namespace {

constexpr size_t kMaxNameBytes = 64;

bool valid_name(const std::string& name) {
  static const std::regex kName("[A-Za-z0-9._-]{1,64}");
  return std::regex_match(name, kName);
}

void check_password(const std::string& password) {
  if (password.size() < kMinPasswordBytes) {
    throw InputError("the password is too short: at least " + std::to_string(kMinPasswordBytes) + " characters");
  }
  if (password.size() > kMaxPasswordBytes) {
    throw InputError("the password is too long: at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  if (password.find('\0') != std::string::npos) throw InputError("the password contains a NUL character");
}

void check_staff_role(Role role) {
  if (!role_info(role).staff) {
    throw InputError(std::string("\"") + role_name(role) +
                     "\" is not a staff role (archivist, officer, supervisor or admin)");
  }
}

bool is_token_shape(const std::string& token) {
  if (token.size() != 64) return false;
  for (char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string clip(const std::string& s) {
  return s.size() > kMaxNameBytes ? s.substr(0, kMaxNameBytes) : s;
}

}  // namespace

const char* auth_outcome_name(AuthOutcome outcome) {
  switch (outcome) {
    case AuthOutcome::Ok:
      return "ok";
    case AuthOutcome::Failed:
      return "failed";
    case AuthOutcome::Throttled:
      return "throttled";
  }
  return "?";
}

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

UserStore::UserStore(sql::Database& db, AuditTrail& audit, PasswordCost cost, SessionPolicy sessions,
                     ThrottlePolicy throttle)
    : db_(db), audit_(audit), cost_(cost), sessions_(sessions), throttle_(throttle) {
  ensure_sodium();
}

std::string UserStore::hash_password(const std::string& password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost_.opslimit, cost_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error("password hashing ran out of memory");
  }
  return out;
}

void UserStore::require_manage(const Actor& by) const {
  if (!has_permission(by.role, Permission::ManageUsers)) {
    throw Forbidden(by.id + " (" + role_name(by.role) + ") may not manage staff accounts");
  }
}

StaffUser UserStore::require_user(const std::string& name) {
  auto user = find(name);
  if (!user) throw NotFound("no staff account \"" + name + "\"");
  return *user;
}

void UserStore::create_user(const std::string& name, Role role, const std::string& password, const Actor& by,
                            TimePoint now) {
  require_manage(by);
  if (!valid_name(name)) {
    throw InputError("\"" + name + "\" is not a valid account name ([A-Za-z0-9._-], at most 64 characters)");
  }
  check_staff_role(role);
  check_password(password);
  std::string hash = hash_password(password);
  sql::Transaction tx(db_);
  if (find(name)) throw Conflict("the staff account \"" + name + "\" exists already");
  std::string at = iso_utc(now);
  auto st = db_.prepare(
      "INSERT INTO users(name, role, password_hash, active, created_at, password_changed_at) "
      "VALUES (?, ?, ?, 1, ?, ?)");
  st.bind(1, name).bind(2, role_name(role)).bind(3, hash).bind(4, at).bind(5, at).run();
  st.reset();
  audit_.append(by.id, role_name(by.role), "user.create", name, std::string("role=") + role_name(role), now);
  tx.commit();
}

void UserStore::set_password(const std::string& name, const std::string& password, const Actor& by, TimePoint now) {
  if (by.id != name) require_manage(by);
  check_password(password);
  std::string hash = hash_password(password);
  sql::Transaction tx(db_);
  require_user(name);
  auto st = db_.prepare("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE name = ?");
  st.bind(1, hash).bind(2, iso_utc(now)).bind(3, name).run();
  st.reset();
  int ended = end_sessions(name);
  audit_.append(by.id, role_name(by.role), "user.password", name, "sessions ended=" + std::to_string(ended), now);
  tx.commit();
}

void UserStore::set_role(const std::string& name, Role role, const Actor& by, TimePoint now) {
  require_manage(by);
  check_staff_role(role);
  sql::Transaction tx(db_);
  StaffUser user = require_user(name);
  auto st = db_.prepare("UPDATE users SET role = ? WHERE name = ?");
  st.bind(1, role_name(role)).bind(2, name).run();
  st.reset();
  // A session carries the role it was opened with in no cache: the next request
  // reads the new role; ending the sessions makes the change take effect visibly.
  end_sessions(name);
  audit_.append(by.id, role_name(by.role), "user.role", name,
                std::string("role=") + role_name(user.role) + "→" + role_name(role), now);
  tx.commit();
}

void UserStore::deactivate(const std::string& name, const Actor& by, TimePoint now) {
  require_manage(by);
  sql::Transaction tx(db_);
  require_user(name);
  auto st = db_.prepare("UPDATE users SET active = 0 WHERE name = ?");
  st.bind(1, name).run();
  st.reset();
  int ended = end_sessions(name);
  audit_.append(by.id, role_name(by.role), "user.deactivate", name, "sessions ended=" + std::to_string(ended), now);
  tx.commit();
}

void UserStore::reactivate(const std::string& name, const Actor& by, TimePoint now) {
  require_manage(by);
  sql::Transaction tx(db_);
  require_user(name);
  auto st = db_.prepare("UPDATE users SET active = 1 WHERE name = ?");
  st.bind(1, name).run();
  st.reset();
  audit_.append(by.id, role_name(by.role), "user.reactivate", name, "", now);
  tx.commit();
}

std::vector<StaffUser> UserStore::list() {
  std::vector<StaffUser> out;
  auto st = db_.prepare("SELECT name, role, active, created_at, password_changed_at FROM users ORDER BY name");
  while (st.step()) {
    StaffUser u;
    u.name = st.text(0);
    u.role = staff_role_from_name(st.text(1)).value_or(Role::Officer);
    u.active = st.integer(2) != 0;
    u.created_at = st.text(3);
    u.password_changed_at = st.text(4);
    out.push_back(std::move(u));
  }
  st.reset();
  return out;
}

std::optional<StaffUser> UserStore::find(const std::string& name) {
  auto st = db_.prepare("SELECT name, role, active, created_at, password_changed_at FROM users WHERE name = ?");
  st.bind(1, name);
  std::optional<StaffUser> out;
  if (st.step()) {
    StaffUser u;
    u.name = st.text(0);
    u.role = staff_role_from_name(st.text(1)).value_or(Role::Officer);
    u.active = st.integer(2) != 0;
    u.created_at = st.text(3);
    u.password_changed_at = st.text(4);
    out = std::move(u);
  }
  st.reset();
  return out;
}

void UserStore::record_attempt(const std::string& name, const std::string& ip, const char* outcome, TimePoint now) {
  auto st = db_.prepare("INSERT INTO login_attempts(at, name, ip, outcome) VALUES (?, ?, ?, ?)");
  st.bind(1, iso_utc(now)).bind(2, clip(name)).bind(3, ip).bind(4, outcome).run();
  st.reset();
}

std::optional<TimePoint> UserStore::throttled_until(const std::string& name, const std::string& ip, TimePoint now,
                                                    bool* by_address_limit) {
  std::string since = iso_utc(now - throttle_.window);
  // The failures that still count, oldest first; the account's count restarts at
  // its last successful login. Throttled attempts are not failures: they do not
  // push the end of the window further away.
  auto until_from = [&](sql::Statement st, int limit) -> std::optional<TimePoint> {
    std::vector<std::string> times;
    while (st.step()) times.push_back(st.text(0));
    st.reset();
    if (limit <= 0 || static_cast<int>(times.size()) < limit) return std::nullopt;
    // Attempts are accepted again once all but limit-1 of these have left the window.
    return parse_iso_utc(times[times.size() - static_cast<size_t>(limit)]) + throttle_.window;
  };
  auto account = db_.prepare(
      "SELECT at FROM login_attempts WHERE name = ?1 AND outcome = 'failed' AND at > ?2 "
      "AND id > coalesce((SELECT max(id) FROM login_attempts WHERE name = ?1 AND outcome = 'ok'), 0) "
      "ORDER BY id");
  account.bind(1, clip(name)).bind(2, since);
  auto by_account = until_from(account, throttle_.per_account);
  auto address =
      db_.prepare("SELECT at FROM login_attempts WHERE ip = ?1 AND outcome = 'failed' AND at > ?2 ORDER BY id");
  address.bind(1, ip).bind(2, since);
  auto by_address = until_from(address, throttle_.per_address);
  if (by_address_limit) *by_address_limit = by_address.has_value();
  if (by_account && by_address) return std::max(*by_account, *by_address);
  return by_account ? by_account : by_address;
}

AuthResult UserStore::authenticate(const std::string& name, const std::string& password, const std::string& ip,
                                   TimePoint now) {
  AuthResult result;
  std::string who = name.empty() ? std::string("(empty)") : clip(name);
  bool address_limit = false;
  if (auto until = throttled_until(name, ip, now, &address_limit)) {
    sql::Transaction tx(db_);
    flush_throttled(now);
    const std::string key = address_limit ? std::string("*") : who;
    const auto interval = throttle_.audit_interval.count() > 0 ? throttle_.audit_interval : std::chrono::seconds(1);
    const TimePoint start = TimePoint(std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::seconds(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() /
                             interval.count() * interval.count())));
    auto st = db_.prepare(
        "INSERT INTO login_throttled(window_start, name, ip, attempts, first_at, last_at, until) "
        "VALUES (?1, ?2, ?3, 1, ?4, ?4, ?5) ON CONFLICT(window_start, name, ip) DO UPDATE SET "
        "attempts = attempts + 1, last_at = excluded.last_at, until = max(until, excluded.until)");
    st.bind(1, iso_utc(start)).bind(2, key).bind(3, ip).bind(4, iso_utc(now)).bind(5, iso_utc(*until)).run();
    st.reset();
    tx.commit();
    result.outcome = AuthOutcome::Throttled;
    result.retry_after = until;
    return result;
  }
  flush_throttled(now);

  std::optional<StaffUser> user = valid_name(name) ? find(name) : std::nullopt;
  std::string stored;
  if (user) {
    auto st = db_.prepare("SELECT password_hash FROM users WHERE name = ?");
    st.bind(1, name);
    if (st.step()) stored = st.text(0);
    st.reset();
  } else {
    // Verify against a hash of the same cost, so an unknown name takes as long.
    if (dummy_hash_.empty()) dummy_hash_ = hash_password(random_token_hex(16));
    stored = dummy_hash_;
  }
  bool password_ok = password.size() <= kMaxPasswordBytes &&
                     crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
  const char* reason = !user ? "unknown account" : !password_ok ? "wrong password" : !user->active ? "disabled" : "";

  sql::Transaction tx(db_);
  if (user && password_ok && user->active) {
    record_attempt(name, ip, "ok", now);
    if (crypto_pwhash_str_needs_rehash(stored.c_str(), cost_.opslimit, cost_.memlimit) != 0) {
      auto st = db_.prepare("UPDATE users SET password_hash = ? WHERE name = ?");
      st.bind(1, hash_password(password)).bind(2, name).run();
      st.reset();
    }
    audit_.append(name, role_name(user->role), "login", name, "ip=" + ip, now);
    result.outcome = AuthOutcome::Ok;
    result.user = user;
  } else {
    record_attempt(name, ip, "failed", now);
    audit_.append(who, user ? role_name(user->role) : "none", "login.failed", who, "ip=" + ip + " reason=" + reason,
                  now);
    result.outcome = AuthOutcome::Failed;
  }
  tx.commit();
  return result;
}

NewSession UserStore::create_session(const std::string& user, const std::string& ip, TimePoint now,
                                     const std::string& previous_token) {
  sql::Transaction tx(db_);
  StaffUser account = require_user(user);
  if (!account.active) throw Forbidden("the staff account \"" + user + "\" is disabled");
  if (!previous_token.empty()) {
    auto del = db_.prepare("DELETE FROM sessions WHERE id_hash = ?");
    del.bind(1, blake2b_hex(previous_token)).run();
    del.reset();
  }
  NewSession made;
  made.token = random_token_hex(32);
  Session& s = made.session;
  s.id_hash = blake2b_hex(made.token);
  s.user = user;
  s.role = account.role;
  s.created_at = now;
  s.last_seen = now;
  s.expires_at = now + sessions_.absolute;
  s.csrf_token = random_token_hex(32);
  s.ip = ip;
  auto st = db_.prepare(
      "INSERT INTO sessions(id_hash, user, created_at, last_seen, expires_at, csrf_token, ip) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, s.id_hash).bind(2, user).bind(3, iso_utc(now)).bind(4, iso_utc(now)).bind(5, iso_utc(s.expires_at));
  st.bind(6, s.csrf_token).bind(7, ip).run();
  st.reset();
  tx.commit();
  return made;
}

std::optional<Session> UserStore::session_for(const std::string& token, TimePoint now) {
  if (!is_token_shape(token)) return std::nullopt;
  std::string id_hash = blake2b_hex(token);
  auto st = db_.prepare(
      "SELECT s.user, u.role, u.active, s.created_at, s.last_seen, s.expires_at, s.csrf_token, s.ip "
      "FROM sessions s JOIN users u ON u.name = s.user WHERE s.id_hash = ?");
  st.bind(1, id_hash);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  Session s;
  s.id_hash = id_hash;
  s.user = st.text(0);
  auto role = staff_role_from_name(st.text(1));
  bool active = st.integer(2) != 0;
  s.created_at = parse_iso_utc(st.text(3));
  s.last_seen = parse_iso_utc(st.text(4));
  s.expires_at = parse_iso_utc(st.text(5));
  s.csrf_token = st.text(6);
  s.ip = st.text(7);
  st.reset();
  bool live = role && active && now < s.expires_at && now - s.last_seen < sessions_.idle;
  if (!live) {
    auto del = db_.prepare("DELETE FROM sessions WHERE id_hash = ?");
    del.bind(1, id_hash).run();
    del.reset();
    return std::nullopt;
  }
  s.role = *role;
  s.last_seen = now;
  auto touch = db_.prepare("UPDATE sessions SET last_seen = ? WHERE id_hash = ?");
  touch.bind(1, iso_utc(now)).bind(2, id_hash).run();
  touch.reset();
  return s;
}

void UserStore::logout(const std::string& token, TimePoint now) {
  if (!is_token_shape(token)) return;
  std::string id_hash = blake2b_hex(token);
  sql::Transaction tx(db_);
  auto st = db_.prepare("SELECT s.user, u.role FROM sessions s JOIN users u ON u.name = s.user WHERE s.id_hash = ?");
  st.bind(1, id_hash);
  if (!st.step()) {
    st.reset();
    return;
  }
  std::string user = st.text(0);
  std::string role = st.text(1);
  st.reset();
  auto del = db_.prepare("DELETE FROM sessions WHERE id_hash = ?");
  del.bind(1, id_hash).run();
  del.reset();
  audit_.append(user, role, "logout", user, "", now);
  tx.commit();
}

int UserStore::end_sessions(const std::string& user) {
  auto del = db_.prepare("DELETE FROM sessions WHERE user = ?");
  del.bind(1, user).run();
  int n = db_.changes();
  del.reset();
  return n;
}

int UserStore::logout_everywhere(const std::string& user, const Actor& by, TimePoint now) {
  if (by.id != user) require_manage(by);
  sql::Transaction tx(db_);
  require_user(user);
  int ended = end_sessions(user);
  audit_.append(by.id, role_name(by.role), "logout.everywhere", user, "sessions ended=" + std::to_string(ended), now);
  tx.commit();
  return ended;
}

bool UserStore::check_csrf(const Session& session, const std::string& token) {
  return !session.csrf_token.empty() && constant_time_equal(session.csrf_token, token);
}

int UserStore::flush_throttled(TimePoint now) {
  const auto interval = throttle_.audit_interval.count() > 0 ? throttle_.audit_interval : std::chrono::seconds(1);
  // Rows whose interval has ended: window_start + interval <= now.
  const std::string ended_before = iso_utc(now - interval + std::chrono::seconds(1));
  auto any = db_.prepare("SELECT 1 FROM login_throttled WHERE window_start < ?1 LIMIT 1");
  any.bind(1, ended_before);
  const bool some = any.step();
  any.reset();
  if (!some) return 0;
  std::optional<sql::Transaction> tx;
  if (sqlite3_get_autocommit(db_.handle())) tx.emplace(db_);
  struct Count {
    std::string start, name, ip, first, last, until;
    int64_t attempts;
  };
  std::vector<Count> counts;
  auto st = db_.prepare(
      "SELECT window_start, name, ip, attempts, first_at, last_at, until FROM login_throttled "
      "WHERE window_start < ?1 ORDER BY window_start, name, ip");
  st.bind(1, ended_before);
  while (st.step()) {
    counts.push_back({st.text(0), st.text(1), st.text(2), st.text(4), st.text(5), st.text(6), st.integer(3)});
  }
  st.reset();
  for (const auto& c : counts) {
    audit_.append(c.name, "none", "login.throttled", c.name,
                  "ip=" + c.ip + " attempts=" + std::to_string(c.attempts) + " from=" + c.first + " to=" + c.last +
                      " until=" + c.until,
                  now);
  }
  auto del = db_.prepare("DELETE FROM login_throttled WHERE window_start < ?1");
  del.bind(1, ended_before).run();
  del.reset();
  if (tx) tx->commit();
  return static_cast<int>(counts.size());
}

long UserStore::prune(TimePoint now) {
  sql::Transaction tx(db_);
  flush_throttled(now);
  long n = 0;
  auto sessions = db_.prepare("DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen <= ?2");
  sessions.bind(1, iso_utc(now)).bind(2, iso_utc(now - sessions_.idle)).run();
  n += db_.changes();
  sessions.reset();
  auto attempts = db_.prepare("DELETE FROM login_attempts WHERE at < ?");
  attempts.bind(1, iso_utc(now - std::chrono::hours(24) - throttle_.window)).run();
  n += db_.changes();
  attempts.reset();
  tx.commit();
  return n;
}

}  // namespace monjo::archive
