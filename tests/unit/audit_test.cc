// The audit trail: entries chain by hash; SQL cannot change them while the triggers
// stand, and verify() names the first broken link when someone went around them.
#include <catch2/catch.hpp>

#include "archive/staff/audit.h"
#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"

using namespace monjo::archive;

namespace {

TimePoint at(const char* iso) {
  return parse_iso_utc(iso);
}

// A catalog in memory with five entries, seq 1…5.
struct Trail {
  Catalog catalog{":memory:"};
  AuditTrail audit{catalog.db()};
  Trail() {
    audit.append("suzuki", "admin", "user.create", "tanaka", "role=officer", at("2026-04-01T00:00:00Z"));
    audit.append("tanaka", "officer", "login", "tanaka", "ip=192.0.2.1", at("2026-04-01T00:05:00Z"));
    audit.append("tanaka", "officer", "request.accept", "R2026-000001", "", at("2026-04-01T00:10:00Z"));
    audit.append("tanaka", "officer", "request.requester_details", "R2026-000001", "", at("2026-04-01T00:11:00Z"));
    audit.append("tanaka", "officer", "logout", "tanaka", "", at("2026-04-01T00:20:00Z"));
  }
  // What someone with write access to the file could do: drop the guards.
  void drop_triggers() { catalog.db().exec("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"); }
};

}  // namespace

TEST_CASE("an intact audit trail verifies and reports its head", "[audit]") {
  Trail t;
  auto r = t.audit.verify();
  CHECK(r.ok);
  CHECK(r.entries == 5);
  CHECK(r.kind == AuditBreak::None);
  CHECK_FALSE(r.broken_seq);
  CHECK(r.head_hash == t.audit.list({}, 1).at(0).hash);
}

TEST_CASE("an empty audit trail verifies", "[audit]") {
  Catalog catalog(":memory:");
  AuditTrail audit(catalog.db());
  auto r = audit.verify();
  CHECK(r.ok);
  CHECK(r.entries == 0);
  CHECK(r.head_hash.empty());
}

TEST_CASE("each entry links to the previous one by hash, starting from the genesis hash", "[audit]") {
  Trail t;
  auto entries = t.audit.list({}, 10);
  REQUIRE(entries.size() == 5);
  CHECK(entries.back().seq == 1);
  CHECK(entries.back().prev_hash == AuditTrail::kGenesisHash);
  for (size_t i = 0; i + 1 < entries.size(); ++i) {
    CHECK(entries[i].prev_hash == entries[i + 1].hash);
    CHECK(entries[i].seq == entries[i + 1].seq + 1);
  }
  CHECK(entries.front().hash == AuditTrail::entry_hash(entries.front()));
  CHECK(entries.front().hash.size() == 64);
  CHECK(entries.front().at == "2026-04-01T00:20:00Z");
}

TEST_CASE("the canonical serialisation keeps field boundaries", "[audit]") {
  AuditEntry a;
  a.seq = 1;
  a.actor = "ab";
  a.role = "c";
  AuditEntry b = a;
  b.actor = "a";
  b.role = "bc";
  CHECK(AuditTrail::entry_hash(a) != AuditTrail::entry_hash(b));
}

TEST_CASE("the triggers refuse UPDATE and DELETE on the audit table", "[audit]") {
  Trail t;
  CHECK_THROWS_WITH(t.catalog.db().exec("UPDATE audit SET detail = 'x' WHERE seq = 2"), Catch::Contains("append-only"));
  CHECK_THROWS_WITH(t.catalog.db().exec("DELETE FROM audit WHERE seq = 2"), Catch::Contains("append-only"));
  CHECK_THROWS_WITH(t.catalog.db().exec("DELETE FROM audit"), Catch::Contains("append-only"));
  CHECK(t.audit.count() == 5);
  CHECK(t.audit.verify().ok);
}

TEST_CASE("an edited entry is detected at its seq", "[audit]") {
  Trail t;
  t.drop_triggers();
  t.catalog.db().exec("UPDATE audit SET actor = 'someone-else' WHERE seq = 3");
  auto r = t.audit.verify();
  CHECK_FALSE(r.ok);
  CHECK(r.kind == AuditBreak::Edited);
  CHECK(r.broken_seq == 3);
  CHECK_THAT(r.why, Catch::Contains("edited"));
}

TEST_CASE("an edited last entry is detected even when its hash was recomputed", "[audit]") {
  Trail t;
  t.drop_triggers();
  auto last = t.audit.list({}, 1).at(0);
  last.detail = "nothing happened";
  std::string forged = AuditTrail::entry_hash(last);
  auto st = t.catalog.db().prepare("UPDATE audit SET detail = ?, hash = ? WHERE seq = 5");
  st.bind(1, last.detail).bind(2, forged).run();
  st.reset();
  auto r = t.audit.verify();
  CHECK_FALSE(r.ok);
  CHECK(r.broken_seq == 5);
}

