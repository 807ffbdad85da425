// After the decision, over real HTTP (docs/requests.md, "After the decision"): a
// requester whose viewing was granted books a reading-room slot from the status page
// and cancels it; a full slot, a closed day, a past day and a day too soon are
// refused; concurrent bookings never take more seats than the slot has; the status
// link of one request cannot book or cancel for another; staff print the day's
// retrieval list in shelf order with call numbers and locations; copies show the fee
// from monjo.conf's table; the appeal form comes after the decisions.
// The staff side moves requests on through the store, on the server's catalog file.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "archive/catalog/catalog.h"
#include "archive/dates/calendar.h"
#include "archive/requests/request_store.h"
#include "harness.h"
#include "serve_harness.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using nlohmann::json;
namespace ar = monjo::archive;

// The days the tests book: open days of the configured calendar from tomorrow
// (lead_days = 1), and a closure the configuration adds between the first two.
struct Days {
  ar::Ymd today;
  ar::Ymd closure;            // a 館内整理日 of monjo.conf
  std::vector<ar::Ymd> open;  // open days from today + 1, the closure skipped
  std::string conf;

  Days() {
    today = ar::japan_day(ar::now_seconds());
    const ar::ArchiveCalendar plain;
    ar::Ymd d = plain.next_open_day(ar::add_days(today, 1));
    const ar::Ymd first = d;
    closure = plain.next_open_day(ar::add_days(first, 1));
    conf = "[ordinance]\nclosures = " + closure.iso() +
           " 館内整理日\n\n[reading_room]\nslots = 10:00-12:00 13:00-15:00\nseats = 2\nlead_days = 1\n"
           "horizon_days = 40\n\n[copy_fees]\npaper_page_yen = 10\nelectronic_file_yen = 200\n";
    ar::CalendarConfig config;
    config.closures.push_back({closure, closure, "館内整理日"});
    const ar::ArchiveCalendar calendar(config);
    for (d = first; open.size() < 8; d = ar::add_days(d, 1)) {
      if (calendar.is_open(d)) open.push_back(d);
    }
  }
};

const Days& days() {
  static Days d;
  return d;
}

// The fixture's server with the days' monjo.conf; every test case submits requests of
// its own, well past the intake's hourly limit.
const monjo::test::Server& server() {
  static monjo::test::Server s({"--intake-per-hour", "1000"}, {}, {}, days().conf);
  return s;
}

struct Submitted {
  std::string receipt;
  std::string token;
};

Submitted submit(const std::vector<std::string>& records, const std::string& method = "view",
                 const std::string& medium = "paper") {
  json body = {
      {"records", records}, {"name", "閲覧者"}, {"address", "相模原市1-1"}, {"email", "reader@example.invalid"},
      {"method", method},   {"medium", medium}, {"consent", true}};
  const HttpReply r = server().send("POST", "/api/requests", {}, body.dump(), "application/json");
  REQUIRE(r.status == 201);
  const json j = json::parse(r.body);
  return {j["receipt"], j["token"]};
}

// The staff side, through the store on the server's own catalog file.
struct Desk {
  ar::Catalog catalog{server().data_dir() + "/catalog.sqlite"};
  ar::AuditTrail audit{catalog.db()};
  ar::RequestStore store{catalog.db(), audit, ar::DeadlineCalculator(ar::OrdinanceConfig{}, ar::ArchiveCalendar{})};
  const ar::Actor officer{"off1", ar::Role::Officer};
  const ar::Actor supervisor{"sup1", ar::Role::Supervisor};

