// The reading room and the fee for copies in the core (archive/requests/reading_room.h,
// copy_fees.h): the shelf order of the retrieval list, monjo.conf's [reading_room] and
// [copy_fees], the fee estimate, and the booking rules on a moved clock (slots of today
// that have begun, closed days, seats, one booking at a time).
#include <catch2/catch.hpp>

#include "archive/base/config.h"
#include "archive/catalog/catalog.h"
#include "archive/requests/copy_fees.h"
#include "archive/requests/reading_room.h"
#include "test_support.h"

using namespace monjo::archive;

namespace {

TimePoint utc(const std::string& iso) {
  return parse_iso_utc(iso);
}

RetrievalRow row(const std::string& location, const std::string& call_number) {
  RetrievalRow r;
  r.location = location;
  r.call_number = call_number;
  return r;
}

struct Desk {
  Catalog catalog{":memory:"};
  AuditTrail audit{catalog.db()};
  RequestStore requests{catalog.db(), audit, DeadlineCalculator(OrdinanceConfig{}, ArchiveCalendar{})};
  ReadingRoom room;
  explicit Desk(ReadingRoomConfig config) : room(catalog.db(), audit, requests, std::move(config)) {
    catalog.insert(monjo::test::make_record("f", Level::Fonds, ""));
    catalog.insert(monjo::test::make_record("v1", Level::Volume, "f"));
  }
  // A viewing of v1 granted in full and notified on 2026-04-01.
  Receipt granted() {
    NewRequest n;
    n.record_ids = {"v1"};
    n.requester = {"相模 花子", "相模原市中央区1-2-3", "042-000-0000", "", "", false};
    const TimePoint t = utc("2026-04-01T01:00:00Z");
    Receipt r = requests.submit(n, t);
    const Actor officer{"off1", Role::Officer};
    requests.apply(r.receipt, RequestEvent::Accept, officer, "", t);
    ItemDecision d;
    d.record_id = "v1";
    requests.set_item_decision(r.receipt, d, officer, t);
    requests.apply(r.receipt, RequestEvent::Draft, officer, "", t);
    requests.apply(r.receipt, RequestEvent::Approve, Actor{"sup1", Role::Supervisor}, "", t);
    requests.apply(r.receipt, RequestEvent::Notify, officer, "", t);
    return r;
  }
};

BookingProblem refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const BookingRefused& e) {
    return e.problem();
  }
  FAIL("not refused");
  return BookingProblem::NotGranted;
}

}  // namespace

TEST_CASE("the retrieval list's shelf order compares digit runs as numbers, rows without a location last",
          "[reading-room]") {
  CHECK(natural_compare("第2書庫 1-1-1", "第10書庫 1-1-1") < 0);
  CHECK(natural_compare("第1書庫 3-2-5", "第1書庫 3-12-1") < 0);
  CHECK(natural_compare("第１書庫", "第2書庫") < 0);  // full-width digits count too
  CHECK(natural_compare("第01書庫", "第1書庫") == 0);
  CHECK(natural_compare("A-2", "A-2-1") < 0);
  std::vector<RetrievalRow> rows = {row("", "歴F-0001"), row("第10書庫 1-1-1", "歴F-0002"),
                                    row("第2書庫 1-1-1", "歴F-0010"), row("第2書庫 1-1-1", "歴F-0009")};
  std::sort(rows.begin(), rows.end(), shelf_order_less);
  CHECK(rows[0].call_number == "歴F-0009");
  CHECK(rows[1].call_number == "歴F-0010");
  CHECK(rows[2].call_number == "歴F-0002");
  CHECK(rows[3].call_number == "歴F-0001");
}

TEST_CASE("[reading_room] and [copy_fees] of monjo.conf, with their defaults", "[reading-room]") {
  const ReadingRoomConfig d = reading_room_config_from_ini({});
  REQUIRE(d.slots.size() == 3);
  CHECK(d.slots[0].code == "1000");
  CHECK(d.slots[0].label() == "10:00\u201312:00");
  CHECK(d.seats == 4);
  CHECK(d.lead_days == 1);
  CHECK(d.horizon_days == 60);
  const ReadingRoomConfig c = reading_room_config_from_ini({{"slots", "09:30-12:00 13:00-16:30"}, {"seats", "6"}});
  REQUIRE(c.slots.size() == 2);
  CHECK(c.slots[1].code == "1300");
  CHECK(c.slots[1].end_minute == 16 * 60 + 30);
  CHECK(c.seats == 6);
  CHECK_THROWS_AS(reading_room_config_from_ini({{"slots", "10:00-12:00 11:00-13:00"}}), InputError);
  CHECK_THROWS_AS(reading_room_config_from_ini({{"slots", "10-12"}}), InputError);
  CHECK_THROWS_AS(reading_room_config_from_ini({{"seats", "0"}}), InputError);
  CHECK_THROWS_AS(reading_room_config_from_ini({{"lead_days", "x"}}), InputError);

  const CopyFeeTable t = copy_fees_from_ini({});
  CHECK(t.paper_page_yen == 10);
  CHECK(t.electronic_file_yen == 100);
  CHECK(copy_fees_from_ini({{"paper_page_yen", "20"}}).paper_page_yen == 20);
  CHECK_THROWS_AS(copy_fees_from_ini({{"electronic_file_yen", "-1"}}), InputError);
}

