#include "archive/dates/timestamp.h"

#include <cstdio>

#include "archive/base/errors.h"

namespace monjo::archive {

namespace {
constexpr long kSecondsPerDay = 86400;
constexpr long kJapanOffsetSeconds = 9 * 3600;

long long floor_div(long long a, long long b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

TimePoint now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string iso_utc(TimePoint t) {
  long long secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  long long days = floor_div(secs, kSecondsPerDay);
  long long rest = secs - days * kSecondsPerDay;
  Ymd day = Ymd::from_days(static_cast<long>(days));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", day.y, day.m, day.d, static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return buf;
}

TimePoint parse_iso_utc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char z = 0;
  int used = 0;
  if (text.size() != 20 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &y, &mo, &d, &h, &mi, &s, &z, &used) != 7 ||
      used != 20 || z != 'Z' || h > 23 || mi > 59 || s > 59) {
    throw InputError("\"" + text + "\" is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
  }
  Ymd day{y, mo, d};
  if (!day.valid()) throw InputError("\"" + text + "\" is not a real date");
  long long secs = static_cast<long long>(day.days_since_epoch()) * kSecondsPerDay + h * 3600 + mi * 60 + s;
  return TimePoint(std::chrono::seconds(secs));
}

Ymd japan_day(TimePoint t) {
  long long secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  return Ymd::from_days(static_cast<long>(floor_div(secs + kJapanOffsetSeconds, kSecondsPerDay)));
}

TimePoint japan_midnight(const Ymd& day) {
  long long secs = static_cast<long long>(day.days_since_epoch()) * kSecondsPerDay - kJapanOffsetSeconds;
  return TimePoint(std::chrono::seconds(secs));
}

JapanClock japan_clock(TimePoint t) {
  long long secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count() + kJapanOffsetSeconds;
  long long days = floor_div(secs, kSecondsPerDay);
  long long rest = secs - days * kSecondsPerDay;
  return {Ymd::from_days(static_cast<long>(days)), static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60)};
}

std::string iso_japan(TimePoint t) {
  long long secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  JapanClock c = japan_clock(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", c.day.y, c.day.m, c.day.d, c.hour, c.minute,
                static_cast<int>(((secs % 60) + 60) % 60));
  return buf;
}

}  // namespace monjo::archive