  // Every item used in full, except those in `partial` (一部利用, pages 5–6 masked) and
  // `refused` (利用させない).
  void decide_and_notify(const std::string& receipt, const std::vector<std::string>& partial = {},
                         const std::vector<std::string>& refused = {}) {
    store.apply(receipt, ar::RequestEvent::Accept, officer, "");
    for (const auto& item : store.get(receipt).items) {
      ar::ItemDecision d;
      d.record_id = item.decision.record_id;
      const bool part = std::find(partial.begin(), partial.end(), d.record_id) != partial.end();
      const bool none = std::find(refused.begin(), refused.end(), d.record_id) != refused.end();
      d.decision = part ? ar::Decision::PartialUse : none ? ar::Decision::NoUse : ar::Decision::FullUse;
      if (part || none) {
        d.grounds = {"personal"};
        d.article = "条例第17条第1項第1号イ";
        d.reason = "個人の軍歴を含むため";
      }
      if (part) d.redactions.push_back({5, 6, "氏名", "personal"});
      store.set_item_decision(receipt, d, officer);
    }
    store.apply(receipt, ar::RequestEvent::Draft, officer, "");
    store.apply(receipt, ar::RequestEvent::Approve, supervisor, "");
    store.apply(receipt, ar::RequestEvent::Notify, officer, "");
  }
  long count(const std::string& sql, const std::string& bound) {
    auto st = catalog.db().prepare(sql);
    st.bind(1, bound);
    st.step();
    const long n = static_cast<long>(st.integer(0));
    st.reset();
    return n;
  }
  long bookings(const std::string& receipt) {
    return count("SELECT count(*) FROM reading_bookings WHERE receipt = ? AND cancelled_at IS NULL", receipt);
  }
};

struct StatusPage {
  HttpReply reply;
  std::string cookie;
  std::string form_token;
};

StatusPage status(const Submitted& s) {
  StatusPage p;
  p.reply = server().get("/requests/" + s.receipt + "?token=" + s.token);
  REQUIRE(p.reply.status == 200);
  if (auto c = p.reply.cookie("monjo_status_form")) p.cookie = "monjo_status_form=" + *c;
  std::smatch m;
  if (std::regex_search(p.reply.body, m, std::regex("name=\"form_token\" value=\"([0-9a-f]+)\""))) p.form_token = m[1];
  return p;
}

std::string choice(const ar::Ymd& day, const std::string& slot) {
  return day.iso() + "/" + slot;
}

HttpReply book(const Submitted& s, const StatusPage& page, const std::string& value) {
  return server().post("/requests/" + s.receipt + "/booking",
                       {{"token", s.token}, {"form_token", page.form_token}, {"choice", value}}, page.cookie);
}

HttpReply cancel(const Submitted& s, const StatusPage& page) {
  return server().post("/requests/" + s.receipt + "/booking/cancel",
                       {{"token", s.token}, {"form_token", page.form_token}}, page.cookie);
}

bool offers_booking(const StatusPage& p) {
  return p.reply.body.find("/booking\"") != std::string::npos;
}

// The option of a day and slot on the page, as rendered (the value may be escaped).
std::string option_for(const StatusPage& p, const ar::Ymd& day, const std::string& slot) {
  std::smatch m;
  const std::regex re("<option value=\"" + day.iso() + "(/|&#x2F;|&#47;)" + slot + "\"([^>]*)>([^<]*)</option>");
  if (!std::regex_search(p.reply.body, m, re)) return {};
  return std::string(m[2]) + "|" + std::string(m[3]);
}

}  // namespace

