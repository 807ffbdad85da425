// Points in time for the staff side (audit trail, sessions, use requests): stored in
// SQLite as UTC text with second precision ("2026-04-01T00:30:00Z", which sorts
// like time), and mapped onto the Japanese calendar day (JST, UTC+9, no daylight
// saving) when a legal period starts from it. Callers pass "now" in, so tests can
// move the clock.
#pragma once

#include <chrono>
#include <string>

#include "archive/dates/date.h"

namespace monjo::archive {

using TimePoint = std::chrono::system_clock::time_point;

// The current time, truncated to whole seconds (what is stored).
TimePoint now_seconds();
// "2026-04-01T00:30:00Z"
std::string iso_utc(TimePoint t);
// Inverse of iso_utc; throws InputError on anything else.
TimePoint parse_iso_utc(const std::string& text);
// The day in Japan at `t`: 2026-03-31T15:00:00Z is 2026-04-01 in Japan.
Ymd japan_day(TimePoint t);
// 00:00 JST of `day`, as a time point.
TimePoint japan_midnight(const Ymd& day);
// The wall clock in Japan at `t`: the day and the minutes since its midnight.
struct JapanClock {
  Ymd day;
  int hour = 0;
  int minute = 0;
};
JapanClock japan_clock(TimePoint t);
// "2026-12-03T15:04:00+09:00": the moment in Japan time, for <time datetime>.
std::string iso_japan(TimePoint t);

}  // namespace monjo::archive
