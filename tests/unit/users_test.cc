// Staff accounts and sessions: argon2id hashes, login throttling, session timeouts,
// rotation at login, logout everywhere, CSRF, and the audit entries they leave.
#include <catch2/catch.hpp>

#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "archive/staff/users.h"

using namespace monjo::archive;
using namespace std::chrono_literals;

namespace {

const Actor kAdmin{"root-admin", Role::Admin};
const TimePoint kT0 = parse_iso_utc("2026-04-01T00:00:00Z");

struct Staff {
  Catalog catalog{":memory:"};
  AuditTrail audit{catalog.db()};
  UserStore users{catalog.db(), audit, PasswordCost::minimum()};
  Staff() {
    users.create_user("tanaka", Role::Officer, "correct horse battery", kAdmin, kT0);
    users.create_user("sato", Role::Supervisor, "sato's long secret", kAdmin, kT0);
  }
  long audited(const std::string& action) {
    AuditFilter f;
    f.action = action;
    return audit.count(f);
  }
};

}  // namespace

TEST_CASE("passwords are stored as argon2id hashes, never in clear", "[users]") {
  Staff s;
  auto st = s.catalog.db().prepare("SELECT password_hash FROM users WHERE name = 'tanaka'");
  REQUIRE(st.step());
  std::string hash = st.text(0);
  st.reset();
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find("correct horse") == std::string::npos);
}

TEST_CASE("the interactive password cost is libsodium's INTERACTIVE limits", "[users]") {
  auto cost = PasswordCost::interactive();
  CHECK(cost.opslimit >= 2);
  CHECK(cost.memlimit >= 64u * 1024 * 1024);
}

TEST_CASE("the right password logs in and the wrong one fails", "[users]") {
  Staff s;
  auto ok = s.users.authenticate("tanaka", "correct horse battery", "192.0.2.1", kT0 + 1min);
  CHECK(ok.outcome == AuthOutcome::Ok);
  REQUIRE(ok.user);
  CHECK(ok.user->role == Role::Officer);
  auto bad = s.users.authenticate("tanaka", "correct horse batterY", "192.0.2.1", kT0 + 2min);
  CHECK(bad.outcome == AuthOutcome::Failed);
  CHECK_FALSE(bad.user);
  CHECK(s.users.authenticate("nobody", "correct horse battery", "192.0.2.1", kT0 + 3min).outcome ==
        AuthOutcome::Failed);
  CHECK(s.users.authenticate("", "", "192.0.2.1", kT0 + 4min).outcome == AuthOutcome::Failed);
  CHECK(s.audited("login") == 1);
  CHECK(s.audited("login.failed") == 3);
}

TEST_CASE("account changes are validated", "[users]") {
  Staff s;
  CHECK_THROWS_AS(s.users.create_user("tanaka", Role::Officer, "another password", kAdmin, kT0), Conflict);
  CHECK_THROWS_AS(s.users.create_user("bad name", Role::Officer, "another password", kAdmin, kT0), InputError);
  CHECK_THROWS_AS(s.users.create_user("citizen1", Role::Citizen, "another password", kAdmin, kT0), InputError);
  CHECK_THROWS_AS(s.users.create_user("short", Role::Officer, "1234567", kAdmin, kT0), InputError);
  CHECK_THROWS_AS(s.users.create_user("x", Role::Officer, "another password", Actor{"tanaka", Role::Officer}, kT0),
                  Forbidden);
  CHECK_THROWS_AS(s.users.deactivate("nobody", kAdmin, kT0), NotFound);
  CHECK(s.users.list().size() == 2);
  CHECK(s.audited("user.create") == 2);
}

TEST_CASE("a user may change their own password, not someone else's", "[users]") {
  Staff s;
  s.users.set_password("tanaka", "a brand new password", Actor{"tanaka", Role::Officer}, kT0 + 1min);
  CHECK_THROWS_AS(s.users.set_password("sato", "a brand new password", Actor{"tanaka", Role::Officer}, kT0 + 1min),
                  Forbidden);
  CHECK(s.users.authenticate("tanaka", "correct horse battery", "192.0.2.1", kT0 + 2min).outcome ==
        AuthOutcome::Failed);
  CHECK(s.users.authenticate("tanaka", "a brand new password", "192.0.2.1", kT0 + 3min).ok());
  CHECK(s.audited("user.password") == 1);
}

