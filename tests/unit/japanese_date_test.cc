// Japanese date expressions (archive/dates/japanese_date.h): what an archivist may write in
// <date>, what it means as an ISO interval, what is rejected and why, and how dates
// are displayed and found in search-box text.
#include "archive/dates/japanese_date.h"

#include <catch2/catch.hpp>

#include "archive/dates/date_display.h"

#include "archive/base/errors.h"

using monjo::archive::DateInterval;
using monjo::archive::display_date;
using monjo::archive::extract_query_date;
using monjo::archive::format_wareki;
using monjo::archive::InputError;
using monjo::archive::parse_date;
using monjo::archive::parse_date_bound;
using monjo::archive::parse_normal_date;
using monjo::archive::try_parse_date;
using monjo::archive::Ymd;

namespace {

Ymd iso(const char* s) {
  auto d = Ymd::parse_iso(s);
  REQUIRE(d.has_value());
  return *d;
}

DateInterval interval(const char* start, const char* end) {
  return {iso(start), iso(end)};
}

struct Case {
  const char* input;
  const char* start;
  const char* end;
};

void check_table(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    CAPTURE(c.input);
    DateInterval iv;
    REQUIRE_NOTHROW(iv = parse_date(c.input));
    CHECK(iv.start.iso() == c.start);
    CHECK(iv.end.iso() == c.end);
  }
}

struct ErrorCase {
  const char* input;
  const char* message;  // expected substring
};

void check_errors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    CAPTURE(c.input);
    CHECK_THROWS_WITH(parse_date(c.input), Catch::Matchers::Contains(c.message));
    CHECK_FALSE(try_parse_date(c.input).has_value());
  }
}

}  // namespace

TEST_CASE("a 和暦 year, 年度, month or day becomes its ISO interval", "[dates]") {
  check_table({
      {"昭和30年", "1955-01-01", "1955-12-31"},
      {"昭和30年度", "1955-04-01", "1956-03-31"},
      {"昭和30年6月", "1955-06-01", "1955-06-30"},
      {"昭和30年6月10日", "1955-06-10", "1955-06-10"},
      {"昭和31年2月", "1956-02-01", "1956-02-29"},
      {"大正12年9月1日", "1923-09-01", "1923-09-01"},
      {"平成2年", "1990-01-01", "1990-12-31"},
      {"令和5年4月1日", "2023-04-01", "2023-04-01"},
      {"明治30年", "1897-01-01", "1897-12-31"},
      {"昭和30", "1955-01-01", "1955-12-31"},
      {"昭和30年頃", "1955-01-01", "1955-12-31"},
  });
}

TEST_CASE("kanji numerals are read positionally and additively, with 廿 and 卅", "[dates]") {
  check_table({
      {"昭和三十年", "1955-01-01", "1955-12-31"},
      {"昭和三〇年", "1955-01-01", "1955-12-31"},
      {"昭和三○年", "1955-01-01", "1955-12-31"},
      {"昭和二十五年", "1950-01-01", "1950-12-31"},
      {"昭和廿五年", "1950-01-01", "1950-12-31"},
      {"昭和卅年", "1955-01-01", "1955-12-31"},
      {"昭和卅一年", "1956-01-01", "1956-12-31"},
      {"昭和十年", "1935-01-01", "1935-12-31"},
      {"大正十二年九月一日", "1923-09-01", "1923-09-01"},
      {"昭和三十年六月十日", "1955-06-10", "1955-06-10"},
      {"昭和参拾年", "1955-01-01", "1955-12-31"},
      {"一九五五年", "1955-01-01", "1955-12-31"},
      {"千九百五十五年", "1955-01-01", "1955-12-31"},
      {"二〇一九年五月一日", "2019-05-01", "2019-05-01"},
      {"二千十九年", "2019-01-01", "2019-12-31"},
  });
}

TEST_CASE("元年 is year 1 of an era", "[dates]") {
  check_table({
      {"昭和元年", "1926-12-25", "1926-12-31"},
      {"平成元年", "1989-01-08", "1989-12-31"},
      {"令和元年", "2019-05-01", "2019-12-31"},
      {"大正元年", "1912-07-30", "1912-12-31"},
      {"明治元年", "1868-01-01", "1868-12-31"},
      {"平成元年1月8日", "1989-01-08", "1989-01-08"},
  });
}

