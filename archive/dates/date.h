// Days: a proleptic Gregorian calendar day (Ymd), an inclusive interval of days,
// and the arithmetic on them. What everything that handles a date needs, without the
// 和暦 parser (japanese_date.h), the holidays (calendar.h) or the clock (timestamp.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace monjo::archive {

// A proleptic Gregorian calendar day.
struct Ymd {
  int y = 0;
  int m = 0;
  int d = 0;
  bool operator==(const Ymd& o) const { return y == o.y && m == o.m && d == o.d; }
  bool operator!=(const Ymd& o) const { return !(*this == o); }
  bool operator<(const Ymd& o) const { return y != o.y ? y < o.y : m != o.m ? m < o.m : d < o.d; }
  bool operator<=(const Ymd& o) const { return !(o < *this); }
  std::string iso() const;                                  // "1955-06-10"
  long days_since_epoch() const;                            // days since 1970-01-01 (negative before)
  static Ymd from_days(long days);                          // inverse of days_since_epoch
  static std::optional<Ymd> parse_iso(std::string_view s);  // "YYYY-MM-DD" only
  bool valid() const;                                       // a real calendar date
};

// An inclusive interval of days.
struct DateInterval {
  Ymd start;
  Ymd end;
  bool operator==(const DateInterval& o) const { return start == o.start && end == o.end; }
};

enum class Weekday { Sunday = 0, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday };
Weekday weekday(const Ymd& day);
Ymd add_days(const Ymd& day, long days);
long days_between(const Ymd& from, const Ymd& to);  // to − from
bool is_leap_year(int year);
int days_in_month(int year, int month);
// The same day-number `months` later; a day the target month lacks becomes its last
// day (1/31 + 1 month → 2/28 or 2/29).
Ymd add_months_clamped(const Ymd& day, int months);

}  // namespace monjo::archive
