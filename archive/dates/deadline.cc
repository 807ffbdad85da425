// Deadline arithmetic for use requests (see deadline.h for the counting rules).

#include "archive/dates/deadline.h"

#include <algorithm>
#include <cctype>

#include "archive/base/errors.h"
#include "archive/base/strings.h"

namespace monjo::archive {

namespace {

std::string trimmed_lower(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

int parse_int(const std::string& key, const std::string& value, int min, int max) {
  std::string v = trimmed_lower(value);
  bool ok = !v.empty() && v.size() <= 9 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  int n = ok ? std::stoi(v) : 0;
  if (!ok || n < min || n > max) {
    throw InputError("[ordinance] " + key + " = " + value + ": expected a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max));
  }
  return n;
}

bool bool_value(const std::string& key, const std::string& value) {
  if (auto b = parse_bool(value)) return *b;
  throw InputError("[ordinance] " + key + " = " + value + ": expected true or false");
}

bool paused_on(const std::vector<Pause>& pauses, const Ymd& day, bool* open) {
  for (const Pause& p : pauses) {
    if (day < p.start) continue;
    if (!p.end) {
      *open = true;
      return true;
    }
    if (day < *p.end) return true;
  }
  return false;
}

}  // namespace

OrdinanceConfig ordinance_config_from_ini(const std::map<std::string, std::string>& keys) {
  OrdinanceConfig c;
  struct IntKey {
    const char* key;
    int OrdinanceConfig::*field;
    int min;
    int max;
  };
  static const IntKey kIntKeys[] = {
      {"decision_days", &OrdinanceConfig::decision_days, 1, 365},
      {"extension_days", &OrdinanceConfig::extension_days, 0, 365},
      {"service_target_days", &OrdinanceConfig::service_target_days, 1, 365},
      {"third_party_wait_days", &OrdinanceConfig::third_party_wait_days, 0, 365},
      {"appeal_months", &OrdinanceConfig::appeal_months, 1, 24},
      {"appeal_outer_years", &OrdinanceConfig::appeal_outer_years, 0, 10},
      {"due_soon_days", &OrdinanceConfig::due_soon_days, 0, 365},
      {"requester_data_retention_years", &OrdinanceConfig::requester_data_retention_years, 0, 100},
      {"re_review_years", &OrdinanceConfig::re_review_years, 1, 30},
  };
  for (const IntKey& k : kIntKeys) {
    auto it = keys.find(k.key);
    if (it != keys.end()) c.*(k.field) = parse_int(k.key, it->second, k.min, k.max);
  }
  if (auto it = keys.find("roll_forward"); it != keys.end()) {
    c.roll_forward = bool_value("roll_forward", it->second);
  }
  return c;
}

Pause correction_pause(const Ymd& requested_on, const std::optional<Ymd>& completed_on) {
  Pause p{add_days(requested_on, 1), std::nullopt};
  if (completed_on) p.end = add_days(*completed_on, 1);
  return p;
}

DeadlineCalculator::DeadlineCalculator(OrdinanceConfig config, ArchiveCalendar calendar)
    : config_(std::move(config)), calendar_(std::move(calendar)) {}

Ymd DeadlineCalculator::roll(const Ymd& day) const {
  return config_.roll_forward ? calendar_.next_open_day(day) : day;
}

std::optional<Ymd> DeadlineCalculator::period_end(const Ymd& start, int days, const std::vector<Pause>& pauses) const {
  Ymd d = start;
  int counted = 0;
  // Bounded: pauses are finite, so the loop ends within days + the paused days.
  while (counted < days) {
    d = add_days(d, 1);
    bool open = false;
    if (paused_on(pauses, d, &open)) {
      if (open) return std::nullopt;
      continue;
    }
    ++counted;
  }
  return roll(d);
}

Deadlines DeadlineCalculator::compute(const RequestClock& clock) const {
  for (const Pause& p : clock.pauses) {
    if (p.start <= clock.received) {
      throw InputError("a correction pause cannot start on or before the day of receipt (" + clock.received.iso() +
                       ")");
    }
    if (p.end && *p.end < p.start) {
      throw InputError("a correction pause ends (" + p.end->iso() + ") before it starts (" + p.start.iso() + ")");
    }
  }
  if (clock.extension_days < 0 || clock.extension_days > config_.extension_days) {
    throw InputError("an extension must be from 1 to " + std::to_string(config_.extension_days) + " days, not " +
                     std::to_string(clock.extension_days));
  }
  if (clock.extension_days > 0 && clock.special_rest_date) {
    throw InputError("a request is either extended or under the special extension (特例), not both");
  }

  Deadlines out;
  for (const Pause& p : clock.pauses) {
    if (!p.end && (!out.paused_since || p.start < *out.paused_since)) out.paused_since = p.start;
  }
  out.original = period_end(clock.received, config_.decision_days, clock.pauses);
  out.service_target = period_end(clock.received, config_.service_target_days, clock.pauses);
  out.extension_notice_by = out.original;
  out.effective = out.original;
  if (clock.extension_days > 0) {
    out.extended = period_end(clock.received, config_.decision_days + clock.extension_days, clock.pauses);
    out.effective = out.extended;
  }
  if (clock.special_rest_date) {
    out.special_substantial = period_end(clock.received, config_.decision_days + config_.extension_days, clock.pauses);
    if (out.special_substantial && !(*out.special_substantial < *clock.special_rest_date)) {
      throw InputError("the date for the rest (" + clock.special_rest_date->iso() +
                       ") must be after the deadline for the substantial part (" + out.special_substantial->iso() +
                       ")");
    }
    out.special_rest = clock.special_rest_date;
    out.effective = out.special_substantial;
  }
  if (out.effective) out.paused_since.reset();  // the period ended before the pause began
  return out;
}

void DeadlineCalculator::check_extension(const RequestClock& clock, int days, const Ymd& noticed_on) const {
  if (days < 1 || days > config_.extension_days) {
    throw InputError("an extension must be from 1 to " + std::to_string(config_.extension_days) + " days, not " +
                     std::to_string(days));
  }
  if (clock.special_rest_date) {
    throw InputError("a request under the special extension (特例) cannot also be extended");
  }
  if (clock.extension_days > 0) throw InputError("the deadline has already been extended once");
  Deadlines d = compute(clock);
  if (d.original && *d.original < noticed_on) {
    throw InputError("an extension must be noticed by the original deadline (" + d.original->iso() + "), not on " +
                     noticed_on.iso());
  }
}

void DeadlineCalculator::check_special(const RequestClock& clock, const Ymd& rest_date, const Ymd& noticed_on) const {
  if (clock.extension_days > 0) {
    throw InputError("an extended request cannot also take the special extension (特例)");
  }
  RequestClock with = clock;
  with.special_rest_date = rest_date;
  Deadlines d = compute(with);  // throws when the rest date is not after the substantial part
  if (d.original && *d.original < noticed_on) {
    throw InputError("the special extension (特例) must be noticed by the original deadline (" + d.original->iso() +
                     "), not on " + noticed_on.iso());
  }
}

Ymd DeadlineCalculator::earliest_use_after_objection(const Ymd& decided_on) const {
  return add_days(decided_on, config_.third_party_wait_days + 1);
}

Ymd DeadlineCalculator::first_open_use_day_after_objection(const Ymd& decided_on) const {
  return calendar_.next_open_day(earliest_use_after_objection(decided_on));
}

Ymd months_period_end(const Ymd& first_day, int months) {
  Ymd same = add_months_clamped(first_day, months);
  // The corresponding day exists: the period ends the day before it (民法 143②).
  // It does not (the month is too short): the period ends on that month's last day.
  if (same.d == first_day.d) return add_days(same, -1);
  return same;
}

DeadlineCalculator::AppealWindow DeadlineCalculator::appeal_window(const Ymd& learned_on,
                                                                   const std::optional<Ymd>& decided_on) const {
  AppealWindow w;
  w.first_day = add_days(learned_on, 1);
  w.last_day = roll(months_period_end(w.first_day, config_.appeal_months));
  if (decided_on && config_.appeal_outer_years > 0) {
    w.outer_last_day = roll(months_period_end(add_days(*decided_on, 1), 12 * config_.appeal_outer_years));
    if (*w.outer_last_day < w.last_day) w.last_day = *w.outer_last_day;
  }
  return w;
}

bool DeadlineCalculator::appeal_in_time(const Ymd& learned_on, const Ymd& appealed_on,
                                        const std::optional<Ymd>& decided_on) const {
  AppealWindow w = appeal_window(learned_on, decided_on);
  return !(appealed_on < learned_on) && appealed_on <= w.last_day;
}

Ymd DeadlineCalculator::requester_data_purge_date(const Ymd& closed_on) const {
  return add_months_clamped(closed_on, 12 * config_.requester_data_retention_years);
}

const char* due_status_name(DueStatus s) {
  switch (s) {
    case DueStatus::Ok:
      return "ok";
    case DueStatus::DueSoon:
      return "due_soon";
    case DueStatus::Overdue:
      return "overdue";
    case DueStatus::Paused:
      return "paused";
  }
  return "ok";
}

std::string due_status_message_key(DueStatus s) {
  return std::string("due_") + due_status_name(s);
}

long days_left(const Ymd& deadline, const Ymd& today) {
  return days_between(today, deadline);
}

DueStatus due_status(const Deadlines& deadlines, const Ymd& today, const OrdinanceConfig& config) {
  if (!deadlines.effective) return DueStatus::Paused;
  long left = days_left(*deadlines.effective, today);
  if (left < 0) return DueStatus::Overdue;
  if (left <= config.due_soon_days) return DueStatus::DueSoon;
  return DueStatus::Ok;
}

}  // namespace monjo::archive
