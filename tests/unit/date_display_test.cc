// The display rule for dates (archive/dates/date_display.h, docs/dates.md "Display"):
// a catalogued date as written with its reading in the other calendar, in Japanese and
// in English; a day the archive states; a moment in Japan time.
#include "archive/dates/date_display.h"

#include <catch2/catch.hpp>

#include "archive/dates/japanese_date.h"

using monjo::archive::DateInterval;
using monjo::archive::display_date;
using monjo::archive::display_day;
using monjo::archive::display_interval;
using monjo::archive::display_time;
using monjo::archive::Lang;
using monjo::archive::parse_iso_utc;
using monjo::archive::Ymd;

namespace {

Ymd iso(const char* s) {
  auto d = Ymd::parse_iso(s);
  REQUIRE(d.has_value());
  return *d;
}

}  // namespace

TEST_CASE("a catalogued date is shown as written, then read in the other calendar", "[dates]") {
  struct {
    const char* text;
    const char* ja;
    const char* en;
  } cases[] = {
      {"昭和26年", "昭和26年 (1951)", "Showa 26 (1951)"},
      {"昭和２６年", "昭和２６年 (1951)", "Showa 26 (1951)"},
      {"昭和二十六年", "昭和二十六年 (1951)", "Showa 26 (1951)"},
      {"㍼26年", "㍼26年 (1951)", "Showa 26 (1951)"},
      {"S26", "S26 (1951)", "Showa 26 (1951)"},
      {"Showa 26", "Showa 26 (1951)", "Showa 26 (1951)"},
      {"昭和元年", "昭和元年 (1926)", "Showa 1 (1926)"},
      {"1945-02-22", "1945-02-22 (昭和20年2月22日)", "22 Feb 1945 (Showa 20)"},
      {"１９４５－０２－２２", "１９４５－０２－２２ (昭和20年2月22日)", "22 Feb 1945 (Showa 20)"},
      {"1945年2月", "1945年2月 (昭和20年2月)", "Feb 1945 (Showa 20)"},
      {"1880年代", "1880年代 (明治13年～22年)", "1880s (Meiji 13–22)"},
      {"1955年度", "1955年度 (昭和30年度)", "FY 1955 (Showa 30)"},
      {"1989", "1989 (昭和64年～平成元年)", "1989 (Showa 64 – Heisei 1)"},
      {"昭和30年度", "昭和30年度 (1955–1956)", "FY Showa 30 (1955–1956)"},
      {"昭和30年6月", "昭和30年6月 (1955-06)", "Jun Showa 30 (Jun 1955)"},
      {"昭和30年6月10日", "昭和30年6月10日 (1955-06-10)", "10 Jun Showa 30 (10 Jun 1955)"},
      {"昭和20年代", "昭和20年代 (1945–1954)", "Showa 20s (1945–1954)"},
      {"昭和30年～32年", "昭和30年～32年 (1955–1957)", "Showa 30–32 (1955–1957)"},
      {"昭和30年6月～8月", "昭和30年6月～8月 (1955)", "Jun Showa 30 – Aug Showa 30 (1955)"},
      {"昭和63年～平成2年", "昭和63年～平成2年 (1988–1990)", "Showa 63 – Heisei 2 (1988–1990)"},
      {"昭和30年頃", "昭和30年頃 (1955)", "c. Showa 30 (1955)"},
      {"明治期", "明治期 (1868–1912)", "Meiji period (1868–1912)"},
      {"昭和前期", "昭和前期 (1926–1945)", "early Showa (1926–1945)"},
      {"昭和後期", "昭和後期 (1945–1989)", "late Showa (1945–1989)"},
      {"明治3年5月10日", "明治3年5月10日 (1870)", "10 May Meiji 3 (1870)"},
      {"大正15年", "大正15年 (1926)", "Taisho 15 (1926)"},
      {"平成31年4月30日", "平成31年4月30日 (2019-04-30)", "30 Apr Heisei 31 (30 Apr 2019)"},
      {"令和元年5月1日", "令和元年5月1日 (2019-05-01)", "1 May Reiwa 1 (1 May 2019)"},
      {"1850年", "1850年", "1850"},
      {"不明", "不明", "不明"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(display_date(c.text, std::nullopt, Lang::Ja) == c.ja);
    CHECK(display_date(c.text, std::nullopt, Lang::En) == c.en);
  }
}

TEST_CASE("@normal moves the reading, not the text", "[dates]") {
  const DateInterval wider{iso("1954-01-01"), iso("1956-12-31")};
  CHECK(display_date("昭和30年頃", wider, Lang::Ja) == "昭和30年頃 (1954–1956)");
  CHECK(display_date("昭和30年頃", wider, Lang::En) == "c. Showa 30 (1954–1956)");
  CHECK(display_date("戦後まもなく", wider, Lang::Ja) == "戦後まもなく (1954–1956)");
  CHECK(display_date("戦後まもなく", wider, Lang::En) == "戦後まもなく (1954–1956)");
}

TEST_CASE("an interval without text is rendered in the page's calendar first", "[dates]") {
  const DateInterval fy{iso("1955-04-01"), iso("1956-03-31")};
  CHECK(display_date("", fy, Lang::Ja) == "昭和30年度 (1955–1956)");
  CHECK(display_date("", fy, Lang::En) == "1955–1956 (Showa 30–31)");
  const DateInterval day{iso("2013-08-20"), iso("2013-08-20")};
  CHECK(display_date("", day, Lang::Ja) == "平成25年8月20日 (2013-08-20)");
  CHECK(display_date("", day, Lang::En) == "20 Aug 2013 (Heisei 25)");
  CHECK(display_date("", std::nullopt, Lang::En).empty());
}

TEST_CASE("a day the archive states reads 和暦 then 西暦, with no year-only tail", "[dates]") {
  const Ymd today{2026, 12, 3};
  CHECK(display_day(today, Lang::Ja) == "令和8年12月3日 (2026-12-03)");
  CHECK(display_day(today, Lang::Ja, true) == "令和8年12月3日（木） (2026-12-03)");
  CHECK(display_day(today, Lang::En) == "3 Dec 2026 (Reiwa 8)");
  CHECK(display_day(today, Lang::En, true) == "Thu 3 Dec 2026 (Reiwa 8)");
  CHECK(display_day(today, Lang::Ja, true).find("(2026年)") == std::string::npos);
  // Era boundaries: the last day of 昭和 and the first of 平成; 元年 in Japanese only.
  CHECK(display_day({1989, 1, 7}, Lang::Ja) == "昭和64年1月7日 (1989-01-07)");
  CHECK(display_day({1989, 1, 8}, Lang::Ja) == "平成元年1月8日 (1989-01-08)");
  CHECK(display_day({1989, 1, 8}, Lang::En) == "8 Jan 1989 (Heisei 1)");
  CHECK(display_day({2019, 4, 30}, Lang::En) == "30 Apr 2019 (Heisei 31)");
  CHECK(display_day({2019, 5, 1}, Lang::Ja) == "令和元年5月1日 (2019-05-01)");
}

TEST_CASE("both ends of a parsed interval are shown as days", "[dates]") {
  const DateInterval iv{iso("1955-06-10"), iso("1955-07-05")};
  CHECK(display_interval(iv, Lang::Ja) == "昭和30年6月10日 (1955-06-10) ～ 昭和30年7月5日 (1955-07-05)");
  CHECK(display_interval(iv, Lang::En) == "10 Jun 1955 (Showa 30) – 5 Jul 1955 (Showa 30)");
  CHECK(display_interval({iso("1955-06-10"), iso("1955-06-10")}, Lang::Ja) == "昭和30年6月10日 (1955-06-10)");
}

TEST_CASE("a stored moment is shown in Japan time, on the 24-hour clock", "[dates]") {
  CHECK(display_time(parse_iso_utc("2026-12-03T06:04:00Z"), Lang::Ja) == "令和8年12月3日 15:04 (2026-12-03)");
  CHECK(display_time(parse_iso_utc("2026-12-03T06:04:00Z"), Lang::En) == "3 Dec 2026 15:04 (Reiwa 8)");
  // 23:30 UTC is 08:30 the next morning in Japan.
  CHECK(display_time(parse_iso_utc("2026-12-02T23:30:00Z"), Lang::Ja) == "令和8年12月3日 08:30 (2026-12-03)");
  CHECK(display_time(std::string("2026-12-02T23:30:00Z"), Lang::En) == "3 Dec 2026 08:30 (Reiwa 8)");
  // New Year in Japan, and the change of era at midnight JST.
  CHECK(display_time(std::string("2026-12-31T15:00:00Z"), Lang::Ja) == "令和9年1月1日 00:00 (2027-01-01)");
  CHECK(display_time(std::string("2019-04-30T15:00:00Z"), Lang::Ja) == "令和元年5月1日 00:00 (2019-05-01)");
  CHECK(display_time(std::string("2019-04-30T14:59:59Z"), Lang::Ja) == "平成31年4月30日 23:59 (2019-04-30)");
  CHECK(display_time(std::string("not a time"), Lang::Ja) == "not a time");
  CHECK(monjo::archive::iso_japan(parse_iso_utc("2026-12-02T23:30:05Z")) == "2026-12-03T08:30:05+09:00");
}