TEST_CASE("a disabled account cannot log in and loses its sessions", "[users]") {
  Staff s;
  auto session = s.users.create_session("tanaka", "192.0.2.1", kT0);
  s.users.deactivate("tanaka", kAdmin, kT0 + 1min);
  CHECK_FALSE(s.users.session_for(session.token, kT0 + 2min));
  CHECK(s.users.authenticate("tanaka", "correct horse battery", "192.0.2.1", kT0 + 3min).outcome ==
        AuthOutcome::Failed);
  CHECK_THROWS_AS(s.users.create_session("tanaka", "192.0.2.1", kT0 + 4min), Forbidden);
  CHECK_FALSE(s.users.find("tanaka")->active);
  s.users.reactivate("tanaka", kAdmin, kT0 + 5min);
  CHECK(s.users.authenticate("tanaka", "correct horse battery", "192.0.2.1", kT0 + 6min).ok());
}

TEST_CASE("five failures for an account refuse the sixth attempt, right password included, until the window passes",
          "[users]") {
  Staff s;
  for (int i = 0; i < 5; ++i) {
    INFO("attempt " << i + 1);
    CHECK(s.users.authenticate("tanaka", "wrong", "192.0.2." + std::to_string(i), kT0 + i * 1min).outcome ==
          AuthOutcome::Failed);
  }
  auto sixth = s.users.authenticate("tanaka", "correct horse battery", "198.51.100.7", kT0 + 5min);
  CHECK(sixth.outcome == AuthOutcome::Throttled);
  REQUIRE(sixth.retry_after);
  CHECK(*sixth.retry_after == kT0 + 15min);
  // Still refused just before the first failure leaves the window.
  CHECK(s.users.authenticate("tanaka", "correct horse battery", "198.51.100.7", kT0 + 15min - 1s).outcome ==
        AuthOutcome::Throttled);
  // Other accounts are not affected.
  CHECK(s.users.authenticate("sato", "sato's long secret", "198.51.100.7", kT0 + 6min).ok());
  CHECK(s.users.authenticate("tanaka", "correct horse battery", "198.51.100.7", kT0 + 15min).ok());
  // The two refused attempts fell in one interval: one entry with their count,
  // written once the interval was over (by the next attempt).
  CHECK(s.audited("login.throttled") == 1);
  const auto entries = s.audit.list({"", "login.throttled", "", "", ""});
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].target == "tanaka");
  CHECK_THAT(entries[0].detail, Catch::Contains("ip=198.51.100.7 attempts=2"));
}

TEST_CASE("a thousand refused attempts make one audit entry per account, address and interval", "[users]") {
  Staff s;
  for (int i = 0; i < 5; ++i) s.users.authenticate("tanaka", "wrong", "203.0.113.5", kT0 + i * 1s);
  const long before = s.audit.count();
  for (int i = 0; i < 1000; ++i) {
    CHECK(s.users.authenticate("tanaka", "correct horse battery", "203.0.113.5", kT0 + 10s + i * 100ms).outcome ==
          AuthOutcome::Throttled);
  }
  // Nothing yet: the interval is still running.
  CHECK(s.audit.count() == before);
  CHECK(s.users.flush_throttled(kT0 + 15min) == 1);
  CHECK(s.audit.count() == before + 1);
  const auto entries = s.audit.list({"", "login.throttled", "", "", ""});
  REQUIRE(entries.size() == 1);
  CHECK_THAT(entries[0].detail, Catch::Contains("attempts=1000"));
  CHECK(s.users.flush_throttled(kT0 + 1h) == 0);

  // Many names from one throttled address: counted under "*", one entry.
  for (int i = 0; i < 20; ++i) s.users.authenticate("guess" + std::to_string(i), "x", "198.51.100.9", kT0 + 1h + i * 1s);
  const long mid = s.audit.count();
  for (int i = 0; i < 300; ++i) s.users.authenticate("name" + std::to_string(i), "x", "198.51.100.9", kT0 + 1h + 30s);
  CHECK(s.users.prune(kT0 + 2h) >= 0);
  CHECK(s.audit.count() == mid + 1);
  CHECK_THAT(s.audit.list({"", "login.throttled", "", "", ""}, 1)[0].detail, Catch::Contains("attempts=300"));
}