TEST_CASE("the fee estimate counts the pages of the items granted, or one file each", "[reading-room]") {
  auto item = [](const std::string& id, std::optional<Decision> d) {
    RequestItem i;
    i.decision.record_id = id;
    i.decided = d.has_value();
    if (d) i.decision.decision = *d;
    return i;
  };
  const std::vector<RequestItem> items = {item("a", Decision::FullUse), item("b", Decision::PartialUse),
                                          item("c", Decision::NoUse), item("d", std::nullopt)};
  const std::map<std::string, std::optional<int>> pages = {{"a", 24}, {"b", 30}, {"c", 100}, {"d", 100}};
  const CopyFeeTable table;
  const CopyFeeEstimate paper = estimate_copy_fee(table, Medium::Paper, items, pages);
  CHECK(paper.items == 2);
  CHECK(paper.units == 54);
  CHECK(paper.total_yen == 540);
  CHECK(paper.complete);
  const CopyFeeEstimate files = estimate_copy_fee(table, Medium::Electronic, items, pages);
  CHECK(files.units == 2);
  CHECK(files.total_yen == 200);
  const CopyFeeEstimate unknown = estimate_copy_fee(table, Medium::Paper, items, {{"a", 24}});
  CHECK(unknown.total_yen == 240);
  CHECK_FALSE(unknown.complete);
  Record r;
  r.pages_from = 61;
  r.pages_to = 180;
  CHECK(catalogued_pages(r) == 120);
  r.extent_pages = 200;
  CHECK(catalogued_pages(r) == 200);
}

TEST_CASE("a booking takes a seat of an open day's slot that has not begun, one booking at a time", "[reading-room]") {
  ReadingRoomConfig config;
  config.seats = 1;
  config.lead_days = 0;
  config.horizon_days = 10;
  Desk desk(config);
  const Receipt a = desk.granted();
  const Receipt b = desk.granted();
  // Thursday 2026-04-09, 11:00 in Japan: the 10:00 slot has begun, 13:00 has not.
  const TimePoint now = utc("2026-04-09T02:00:00Z");
  const Ymd thu{2026, 4, 9};
  const auto days = desk.room.bookable_days(std::nullopt, now);
  REQUIRE(!days.empty());
  CHECK(days[0].day == thu);
  REQUIRE(days[0].slots.size() == 2);
  CHECK(days[0].slots[0].slot == "1300");
  CHECK(days[1].day == Ymd{2026, 4, 10});
  CHECK(days[2].day == Ymd{2026, 4, 13});  // the weekend is closed

  CHECK(refusal([&] { desk.room.book(a.receipt, a.token, thu, "1000", now); }) == BookingProblem::Past);
  CHECK(refusal([&] { desk.room.book(a.receipt, a.token, Ymd{2026, 4, 11}, "1000", now); }) == BookingProblem::Closed);
  CHECK(refusal([&] { desk.room.book(a.receipt, a.token, Ymd{2026, 4, 29}, "1000", now); }) == BookingProblem::TooFar);
  CHECK_THROWS_AS(desk.room.book(a.receipt, b.token, thu, "1300", now), NotFound);

  desk.room.book(a.receipt, a.token, thu, "1300", now);
  CHECK(refusal([&] { desk.room.book(b.receipt, b.token, thu, "1300", now); }) == BookingProblem::Full);
  CHECK(refusal([&] {
          desk.room.book(a.receipt, a.token, Ymd{2026, 4, 10}, "1000", now);
        }) == BookingProblem::AlreadyBooked);
  // Once the slot has begun it can no longer be cancelled; before, it can.
  CHECK(refusal([&] { desk.room.cancel(a.receipt, a.token, utc("2026-04-09T04:30:00Z")); }) == BookingProblem::Past);
  desk.room.cancel(a.receipt, a.token, now);
  desk.room.book(b.receipt, b.token, thu, "1300", now);
  CHECK(desk.room.active_booking(b.receipt)->slot == "1300");
  CHECK_FALSE(desk.room.active_booking(a.receipt));

  // The retrieval list is record_use's, and audited.
  CHECK_THROWS_AS(desk.room.retrieval_list(thu, Actor{"sup1", Role::Supervisor}, now), Forbidden);
  const RetrievalList list = desk.room.retrieval_list(thu, Actor{"arc1", Role::Archivist}, now);
  REQUIRE(list.rows.size() == 1);
  CHECK(list.rows[0].volume_id == "v1");
  CHECK(list.rows[0].receipt == b.receipt);
}

TEST_CASE("every declared [reading_room] and [copy_fees] key is read by its reader", "[reading-room][config]") {
  // As for [ordinance] (config_test.cc): a declared key that nothing reads would change nothing.
  for (const auto& k : config_keys()) {
    const std::string section = k.section;
    if (section != "reading_room" && section != "copy_fees") continue;
    INFO(k.key);
    const Config c = Config::parse("[" + section + "]\n" + k.key + " = ???\n", "monjo.conf");
    bool refused = false;
    try {
      if (section == "reading_room") reading_room_config_from_ini(c.section(section));
      if (section == "copy_fees") copy_fees_from_ini(c.section(section));
    } catch (const InputError& e) {
      refused = std::string(e.what()).find(k.key) != std::string::npos;
    }
    CHECK(refused);
  }
}
