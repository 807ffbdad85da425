// Japanese national holidays and the archive's closed days (see calendar.h).
//
// The holiday rules follow 国民の祝日に関する法律 (昭和23年法律第178号) as amended, with
// each rule's first (and last) year, plus the one-off days set by special laws. The
// Cabinet Office's published list (syukujitsu.csv) is what the tests compare with.

#include "archive/dates/calendar.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/base/strings.h"

namespace monjo::archive {

// ---- day arithmetic ----

std::string weekday_message_key(Weekday w) {
  return "weekday_" + std::to_string(static_cast<int>(w));
}

Ymd nth_weekday(int year, int month, Weekday w, int n) {
  if (n < 0) {
    Ymd last{year, month, days_in_month(year, month)};
    int back = (static_cast<int>(weekday(last)) - static_cast<int>(w) + 7) % 7;
    return add_days(last, -back);
  }
  Ymd first{year, month, 1};
  int ahead = (static_cast<int>(w) - static_cast<int>(weekday(first)) + 7) % 7;
  return add_days(first, ahead + 7L * (n - 1));
}

// ---- equinoxes ----

// The approximation published with the 国立天文台's 暦要項 practice; it agrees with the
// computed equinox (JST) for every year 1948–2099. `(year - 1983) / 4` must truncate
// towards zero, as C++ integer division does.
int vernal_equinox_day(int year) {
  if (year <= 1979) {
    return static_cast<int>(20.8357 + 0.242194 * (year - 1980) - (year - 1983) / 4);
  }
  return static_cast<int>(20.8431 + 0.242194 * (year - 1980) - (year - 1980) / 4);
}

int autumnal_equinox_day(int year) {
  if (year <= 1979) {
    return static_cast<int>(23.2588 + 0.242194 * (year - 1980) - (year - 1983) / 4);
  }
  return static_cast<int>(23.2488 + 0.242194 * (year - 1980) - (year - 1980) / 4);
}

// ---- national holidays ----

namespace {

const Ymd kActInForce{1948, 7, 20};
const Ymd kSubstituteSince{1973, 4, 12};         // 昭和48年法律第10号
const Ymd kSubstituteNextFreeSince{2007, 1, 1};  // 平成17年法律第43号
const Ymd kCitizensHolidaySince{1985, 12, 27};   // 昭和60年法律第103号

Holiday make(int y, int m, int d, const char* ja, const char* en) {
  return Holiday{Ymd{y, m, d}, HolidayKind::National, ja, en};
}

// The 祝日 proper (art. 2 and the special laws), without 振替休日 and 国民の休日.
std::vector<Holiday> statutory_days(int y) {
  std::vector<Holiday> h;
  auto monday = [y](int month, int n) { return nth_weekday(y, month, Weekday::Monday, n).d; };

  if (y >= 1949) h.push_back(make(y, 1, 1, "元日", "New Year's Day"));
  if (y >= 1949 && y <= 1999) h.push_back(make(y, 1, 15, "成人の日", "Coming of Age Day"));
  if (y >= 2000) h.push_back(make(y, 1, monday(1, 2), "成人の日", "Coming of Age Day"));
  if (y >= 1967) h.push_back(make(y, 2, 11, "建国記念の日", "National Foundation Day"));
  if (y >= 2020) h.push_back(make(y, 2, 23, "天皇誕生日", "The Emperor's Birthday"));
  if (y >= 1949) h.push_back(make(y, 3, vernal_equinox_day(y), "春分の日", "Vernal Equinox Day"));
  if (y >= 1949 && y <= 1988) h.push_back(make(y, 4, 29, "天皇誕生日", "The Emperor's Birthday"));
  if (y >= 1989 && y <= 2006) h.push_back(make(y, 4, 29, "みどりの日", "Greenery Day"));
  if (y >= 2007) h.push_back(make(y, 4, 29, "昭和の日", "Showa Day"));
  if (y >= 1949) h.push_back(make(y, 5, 3, "憲法記念日", "Constitution Memorial Day"));
  if (y >= 2007) h.push_back(make(y, 5, 4, "みどりの日", "Greenery Day"));
  if (y >= 1949) h.push_back(make(y, 5, 5, "こどもの日", "Children's Day"));

  // 海の日: 7/20 from 1996, the 3rd Monday from 2003; moved for the Tokyo Games.
  if (y == 2020) {
    h.push_back(make(y, 7, 23, "海の日", "Marine Day"));
  } else if (y == 2021) {
    h.push_back(make(y, 7, 22, "海の日", "Marine Day"));
  } else if (y >= 2003) {
    h.push_back(make(y, 7, monday(7, 3), "海の日", "Marine Day"));
  } else if (y >= 1996) {
    h.push_back(make(y, 7, 20, "海の日", "Marine Day"));
  }
  // スポーツの日 (formerly 体育の日): the 2020 and 2021 dates are in July.
  if (y == 2020) h.push_back(make(y, 7, 24, "スポーツの日", "Sports Day"));
  if (y == 2021) h.push_back(make(y, 7, 23, "スポーツの日", "Sports Day"));
  // 山の日: 8/11 from 2016; 8/10 in 2020, 8/8 in 2021.
  if (y == 2020) {
    h.push_back(make(y, 8, 10, "山の日", "Mountain Day"));
  } else if (y == 2021) {
    h.push_back(make(y, 8, 8, "山の日", "Mountain Day"));
  } else if (y >= 2016) {
    h.push_back(make(y, 8, 11, "山の日", "Mountain Day"));
  }
  if (y >= 1966 && y <= 2002) h.push_back(make(y, 9, 15, "敬老の日", "Respect for the Aged Day"));
  if (y >= 2003) h.push_back(make(y, 9, monday(9, 3), "敬老の日", "Respect for the Aged Day"));
  h.push_back(make(y, 9, autumnal_equinox_day(y), "秋分の日", "Autumnal Equinox Day"));
  if (y >= 1966 && y <= 1999) h.push_back(make(y, 10, 10, "体育の日", "Health and Sports Day"));
  if (y >= 2000 && y <= 2019) h.push_back(make(y, 10, monday(10, 2), "体育の日", "Health and Sports Day"));
  if (y >= 2022) h.push_back(make(y, 10, monday(10, 2), "スポーツの日", "Sports Day"));
  h.push_back(make(y, 11, 3, "文化の日", "Culture Day"));
  h.push_back(make(y, 11, 23, "勤労感謝の日", "Labour Thanksgiving Day"));
  if (y >= 1989 && y <= 2018) h.push_back(make(y, 12, 23, "天皇誕生日", "The Emperor's Birthday"));

  // One-off days set by special laws.
  if (y == 1959) {
    h.push_back(make(y, 4, 10, "皇太子明仁親王の結婚の儀", "Wedding of Crown Prince Akihito"));
  }
  if (y == 1989) h.push_back(make(y, 2, 24, "昭和天皇の大喪の礼", "Funeral of Emperor Showa"));
  if (y == 1990) h.push_back(make(y, 11, 12, "即位礼正殿の儀", "Enthronement Ceremony"));
  if (y == 1993) {
    h.push_back(make(y, 6, 9, "皇太子徳仁親王の結婚の儀", "Wedding of Crown Prince Naruhito"));
  }
  if (y == 2019) {
    // 平成30年法律第99号: treated as 祝日, which also makes 4/30 and 5/2 国民の休日.
    h.push_back(make(y, 5, 1, "天皇の即位の日", "Enthronement Day"));
    h.push_back(make(y, 10, 22, "即位礼正殿の儀の行われる日", "Enthronement Ceremony"));
  }

  if (y == kActInForce.y) {
    h.erase(std::remove_if(h.begin(), h.end(), [](const Holiday& x) { return x.date < kActInForce; }), h.end());
  }
  std::sort(h.begin(), h.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return h;
}

bool contains_day(const std::vector<Holiday>& list, const Ymd& day) {
  return std::any_of(list.begin(), list.end(), [&](const Holiday& x) { return x.date == day; });
}

}  // namespace

std::vector<Holiday> national_holidays(int year) {
  if (year < kFirstHolidayYear || year > kLastHolidayYear) {
    throw InputError("holidays are computed for 1948–2099 only, not for " + std::to_string(year));
  }
  const std::vector<Holiday> statutory = statutory_days(year);
  std::vector<Holiday> all = statutory;

  // 振替休日 (art. 3(2)). Until 2006: the Monday after a Sunday 祝日, unless that Monday
  // is itself a 祝日. From 2007: the first following day that is not a 祝日.
  std::vector<Holiday> substitutes;
  for (const Holiday& h : statutory) {
    if (h.date < kSubstituteSince || weekday(h.date) != Weekday::Sunday) continue;
    Ymd next = add_days(h.date, 1);
    if (h.date < kSubstituteNextFreeSince) {
      if (contains_day(statutory, next)) continue;
    } else {
      while (contains_day(statutory, next)) next = add_days(next, 1);
    }
    substitutes.push_back(Holiday{next, HolidayKind::Substitute, "振替休日", "Substitute Holiday"});
  }
  all.insert(all.end(), substitutes.begin(), substitutes.end());

  // 国民の休日 (art. 3(3)): a day whose day before and day after are both 祝日, unless
  // it is a Sunday or a 振替休日 already.
  for (const Holiday& h : statutory) {
    Ymd between = add_days(h.date, 1);
    Ymd after = add_days(h.date, 2);
    if (between < kCitizensHolidaySince || between.y != year) continue;
    if (!contains_day(statutory, after) || contains_day(statutory, between)) continue;
    if (weekday(between) == Weekday::Sunday || contains_day(substitutes, between)) continue;
    all.push_back(Holiday{between, HolidayKind::Citizens, "国民の休日", "Citizens' Holiday"});
  }

  std::sort(all.begin(), all.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return all;
}

std::optional<Holiday> national_holiday(const Ymd& day) {
  if (day.y < kFirstHolidayYear || day.y > kLastHolidayYear) return std::nullopt;
  for (const Holiday& h : national_holidays(day.y)) {
    if (h.date == day) return h;
  }
  return std::nullopt;
}

bool is_national_holiday(const Ymd& day) {
  return national_holiday(day).has_value();
}

// ---- the archive's closed days ----

ArchiveCalendar::ArchiveCalendar(CalendarConfig config) : config_(std::move(config)) {}

std::optional<std::string> ArchiveCalendar::closure_reason(const Ymd& day) const {
  if (config_.closed_on_national_holidays) {
    if (auto h = national_holiday(day)) return h->name_ja;
  }
  if (config_.year_end_closure) {
    const int md = day.m * 100 + day.d;
    const int first = config_.year_end_first_month * 100 + config_.year_end_first_day;
    const int last = config_.year_end_last_month * 100 + config_.year_end_last_day;
    const bool inside = first <= last ? (md >= first && md <= last) : (md >= first || md <= last);
    if (inside) return std::string("年末年始");
  }
  for (const ClosureRange& c : config_.closures) {
    if (c.first <= day && day <= c.last) return c.reason.empty() ? std::string("休館日") : c.reason;
  }
  for (const MonthlyClosure& c : config_.monthly_closures) {
    if (nth_weekday(day.y, day.m, c.weekday, c.nth) == day) {
      return c.reason.empty() ? std::string("休館日") : c.reason;
    }
  }
  const Weekday w = weekday(day);
  if (config_.closed_weekdays[static_cast<int>(w)]) return text_ja(weekday_message_key(w)) + "曜日";
  return std::nullopt;
}

Ymd ArchiveCalendar::next_open_day(const Ymd& day) const {
  Ymd d = day;
  // A calendar closed on every day would loop forever; a year is far beyond any real
  // closure, so treat that as a configuration error.
  for (int i = 0; i < 366; ++i) {
    if (is_open(d)) return d;
    d = add_days(d, 1);
  }
  throw InputError("the archive calendar has no open day within a year of " + day.iso());
}

// ---- configuration ----

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) {
    part = trim(part);
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

std::optional<Weekday> weekday_from_code(const std::string& code) {
  static const char* const kCodes[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 7; ++i) {
    if (lower(code) == kCodes[i]) return static_cast<Weekday>(i);
  }
  return std::nullopt;
}

[[noreturn]] void bad_value(const std::string& key, const std::string& value, const std::string& why) {
  throw InputError("[ordinance] " + key + " = " + value + ": " + why);
}

bool bool_value(const std::string& key, const std::string& value) {
  if (auto b = parse_bool(value)) return *b;
  bad_value(key, value, "expected true or false");
}

Ymd parse_day(const std::string& key, const std::string& value, const std::string& text) {
  auto d = Ymd::parse_iso(text);
  if (!d || !d->valid()) bad_value(key, value, "'" + text + "' is not a YYYY-MM-DD date");
  return *d;
}

// "MM-DD" → (month, day); 2/29 is refused because it does not recur.
std::pair<int, int> parse_month_day(const std::string& key, const std::string& value, const std::string& text) {
  int m = 0, d = 0;
  char dash = 0;
  std::istringstream in(text);
  if (!(in >> m >> dash >> d) || dash != '-' || !in.eof() || m < 1 || m > 12 || d < 1 || d > days_in_month(2001, m)) {
    bad_value(key, value, "'" + text + "' is not a MM-DD day");
  }
  return {m, d};
}

}  // namespace

CalendarConfig calendar_config_from_ini(const std::map<std::string, std::string>& keys) {
  CalendarConfig config;
  for (const auto& [key, value] : keys) {
    if (key == "closed_weekdays") {
      config.closed_weekdays.fill(false);
      if (lower(trim(value)) == "none") continue;
      for (const std::string& code : split(value, ' ')) {
        auto w = weekday_from_code(code);
        if (!w) bad_value(key, value, "'" + code + "' is not one of mon tue wed thu fri sat sun");
        config.closed_weekdays[static_cast<int>(*w)] = true;
      }
    } else if (key == "national_holidays_closed") {
      config.closed_on_national_holidays = bool_value(key, value);
    } else if (key == "year_end") {
      std::string v = trim(value);
      if (lower(v) == "none") {
        config.year_end_closure = false;
        continue;
      }
      size_t dots = v.find("..");
      if (dots == std::string::npos) bad_value(key, value, "expected MM-DD..MM-DD or none");
      auto [fm, fd] = parse_month_day(key, value, trim(v.substr(0, dots)));
      auto [lm, ld] = parse_month_day(key, value, trim(v.substr(dots + 2)));
      config.year_end_closure = true;
      config.year_end_first_month = fm;
      config.year_end_first_day = fd;
      config.year_end_last_month = lm;
      config.year_end_last_day = ld;
    } else if (key == "closures") {
      for (const std::string& entry : split(value, ';')) {
        size_t space = entry.find_first_of(" \t");
        std::string span = entry.substr(0, space);
        std::string reason = space == std::string::npos ? std::string() : trim(entry.substr(space));
        ClosureRange c;
        size_t dots = span.find("..");
        if (dots == std::string::npos) {
          c.first = c.last = parse_day(key, value, span);
        } else {
          c.first = parse_day(key, value, span.substr(0, dots));
          c.last = parse_day(key, value, span.substr(dots + 2));
          if (c.last < c.first) bad_value(key, value, "'" + span + "' ends before it starts");
        }
        c.reason = reason;
        config.closures.push_back(c);
      }
    } else if (key == "monthly_closures") {
      for (const std::string& entry : split(value, ';')) {
        size_t space = entry.find_first_of(" \t");
        std::string rule = lower(entry.substr(0, space));
        MonthlyClosure c;
        c.reason = space == std::string::npos ? std::string() : trim(entry.substr(space));
        std::string day_code;
        if (rule.rfind("last-", 0) == 0) {
          c.nth = -1;
          day_code = rule.substr(5);
        } else if (rule.size() == 4 && rule[0] >= '1' && rule[0] <= '5') {
          c.nth = rule[0] - '0';
          day_code = rule.substr(1);
        } else {
          bad_value(key, value, "'" + rule + "' is not like 3thu or last-fri");
        }
        auto w = weekday_from_code(day_code);
        if (!w) bad_value(key, value, "'" + rule + "' is not like 3thu or last-fri");
        c.weekday = *w;
        config.monthly_closures.push_back(c);
      }
    }
  }
  return config;
}

}  // namespace monjo::archive