TEST_CASE("a deleted entry is detected at the missing seq", "[audit]") {
  Trail t;
  t.drop_triggers();
  t.catalog.db().exec("DELETE FROM audit WHERE seq = 2");
  auto r = t.audit.verify();
  CHECK_FALSE(r.ok);
  CHECK(r.kind == AuditBreak::Deleted);
  CHECK(r.broken_seq == 2);
  CHECK_THAT(r.why, Catch::Contains("missing"));
}

TEST_CASE("a deleted entry is detected when the rest were renumbered to close the gap", "[audit]") {
  Trail t;
  t.drop_triggers();
  t.catalog.db().exec(
      "DELETE FROM audit WHERE seq = 2;"
      "UPDATE audit SET seq = seq - 1 WHERE seq > 2;");
  auto r = t.audit.verify();
  CHECK_FALSE(r.ok);
  CHECK(r.kind == AuditBreak::Deleted);
  CHECK(r.broken_seq == 2);
}

TEST_CASE("entries removed from the end are detected against the recorded head", "[audit]") {
  Trail t;
  t.drop_triggers();
  t.catalog.db().exec("DELETE FROM audit WHERE seq >= 4");
  auto r = t.audit.verify();
  CHECK_FALSE(r.ok);
  CHECK(r.kind == AuditBreak::Truncated);
  CHECK(r.broken_seq == 4);
}

TEST_CASE("two swapped entries are detected as reordered at the first of them", "[audit]") {
  Trail t;
  t.drop_triggers();
  t.catalog.db().exec(
      "UPDATE audit SET seq = -3 WHERE seq = 3;"
      "UPDATE audit SET seq = 3 WHERE seq = 4;"
      "UPDATE audit SET seq = 4 WHERE seq = -3;");
  auto r = t.audit.verify();
  CHECK_FALSE(r.ok);
  CHECK(r.kind == AuditBreak::Reordered);
  CHECK(r.broken_seq == 3);
  CHECK_THAT(r.why, Catch::Contains("reordered"));
}

TEST_CASE("appending after verification continues the chain", "[audit]") {
  Trail t;
  auto e = t.audit.append("sato", "supervisor", "request.approve", "R2026-000001", "", at("2026-04-02T01:00:00Z"));
  CHECK(e.seq == 6);
  CHECK(t.audit.verify().ok);
}

TEST_CASE("an audit entry appended inside a transaction that rolls back leaves no trace", "[audit]") {
  Trail t;
  {
    sql::Transaction tx(t.catalog.db());
    t.audit.append("sato", "supervisor", "request.approve", "R2026-000001", "");
  }
  CHECK(t.audit.count() == 5);
  CHECK(t.audit.verify().ok);
}

TEST_CASE("the audit list filters by actor, action, action prefix, target and time", "[audit]") {
  Trail t;
  CHECK(t.audit.count() == 5);
  AuditFilter by_actor;
  by_actor.actor = "suzuki";
  CHECK(t.audit.count(by_actor) == 1);
  AuditFilter by_action;
  by_action.action = "login";
  CHECK(t.audit.count(by_action) == 1);
  AuditFilter by_prefix;
  by_prefix.action = "request.";
  CHECK(t.audit.count(by_prefix) == 2);
  AuditFilter by_target;
  by_target.target = "R2026-000001";
  CHECK(t.audit.count(by_target) == 2);
  AuditFilter by_time;
  by_time.since = "2026-04-01T00:05:00Z";
  by_time.until = "2026-04-01T00:11:00Z";
  CHECK(t.audit.count(by_time) == 3);
  auto page = t.audit.list({}, 2, 1);
  REQUIRE(page.size() == 2);
  CHECK(page[0].seq == 4);
  CHECK(page[1].seq == 3);
}

TEST_CASE("an audit entry needs an actor and an action", "[audit]") {
  Trail t;
  CHECK_THROWS_AS(t.audit.append("", "admin", "login", "x", ""), InputError);
  CHECK_THROWS_AS(t.audit.append("x", "admin", "", "x", ""), InputError);
}

TEST_CASE("UTC timestamps round-trip and map onto the Japanese day", "[audit]") {
  auto t = parse_iso_utc("2026-03-31T15:00:00Z");
  CHECK(iso_utc(t) == "2026-03-31T15:00:00Z");
  CHECK(japan_day(t) == Ymd{2026, 4, 1});
  CHECK(japan_day(parse_iso_utc("2026-03-31T14:59:59Z")) == Ymd{2026, 3, 31});
  CHECK(iso_utc(japan_midnight(Ymd{2026, 4, 1})) == "2026-03-31T15:00:00Z");
  CHECK_THROWS_AS(parse_iso_utc("2026-02-30T00:00:00Z"), InputError);
  CHECK_THROWS_AS(parse_iso_utc("2026-03-31 15:00:00"), InputError);
}
