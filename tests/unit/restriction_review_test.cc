// The review store as the staff review page uses it (archive/requests/review.h):
// changing a restriction's class, the hold a listing shows, a held record refused
// before "not due", and each function inside the caller's transaction (rolled back
// with it, committed with it).
#include <catch2/catch.hpp>

#include "archive/base/errors.h"
#include "archive/base/sqlite.h"
#include "archive/catalog/access_judgements.h"
#include "archive/catalog/catalog.h"
#include "archive/requests/review.h"
#include "archive/staff/audit.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using namespace std::chrono_literals;

namespace {

const Actor kReviewer{"kimura", Role::Archivist};

Ymd day(const char* iso) {
  return *Ymd::parse_iso(iso);
}
TimePoint at_10(const char* iso) {
  return japan_midnight(day(iso)) + 10h;
}

Access withheld(AccessStatus status, std::vector<std::string> grounds, const std::string& until) {
  Access a;
  a.status = status;
  a.grounds = std::move(grounds);
  a.until = until;
  a.reason = "目録上の理由";
  return a;
}

struct Shelf {
  Catalog catalog{":memory:"};
  AuditTrail audit{catalog.db()};
  Shelf() {
    catalog.insert(monjo::test::make_record("f", Level::Fonds, ""));
    Record a = monjo::test::make_record("a", Level::Item, "f");
    a.access = withheld(AccessStatus::Restricted, {"personal"}, "2020-03-31");
    catalog.insert(a);
    Record b = monjo::test::make_record("b", Level::Item, "f");
    b.access = withheld(AccessStatus::Closed, {"personal", "security"}, "2021-03-31");
    catalog.insert(b);
    catalog.insert(monjo::test::make_record("c", Level::Item, "f"));  // inherits open
  }
  long audit_count(const std::string& action) {
    auto st = catalog.db().prepare("SELECT count(*) FROM audit WHERE action = ?");
    st.bind(1, action);
    st.step();
    const long n = st.integer(0);
    st.reset();
    return n;
  }
};

}  // namespace

TEST_CASE("a review changes a restriction's class and grounds, held until the new date and audited",
          "[review][review-page]") {
  Shelf s;
  const uint64_t before = s.catalog.generation();
  auto out = change_restriction(s.catalog, s.audit, "a",
                                withheld(AccessStatus::Closed, {"personal", "security"}, "2036-03-31"),
                                "軍歴の記載が判明", kReviewer, at_10("2026-12-03"));
  CHECK(out.restricted == 1);
  CHECK(out.root_ids == std::vector<std::string>{"f"});
  CHECK(out.generation_before == before);
  CHECK(s.catalog.generation() == before + 1);
  const auto a = s.catalog.get("a")->access;
  CHECK(a->status == AccessStatus::Closed);
  CHECK(a->grounds == std::vector<std::string>{"personal", "security"});
  CHECK(a->until == "2036-03-31");
  CHECK(a->reason == "軍歴の記載が判明");
  const auto hold = find_hold(s.catalog.db(), "a");
  REQUIRE(hold);
  CHECK(hold->source == "review");
  CHECK(hold->review_on == "2036-03-31");
  CHECK(s.audit_count("catalog.review") == 1);
  const auto entries = s.audit.list({});
  CHECK_THAT(entries.back().detail, Catch::Contains("changed restricted (personal) → closed (personal security)"));
  // Not due any more: the listing as of today leaves it out.
  for (const auto& l : find_lapsed(s.catalog, day("2026-12-03"))) CHECK(l.id != "a");

  SECTION("empty grounds keep the record's own") {
    change_restriction(s.catalog, s.audit, "b", withheld(AccessStatus::Review, {}, "2030-01-01"), "再審査へ", kReviewer,
                       at_10("2026-12-03"));
    CHECK(s.catalog.get("b")->access->status == AccessStatus::Review);
    CHECK(s.catalog.get("b")->access->grounds == std::vector<std::string>{"personal", "security"});
  }
}

TEST_CASE("a change of class is refused when nothing changes, nothing is stated, or the date or reason is wrong",
          "[review][review-page]") {
  Shelf s;
  const auto now = at_10("2026-12-03");
  const uint64_t before = s.catalog.generation();
  // Same class and grounds: that is a keep.
  CHECK_THROWS_AS(change_restriction(s.catalog, s.audit, "a", withheld(AccessStatus::Restricted, {}, "2030-01-01"),
                                     "同じ", kReviewer, now),
                  InputError);
  CHECK_THROWS_AS(
      change_restriction(s.catalog, s.audit, "c", withheld(AccessStatus::Closed, {"personal"}, "2030-01-01"),
                         "継承のみ", kReviewer, now),
      InputError);
  CHECK_THROWS_AS(change_restriction(s.catalog, s.audit, "a", withheld(AccessStatus::Closed, {}, "2026-12-03"), "今日",
                                     kReviewer, now),
                  InputError);
  CHECK_THROWS_AS(change_restriction(s.catalog, s.audit, "a", withheld(AccessStatus::Closed, {}, "2030-01-01"), " ",
                                     kReviewer, now),
                  InputError);
  CHECK_THROWS_AS(change_restriction(s.catalog, s.audit, "a", withheld(AccessStatus::Open, {}, "2030-01-01"), "公開",
                                     kReviewer, now),
                  InputError);
  CHECK_THROWS_AS(
      change_restriction(s.catalog, s.audit, "a", withheld(AccessStatus::Closed, {"nonsense"}, "2030-01-01"), "不明",
                         kReviewer, now),
      InputError);
  CHECK_THROWS_AS(change_restriction(s.catalog, s.audit, "zz", withheld(AccessStatus::Closed, {}, "2030-01-01"), "なし",
                                     kReviewer, now),
                  NotFound);
  CHECK(s.catalog.generation() == before);
  CHECK(s.catalog.get("a")->access->status == AccessStatus::Restricted);
  CHECK(s.audit_count("catalog.review") == 0);
}

