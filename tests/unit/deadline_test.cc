// Deadline arithmetic for use requests: the decision period counted from the day
// after receipt, correction pauses, rolling past closed days (年末年始, Golden Week,
// 振替休日, 国民の休日), leap years, the extension and 特例, the service target, the third
// party's two-week wait, the appeal window at month ends, and the queue's marks.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "archive/dates/deadline.h"
#include "archive/base/errors.h"
#include "archive/base/messages.h"

using namespace monjo::archive;

namespace {

Ymd day(const char* iso) {
  return *Ymd::parse_iso(iso);
}

DeadlineCalculator calculator(OrdinanceConfig config = {}) {
  return DeadlineCalculator(config, ArchiveCalendar());
}

}  // namespace

TEST_CASE("the decision is due 30 days after receipt, counted from the next day, rolled past closed days",
          "[deadline]") {
  struct Row {
    const char* received;
    const char* due;
    const char* why;
  };
  const Row rows[] = {
      {"2026-04-01", "2026-05-01", "4/1 → day 1 is 4/2 → day 30 is 5/1, a Friday"},
      {"2026-04-04", "2026-05-07", "5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日"},
      {"2025-11-29", "2026-01-05", "12/29 starts 年末年始; 1/3 and 1/4 are a weekend"},
      {"2025-12-01", "2026-01-05", "12/31 in 年末年始"},
      {"2024-10-05", "2024-11-05", "11/4 is the 振替休日 of 文化の日"},
      {"2026-08-23", "2026-09-24", "9/22 国民の休日 then 9/23 秋分の日"},
      {"2024-01-30", "2024-02-29", "leap year: 2/29 exists and is a Thursday"},
      {"2023-01-30", "2023-03-01", "no 2/29 in 2023"},
      {"2028-01-30", "2028-02-29", "leap year 2028: a Tuesday"},
      {"2026-04-20", "2026-05-20", "an ordinary Wednesday"},
      {"2026-01-31", "2026-03-02", "3/2 is day 30 (February has 28 days)"},
      {"2026-05-04", "2026-06-03", "received on a holiday: the count still starts the next day"},
      {"2026-09-13", "2026-10-13", "10/13, the day after スポーツの日"},
      {"2026-09-12", "2026-10-13", "10/12 スポーツの日 rolls to 10/13"},
  };
  DeadlineCalculator calc = calculator();
  for (const Row& r : rows) {
    INFO(r.received << " (" << r.why << ")");
    Deadlines d = calc.compute(RequestClock{day(r.received), {}, 0, std::nullopt});
    REQUIRE(d.original.has_value());
    CHECK(d.original->iso() == r.due);
    CHECK(d.effective == d.original);
    CHECK(d.extension_notice_by == d.original);
    CHECK_FALSE(d.paused_since.has_value());
  }
}

TEST_CASE("without roll_forward the last day stays on the closed day", "[deadline]") {
  OrdinanceConfig config;
  config.roll_forward = false;
  DeadlineCalculator calc = calculator(config);
  CHECK(calc.compute(RequestClock{day("2026-04-04"), {}, 0, std::nullopt}).original == day("2026-05-04"));
  CHECK(calc.compute(RequestClock{day("2025-11-29"), {}, 0, std::nullopt}).original == day("2025-12-29"));
}