TEST_CASE("a granted viewing books a reading-room slot on an open day from the status page, and cancels it",
          "[reading-room]") {
  Desk desk;
  const Submitted s = submit({"fx-v1-001", "fx-v2-001"});
  // Before the decision there is nothing to book.
  CHECK_FALSE(offers_booking(status(s)));
  CHECK(book(s, status(s), choice(days().open[0], "1000")).status == 409);

  desk.decide_and_notify(s.receipt);
  const StatusPage page = status(s);
  REQUIRE(offers_booking(page));
  CHECK_THAT(page.reply.body, Catch::Contains("閲覧室の予約"));
  CHECK(option_for(page, days().open[0], "1000") == "|10:00\u201312:00（残り2席）");
  // A closed day and today (lead_days = 1) are not offered at all.
  CHECK(option_for(page, days().closure, "1000").empty());
  CHECK(option_for(page, days().today, "1000").empty());

  const HttpReply booked = book(s, page, choice(days().open[0], "1000"));
  CHECK(booked.status == 200);
  CHECK_THAT(booked.body, Catch::Contains("閲覧室を予約しました"));
  CHECK(booked.header("Cache-Control") == "no-store");
  CHECK(desk.bookings(s.receipt) == 1);

  const StatusPage held = status(s);
  CHECK_THAT(held.reply.body, Catch::Contains("ご予約："));
  CHECK_THAT(held.reply.body, Catch::Contains("datetime=\"" + days().open[0].iso() + "\""));
  CHECK_THAT(held.reply.body, Catch::Contains("/booking/cancel"));
  CHECK_FALSE(offers_booking(held));
  CHECK_THAT(held.reply.body, Catch::Contains("閲覧室の予約</li>"));  // the history
  // One booking at a time.
  CHECK(book(s, held, choice(days().open[1], "1300")).status == 409);
  CHECK(desk.bookings(s.receipt) == 1);

  const HttpReply cancelled = cancel(s, held);
  CHECK(cancelled.status == 200);
  CHECK_THAT(cancelled.body, Catch::Contains("予約を取り消しました"));
  CHECK(desk.bookings(s.receipt) == 0);
  const StatusPage again = status(s);
  CHECK(offers_booking(again));
  CHECK_THAT(again.reply.body, Catch::Contains("閲覧室の予約の取消し"));
  CHECK(cancel(s, again).status == 409);  // nothing left to cancel

  // Both steps are in the request's history and the audit trail.
  CHECK(desk.count("SELECT count(*) FROM request_events WHERE receipt = ? AND event IN ('book', 'cancel_booking')",
                   s.receipt) == 2);
  CHECK(desk.count("SELECT count(*) FROM audit WHERE target = ? AND action IN ('request.book', "
                   "'request.cancel_booking')",
                   s.receipt) == 2);
  // The English page stays English.
  const HttpReply en = server().get("/requests/" + s.receipt + "?token=" + s.token + "&lang=en");
  CHECK_THAT(en.body, Catch::Contains("Booking the reading room"));
  CHECK_THAT(en.body, Catch::Contains("(2 seats left)"));
}

TEST_CASE("a slot takes no more bookings than it has seats, also when they arrive together", "[reading-room]") {
  Desk desk;
  const ar::Ymd day = days().open[1];
  std::vector<Submitted> requests;
  std::vector<StatusPage> pages;
  for (int i = 0; i < 6; ++i) {
    requests.push_back(submit({"fx-v2-002"}));
    desk.decide_and_notify(requests.back().receipt);
    pages.push_back(status(requests.back()));
  }
  std::vector<int> statuses(requests.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] { statuses[i] = book(requests[i], pages[i], choice(day, "1000")).status; });
  }
  for (auto& t : threads) t.join();
  CHECK(std::count(statuses.begin(), statuses.end(), 200) == 2);
  CHECK(std::count(statuses.begin(), statuses.end(), 409) == 4);
  CHECK(desk.count("SELECT count(*) FROM reading_bookings WHERE day = ? AND slot = '1000' AND cancelled_at IS NULL",
                   day.iso()) == 2);

  // The full slot is shown as full, and refused with the reason.
  size_t loser = 0;
  while (statuses[loser] == 200) ++loser;
  const StatusPage page = status(requests[loser]);
  CHECK(option_for(page, day, "1000") == " disabled|10:00\u201312:00（満席）");
  const HttpReply full = book(requests[loser], page, choice(day, "1000"));
  CHECK(full.status == 409);
  CHECK_THAT(full.body, Catch::Contains("満席"));
  // The afternoon still has seats.
  CHECK(book(requests[loser], page, choice(day, "1300")).status == 200);
}

TEST_CASE("a closed day, a past day, a day too soon or too far and an unknown slot are refused", "[reading-room]") {
  Desk desk;
  const Submitted s = submit({"fx-v1-002"});
  desk.decide_and_notify(s.receipt);
  const StatusPage page = status(s);
  const ar::TimePoint now = ar::now_seconds();
  const bool afternoon_begun = now - ar::japan_midnight(days().today) >= std::chrono::hours(13);
  struct Case {
    std::string value;
    std::string says;
  };
  ar::Ymd sunday = ar::add_days(days().today, 2);  // past lead_days, so the closure is what refuses it
  while (ar::weekday(sunday) != ar::Weekday::Sunday) sunday = ar::add_days(sunday, 1);
  const std::vector<Case> cases = {
      {choice(days().closure, "1000"), "休館日"},
      {choice(sunday, "1000"), "休館日"},
      {choice(ar::add_days(days().today, -1), "1000"), "過ぎた日時"},
      // Today's afternoon: too soon (lead_days = 1), or past once it has begun.
      {choice(days().today, "1300"), afternoon_begun ? "過ぎた日時" : "まだ予約できません"},
      {choice(ar::add_days(days().today, 60), "1000"), "まだ予約を受け付けていません"},
      {choice(days().open[2], "0900"), "その時間帯はありません"},
      {"2026-02-30/1000", "日と時間帯を選んでください"},
      {"", "日と時間帯を選んでください"},
  };
  for (const auto& c : cases) {
    INFO(c.value);
    const HttpReply r = book(s, page, c.value);
    CHECK(r.status == 400);
    CHECK_THAT(r.body, Catch::Contains(c.says));
  }
  CHECK(desk.bookings(s.receipt) == 0);
}