TEST_CASE("a successful login restarts the account's failure count", "[users]") {
  Staff s;
  for (int i = 0; i < 4; ++i) s.users.authenticate("tanaka", "wrong", "192.0.2.1", kT0 + i * 1s);
  CHECK(s.users.authenticate("tanaka", "correct horse battery", "192.0.2.1", kT0 + 10s).ok());
  CHECK(s.users.authenticate("tanaka", "wrong", "192.0.2.1", kT0 + 20s).outcome == AuthOutcome::Failed);
  CHECK(s.users.authenticate("tanaka", "correct horse battery", "192.0.2.1", kT0 + 30s).ok());
}

TEST_CASE("twenty failures from one address refuse further attempts from it for any account", "[users]") {
  Staff s;
  for (int i = 0; i < 20; ++i) {
    s.users.authenticate("guess" + std::to_string(i % 5) + "-" + std::to_string(i), "wrong", "203.0.113.9",
                         kT0 + i * 10s);
  }
  CHECK(s.users.authenticate("sato", "sato's long secret", "203.0.113.9", kT0 + 5min).outcome ==
        AuthOutcome::Throttled);
  CHECK(s.users.authenticate("sato", "sato's long secret", "192.0.2.44", kT0 + 5min).ok());
  CHECK(s.users.authenticate("sato", "sato's long secret", "203.0.113.9", kT0 + 15min + 10s).ok());
}

TEST_CASE("every login opens a session with a new token; a token planted before login never becomes valid", "[users]") {
  Staff s;
  std::string planted = std::string(64, 'a');  // an attacker's fixed token
  REQUIRE(s.users.authenticate("tanaka", "correct horse battery", "192.0.2.1", kT0).ok());
  auto first = s.users.create_session("tanaka", "192.0.2.1", kT0, planted);
  CHECK(first.token != planted);
  CHECK(first.token.size() == 64);
  CHECK_FALSE(s.users.session_for(planted, kT0 + 1s));
  // Logging in again from the same browser rotates the token: the old one ends.
  auto second = s.users.create_session("tanaka", "192.0.2.1", kT0 + 1min, first.token);
  CHECK(second.token != first.token);
  CHECK_FALSE(s.users.session_for(first.token, kT0 + 2min));
  auto live = s.users.session_for(second.token, kT0 + 2min);
  REQUIRE(live);
  CHECK(live->user == "tanaka");
  CHECK(live->role == Role::Officer);
}

TEST_CASE("only the hash of a session token is stored", "[users]") {
  Staff s;
  auto made = s.users.create_session("tanaka", "192.0.2.1", kT0);
  auto st = s.catalog.db().prepare("SELECT count(*) FROM sessions WHERE id_hash = ?");
  st.bind(1, made.token);
  st.step();
  CHECK(st.integer(0) == 0);
  st.reset();
  CHECK(made.session.id_hash != made.token);
}

TEST_CASE("a session ends after 30 idle minutes", "[users]") {
  Staff s;
  auto made = s.users.create_session("tanaka", "192.0.2.1", kT0);
  CHECK(s.users.session_for(made.token, kT0 + 29min));
  CHECK(s.users.session_for(made.token, kT0 + 58min));  // 29 minutes after the last use
  CHECK_FALSE(s.users.session_for(made.token, kT0 + 88min + 1s));
  CHECK_FALSE(s.users.session_for(made.token, kT0 + 89min));  // gone for good
}

TEST_CASE("a session ends 8 hours after login however busy", "[users]") {
  Staff s;
  auto made = s.users.create_session("tanaka", "192.0.2.1", kT0);
  for (auto t = kT0 + 20min; t < kT0 + 8h; t += 20min) {
    REQUIRE(s.users.session_for(made.token, t));
  }
  CHECK_FALSE(s.users.session_for(made.token, kT0 + 8h));
}