TEST_CASE("correction days are not counted: the clock pauses", "[deadline]") {
  DeadlineCalculator calc = calculator();
  // Requested 4/10, completed 4/20: 4/11–4/20 (10 days) are not counted.
  Pause p = correction_pause(day("2026-04-10"), day("2026-04-20"));
  CHECK(p.start == day("2026-04-11"));
  CHECK(p.end == day("2026-04-21"));
  Deadlines d = calc.compute(RequestClock{day("2026-04-01"), {p}, 0, std::nullopt});
  CHECK(d.original == day("2026-05-11"));
  // Service target: 14 counted days → 4/2–4/10 (9), then 4/21–4/25 (5) → 4/25 is a Saturday.
  CHECK(d.service_target == day("2026-04-27"));

  // Two corrections add up; one lands the deadline in Golden Week.
  Pause p2 = correction_pause(day("2026-04-01"), day("2026-04-03"));  // 4/2–4/3 not counted
  Deadlines two = calc.compute(RequestClock{day("2026-03-31"), {p2}, 0, std::nullopt});
  // Without the pause: 4/30. Two days later: 5/2 (Saturday) → 5/3–5/6 closed → 5/7.
  CHECK(two.original == day("2026-05-07"));

  // A correction across 年末年始 pauses the clock, closed days do not.
  Pause p3 = correction_pause(day("2025-12-10"), day("2026-01-09"));  // 12/11–1/9 not counted
  Deadlines d3 = calc.compute(RequestClock{day("2025-12-01"), {p3}, 0, std::nullopt});
  // 12/2–12/10 are 9 days; 21 more from 1/10 → 1/30 (Friday).
  CHECK(d3.original == day("2026-01-30"));
}

TEST_CASE("an unanswered correction stops the clock and the queue shows it as paused", "[deadline]") {
  DeadlineCalculator calc = calculator();
  Pause open = correction_pause(day("2026-04-10"), std::nullopt);
  Deadlines d = calc.compute(RequestClock{day("2026-04-01"), {open}, 0, std::nullopt});
  CHECK_FALSE(d.original.has_value());
  CHECK_FALSE(d.effective.has_value());
  CHECK_FALSE(d.service_target.has_value());
  CHECK(d.paused_since == day("2026-04-11"));
  CHECK(due_status(d, day("2026-06-01"), calc.config()) == DueStatus::Paused);
  CHECK(std::string(due_status_name(DueStatus::Paused)) == "paused");
}

TEST_CASE("an inconsistent clock is refused", "[deadline]") {
  DeadlineCalculator calc = calculator();
  Ymd r = day("2026-04-01");
  CHECK_THROWS_AS(calc.compute(RequestClock{r, {Pause{day("2026-04-01"), day("2026-04-05")}}, 0, std::nullopt}),
                  InputError);
  CHECK_THROWS_AS(calc.compute(RequestClock{r, {Pause{day("2026-04-10"), day("2026-04-05")}}, 0, std::nullopt}),
                  InputError);
  CHECK_THROWS_AS(calc.compute(RequestClock{r, {}, 31, std::nullopt}), InputError);
  CHECK_THROWS_AS(calc.compute(RequestClock{r, {}, -1, std::nullopt}), InputError);
  CHECK_THROWS_AS(calc.compute(RequestClock{r, {}, 10, day("2026-09-30")}), InputError);
}

TEST_CASE("one extension of up to 30 days runs from the original period, noticed before it ends", "[deadline]") {
  DeadlineCalculator calc = calculator();
  RequestClock clock{day("2026-04-01"), {}, 0, std::nullopt};
  CHECK_NOTHROW(calc.check_extension(clock, 30, day("2026-05-01")));
  CHECK_THROWS_AS(calc.check_extension(clock, 30, day("2026-05-02")), InputError);
  CHECK_THROWS_AS(calc.check_extension(clock, 31, day("2026-04-20")), InputError);
  CHECK_THROWS_AS(calc.check_extension(clock, 0, day("2026-04-20")), InputError);

  clock.extension_days = 30;
  Deadlines d = calc.compute(clock);
  CHECK(d.original == day("2026-05-01"));
  CHECK(d.extended == day("2026-06-01"));  // day 60 is 5/31, a Sunday
  CHECK(d.effective == d.extended);
  // Only once.
  CHECK_THROWS_AS(calc.check_extension(clock, 10, day("2026-04-20")), InputError);

  // The extension adds to the period, not to a rolled last day: received 4/4, the
  // original day 30 (5/4) rolls to 5/7, but 30 more days run from 5/4 → 6/3.
  RequestClock gw{day("2026-04-04"), {}, 30, std::nullopt};
  Deadlines g = calc.compute(gw);
  CHECK(g.original == day("2026-05-07"));
  CHECK(g.extended == day("2026-06-03"));

  // A shorter extension.
  RequestClock short_ext{day("2026-04-01"), {}, 10, std::nullopt};
  CHECK(calc.compute(short_ext).extended == day("2026-05-11"));
}

