// The holiday calendar against the Cabinet Office's list (内閣府「国民の祝日について」,
// syukujitsu.csv) for 2020–2027, and for 2028–2030 against the equinox days computed
// by the usual formula (the official equinoxes are fixed each February for the next
// year). Then the archive's closed days and their configuration.

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "archive/dates/calendar.h"
#include "archive/base/errors.h"

using namespace monjo::archive;

namespace {

Ymd day(const char* iso) {
  return *Ymd::parse_iso(iso);
}

struct Expected {
  const char* date;
  const char* name;  // the CSV says 休日 for both 振替休日 and 国民の休日; we name them
};

// Every holiday of 2020–2030.
const std::vector<Expected> kOfficial = {
    // 2020: 天皇誕生日 on Sunday; the Olympic moves of 海の日, スポーツの日, 山の日.
    {"2020-01-01", "元日"},
    {"2020-01-13", "成人の日"},
    {"2020-02-11", "建国記念の日"},
    {"2020-02-23", "天皇誕生日"},
    {"2020-02-24", "振替休日"},
    {"2020-03-20", "春分の日"},
    {"2020-04-29", "昭和の日"},
    {"2020-05-03", "憲法記念日"},
    {"2020-05-04", "みどりの日"},
    {"2020-05-05", "こどもの日"},
    {"2020-05-06", "振替休日"},
    {"2020-07-23", "海の日"},
    {"2020-07-24", "スポーツの日"},
    {"2020-08-10", "山の日"},
    {"2020-09-21", "敬老の日"},
    {"2020-09-22", "秋分の日"},
    {"2020-11-03", "文化の日"},
    {"2020-11-23", "勤労感謝の日"},
    // 2021: moved again; 山の日 on Sunday 8/8 gives 振替休日 8/9.
    {"2021-01-01", "元日"},
    {"2021-01-11", "成人の日"},
    {"2021-02-11", "建国記念の日"},
    {"2021-02-23", "天皇誕生日"},
    {"2021-03-20", "春分の日"},
    {"2021-04-29", "昭和の日"},
    {"2021-05-03", "憲法記念日"},
    {"2021-05-04", "みどりの日"},
    {"2021-05-05", "こどもの日"},
    {"2021-07-22", "海の日"},
    {"2021-07-23", "スポーツの日"},
    {"2021-08-08", "山の日"},
    {"2021-08-09", "振替休日"},
    {"2021-09-20", "敬老の日"},
    {"2021-09-23", "秋分の日"},
    {"2021-11-03", "文化の日"},
    {"2021-11-23", "勤労感謝の日"},
    // 2022
    {"2022-01-01", "元日"},
    {"2022-01-10", "成人の日"},
    {"2022-02-11", "建国記念の日"},
    {"2022-02-23", "天皇誕生日"},
    {"2022-03-21", "春分の日"},
    {"2022-04-29", "昭和の日"},
    {"2022-05-03", "憲法記念日"},
    {"2022-05-04", "みどりの日"},
    {"2022-05-05", "こどもの日"},
    {"2022-07-18", "海の日"},
    {"2022-08-11", "山の日"},
    {"2022-09-19", "敬老の日"},
    {"2022-09-23", "秋分の日"},
    {"2022-10-10", "スポーツの日"},
    {"2022-11-03", "文化の日"},
    {"2022-11-23", "勤労感謝の日"},
    // 2023: 元日 on Sunday.
    {"2023-01-01", "元日"},
    {"2023-01-02", "振替休日"},
    {"2023-01-09", "成人の日"},
    {"2023-02-11", "建国記念の日"},
    {"2023-02-23", "天皇誕生日"},
    {"2023-03-21", "春分の日"},
    {"2023-04-29", "昭和の日"},
    {"2023-05-03", "憲法記念日"},
    {"2023-05-04", "みどりの日"},
    {"2023-05-05", "こどもの日"},
    {"2023-07-17", "海の日"},
    {"2023-08-11", "山の日"},
    {"2023-09-18", "敬老の日"},
    {"2023-09-23", "秋分の日"},
    {"2023-10-09", "スポーツの日"},
    {"2023-11-03", "文化の日"},
    {"2023-11-23", "勤労感謝の日"},
    // 2024: five 振替休日.
    {"2024-01-01", "元日"},
    {"2024-01-08", "成人の日"},
    {"2024-02-11", "建国記念の日"},
    {"2024-02-12", "振替休日"},
    {"2024-02-23", "天皇誕生日"},
    {"2024-03-20", "春分の日"},
    {"2024-04-29", "昭和の日"},
    {"2024-05-03", "憲法記念日"},
    {"2024-05-04", "みどりの日"},
    {"2024-05-05", "こどもの日"},
    {"2024-05-06", "振替休日"},
    {"2024-07-15", "海の日"},
    {"2024-08-11", "山の日"},
    {"2024-08-12", "振替休日"},
    {"2024-09-16", "敬老の日"},
    {"2024-09-22", "秋分の日"},
    {"2024-09-23", "振替休日"},
    {"2024-10-14", "スポーツの日"},
    {"2024-11-03", "文化の日"},
    {"2024-11-04", "振替休日"},
    {"2024-11-23", "勤労感謝の日"},
    // 2025: みどりの日 on Sunday → the next non-holiday is 5/6.
    {"2025-01-01", "元日"},
    {"2025-01-13", "成人の日"},
    {"2025-02-11", "建国記念の日"},
    {"2025-02-23", "天皇誕生日"},
    {"2025-02-24", "振替休日"},
    {"2025-03-20", "春分の日"},
    {"2025-04-29", "昭和の日"},
    {"2025-05-03", "憲法記念日"},
    {"2025-05-04", "みどりの日"},
    {"2025-05-05", "こどもの日"},
    {"2025-05-06", "振替休日"},
    {"2025-07-21", "海の日"},
    {"2025-08-11", "山の日"},
    {"2025-09-15", "敬老の日"},
    {"2025-09-23", "秋分の日"},
    {"2025-10-13", "スポーツの日"},
    {"2025-11-03", "文化の日"},
    {"2025-11-23", "勤労感謝の日"},
    {"2025-11-24", "振替休日"},
    // 2026: 国民の休日 9/22 between 敬老の日 and 秋分の日.
    {"2026-01-01", "元日"},
    {"2026-01-12", "成人の日"},
    {"2026-02-11", "建国記念の日"},
    {"2026-02-23", "天皇誕生日"},
    {"2026-03-20", "春分の日"},
    {"2026-04-29", "昭和の日"},
    {"2026-05-03", "憲法記念日"},
    {"2026-05-04", "みどりの日"},
    {"2026-05-05", "こどもの日"},
    {"2026-05-06", "振替休日"},
    {"2026-07-20", "海の日"},
    {"2026-08-11", "山の日"},
    {"2026-09-21", "敬老の日"},
    {"2026-09-22", "国民の休日"},
    {"2026-09-23", "秋分の日"},
    {"2026-10-12", "スポーツの日"},
    {"2026-11-03", "文化の日"},
    {"2026-11-23", "勤労感謝の日"},
    // 2027: 春分の日 on Sunday.
    {"2027-01-01", "元日"},
    {"2027-01-11", "成人の日"},
    {"2027-02-11", "建国記念の日"},
    {"2027-02-23", "天皇誕生日"},
    {"2027-03-21", "春分の日"},
    {"2027-03-22", "振替休日"},
    {"2027-04-29", "昭和の日"},
    {"2027-05-03", "憲法記念日"},
    {"2027-05-04", "みどりの日"},
    {"2027-05-05", "こどもの日"},
    {"2027-07-19", "海の日"},
    {"2027-08-11", "山の日"},
    {"2027-09-20", "敬老の日"},
    {"2027-09-23", "秋分の日"},
    {"2027-10-11", "スポーツの日"},
    {"2027-11-03", "文化の日"},
    {"2027-11-23", "勤労感謝の日"},
    // 2028 (equinoxes computed)
    {"2028-01-01", "元日"},
    {"2028-01-10", "成人の日"},
    {"2028-02-11", "建国記念の日"},
    {"2028-02-23", "天皇誕生日"},
    {"2028-03-20", "春分の日"},
    {"2028-04-29", "昭和の日"},
    {"2028-05-03", "憲法記念日"},
    {"2028-05-04", "みどりの日"},
    {"2028-05-05", "こどもの日"},
    {"2028-07-17", "海の日"},
    {"2028-08-11", "山の日"},
    {"2028-09-18", "敬老の日"},
    {"2028-09-22", "秋分の日"},
    {"2028-10-09", "スポーツの日"},
    {"2028-11-03", "文化の日"},
    {"2028-11-23", "勤労感謝の日"},
    // 2029 (equinoxes computed)
    {"2029-01-01", "元日"},
    {"2029-01-08", "成人の日"},
    {"2029-02-11", "建国記念の日"},
    {"2029-02-12", "振替休日"},
    {"2029-02-23", "天皇誕生日"},
    {"2029-03-20", "春分の日"},
    {"2029-04-29", "昭和の日"},
    {"2029-04-30", "振替休日"},
    {"2029-05-03", "憲法記念日"},
    {"2029-05-04", "みどりの日"},
    {"2029-05-05", "こどもの日"},
    {"2029-07-16", "海の日"},
    {"2029-08-11", "山の日"},
    {"2029-09-17", "敬老の日"},
    {"2029-09-23", "秋分の日"},
    {"2029-09-24", "振替休日"},
    {"2029-10-08", "スポーツの日"},
    {"2029-11-03", "文化の日"},
    {"2029-11-23", "勤労感謝の日"},
    // 2030 (equinoxes computed)
    {"2030-01-01", "元日"},
    {"2030-01-14", "成人の日"},
    {"2030-02-11", "建国記念の日"},
    {"2030-02-23", "天皇誕生日"},
    {"2030-03-20", "春分の日"},
    {"2030-04-29", "昭和の日"},
    {"2030-05-03", "憲法記念日"},
    {"2030-05-04", "みどりの日"},
    {"2030-05-05", "こどもの日"},
    {"2030-05-06", "振替休日"},
    {"2030-07-15", "海の日"},
    {"2030-08-11", "山の日"},
    {"2030-08-12", "振替休日"},
    {"2030-09-16", "敬老の日"},
    {"2030-09-23", "秋分の日"},
    {"2030-10-14", "スポーツの日"},
    {"2030-11-03", "文化の日"},
    {"2030-11-04", "振替休日"},
    {"2030-11-23", "勤労感謝の日"},
};

}  // namespace