TEST_CASE("the status link of one request cannot book or cancel for another, nor a request without granted viewing",
          "[reading-room]") {
  Desk desk;
  const Submitted mine = submit({"fx-v1-001"});
  const Submitted theirs = submit({"fx-v2-001"});
  desk.decide_and_notify(mine.receipt);
  desk.decide_and_notify(theirs.receipt);
  const StatusPage my_page = status(mine);
  const StatusPage their_page = status(theirs);
  REQUIRE(book(theirs, their_page, choice(days().open[3], "1300")).status == 200);

  // My token on their receipt: as if the request did not exist.
  const Submitted forged{theirs.receipt, mine.token};
  CHECK(book(forged, my_page, choice(days().open[3], "1000")).status == 404);
  CHECK(cancel(forged, my_page).status == 404);
  // Their token without the page's form cookie (a cross-site post).
  StatusPage no_cookie = their_page;
  no_cookie.cookie.clear();
  CHECK(cancel(theirs, no_cookie).status == 403);
  CHECK(desk.bookings(theirs.receipt) == 1);

  // A request refused in full, and one for copies, have no viewing to book.
  const Submitted refused = submit({"fx-v4-001"});
  desk.decide_and_notify(refused.receipt, {}, {"fx-v4-001"});
  const StatusPage refused_page = status(refused);
  CHECK_FALSE(offers_booking(refused_page));
  CHECK(book(refused, refused_page, choice(days().open[3], "1000")).status == 409);
  const Submitted copies = submit({"fx-v1-001"}, "copy");
  desk.decide_and_notify(copies.receipt);
  const StatusPage copies_page = status(copies);
  CHECK_FALSE(offers_booking(copies_page));
  const HttpReply r = book(copies, copies_page, choice(days().open[3], "1000"));
  CHECK(r.status == 409);
  CHECK_THAT(r.body, Catch::Contains("閲覧室を予約できません"));
  CHECK(desk.bookings(refused.receipt) + desk.bookings(copies.receipt) == 0);
}

TEST_CASE("the retrieval list gives the day's volumes in shelf order with call numbers and locations",
          "[reading-room]") {
  Desk desk;
  const ar::Ymd day = days().open[2];
  // Volume 4 (第3書庫) used in part, an item of volume 2 (第2書庫), volume 1 itself and one
  // of its items (第1書庫, one row), booked in the order that is not the shelf's.
  const Submitted a = submit({"fx-v4-001"});
  const Submitted b = submit({"fx-v2-003"});
  const Submitted c = submit({"fx-v1", "fx-v1-002"});
  const Submitted gone = submit({"fx-v2-001"});
  desk.decide_and_notify(a.receipt, {"fx-v4-001"});
  for (const auto* s : {&b, &c, &gone}) desk.decide_and_notify(s->receipt);
  REQUIRE(book(a, status(a), choice(day, "1000")).status == 200);
  REQUIRE(book(b, status(b), choice(day, "1300")).status == 200);
  REQUIRE(book(c, status(c), choice(day, "1300")).status == 200);
  const StatusPage gone_page = status(gone);
  REQUIRE(book(gone, gone_page, choice(day, "1000")).status == 200);
  REQUIRE(cancel(gone, status(gone)).status == 200);

  const std::string target = "/staff/reading-room?day=" + day.iso();
  CHECK(server().get(target).status == 303);                          // signed out: to the login
  CHECK(server().get(target, server().staff("sup1").cookie).status == 403);  // no record_use

  const HttpReply list = server().get(target, server().staff("arc1").cookie);
  REQUIRE(list.status == 200);
  CHECK(list.header("Cache-Control") == "no-store");
  const std::string& body = list.body;
  const size_t v1 = body.find("歴F-0001</td>");
  const size_t v2 = body.find("歴F-0002</td>");
  const size_t v4 = body.find("歴F-0004</td>");
  REQUIRE(v1 != std::string::npos);
  REQUIRE(v2 != std::string::npos);
  REQUIRE(v4 != std::string::npos);
  CHECK(v1 < v2);
  CHECK(v2 < v4);
  const std::regex row_re("class=\"retrieval-row\"");
  const auto rows = std::distance(std::sregex_iterator(body.begin(), body.end(), row_re), std::sregex_iterator());
  CHECK(rows == 3);  // volume 1 once for both of c's records; the cancelled booking not at all
  CHECK_THAT(body, Catch::Contains("第1書庫 3-2-5"));
  CHECK_THAT(body, Catch::Contains("第2書庫 1-4-2"));
  CHECK_THAT(body, Catch::Contains("第3書庫 2-1-2"));
  CHECK_THAT(body, Catch::Contains("一部利用：5\u20136ページを覆う"));
  CHECK_THAT(body, Catch::Contains(a.receipt));
  CHECK_THAT(body, Catch::Contains(c.receipt));
  CHECK(body.find(gone.receipt) == std::string::npos);
  CHECK_THAT(body, Catch::Contains("<td>1 / 2</td>"));  // 10:00: a (gone cancelled)
  CHECK_THAT(body, Catch::Contains("<td>2 / 2</td>"));  // 13:00: b and c
  // Locations are staff only: the view is audited.
  CHECK(desk.count("SELECT count(*) FROM audit WHERE action = 'reading.retrieval_list' AND target = ?", day.iso()) >=
        1);
  CHECK(server().get("/staff/reading-room?day=2026-13-01", server().staff("arc1").cookie).status == 400);
}