TEST_CASE("特例: the substantial part keeps the 60-day limit and the rest gets a stated date", "[deadline]") {
  DeadlineCalculator calc = calculator();
  RequestClock clock{day("2026-04-01"), {}, 0, std::nullopt};
  CHECK_NOTHROW(calc.check_special(clock, day("2026-09-30"), day("2026-04-28")));
  CHECK_THROWS_AS(calc.check_special(clock, day("2026-09-30"), day("2026-05-02")), InputError);
  CHECK_THROWS_AS(calc.check_special(clock, day("2026-05-20"), day("2026-04-28")), InputError);
  CHECK_THROWS_AS(calc.check_special(clock, day("2026-06-01"), day("2026-04-28")), InputError);

  clock.special_rest_date = day("2026-09-30");
  Deadlines d = calc.compute(clock);
  CHECK(d.original == day("2026-05-01"));
  CHECK(d.special_substantial == day("2026-06-01"));
  CHECK(d.special_rest == day("2026-09-30"));
  CHECK(d.effective == d.special_substantial);
  CHECK_FALSE(d.extended.has_value());
  CHECK_THROWS_AS(calc.check_extension(clock, 10, day("2026-04-20")), InputError);

  RequestClock extended{day("2026-04-01"), {}, 30, std::nullopt};
  CHECK_THROWS_AS(calc.check_special(extended, day("2026-09-30"), day("2026-04-20")), InputError);
}

TEST_CASE("the service target (14 days by default) is computed beside the legal limit", "[deadline]") {
  DeadlineCalculator calc = calculator();
  Deadlines a = calc.compute(RequestClock{day("2026-04-01"), {}, 0, std::nullopt});
  CHECK(a.service_target == day("2026-04-15"));
  Deadlines b = calc.compute(RequestClock{day("2026-04-18"), {}, 0, std::nullopt});
  CHECK(b.service_target == day("2026-05-07"));  // 5/2 Saturday, then Golden Week

  OrdinanceConfig config;
  config.service_target_days = 7;
  CHECK(calculator(config).compute(RequestClock{day("2026-04-01"), {}, 0, std::nullopt}).service_target ==
        day("2026-04-08"));
}

TEST_CASE("after a third party's objection, use waits two full weeks after the decision", "[deadline]") {
  DeadlineCalculator calc = calculator();
  // Decided 4/1: the two weeks are 4/2–4/15; use from 4/16.
  CHECK(calc.earliest_use_after_objection(day("2026-04-01")) == day("2026-04-16"));
  CHECK(calc.first_open_use_day_after_objection(day("2026-04-01")) == day("2026-04-16"));
  // Decided 4/20: earliest 5/5, a holiday; the reading room opens again on 5/7.
  CHECK(calc.earliest_use_after_objection(day("2026-04-20")) == day("2026-05-05"));
  CHECK(calc.first_open_use_day_after_objection(day("2026-04-20")) == day("2026-05-07"));
  // Across 年末年始 and a leap day.
  CHECK(calc.earliest_use_after_objection(day("2024-02-20")) == day("2024-03-06"));
  CHECK(calc.first_open_use_day_after_objection(day("2025-12-20")) == day("2026-01-05"));

  OrdinanceConfig config;
  config.third_party_wait_days = 21;
  CHECK(calculator(config).earliest_use_after_objection(day("2026-04-01")) == day("2026-04-23"));
}