TEST_CASE("every holiday of 2020-2030 matches the official list, and no other day is one", "[calendar]") {
  std::set<std::string> expected_days;
  for (const Expected& e : kOfficial) {
    INFO(e.date << " " << e.name);
    expected_days.insert(e.date);
    auto h = national_holiday(day(e.date));
    REQUIRE(h.has_value());
    CHECK(h->name_ja == e.name);
  }
  for (int year = 2020; year <= 2030; ++year) {
    for (const Holiday& h : national_holidays(year)) {
      INFO(h.date.iso() << " " << h.name_ja);
      CHECK(expected_days.count(h.date.iso()) == 1);
    }
  }
  // And day by day, so that national_holiday() and national_holidays() agree.
  int count = 0;
  for (Ymd d = day("2020-01-01"); d <= day("2030-12-31"); d = add_days(d, 1)) {
    if (is_national_holiday(d)) ++count;
  }
  CHECK(count == static_cast<int>(kOfficial.size()));
}

TEST_CASE("holiday kinds distinguish 祝日, 振替休日 and 国民の休日", "[calendar]") {
  CHECK(national_holiday(day("2024-02-11"))->kind == HolidayKind::National);
  CHECK(national_holiday(day("2024-02-12"))->kind == HolidayKind::Substitute);
  CHECK(national_holiday(day("2026-09-22"))->kind == HolidayKind::Citizens);
  CHECK(national_holiday(day("2026-09-22"))->name_en == "Citizens' Holiday");
  CHECK(national_holiday(day("2024-02-12"))->name_en == "Substitute Holiday");
}

