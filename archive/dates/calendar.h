// The archive's calendar: Japanese national holidays (国民の祝日に関する法律, computed
// for 1948-07-20 … 2099) and the days the archive is closed (土日, 祝日・休日, 年末年始 and
// the closures the archive configures). The deadline arithmetic (deadline.h) rolls a
// period's last day past closed days; the staff pages show why a day is closed.
// Pure computation: no clock, no I/O.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/dates/date.h"

namespace monjo::archive {

// The key of the weekday's short label in the message catalogs: "weekday_0" (Sunday) …
// "weekday_6" (Saturday), numbered as Weekday.
std::string weekday_message_key(Weekday w);
// The n-th (1-based) given weekday of a month, or the last one when n is -1.
Ymd nth_weekday(int year, int month, Weekday w, int n);

// ---- national holidays ----

enum class HolidayKind {
  National,    // 国民の祝日 (including the one-off days and 2019's 祝日扱い days)
  Substitute,  // 振替休日 (art. 3(2), since 1973-04-12)
  Citizens,    // 国民の休日 (art. 3(3), a weekday between two 祝日, since 1985-12-27)
};

struct Holiday {
  Ymd date;
  HolidayKind kind = HolidayKind::National;
  std::string name_ja;  // 元日, 春分の日, 振替休日, 国民の休日 …
  std::string name_en;
};

constexpr int kFirstHolidayYear = 1948;  // the Act took effect on 1948-07-20
constexpr int kLastHolidayYear = 2099;   // the equinox formula holds to 2099

// Every holiday of `year`, in date order. Throws InputError outside 1948–2099.
std::vector<Holiday> national_holidays(int year);
// The holiday on `day`, if any (none outside 1948–2099).
std::optional<Holiday> national_holiday(const Ymd& day);
bool is_national_holiday(const Ymd& day);

// Day of March / September of the equinox in Japan Standard Time, by the formula
// used for the 国立天文台's announcements (valid 1900–2099).
int vernal_equinox_day(int year);
int autumnal_equinox_day(int year);

// ---- the archive's closed days ----

// A configured closure, inclusive at both ends (a single day has first == last).
struct ClosureRange {
  Ymd first;
  Ymd last;
  std::string reason;  // 館内整理日, 特別整理期間 …
};

// A closure that recurs every month: the n-th weekday (n = -1: the last one), e.g.
// "毎月第3木曜日 館内整理日".
struct MonthlyClosure {
  Weekday weekday = Weekday::Thursday;
  int nth = 1;
  std::string reason;
};

struct CalendarConfig {
  // Indexed by Weekday; true = closed. Default: Saturday and Sunday (地方自治法 4条の2).
  std::array<bool, 7> closed_weekdays{{true, false, false, false, false, false, true}};
  bool closed_on_national_holidays = true;
  // 年末年始: from (month, day) to (month, day) inclusive, wrapping over New Year.
  bool year_end_closure = true;
  int year_end_first_month = 12;
  int year_end_first_day = 29;
  int year_end_last_month = 1;
  int year_end_last_day = 3;
  std::vector<ClosureRange> closures;
  std::vector<MonthlyClosure> monthly_closures;
};

// Reads the calendar keys of the `[ordinance]` section (docs/ordinance.md):
//   closed_weekdays  = sat sun            (mon tue wed thu fri sat sun, or "none")
//   national_holidays_closed = true
//   year_end = 12-29..01-03               (or "none")
//   closures = 2026-03-09..2026-03-13 特別整理期間; 2026-06-01 館内整理日
//   monthly_closures = 3thu 館内整理日; last-fri 月末整理日
// Unknown keys are ignored (they belong to OrdinanceConfig). Throws InputError naming
// the key on a malformed value.
CalendarConfig calendar_config_from_ini(const std::map<std::string, std::string>& keys);

class ArchiveCalendar {
 public:
  ArchiveCalendar() = default;
  explicit ArchiveCalendar(CalendarConfig config);

  bool is_closed(const Ymd& day) const { return closure_reason(day).has_value(); }
  bool is_open(const Ymd& day) const { return !is_closed(day); }
  // Why the archive is closed on `day` (Japanese): "日曜日", "春分の日", "年末年始",
  // "館内整理日" …; nullopt when open. A holiday is named before its weekday.
  std::optional<std::string> closure_reason(const Ymd& day) const;
  // `day` itself when open, else the first open day after it.
  Ymd next_open_day(const Ymd& day) const;
  const CalendarConfig& config() const { return config_; }

 private:
  CalendarConfig config_;
};

// The brief's other name for the same concept.
using ClosedDays = ArchiveCalendar;

}  // namespace monjo::archive
