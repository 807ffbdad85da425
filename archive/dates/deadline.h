// Deadline arithmetic for use requests (利用請求, docs/requests.md): the decision deadline
// with its extension and 特例, the service target shown beside it, the third party's
// two-week wait, the appeal window, the requester-data retention date and the queue's
// overdue / due-soon marks. Every number is a configurable default (OrdinanceConfig,
// documented in docs/ordinance.md). Pure computation: the caller passes "today".
//
// Counting follows 民法 140–143, which governs periods in public law too:
// - a period in days starts on the day after the event (初日不算入, art. 140) and ends
//   at the end of its last day (art. 141);
// - a period in months ends on the day before the day-number of its first day in the
//   last month, or on that month's last day when it has no such day (art. 143);
// - a last day on which the office is closed moves to the next open day (art. 142;
//   地方自治法 4条の2④ for acts addressed to a municipality), `roll_forward`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/dates/calendar.h"
#include "archive/dates/date.h"

namespace monjo::archive {

struct OrdinanceConfig {
  int decision_days = 30;                  // 利用決定等の期限: days after the day of receipt
  int extension_days = 30;                 // the one extension, at most this many more days
  int service_target_days = 14;            // the archive's own target, shown beside the limit
  int third_party_wait_days = 14;          // 公文書管理法 18④: at least 2 weeks between decision and use
  int appeal_months = 3;                   // 行政不服審査法 18①
  int appeal_outer_years = 1;              // 行政不服審査法 18②: 1 year from the decision at most
  int due_soon_days = 5;                   // the queue marks a deadline this close as due soon
  bool roll_forward = true;                // a last day on a closed day moves to the next open day
  int requester_data_retention_years = 5;  // purge of requesters' data after closing
  int re_review_years = 5;                 // a withholding decision is reviewed again this long after it at the latest
};

// Reads the `[ordinance]` keys named like the fields above (decision_days = 30 …;
// roll_forward = true|false). Unknown keys are ignored, because the same section also
// carries the calendar keys (calendar_config_from_ini). Throws InputError naming the
// key on a value that is not a number in range.
OrdinanceConfig ordinance_config_from_ini(const std::map<std::string, std::string>& keys);

// A pause of the clock: the days d with start <= d < end are not counted. An open
// pause (no end yet) stops the clock from `start` on.
struct Pause {
  Ymd start;
  std::optional<Ymd> end;
};

// The pause for a correction (補正): not counted are the days from the day after the
// correction was requested up to and including the day it was completed, the reading
// used in national disclosure practice ("補正に要した日数は算入しない").
Pause correction_pause(const Ymd& requested_on, const std::optional<Ymd>& completed_on);

// What is known about one request's clock.
struct RequestClock {
  Ymd received;                          // the day the request arrived (到達日)
  std::vector<Pause> pauses;             // corrections
  int extension_days = 0;                // 0: not extended
  std::optional<Ymd> special_rest_date;  // 特例: the stated date for the rest
};

struct Deadlines {
  // While a correction is open the clock stands still and no date can be given:
  // the optionals below are empty and paused_since says since when.
  std::optional<Ymd> paused_since;
  std::optional<Ymd> original;             // decision_days, rolled
  std::optional<Ymd> extended;             // with the extension, rolled (when extended)
  std::optional<Ymd> special_substantial;  // 特例: the substantial part (decision + extension days)
  std::optional<Ymd> special_rest;         // 特例: as stated
  std::optional<Ymd> effective;            // what the queue sorts and warns by
  std::optional<Ymd> service_target;       // service_target_days, rolled
  std::optional<Ymd> extension_notice_by;  // an extension or 特例 must be noticed by this day
};

class DeadlineCalculator {
 public:
  DeadlineCalculator(OrdinanceConfig config, ArchiveCalendar calendar);

  // The last day of a period of `days` counted days after `start` (初日不算入), skipping
  // paused days, rolled per the configuration; nullopt when an open pause stops the
  // clock before the period is complete.
  std::optional<Ymd> period_end(const Ymd& start, int days, const std::vector<Pause>& pauses) const;
  // `day` itself, or the next open day when `roll_forward` is on and `day` is closed.
  Ymd roll(const Ymd& day) const;

  // Throws InputError when the clock is inconsistent: an extension outside
  // 0..extension_days, an extension together with 特例, a 特例 rest date that is not
  // after the substantial-part deadline, a pause before the receipt or ending before
  // it starts.
  Deadlines compute(const RequestClock& clock) const;

  // Throws InputError unless `days` is within 1..extension_days and the notice is
  // given no later than the original deadline (the extension must reach the requester
  // within the first period).
  void check_extension(const RequestClock& clock, int days, const Ymd& noticed_on) const;
  // Same for 特例: notice within the first period, rest date after the substantial part.
  void check_special(const RequestClock& clock, const Ymd& rest_date, const Ymd& noticed_on) const;

  // 公文書管理法 18④ (as 情報公開法 13③): when a third party objected and use is still
  // granted, at least `third_party_wait_days` full days must lie between the decision
  // and the use. Decided on 4/1 → the two weeks are 4/2–4/15 → use from 4/16.
  Ymd earliest_use_after_objection(const Ymd& decided_on) const;
  // The first day the archive is open on or after earliest_use_after_objection.
  Ymd first_open_use_day_after_objection(const Ymd& decided_on) const;

  struct AppealWindow {
    Ymd first_day;                      // the day after learning of the decision (起算日)
    Ymd last_day;                       // appeal_months later per 民法 143, rolled; min'ed with outer_last_day
    std::optional<Ymd> outer_last_day;  // appeal_outer_years after the decision, rolled
  };
  // 行政不服審査法 18: within 3 months from the day after learning of the decision, and
  // not later than 1 year from the day after the decision. Learned 11/30 → 2/28 (2/29).
  AppealWindow appeal_window(const Ymd& learned_on, const std::optional<Ymd>& decided_on = std::nullopt) const;
  bool appeal_in_time(const Ymd& learned_on, const Ymd& appealed_on,
                      const std::optional<Ymd>& decided_on = std::nullopt) const;

  // The day from which a closed request's personal data may be purged: the same
  // month and day `requester_data_retention_years` later (2/29 → 2/28).
  Ymd requester_data_purge_date(const Ymd& closed_on) const;

  const OrdinanceConfig& config() const { return config_; }
  const ArchiveCalendar& calendar() const { return calendar_; }

 private:
  OrdinanceConfig config_;
  ArchiveCalendar calendar_;
};

// The end of a period of `months` months counted from `first_day` (民法 143).
Ymd months_period_end(const Ymd& first_day, int months);

// The queue's mark for a pending request.
enum class DueStatus { Ok, DueSoon, Overdue, Paused };
const char* due_status_name(DueStatus s);      // "ok", "due_soon", "overdue", "paused"
// The key of its label in the message catalogs: "due_" + due_status_name ("due_overdue").
std::string due_status_message_key(DueStatus s);

// Overdue when today is after the deadline; due soon when the deadline is within
// due_soon_days calendar days (today included); paused when no deadline runs.
DueStatus due_status(const Deadlines& deadlines, const Ymd& today, const OrdinanceConfig& config);
// Calendar days left until `deadline` (0 on the day itself, negative when overdue).
long days_left(const Ymd& deadline, const Ymd& today);

}  // namespace monjo::archive