TEST_CASE("the equinox formula gives the announced days", "[calendar]") {
  struct Row {
    int year, vernal, autumnal;
  };
  const Row rows[] = {
      {1948, 21, 23}, {1964, 20, 23}, {1979, 21, 24}, {1980, 20, 23}, {2012, 20, 22}, {2020, 20, 22},
      {2021, 20, 23}, {2022, 21, 23}, {2023, 21, 23}, {2024, 20, 22}, {2025, 20, 23}, {2026, 20, 23},
      {2027, 21, 23}, {2028, 20, 22}, {2029, 20, 23}, {2030, 20, 23}, {2032, 20, 22}, {2099, 20, 23},
  };
  for (const Row& r : rows) {
    INFO(r.year);
    CHECK(vernal_equinox_day(r.year) == r.vernal);
    CHECK(autumnal_equinox_day(r.year) == r.autumnal);
  }
}

TEST_CASE("the holiday rules follow the Act's history", "[calendar]") {
  struct Row {
    const char* date;
    const char* name;  // "" = no holiday
  };
  const Row rows[] = {
      // 1948: the Act took effect on 7/20, so only the autumn holidays.
      {"1948-01-01", ""},
      {"1948-05-05", ""},
      {"1948-09-23", "秋分の日"},
      {"1948-11-03", "文化の日"},
      {"1949-01-15", "成人の日"},
      {"1949-04-29", "天皇誕生日"},
      {"1959-04-10", "皇太子明仁親王の結婚の儀"},
      {"1966-09-15", "敬老の日"},
      {"1966-10-10", "体育の日"},
      {"1967-02-11", "建国記念の日"},
      // 振替休日 from 1973-04-12: 4/29 of 1973 was the first; none before.
      {"1973-04-30", "振替休日"},
      {"1972-01-17", ""},
      // Before 2007, no 振替休日 when the Monday was itself a 祝日 — and a 5/4 that is a
      // Monday after a Sunday 5/3 is a 振替休日, not a 国民の休日.
      {"1988-05-04", "国民の休日"},
      {"1998-05-04", "振替休日"},
      {"2003-05-04", ""},
      {"1989-02-24", "昭和天皇の大喪の礼"},
      {"1989-04-29", "みどりの日"},
      {"1989-12-23", "天皇誕生日"},
      {"1990-11-12", "即位礼正殿の儀"},
      {"1993-06-09", "皇太子徳仁親王の結婚の儀"},
      {"1996-07-20", "海の日"},
      {"2000-01-10", "成人の日"},
      {"2000-01-15", ""},
      {"2003-07-21", "海の日"},
      {"2003-09-15", "敬老の日"},
      {"2007-04-29", "昭和の日"},
      {"2007-05-04", "みどりの日"},
      // From 2007 the next day that is not a 祝日: 5/4 Sunday → 5/6.
      {"2008-05-06", "振替休日"},
      {"2009-09-22", "国民の休日"},
      {"2015-09-22", "国民の休日"},
      {"2016-08-11", "山の日"},
      {"2015-08-11", ""},
      {"2018-12-23", "天皇誕生日"},
      {"2018-12-24", "振替休日"},
      {"2019-10-14", "体育の日"},
      // 2019: the enthronement days and the two 国民の休日 they create; no 天皇誕生日.
      {"2019-04-30", "国民の休日"},
      {"2019-05-01", "天皇の即位の日"},
      {"2019-05-02", "国民の休日"},
      {"2019-05-06", "振替休日"},
      {"2019-10-22", "即位礼正殿の儀の行われる日"},
      {"2019-12-23", ""},
      {"2019-02-23", ""},
      {"2020-12-23", ""},
      // 2020–2021: the usual days are ordinary days.
      {"2020-07-20", ""},
      {"2020-08-11", ""},
      {"2020-10-12", ""},
      {"2021-07-19", ""},
      {"2021-08-11", ""},
      {"2021-10-11", ""},
      {"2032-09-21", "国民の休日"},
      {"2099-11-23", "勤労感謝の日"},
  };
  for (const Row& r : rows) {
    INFO(r.date);
    auto h = national_holiday(day(r.date));
    if (std::string(r.name).empty()) {
      CHECK_FALSE(h.has_value());
    } else {
      REQUIRE(h.has_value());
      CHECK(h->name_ja == r.name);
    }
  }
}