TEST_CASE("logout ends one session, logout everywhere ends them all", "[users]") {
  Staff s;
  auto a = s.users.create_session("tanaka", "192.0.2.1", kT0);
  auto b = s.users.create_session("tanaka", "192.0.2.2", kT0);
  auto c = s.users.create_session("tanaka", "192.0.2.3", kT0);
  auto other = s.users.create_session("sato", "192.0.2.4", kT0);
  s.users.logout(a.token, kT0 + 1min);
  CHECK_FALSE(s.users.session_for(a.token, kT0 + 2min));
  CHECK(s.users.session_for(b.token, kT0 + 2min));
  CHECK(s.users.logout_everywhere("tanaka", Actor{"tanaka", Role::Officer}, kT0 + 3min) == 2);
  CHECK_FALSE(s.users.session_for(b.token, kT0 + 4min));
  CHECK_FALSE(s.users.session_for(c.token, kT0 + 4min));
  CHECK(s.users.session_for(other.token, kT0 + 4min));
  CHECK_THROWS_AS(s.users.logout_everywhere("sato", Actor{"tanaka", Role::Officer}, kT0 + 5min), Forbidden);
  CHECK(s.audited("logout") == 1);
  CHECK(s.audited("logout.everywhere") == 1);
}

TEST_CASE("changing a password ends the account's sessions", "[users]") {
  Staff s;
  auto a = s.users.create_session("tanaka", "192.0.2.1", kT0);
  s.users.set_password("tanaka", "a brand new password", kAdmin, kT0 + 1min);
  CHECK_FALSE(s.users.session_for(a.token, kT0 + 2min));
}

TEST_CASE("the CSRF token must match the session's exactly", "[users]") {
  Staff s;
  auto made = s.users.create_session("tanaka", "192.0.2.1", kT0);
  auto live = s.users.session_for(made.token, kT0 + 1s);
  REQUIRE(live);
  CHECK(live->csrf_token.size() == 64);
  CHECK(live->csrf_token != made.token);
  CHECK(UserStore::check_csrf(*live, live->csrf_token));
  std::string wrong = live->csrf_token;
  wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
  CHECK_FALSE(UserStore::check_csrf(*live, wrong));
  CHECK_FALSE(UserStore::check_csrf(*live, ""));
  CHECK_FALSE(UserStore::check_csrf(*live, live->csrf_token.substr(0, 63)));
  auto other = s.users.create_session("tanaka", "192.0.2.1", kT0);
  CHECK_FALSE(UserStore::check_csrf(*live, other.session.csrf_token));
}

TEST_CASE("malformed session tokens find nothing", "[users]") {
  Staff s;
  CHECK_FALSE(s.users.session_for("", kT0));
  CHECK_FALSE(s.users.session_for("' OR 1=1 --", kT0));
  CHECK_FALSE(s.users.session_for(std::string(64, 'Z'), kT0));
}

TEST_CASE("account changes and logins leave an intact audit trail", "[users]") {
  Staff s;
  s.users.authenticate("tanaka", "correct horse battery", "192.0.2.1", kT0 + 1min);
  s.users.authenticate("tanaka", "wrong", "192.0.2.1", kT0 + 2min);
  s.users.set_role("tanaka", Role::Supervisor, kAdmin, kT0 + 3min);
  s.users.deactivate("sato", kAdmin, kT0 + 4min);
  auto entries = s.audit.list({}, 10);
  REQUIRE(entries.size() == 6);
  CHECK(entries[0].action == "user.deactivate");
  CHECK(entries[0].actor == "root-admin");
  CHECK(entries[0].target == "sato");
  CHECK(entries[1].action == "user.role");
  CHECK(entries[2].action == "login.failed");
  CHECK_THAT(entries[2].detail, Catch::Contains("192.0.2.1"));
  CHECK(entries[3].action == "login");
  CHECK(s.audit.verify().ok);
}