TEST_CASE("copies granted show the fee of monjo.conf's table and how to pay and collect", "[reading-room]") {
  Desk desk;
  // Items of 24 and 30 pages, on paper at 10 yen a page; the same as two files at 200 yen.
  const Submitted paper = submit({"fx-v1-001", "fx-v2-001"}, "copy", "paper");
  const Submitted files = submit({"fx-v1-001", "fx-v2-001"}, "copy", "electronic");
  CHECK(status(paper).reply.body.find("fee-total") == std::string::npos);  // not before the decision
  desk.decide_and_notify(paper.receipt);
  desk.decide_and_notify(files.receipt);

  const std::string on_paper = status(paper).reply.body;
  CHECK_THAT(on_paper, Catch::Contains("写しの交付と手数料"));
  CHECK_THAT(on_paper, Catch::Contains("1枚につき10円"));
  CHECK_THAT(on_paper, Catch::Contains("<strong class=\"fee-total\">540円</strong>"));
  CHECK_THAT(on_paper, Catch::Contains("2件、54枚"));
  CHECK_THAT(on_paper, Catch::Contains("窓口で手数料を現金でお支払い"));
  const std::string electronic = status(files).reply.body;
  CHECK_THAT(electronic, Catch::Contains("<strong class=\"fee-total\">400円</strong>"));
  CHECK_THAT(electronic, Catch::Contains("2件、2ファイル"));
  const HttpReply en = server().get("/requests/" + paper.receipt + "?token=" + paper.token + "&lang=en");
  CHECK_THAT(en.body, Catch::Contains("¥540"));

  // The fee recorded with the use replaces the estimate.
  ar::EventDetails use;
  use.copies = 1;
  use.copy_pages = 54;
  use.fee_yen = 600;
  desk.store.apply(paper.receipt, ar::RequestEvent::RecordUse, desk.officer, "", ar::now_seconds(), use);
  CHECK_THAT(status(paper).reply.body, Catch::Contains("<strong class=\"fee-total\">600円</strong>"));
}

TEST_CASE("the appeal form comes after the decisions on the status page", "[reading-room]") {
  Desk desk;
  const Submitted s = submit({"fx-v4-002"});
  desk.decide_and_notify(s.receipt, {}, {"fx-v4-002"});
  const std::string body = status(s).reply.body;
  const size_t decisions = body.find("id=\"items-title\"");
  const size_t appeal = body.find("/appeal\"");
  REQUIRE(decisions != std::string::npos);
  REQUIRE(appeal != std::string::npos);
  CHECK(decisions < appeal);
  CHECK(body.find("利用させない") < appeal);
}