TEST_CASE("holidays outside 1948-2099 are refused, not guessed", "[calendar]") {
  CHECK_THROWS_AS(national_holidays(1947), InputError);
  CHECK_THROWS_AS(national_holidays(2100), InputError);
  CHECK_FALSE(national_holiday(day("2100-01-01")).has_value());
  CHECK_NOTHROW(national_holidays(1948));
  CHECK_NOTHROW(national_holidays(2099));
}

TEST_CASE("every year 1948-2099 has its holidays in order with no day twice", "[calendar]") {
  for (int year = kFirstHolidayYear; year <= kLastHolidayYear; ++year) {
    INFO(year);
    auto list = national_holidays(year);
    REQUIRE(!list.empty());
    for (size_t i = 1; i < list.size(); ++i) CHECK(list[i - 1].date < list[i].date);
    for (const Holiday& h : list) {
      CHECK(h.date.y == year);
      // No 振替休日 or 国民の休日 ever falls on a Sunday.
      if (h.kind != HolidayKind::National) CHECK(weekday(h.date) != Weekday::Sunday);
    }
  }
}

TEST_CASE("day arithmetic: weekdays, months and nth weekdays", "[calendar]") {
  CHECK(weekday(day("1970-01-01")) == Weekday::Thursday);
  CHECK(weekday(day("2024-02-29")) == Weekday::Thursday);
  CHECK(weekday(day("1948-07-20")) == Weekday::Tuesday);
  CHECK(add_days(day("2024-02-28"), 1) == day("2024-02-29"));
  CHECK(add_days(day("2023-02-28"), 1) == day("2023-03-01"));
  CHECK(days_between(day("2024-01-01"), day("2025-01-01")) == 366);
  CHECK(add_months_clamped(day("2024-01-31"), 1) == day("2024-02-29"));
  CHECK(add_months_clamped(day("2023-01-31"), 1) == day("2023-02-28"));
  CHECK(add_months_clamped(day("2023-11-30"), 3) == day("2024-02-29"));
  CHECK(add_months_clamped(day("2024-02-29"), 12) == day("2025-02-28"));
  CHECK(nth_weekday(2026, 1, Weekday::Monday, 2) == day("2026-01-12"));
  CHECK(nth_weekday(2026, 4, Weekday::Thursday, -1) == day("2026-04-30"));
  CHECK(nth_weekday(2026, 2, Weekday::Friday, -1) == day("2026-02-27"));
}