TEST_CASE("months_period_end follows 民法 143 at month ends", "[deadline]") {
  struct Row {
    const char* first_day;
    int months;
    const char* last_day;
  };
  const Row rows[] = {
      {"2026-04-02", 3, "2026-07-01"}, {"2023-12-01", 3, "2024-02-29"},  // learned 11/30, leap year
      {"2024-12-01", 3, "2025-02-28"},                                   // learned 11/30
      {"2023-11-30", 3, "2024-02-29"},  // learned 11/29: no 2/30 → the month's last day
      {"2024-11-30", 3, "2025-02-28"}, {"2023-11-29", 3, "2024-02-28"},  // learned 11/28: 2/29 exists → the day before
      {"2026-01-31", 3, "2026-04-30"}, {"2026-01-01", 3, "2026-03-31"}, {"2025-04-02", 12, "2026-04-01"},
  };
  for (const Row& r : rows) {
    INFO(r.first_day << " + " << r.months);
    CHECK(months_period_end(day(r.first_day), r.months).iso() == r.last_day);
  }
}

TEST_CASE("the appeal window is 3 months from the day after learning of the decision", "[deadline]") {
  DeadlineCalculator calc = calculator();
  auto w = calc.appeal_window(day("2026-04-01"));
  CHECK(w.first_day == day("2026-04-02"));
  CHECK(w.last_day == day("2026-07-01"));
  CHECK_FALSE(w.outer_last_day.has_value());

  CHECK(calc.appeal_window(day("2023-11-30")).last_day == day("2024-02-29"));
  CHECK(calc.appeal_window(day("2024-11-30")).last_day == day("2025-02-28"));
  CHECK(calc.appeal_window(day("2027-11-30")).last_day == day("2028-02-29"));
  // 2027-02-28 is a Sunday: the last day moves to Monday 3/1.
  CHECK(calc.appeal_window(day("2026-11-30")).last_day == day("2027-03-01"));
  // Ending in 年末年始.
  CHECK(calc.appeal_window(day("2026-09-29")).last_day == day("2027-01-04"));

  CHECK(calc.appeal_in_time(day("2026-04-01"), day("2026-07-01")));
  CHECK_FALSE(calc.appeal_in_time(day("2026-04-01"), day("2026-07-02")));
  CHECK_FALSE(calc.appeal_in_time(day("2026-04-01"), day("2026-03-31")));
}

TEST_CASE("no appeal after one year from the decision, however late it was learned", "[deadline]") {
  DeadlineCalculator calc = calculator();
  auto w = calc.appeal_window(day("2026-03-15"), day("2025-04-01"));
  CHECK(w.outer_last_day == day("2026-04-01"));
  CHECK(w.last_day == day("2026-04-01"));
  CHECK(calc.appeal_in_time(day("2026-03-15"), day("2026-04-01"), day("2025-04-01")));
  CHECK_FALSE(calc.appeal_in_time(day("2026-03-15"), day("2026-04-02"), day("2025-04-01")));
  // Learned promptly: the 3 months are the limit.
  CHECK(calc.appeal_window(day("2025-04-03"), day("2025-04-01")).last_day == day("2025-07-03"));

  OrdinanceConfig no_outer;
  no_outer.appeal_outer_years = 0;
  CHECK(calculator(no_outer).appeal_window(day("2026-03-15"), day("2025-04-01")).last_day == day("2026-06-15"));
}

TEST_CASE("the queue marks overdue and due-soon requests relative to today", "[deadline]") {
  OrdinanceConfig config;
  DeadlineCalculator calc = calculator(config);
  Deadlines d = calc.compute(RequestClock{day("2026-04-01"), {}, 0, std::nullopt});  // due 5/1
  struct Row {
    const char* today;
    DueStatus status;
    long left;
  };
  const Row rows[] = {
      {"2026-04-02", DueStatus::Ok, 29},      {"2026-04-25", DueStatus::Ok, 6},
      {"2026-04-26", DueStatus::DueSoon, 5},  {"2026-05-01", DueStatus::DueSoon, 0},
      {"2026-05-02", DueStatus::Overdue, -1}, {"2026-07-01", DueStatus::Overdue, -61},
  };
  for (const Row& r : rows) {
    INFO(r.today);
    CHECK(due_status(d, day(r.today), config) == r.status);
    CHECK(days_left(*d.effective, day(r.today)) == r.left);
  }
  config.due_soon_days = 10;
  CHECK(due_status(d, day("2026-04-21"), config) == DueStatus::DueSoon);
  CHECK(text_ja(due_status_message_key(DueStatus::Overdue)) == "期限超過");
  CHECK(text_en(due_status_message_key(DueStatus::DueSoon)) == "Due soon");
}

