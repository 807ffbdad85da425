#include "archive/dates/date.h"

#include <algorithm>
#include <cstdio>

namespace monjo::archive {

std::string Ymd::iso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
long Ymd::days_since_epoch() const {
  long yy = y - (m <= 2 ? 1 : 0);
  long era = (yy >= 0 ? yy : yy - 399) / 400;
  long yoe = yy - era * 400;
  long mp = m > 2 ? m - 3 : m + 9;
  long doy = (153 * mp + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd Ymd::from_days(long days) {
  long z = days + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long yy = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long dd = doy - (153 * mp + 2) / 5 + 1;
  long mm = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(yy + (mm <= 2 ? 1 : 0)), static_cast<int>(mm), static_cast<int>(dd)};
}

std::optional<Ymd> Ymd::parse_iso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int field[3] = {0, 0, 0};
  const size_t from[3] = {0, 5, 8}, len[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t i = from[f]; i < from[f] + len[f]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      field[f] = field[f] * 10 + (s[i] - '0');
    }
  }
  Ymd d{field[0], field[1], field[2]};
  if (!d.valid()) return std::nullopt;
  return d;
}

bool Ymd::valid() const {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

Weekday weekday(const Ymd& day) {
  // 1970-01-01 was a Thursday.
  long n = (day.days_since_epoch() + 4) % 7;
  if (n < 0) n += 7;
  return static_cast<Weekday>(n);
}

Ymd add_days(const Ymd& day, long days) {
  return Ymd::from_days(day.days_since_epoch() + days);
}

long days_between(const Ymd& from, const Ymd& to) {
  return to.days_since_epoch() - from.days_since_epoch();
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

Ymd add_months_clamped(const Ymd& day, int months) {
  int index = day.y * 12 + (day.m - 1) + months;
  int y = index / 12;
  int m = index % 12 + 1;
  return Ymd{y, m, std::min(day.d, days_in_month(y, m))};
}

}  // namespace monjo::archive