TEST_CASE("the archive is closed on weekends, holidays and 年末年始 by default", "[calendar]") {
  ArchiveCalendar cal;
  struct Row {
    const char* date;
    const char* reason;  // "" = open
  };
  const Row rows[] = {
      {"2026-04-06", ""},         {"2026-04-04", "土曜日"},     {"2026-04-05", "日曜日"},   {"2026-04-29", "昭和の日"},
      {"2026-05-06", "振替休日"}, {"2026-09-22", "国民の休日"}, {"2025-12-26", ""},         {"2025-12-29", "年末年始"},
      {"2025-12-31", "年末年始"}, {"2026-01-01", "元日"},       {"2026-01-02", "年末年始"}, {"2026-01-03", "年末年始"},
      {"2026-01-05", ""},         {"2026-12-28", ""},
  };
  for (const Row& r : rows) {
    INFO(r.date);
    auto reason = cal.closure_reason(day(r.date));
    if (std::string(r.reason).empty()) {
      CHECK_FALSE(reason.has_value());
      CHECK(cal.is_open(day(r.date)));
    } else {
      REQUIRE(reason.has_value());
      CHECK(*reason == r.reason);
      CHECK(cal.is_closed(day(r.date)));
    }
  }
  CHECK(cal.next_open_day(day("2025-12-27")) == day("2026-01-05"));
  CHECK(cal.next_open_day(day("2026-05-02")) == day("2026-05-07"));
  CHECK(cal.next_open_day(day("2026-04-06")) == day("2026-04-06"));
}