TEST_CASE("a year in which an era starts or ends covers only that era's part", "[dates]") {
  check_table({
      {"大正15年", "1926-01-01", "1926-12-24"},
      {"昭和元年", "1926-12-25", "1926-12-31"},
      {"昭和64年", "1989-01-01", "1989-01-07"},
      {"平成元年", "1989-01-08", "1989-12-31"},
      {"平成31年", "2019-01-01", "2019-04-30"},
      {"明治45年", "1912-01-01", "1912-07-29"},
      {"大正元年", "1912-07-30", "1912-12-31"},
      {"昭和元年12月", "1926-12-25", "1926-12-31"},
      {"大正15年12月", "1926-12-01", "1926-12-24"},
      {"昭和64年1月", "1989-01-01", "1989-01-07"},
      {"平成31年4月", "2019-04-01", "2019-04-30"},
      // The first and last days of each era.
      {"明治45年7月29日", "1912-07-29", "1912-07-29"},
      {"大正元年7月30日", "1912-07-30", "1912-07-30"},
      {"大正15年12月24日", "1926-12-24", "1926-12-24"},
      {"昭和元年12月25日", "1926-12-25", "1926-12-25"},
      {"昭和64年1月7日", "1989-01-07", "1989-01-07"},
      {"平成元年1月8日", "1989-01-08", "1989-01-08"},
      {"平成31年4月30日", "2019-04-30", "2019-04-30"},
      {"令和元年5月1日", "2019-05-01", "2019-05-01"},
  });
}

TEST_CASE("a 年度 runs April to March, also across a change of era", "[dates]") {
  check_table({
      {"昭和63年度", "1988-04-01", "1989-03-31"},
      {"平成元年度", "1989-04-01", "1990-03-31"},
      {"平成31年度", "2019-04-01", "2020-03-31"},
      {"令和元年度", "2019-04-01", "2020-03-31"},
      {"大正15年度", "1926-04-01", "1927-03-31"},
      {"明治45年度", "1912-04-01", "1913-03-31"},
      {"明治19年度", "1886-04-01", "1887-03-31"},
      {"1955年度", "1955-04-01", "1956-03-31"},
  });
}

TEST_CASE("ranges join two dates with any dash, wave dash or から…まで", "[dates]") {
  check_table({
      {"昭和30年～32年", "1955-01-01", "1957-12-31"},
      {"昭和30年〜32年", "1955-01-01", "1957-12-31"},
      {"昭和30年~32年", "1955-01-01", "1957-12-31"},
      {"昭和30年-32年", "1955-01-01", "1957-12-31"},
      {"昭和30年–32年", "1955-01-01", "1957-12-31"},
      {"昭和30年—32年", "1955-01-01", "1957-12-31"},
      {"昭和30年―32年", "1955-01-01", "1957-12-31"},
      {"昭和30年－32年", "1955-01-01", "1957-12-31"},
      {"昭和30年から32年まで", "1955-01-01", "1957-12-31"},
      {"昭和30年から昭和32年まで", "1955-01-01", "1957-12-31"},
      {"昭和30年から昭和32年", "1955-01-01", "1957-12-31"},
      {"昭和30年～昭和32年", "1955-01-01", "1957-12-31"},
      {"昭和30年 ～ 昭和32年", "1955-01-01", "1957-12-31"},
      {"昭和30年度～昭和32年度", "1955-04-01", "1958-03-31"},
      {"昭和30年度～32年度", "1955-04-01", "1958-03-31"},
      {"昭和30年6月～8月", "1955-06-01", "1955-08-31"},
      {"昭和30年6月10日～15日", "1955-06-10", "1955-06-15"},
      {"昭和30年6月10日～7月5日", "1955-06-10", "1955-07-05"},
      {"昭和30年12月～31年3月", "1955-12-01", "1956-03-31"},
      {"昭和63年～平成2年", "1988-01-01", "1990-12-31"},
      {"昭和16年～昭和29年", "1941-01-01", "1954-12-31"},
      {"昭和20年代～30年代", "1945-01-01", "1964-12-31"},
      {"明治期～大正期", "1868-01-01", "1926-12-24"},
      {"昭和30年～1960年", "1955-01-01", "1960-12-31"},
      {"1955年～1957年", "1955-01-01", "1957-12-31"},
      {"1955～1957", "1955-01-01", "1957-12-31"},
      {"1955-1957", "1955-01-01", "1957-12-31"},
      {"1955/1957", "1955-01-01", "1957-12-31"},
      {"1955年6月～8月", "1955-06-01", "1955-08-31"},
      {"1955-06-10～15", "1955-06-10", "1955-06-15"},
      {"1955-06-10/1955-07-01", "1955-06-10", "1955-07-01"},
  });
}

TEST_CASE("年 may be left out of a 和暦 range", "[dates]") {
  check_table({
      {"昭和30～32年", "1955-01-01", "1957-12-31"},
      {"昭和30～32", "1955-01-01", "1957-12-31"},
      {"昭和30～昭和32年", "1955-01-01", "1957-12-31"},
      {"昭和30～32年度", "1955-04-01", "1958-03-31"},
      {"昭和30年度～32", "1955-04-01", "1958-03-31"},
      {"平成元～3年", "1989-01-08", "1991-12-31"},
  });
}