TEST_CASE("every due status and weekday has its label in both message catalogs", "[deadline]") {
  std::vector<std::string> keys;
  for (const DueStatus s : {DueStatus::Ok, DueStatus::DueSoon, DueStatus::Overdue, DueStatus::Paused}) {
    keys.push_back(due_status_message_key(s));
  }
  for (int w = 0; w < 7; ++w) keys.push_back(weekday_message_key(static_cast<Weekday>(w)));
  for (const auto& key : keys) {
    INFO(key);
    CHECK(Messages::get(Lang::Ja).has(key));
    CHECK(Messages::get(Lang::En).has(key));
  }
  CHECK(text_ja(weekday_message_key(Weekday::Sunday)) == "日");
  CHECK(text_en(weekday_message_key(Weekday::Saturday)) == "Sat");
}

TEST_CASE("requesters' data may be purged 5 years after closing", "[deadline]") {
  DeadlineCalculator calc = calculator();
  CHECK(calc.requester_data_purge_date(day("2026-04-01")) == day("2031-04-01"));
  CHECK(calc.requester_data_purge_date(day("2024-02-29")) == day("2029-02-28"));
}

TEST_CASE("the ordinance periods load from [ordinance] keys", "[deadline]") {
  OrdinanceConfig defaults = ordinance_config_from_ini({});
  CHECK(defaults.decision_days == 30);
  CHECK(defaults.extension_days == 30);
  CHECK(defaults.service_target_days == 14);
  CHECK(defaults.third_party_wait_days == 14);
  CHECK(defaults.appeal_months == 3);
  CHECK(defaults.appeal_outer_years == 1);
  CHECK(defaults.due_soon_days == 5);
  CHECK(defaults.roll_forward);
  CHECK(defaults.requester_data_retention_years == 5);

  OrdinanceConfig c = ordinance_config_from_ini({
      {"decision_days", "15"},
      {"extension_days", " 45 "},
      {"service_target_days", "10"},
      {"third_party_wait_days", "21"},
      {"appeal_months", "6"},
      {"due_soon_days", "3"},
      {"roll_forward", "false"},
      {"requester_data_retention_years", "3"},
      {"closures", "2026-06-01 館内整理日"},  // a calendar key: ignored here
  });
  CHECK(c.decision_days == 15);
  CHECK(c.extension_days == 45);
  CHECK(c.service_target_days == 10);
  CHECK(c.third_party_wait_days == 21);
  CHECK(c.appeal_months == 6);
  CHECK(c.due_soon_days == 3);
  CHECK_FALSE(c.roll_forward);
  CHECK(c.requester_data_retention_years == 3);
  // A city with a 15-day limit: received 4/1 → 4/16.
  CHECK(calculator(c).compute(RequestClock{day("2026-04-01"), {}, 0, std::nullopt}).original == day("2026-04-16"));
}

TEST_CASE("bad [ordinance] values are refused with the key named", "[deadline]") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"decision_days", "0"},        {"decision_days", "thirty"},      {"decision_days", "-5"},
      {"decision_days", "30.5"},     {"extension_days", "9999"},       {"appeal_months", ""},
      {"roll_forward", "sometimes"}, {"due_soon_days", "99999999999"},
  };
  for (const auto& [key, value] : bad) {
    INFO(key << " = " << value);
    try {
      ordinance_config_from_ini({{key, value}});
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(key) != std::string::npos);
    }
  }
}