TEST_CASE("the due listing shows the hold on a record, and opening a held record names the hold",
          "[review][review-page]") {
  Shelf s;
  // Kept until 2027-01-10: listed among the restrictions due within three months.
  keep_restriction(s.catalog, s.audit, "a", withheld(AccessStatus::Restricted, {}, "2027-01-10"), "存命の遺族あり",
                   kReviewer, at_10("2026-12-03"));
  auto listed = find_lapsed(s.catalog, day("2027-03-04"));
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == "b");
  CHECK_FALSE(listed[0].hold);
  CHECK(listed[1].id == "a");
  REQUIRE(listed[1].hold);
  CHECK(listed[1].hold->review_on == "2027-01-10");
  CHECK(listed[1].hold->source == "review");
  // Opening it before that day: the hold is the reason given, not "not due".
  try {
    open_restrictions(s.catalog, s.audit, {"a"}, day("2026-12-03"), "公開可", kReviewer, at_10("2026-12-03"));
    FAIL("a held record was opened");
  } catch (const Conflict& e) {
    CHECK_THAT(e.what(), Catch::Contains("until 2027-01-10"));
  }
}

TEST_CASE("the review functions run inside the caller's transaction: rolled back or committed with it",
          "[review][review-page]") {
  Shelf s;
  const uint64_t before = s.catalog.generation();
  {
    sql::Transaction tx(s.catalog.db());
    auto out = open_restrictions(s.catalog, s.audit, {"a", "b"}, day("2026-12-03"), "期間満了", kReviewer,
                                 at_10("2026-12-03"));
    CHECK(out.lifted == 2);
    CHECK(s.catalog.get("a")->access->status == AccessStatus::Open);  // seen inside
    // Not committed: the destructor rolls back.
  }
  CHECK(s.catalog.get("a")->access->status == AccessStatus::Restricted);
  CHECK(s.catalog.generation() == before);
  CHECK(s.audit_count("catalog.review") == 0);
  {
    sql::Transaction tx(s.catalog.db());
    keep_restriction(s.catalog, s.audit, "b", withheld(AccessStatus::Closed, {}, "2031-04-01"), "存命者あり", kReviewer,
                     at_10("2026-12-03"));
    tx.commit();
  }
  CHECK(s.catalog.get("b")->access->until == "2031-04-01");
  CHECK(s.audit_count("catalog.review") == 1);
  CHECK(s.audit.verify().ok);
  // A refusal inside the caller's transaction leaves it to the caller, who rolls back.
  {
    sql::Transaction tx(s.catalog.db());
    CHECK_THROWS_AS(open_restrictions(s.catalog, s.audit, {"a", "c"}, day("2026-12-03"), "期間満了", kReviewer,
                                      at_10("2026-12-03")),
                    Conflict);
  }
  CHECK(s.catalog.get("a")->access->status == AccessStatus::Restricted);
}

TEST_CASE("the review listing comes in pages with the counts of the whole", "[review][review-page]") {
  Shelf s;
  // Five more, due in 2022…2026 (one not yet due on 2026-06-01).
  for (int i = 0; i < 5; ++i) {
    Record r = monjo::test::make_record("d" + std::to_string(i), Level::Item, "f");
    r.access = withheld(AccessStatus::Review, {"personal"}, std::to_string(2022 + i) + "-09-30");
    s.catalog.insert(r);
  }
  const Ymd today = day("2026-06-01");
  const Ymd ahead = day("2027-01-01");
  auto all = find_lapsed_page(s.catalog, ahead, today, 0, -1);
  CHECK(all.total == 7);
  CHECK(all.due == 6);
  REQUIRE(all.rows.size() == 7);
  CHECK(all.rows.front().id == "a");
  CHECK(all.rows.back().id == "d4");

  auto second = find_lapsed_page(s.catalog, ahead, today, 3, 3);
  CHECK(second.total == 7);
  CHECK(second.due == 6);
  REQUIRE(second.rows.size() == 3);
  CHECK(second.rows[0].id == all.rows[3].id);
  CHECK(second.rows[2].id == all.rows[5].id);
  CHECK(find_lapsed_page(s.catalog, ahead, today, 9, 3).rows.empty());
  // The listing of everything is the same as the unpaged one.
  const auto unpaged = find_lapsed(s.catalog, ahead);
  REQUIRE(unpaged.size() == 7);
  CHECK(unpaged[6].id == "d4");
}