TEST_CASE("a 年代 is ten years, clipped to its era", "[dates]") {
  check_table({
      {"昭和20年代", "1945-01-01", "1954-12-31"},
      {"昭和10年代", "1935-01-01", "1944-12-31"},
      {"昭和60年代", "1985-01-01", "1989-01-07"},
      {"明治40年代", "1907-01-01", "1912-07-29"},
      {"大正10年代", "1921-01-01", "1926-12-24"},
      {"平成30年代", "2018-01-01", "2019-04-30"},
      {"1950年代", "1950-01-01", "1959-12-31"},
      {"一九五〇年代", "1950-01-01", "1959-12-31"},
  });
}

TEST_CASE("an era period (期, 時代) spans the era's exact days", "[dates]") {
  check_table({
      {"明治期", "1868-01-01", "1912-07-29"},
      {"明治時代", "1868-01-01", "1912-07-29"},
      {"大正期", "1912-07-30", "1926-12-24"},
      {"大正時代", "1912-07-30", "1926-12-24"},
      {"昭和期", "1926-12-25", "1989-01-07"},
      {"平成期", "1989-01-08", "2019-04-30"},
      // 昭和20年 (1945) belongs to both halves: catalogs date it either way.
      {"昭和前期", "1926-12-25", "1945-12-31"},
      {"昭和後期", "1945-01-01", "1989-01-07"},
  });
}

TEST_CASE("西暦 dates in the forms catalogs use", "[dates]") {
  check_table({
      {"1955年", "1955-01-01", "1955-12-31"},
      {"1955", "1955-01-01", "1955-12-31"},
      {"1955-06-10", "1955-06-10", "1955-06-10"},
      {"1955-06", "1955-06-01", "1955-06-30"},
      {"1955-6-1", "1955-06-01", "1955-06-01"},
      {"1955/6/10", "1955-06-10", "1955-06-10"},
      {"1955.6.10", "1955-06-10", "1955-06-10"},
      {"1955年6月", "1955-06-01", "1955-06-30"},
      {"1955年6月10日", "1955-06-10", "1955-06-10"},
      {"1956-02-29", "1956-02-29", "1956-02-29"},
      {"2000-02-29", "2000-02-29", "2000-02-29"},
      {"1850年", "1850-01-01", "1850-12-31"},
  });
}

TEST_CASE("full-width digits, letters and spaces are read like ASCII", "[dates]") {
  check_table({
      {"１９５５年", "1955-01-01", "1955-12-31"},
      {"１９５５－０６－１０", "1955-06-10", "1955-06-10"},
      {"昭和３０年６月１０日", "1955-06-10", "1955-06-10"},
      {"昭和　30年", "1955-01-01", "1955-12-31"},
      {"  昭和30年  ", "1955-01-01", "1955-12-31"},
      {"昭和 30 年 6 月", "1955-06-01", "1955-06-30"},
      {"Ｓ30", "1955-01-01", "1955-12-31"},
      {"Ｓ３０．６．１０", "1955-06-10", "1955-06-10"},
      {"㍼30年", "1955-01-01", "1955-12-31"},
      {"㍻元年", "1989-01-08", "1989-12-31"},
  });
}

TEST_CASE("era abbreviations M T S H R as archives write them", "[dates]") {
  check_table({
      {"S30", "1955-01-01", "1955-12-31"},
      {"S.30", "1955-01-01", "1955-12-31"},
      {"s30", "1955-01-01", "1955-12-31"},
      {"S30年", "1955-01-01", "1955-12-31"},
      {"S30.6.10", "1955-06-10", "1955-06-10"},
      {"S30/6/10", "1955-06-10", "1955-06-10"},
      {"S30.6", "1955-06-01", "1955-06-30"},
      {"S30年度", "1955-04-01", "1956-03-31"},
      {"H2", "1990-01-01", "1990-12-31"},
      {"R1", "2019-05-01", "2019-12-31"},
      {"M45", "1912-01-01", "1912-07-29"},
      {"T元", "1912-07-30", "1912-12-31"},
      {"H元.5.1", "1989-05-01", "1989-05-01"},
      {"S30-32", "1955-01-01", "1957-12-31"},
      {"S30～S32", "1955-01-01", "1957-12-31"},
      {"S63-H2", "1988-01-01", "1990-12-31"},
  });
}