TEST_CASE("configured closures, weekdays and 年末年始 come from the ordinance section", "[calendar]") {
  CalendarConfig config = calendar_config_from_ini({
      {"closed_weekdays", "mon sun"},
      {"year_end", "12-28..01-04"},
      {"closures", "2026-03-09..2026-03-13 特別整理期間; 2026-06-01 館内整理日"},
      {"monthly_closures", "last-fri 月末整理日"},
      {"decision_days", "30"},  // another module's key: ignored here
  });
  ArchiveCalendar cal(config);
  CHECK(*cal.closure_reason(day("2026-03-11")) == "特別整理期間");
  CHECK(*cal.closure_reason(day("2026-03-13")) == "特別整理期間");
  CHECK(*cal.closure_reason(day("2026-06-01")) == "館内整理日");
  CHECK(*cal.closure_reason(day("2026-04-24")) == "月末整理日");
  CHECK(*cal.closure_reason(day("2026-04-06")) == "月曜日");
  CHECK(cal.is_open(day("2026-04-04")));  // Saturday is open here
  CHECK(*cal.closure_reason(day("2026-12-28")) == "年末年始");
  CHECK(*cal.closure_reason(day("2027-01-04")) == "年末年始");
  CHECK(cal.is_open(day("2026-03-14")));

  CalendarConfig open_all = calendar_config_from_ini(
      {{"closed_weekdays", "none"}, {"year_end", "none"}, {"national_holidays_closed", "false"}});
  ArchiveCalendar always(open_all);
  CHECK(always.is_open(day("2026-01-01")));
  CHECK(always.is_open(day("2026-04-05")));
  CHECK(always.is_open(day("2025-12-30")));
}

TEST_CASE("malformed calendar keys are refused with the key named", "[calendar]") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"closed_weekdays", "sat funday"},     {"year_end", "12-29"},
      {"year_end", "13-01..01-03"},          {"year_end", "02-29..03-01"},
      {"closures", "2026-02-30 館内整理日"}, {"closures", "2026-03-13..2026-03-09 逆"},
      {"monthly_closures", "9thu"},          {"monthly_closures", "last-xyz"},
      {"national_holidays_closed", "maybe"},
  };
  for (const auto& [key, value] : bad) {
    INFO(key << " = " << value);
    try {
      calendar_config_from_ini({{key, value}});
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(key) != std::string::npos);
    }
  }
}

TEST_CASE("a calendar closed on every day is a configuration error, not a hang", "[calendar]") {
  CalendarConfig config;
  config.closed_weekdays.fill(true);
  ArchiveCalendar cal(config);
  CHECK_THROWS_AS(cal.next_open_day(day("2026-04-01")), InputError);
}
