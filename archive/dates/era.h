// The Japanese eras since 明治 (docs/dates.md, "Eras and boundaries"): one table with
// each era's name, its romanized name and letter, its first and last days and its
// years. The parser (japanese_date.cc) reads era names from it and the display rule
// (date_display.cc) writes them from it, so the two can never disagree.
// Pure data and arithmetic: no clock, no I/O.
#pragma once

#include <array>

#include "archive/dates/date.h"

namespace monjo::archive {

struct Era {
  const char* name;   // 明治 …
  const char* roman;  // Meiji … (Hepburn without macrons, as typed in English)
  char letter;        // the abbreviation archives use (S30, H2 …)
  Ymd start;          // first day of the era
  Ymd year_start;     // first day a year expression of the era can cover
  Ymd end;            // last day; y == 0 for the current era
  int last_year;      // 0 for the current era
};

// 明治's year_start is 1868-01-01: the change of era (1868-10-23) was made
// retroactive to the first day of 慶応4年, so 明治元年 is the whole of 1868 for year
// expressions (and 1868 was lunisolar anyway, see kGregorianStart).
inline constexpr std::array<Era, 5> kEras{{
    {"明治", "Meiji", 'M', {1868, 10, 23}, {1868, 1, 1}, {1912, 7, 29}, 45},
    {"大正", "Taisho", 'T', {1912, 7, 30}, {1912, 7, 30}, {1926, 12, 24}, 15},
    {"昭和", "Showa", 'S', {1926, 12, 25}, {1926, 12, 25}, {1989, 1, 7}, 64},
    {"平成", "Heisei", 'H', {1989, 1, 8}, {1989, 1, 8}, {2019, 4, 30}, 31},
    {"令和", "Reiwa", 'R', {2019, 5, 1}, {2019, 5, 1}, {0, 0, 0}, 0},
}};
inline constexpr int kMeiji = 0;
inline constexpr int kShowa = 2;

// 明治5年12月2日 (lunisolar) was followed by 明治6年1月1日 = 1873-01-01 (Gregorian).
// Months and days written for 明治1–5 are lunisolar and cannot be placed exactly
// without a conversion table, so they stand for their whole year.
inline constexpr Ymd kGregorianStart{1873, 1, 1};
inline constexpr int kLastLunisolarMeijiYear = 5;

// 年度 (April–March) was introduced with 明治19年度 (1886).
inline constexpr int kFirstFiscalYear = 1886;

inline constexpr Ymd kMaxDay{9999, 12, 31};

inline bool era_is_open(const Era& e) {
  return e.last_year == 0;
}
inline Ymd era_end(const Era& e) {
  return era_is_open(e) ? kMaxDay : e.end;
}
// The era in force on `day` (by year_start), or nullptr before 明治.
inline const Era* era_of(const Ymd& day) {
  for (size_t i = kEras.size(); i-- > 0;) {
    if (kEras[i].year_start <= day) return &kEras[i];
  }
  return nullptr;
}
// The era year of a western year: 1955 in 昭和 is 30.
inline int era_year_of(const Era& e, int western_year) {
  return western_year - e.start.y + 1;
}

}  // namespace monjo::archive