TEST_CASE("months and days in 明治1–5 (lunisolar) stand for their whole year", "[dates]") {
  check_table({
      {"明治3年5月10日", "1870-01-01", "1870-12-31"},
      {"明治3年5月", "1870-01-01", "1870-12-31"},
      {"明治3年2月30日", "1870-01-01", "1870-12-31"},  // lunisolar months have 30 days
      {"明治3年閏10月", "1870-01-01", "1870-12-31"},
      {"明治元年9月8日", "1868-01-01", "1868-12-31"},
      {"明治5年12月2日", "1872-01-01", "1872-12-31"},
      {"明治3年5月～明治4年2月", "1870-01-01", "1871-12-31"},
      // The Gregorian calendar starts with 明治6年1月1日.
      {"明治6年1月1日", "1873-01-01", "1873-01-01"},
      {"明治6年", "1873-01-01", "1873-12-31"},
  });
}

TEST_CASE("an era year beyond the era's end is an error naming the last year", "[dates]") {
  check_errors({
      {"昭和65年", "昭和 ended in year 64"},
      {"大正16年", "大正 ended in year 15"},
      {"平成32年", "平成 ended in year 31"},
      {"明治46年", "明治 ended in year 45"},
      {"S65", "昭和 ended in year 64"},
      {"昭和60年～70年", "昭和 ended in year 64"},
      {"昭和0年", "era years start at 1"},
  });
  CHECK_THROWS_WITH(parse_date("昭和65年"), "date \"昭和65年\": 昭和 ended in year 64");
}

TEST_CASE("a day outside its era is an error", "[dates]") {
  check_errors({
      {"昭和64年1月8日", "1989-01-08 is after the end of 昭和 (1989-01-07)"},
      {"大正元年7月29日", "1912-07-29 is before the start of 大正 (1912-07-30)"},
      {"平成31年5月1日", "after the end of 平成"},
      {"令和元年4月30日", "before the start of 令和"},
      {"昭和元年12月24日", "before the start of 昭和"},
      {"大正15年12月25日", "after the end of 大正"},
      {"昭和64年2月", "1989-02 is after the end of 昭和"},
      {"令和元年4月", "before the start of 令和"},
  });
}

TEST_CASE("a date that is not on the calendar is an error", "[dates]") {
  check_errors({
      {"昭和30年2月30日", "not a calendar date"},
      {"昭和30年13月", "not a calendar date"},
      {"昭和30年0月", "not a calendar date"},
      {"昭和30年6月31日", "not a calendar date"},
      {"昭和30年2月29日", "not a calendar date"},
      {"1955-02-29", "not a calendar date"},
      {"1900-02-29", "not a calendar date"},
      {"1955-13", "not a calendar date"},
      {"1955/6/31", "not a calendar date"},
      {"明治3年2月31日", "not a calendar date"},
      {"明治3年13月", "not a calendar date"},
  });
  CHECK_THROWS_WITH(parse_date("昭和30年2月30日"), "date \"昭和30年2月30日\": not a calendar date");
}

TEST_CASE("年度 before 明治19年度 and after an era's end is an error", "[dates]") {
  check_errors({
      {"明治18年度", "began with 明治19年度 (1886)"},
      {"1885年度", "began with 明治19年度 (1886)"},
      {"昭和64年度", "昭和 ended on 1989-01-07, before 昭和64年度 began"},
  });
}

TEST_CASE("other date errors say what is wrong", "[dates]") {
  check_errors({
      {"昭和32年～30年", "the range ends before it starts"},
      {"1957-1955", "the range ends before it starts"},
      {"昭和25年代", "a year ending in 0"},
      {"1955年代", "a year ending in 0"},
      {"明治前期", "defined only for 昭和"},
      {"令和期", "current era"},
      {"昭和30年閏6月", "lunisolar"},
  });
}

TEST_CASE("text that is not a date expression is unrecognised", "[dates]") {
  check_errors({
      {"", "unrecognised date \"\""},
      {"議事録", "unrecognised date \"議事録\""},
      {"昭和", "unrecognised date"},
      {"30年", "unrecognised date"},
      {"6月10日", "unrecognised date"},
      {"2月30日", "unrecognised date"},
      {"昭和30年～", "unrecognised date"},
      {"昭和30年6", "unrecognised date"},
      {"昭和30年6月10日 議事録", "unrecognised date"},
      {"昭和十百年", "unrecognised date"},
      {"昭和30年10日", "unrecognised date"},
      {"昭和30年6月～昭和8月", "unrecognised date"},
      {"明治期～30年", "unrecognised date"},
      {"195", "unrecognised date"},
      {"X30", "unrecognised date"},
      {"S", "unrecognised date"},
      {"\xff\xfe", "unrecognised date"},
  });
}

TEST_CASE("Ymd converts to and from days since 1970-01-01", "[dates]") {
  CHECK(Ymd{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(Ymd{1969, 12, 31}.days_since_epoch() == -1);
  CHECK(Ymd{2000, 3, 1}.days_since_epoch() == 11017);
  CHECK(Ymd{1868, 1, 1}.days_since_epoch() == -37255);
  CHECK(Ymd::from_days(0) == Ymd{1970, 1, 1});
  CHECK(Ymd::from_days(-1) == Ymd{1969, 12, 31});
  CHECK(Ymd::from_days(11017) == Ymd{2000, 3, 1});
  for (long day = -60000; day <= 60000; day += 7) {
    Ymd d = Ymd::from_days(day);
    REQUIRE(d.valid());
    REQUIRE(d.days_since_epoch() == day);
    REQUIRE(Ymd::from_days(day + 1) == Ymd::from_days(Ymd{d.y, d.m, d.d}.days_since_epoch() + 1));
  }
}

TEST_CASE("Ymd::parse_iso accepts only real YYYY-MM-DD days", "[dates]") {
  CHECK(Ymd::parse_iso("1955-06-10") == Ymd{1955, 6, 10});
  CHECK(Ymd::parse_iso("1956-02-29") == Ymd{1956, 2, 29});
  CHECK(Ymd{1955, 6, 10}.iso() == "1955-06-10");
  CHECK(Ymd{800, 1, 2}.iso() == "0800-01-02");
  for (const char* bad : {"1955-02-29", "1955-6-10", "1955/06/10", "1955-06", "19550610", "1955-06-10x", "",
                          "abcd-ef-gh", "1955-00-10", "1955-06-00"}) {
    CAPTURE(bad);
    CHECK_FALSE(Ymd::parse_iso(bad).has_value());
  }
  CHECK(Ymd{1955, 6, 10}.valid());
  CHECK_FALSE(Ymd{}.valid());
  CHECK_FALSE(Ymd{1955, 4, 31}.valid());
  CHECK(Ymd{2000, 2, 29}.valid());
  CHECK_FALSE(Ymd{2100, 2, 29}.valid());
}

TEST_CASE("@normal dates are ISO years, months or days, alone or joined by /", "[dates]") {
  CHECK(parse_normal_date("1955") == interval("1955-01-01", "1955-12-31"));
  CHECK(parse_normal_date("1955-06") == interval("1955-06-01", "1955-06-30"));
  CHECK(parse_normal_date("1956-02") == interval("1956-02-01", "1956-02-29"));
  CHECK(parse_normal_date("1955-06-10") == interval("1955-06-10", "1955-06-10"));
  CHECK(parse_normal_date("1954-04-01/1955-03-31") == interval("1954-04-01", "1955-03-31"));
  CHECK(parse_normal_date("1955/1957-06") == interval("1955-01-01", "1957-06-30"));
  for (const char* bad : {"", "55", "1955-13", "1955-02-29", "1955-6-10", "1955/", "/1955", "1955/1956/1957",
                          "昭和30年", "1955-06-10 "}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_normal_date(bad), InputError);
  }
  CHECK_THROWS_WITH(parse_normal_date("1957/1955"), Catch::Matchers::Contains("ends before it starts"));
}

TEST_CASE("format_wareki uses the era in force on the day", "[dates]") {
  struct {
    Ymd day;
    const char* wareki;
  } cases[] = {
      {{1955, 6, 10}, "昭和30年6月10日"},   {{1912, 7, 29}, "明治45年7月29日"},   {{1912, 7, 30}, "大正元年7月30日"},
      {{1926, 12, 24}, "大正15年12月24日"}, {{1926, 12, 25}, "昭和元年12月25日"}, {{1989, 1, 7}, "昭和64年1月7日"},
      {{1989, 1, 8}, "平成元年1月8日"},     {{2019, 4, 30}, "平成31年4月30日"},   {{2019, 5, 1}, "令和元年5月1日"},
      {{1873, 1, 1}, "明治6年1月1日"},      {{1870, 5, 10}, "明治3年"},  // lunisolar: the month and day would be wrong
      {{1868, 3, 1}, "明治元年"},           {{1867, 5, 1}, "1867年5月1日"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.day.iso());
    CHECK(format_wareki(c.day) == c.wareki);
  }
  CHECK(format_wareki({1926, 12, 25}, false) == "昭和1年12月25日");
  CHECK(format_wareki({2019, 5, 1}, false) == "令和1年5月1日");
}

TEST_CASE("every Gregorian day of the eras reads back from its 和暦", "[dates]") {
  for (long day = Ymd{1873, 1, 1}.days_since_epoch(); day <= Ymd{2030, 12, 31}.days_since_epoch(); ++day) {
    Ymd d = Ymd::from_days(day);
    std::string w = format_wareki(d, day % 2 == 0);
    auto iv = try_parse_date(w);
    REQUIRE(iv.has_value());
    REQUIRE(iv->start == d);
    REQUIRE(iv->end == d);
  }
}

TEST_CASE("display_date shows the text as written with the other calendar beside it", "[dates]") {
  struct {
    const char* text;
    const char* shown;
  } cases[] = {
      {"昭和30年度", "昭和30年度 (1955–1956)"},
      {"昭和30年6月10日", "昭和30年6月10日 (1955-06-10)"},
      {"昭和30年", "昭和30年 (1955)"},
      {"昭和30年～32年", "昭和30年～32年 (1955–1957)"},
      {"昭和30年6月", "昭和30年6月 (1955-06)"},
      {"昭和元年", "昭和元年 (1926)"},
      {"明治期", "明治期 (1868–1912)"},
      {"1955-06-10", "1955-06-10 (昭和30年6月10日)"},
      {"1955年度", "1955年度 (昭和30年度)"},
      {"1955", "1955 (昭和30年)"},
      {"1989", "1989 (昭和64年～平成元年)"},
      {"1850年", "1850年"},
      {"不明", "不明"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(display_date(c.text, std::nullopt) == c.shown);
  }
  CHECK(display_date("昭和30年頃", interval("1954-01-01", "1956-12-31")) == "昭和30年頃 (1954–1956)");
}

TEST_CASE("display_date renders an interval in 和暦 when no text is given", "[dates]") {
  struct {
    const char* start;
    const char* end;
    const char* shown;
  } cases[] = {
      {"1955-04-01", "1956-03-31", "昭和30年度 (1955–1956)"},
      {"1955-04-01", "1958-03-31", "昭和30年度～32年度 (1955–1958)"},
      {"1955-01-01", "1955-12-31", "昭和30年 (1955)"},
      {"1955-01-01", "1957-12-31", "昭和30年～32年 (1955–1957)"},
      {"1988-01-01", "1990-12-31", "昭和63年～平成2年 (1988–1990)"},
      {"1926-12-25", "1926-12-31", "昭和元年 (1926)"},
      {"1926-01-01", "1926-12-24", "大正15年 (1926)"},
      {"1926-01-01", "1926-12-31", "大正15年～昭和元年 (1926)"},
      {"1926-12-25", "1989-01-07", "昭和期 (1926–1989)"},
      {"1955-06-01", "1955-06-30", "昭和30年6月 (1955-06)"},
      {"1955-06-01", "1955-08-31", "昭和30年6月～8月 (1955)"},
      {"1955-06-10", "1955-06-10", "昭和30年6月10日 (1955-06-10)"},
      {"1955-06-10", "1955-06-15", "昭和30年6月10日～15日 (1955)"},
      {"1955-06-10", "1955-07-05", "昭和30年6月10日～7月5日 (1955)"},
      {"1870-01-01", "1871-12-31", "明治3年～4年 (1870–1871)"},
      {"1850-01-01", "1850-12-31", "1850"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.start, c.end);
    CHECK(display_date("", interval(c.start, c.end)) == c.shown);
  }
  CHECK(display_date("", std::nullopt).empty());
}

TEST_CASE("a date typed in the search box becomes a filter", "[dates]") {
  struct {
    const char* query;
    const char* expression;
    const char* rest;
    const char* start;
    const char* end;
  } found[] = {
      {"議事録 昭和30年", "昭和30年", "議事録", "1955-01-01", "1955-12-31"},
      {"大正十二年", "大正十二年", "", "1923-01-01", "1923-12-31"},
      {"1955年", "1955年", "", "1955-01-01", "1955-12-31"},
      {"1955年 議事録", "1955年", "議事録", "1955-01-01", "1955-12-31"},
      {"昭和30年度 予算", "昭和30年度", "予算", "1955-04-01", "1956-03-31"},
      {"議事録　昭和30年度　予算", "昭和30年度", "議事録 予算", "1955-04-01", "1956-03-31"},
      {"会議録 昭和30年 ～ 32年 町議会", "昭和30年 ～ 32年", "会議録 町議会", "1955-01-01", "1957-12-31"},
      {"会議録 昭和30年～32年", "昭和30年～32年", "会議録", "1955-01-01", "1957-12-31"},
      {"1955-06-10 議事録", "1955-06-10", "議事録", "1955-06-10", "1955-06-10"},
      {"明治期  写真", "明治期", "写真", "1868-01-01", "1912-07-29"},
  };
  for (const auto& c : found) {
    CAPTURE(c.query);
    auto q = extract_query_date(c.query);
    REQUIRE(q.has_value());
    CHECK(q->expression == c.expression);
    CHECK(q->rest == c.rest);
    CHECK(q->interval == interval(c.start, c.end));
  }
}

TEST_CASE("words that merely look like dates stay words in a query", "[dates]") {
  for (const char* query :
       {"1955",        "議事録 1955", "1955-1957",      "S29-001",         "H2a",    "s31",    "S310",   "S65", "H32",
        "H5-1",        "id:S31",      "昭和30年議事録", "議事録 昭和65年", "1800年", "2200年", "三十年", "",    "   ",
        "議事録 予算", "Showa65",     "Showanishi"}) {
    CAPTURE(query);
    CHECK_FALSE(extract_query_date(query).has_value());
  }
}

TEST_CASE("from/to bounds accept 和暦 or 西暦", "[dates]") {
  CHECK(parse_date_bound("大正12年") == interval("1923-01-01", "1923-12-31"));
  CHECK(parse_date_bound("1955-06") == interval("1955-06-01", "1955-06-30"));
  CHECK(parse_date_bound("1955") == interval("1955-01-01", "1955-12-31"));
  CHECK(parse_date_bound(" 昭和30年度 ") == interval("1955-04-01", "1956-03-31"));
  CHECK(parse_date_bound("S30") == interval("1955-01-01", "1955-12-31"));
  CHECK_FALSE(parse_date_bound("").has_value());
  CHECK_FALSE(parse_date_bound("   ").has_value());
  CHECK_FALSE(parse_date_bound("いつか").has_value());
  CHECK_FALSE(parse_date_bound("昭和65年").has_value());
}

TEST_CASE("romanized eras read as their kanji forms", "[dates]") {
  struct {
    const char* text;
    const char* start;
    const char* end;
  } cases[] = {
      {"Showa 31", "1956-01-01", "1956-12-31"},
      {"showa 31", "1956-01-01", "1956-12-31"},
      {"SHOWA 31", "1956-01-01", "1956-12-31"},
      {"Shōwa 31", "1956-01-01", "1956-12-31"},
      {"Shouwa 31", "1956-01-01", "1956-12-31"},
      {"Showa31", "1956-01-01", "1956-12-31"},
      {"Ｓｈｏｗａ　３１", "1956-01-01", "1956-12-31"},
      {"Heisei 5.3.31", "1993-03-31", "1993-03-31"},
      {"Heisei 5.3", "1993-03-01", "1993-03-31"},
      {"Meiji 10", "1877-01-01", "1877-12-31"},
      {"Reiwa 2", "2020-01-01", "2020-12-31"},
      {"Taisho", "1912-07-30", "1926-12-24"},
      {"Taishō", "1912-07-30", "1926-12-24"},
      {"Taisho period", "1912-07-30", "1926-12-24"},
      {"Showa era", "1926-12-25", "1989-01-07"},
      {"Taisho - Showa", "1912-07-30", "1989-01-07"},
      {"Showa 30 ~ 32", "1955-01-01", "1957-12-31"},
      {"Showa 1", "1926-12-25", "1926-12-31"},
      {"Showa 64", "1989-01-01", "1989-01-07"},
      {"Heisei 1", "1989-01-08", "1989-12-31"},
      {"Heisei 31", "2019-01-01", "2019-04-30"},
      {"Reiwa 1", "2019-05-01", "2019-12-31"},
      {"Meiji 45", "1912-01-01", "1912-07-29"},
      {"Taisho 1", "1912-07-30", "1912-12-31"},
      {"S31", "1956-01-01", "1956-12-31"},
      {"H5", "1993-01-01", "1993-12-31"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_date(c.text) == interval(c.start, c.end));
  }
}

TEST_CASE("a romanized era year past the era's end is refused as the kanji form is", "[dates]") {
  struct {
    const char* text;
    const char* message;
  } cases[] = {
      {"Showa 65", "date \"Showa 65\": Showa ended in year 64"},
      {"昭和65年", "date \"昭和65年\": 昭和 ended in year 64"},
      {"Taisho 16", "date \"Taisho 16\": Taisho ended in year 15"},
      {"Heisei 32", "date \"Heisei 32\": Heisei ended in year 31"},
      {"Meiji 46", "date \"Meiji 46\": Meiji ended in year 45"},
      {"Showa 0", "date \"Showa 0\": era years start at 1 (元年)"},
      {"Reiwa", "date \"Reiwa\": Reiwa is the current era; write a range of years"},
      {"Heisei 1.1.7", "date \"Heisei 1.1.7\": 1989-01-07 is before the start of 平成 (1989-01-08)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK_THROWS_WITH(parse_date(c.text), c.message);
  }
  auto why = monjo::archive::date_rejection("  Showa 65 ");
  REQUIRE(why.has_value());
  CHECK(why->expression == "Showa 65");
  CHECK(why->era == 2);
  CHECK(why->message == "date \"Showa 65\": Showa ended in year 64");
  auto kanji = monjo::archive::date_rejection("昭和65年");
  REQUIRE(kanji.has_value());
  CHECK(kanji->era == 2);
  auto shape = monjo::archive::date_rejection("昭和30年2月30日");
  REQUIRE(shape.has_value());
  CHECK(shape->era == -1);
  CHECK_FALSE(monjo::archive::date_rejection("Showa 64").has_value());
  CHECK_FALSE(monjo::archive::date_rejection("").has_value());
}

TEST_CASE("the search box takes romanized eras and whole-word era letters", "[dates]") {
  struct {
    const char* query;
    const char* expression;
    const char* rest;
    const char* start;
    const char* end;
  } found[] = {
      {"Showa 31", "Showa 31", "", "1956-01-01", "1956-12-31"},
      {"council Showa 31 minutes", "Showa 31", "council minutes", "1956-01-01", "1956-12-31"},
      {"S31", "S31", "", "1956-01-01", "1956-12-31"},
      {"議事録 S31", "S31", "議事録", "1956-01-01", "1956-12-31"},
      {"Ｓ３１", "Ｓ３１", "", "1956-01-01", "1956-12-31"},
      {"S.30", "S.30", "", "1955-01-01", "1955-12-31"},
      {"H5", "H5", "", "1993-01-01", "1993-12-31"},
      {"H5.3.31", "H5.3.31", "", "1993-03-31", "1993-03-31"},
      {"Heisei 5.3.31", "Heisei 5.3.31", "", "1993-03-31", "1993-03-31"},
      {"Meiji 10", "Meiji 10", "", "1877-01-01", "1877-12-31"},
      {"Taisho 写真", "Taisho", "写真", "1912-07-30", "1926-12-24"},
      {"Reiwa 2", "Reiwa 2", "", "2020-01-01", "2020-12-31"},
      {"T元", "T元", "", "1912-07-30", "1912-12-31"},
      {"Showa 30 ~ Showa 32", "Showa 30 ~ Showa 32", "", "1955-01-01", "1957-12-31"},
  };
  for (const auto& c : found) {
    CAPTURE(c.query);
    auto q = extract_query_date(c.query);
    REQUIRE(q.has_value());
    CHECK(q->expression == c.expression);
    CHECK(q->rest == c.rest);
    CHECK(q->interval == interval(c.start, c.end));
  }
}

TEST_CASE("a query naming an era with a year past its end says why it is no period", "[dates]") {
  using monjo::archive::query_date_rejection;
  auto roman = query_date_rejection("議事録 Showa 65");
  REQUIRE(roman.has_value());
  CHECK(roman->expression == "Showa 65");
  CHECK(roman->era == 2);
  CHECK(roman->message == "date \"Showa 65\": Showa ended in year 64");
  auto kanji = query_date_rejection("議事録 昭和65年");
  REQUIRE(kanji.has_value());
  CHECK(kanji->expression == "昭和65年");
  CHECK(kanji->era == 2);
  // An era letter is a word unless it is a date: no explanation for a call number.
  CHECK_FALSE(query_date_rejection("S65").has_value());
  CHECK_FALSE(query_date_rejection("S29-001").has_value());
  CHECK_FALSE(query_date_rejection("議事録 昭和30年").has_value());
  CHECK_FALSE(query_date_rejection("2020-13").has_value());
  // Nor does its era alone become the period: "Showa 65" is not the whole of Showa.
  CHECK_FALSE(extract_query_date("Showa 65").has_value());
  CHECK_FALSE(extract_query_date("議事録 Showa 65").has_value());
  auto later = extract_query_date("Showa 65 昭和19年");
  REQUIRE(later.has_value());
  CHECK(later->expression == "昭和19年");
}

TEST_CASE("read_date tells what a date says, part by part", "[dates]") {
  using monjo::archive::read_date;
  using K = monjo::archive::WrittenPoint::Kind;
  auto w = read_date("昭和３０～３２年度頃");
  REQUIRE(w.has_value());
  CHECK(w->first.era == 2);
  CHECK(w->first.year == 30);
  CHECK(w->first.kind == K::Fiscal);
  REQUIRE(w->last.has_value());
  CHECK(w->last->year == 32);
  CHECK(w->approximate);
  auto d = read_date("1945-02-22");
  REQUIRE(d.has_value());
  CHECK(d->first.era == -1);
  CHECK(d->first.month == 2);
  CHECK(d->first.day == 22);
  CHECK(read_date("昭和前期")->first.kind == K::EarlyEra);
  CHECK_FALSE(read_date("不明").has_value());
  CHECK_FALSE(read_date("昭和65年").has_value());
}
