// The display rule for dates (date_display.h, docs/dates.md "Display"). The Japanese
// forms read the era table (era.h) the parser reads; the English forms render what the
// parser found in the text (read_date), so full-width digits, kanji numerals and the
// era ligatures need no second reading here.
#include "archive/dates/date_display.h"

#include <array>
#include <cstdio>

#include "archive/dates/calendar.h"
#include "archive/dates/era.h"
#include "archive/dates/japanese_date.h"

namespace monjo::archive {

namespace {

bool is_month_end(const Ymd& d) {
  return d.valid() && d.d == days_in_month(d.y, d.m);
}

std::string two_digits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string western_day(const Ymd& d) {
  return std::to_string(d.y) + "年" + std::to_string(d.m) + "月" + std::to_string(d.d) + "日";
}

// ---------------------------------------------------------------------------
// Japanese

// The 西暦 reading of an interval: a day in ISO form (1955-06-10), a whole month
// (1955-06), a year (1955), or the years it spans (1955–1957).
std::string western_of(const DateInterval& iv) {
  if (iv.start == iv.end) return iv.start.iso();
  if (iv.start.y == iv.end.y && iv.start.m == iv.end.m && iv.start.d == 1 && is_month_end(iv.end)) {
    return std::to_string(iv.start.y) + "-" + two_digits(iv.start.m);
  }
  if (iv.start.y == iv.end.y) return std::to_string(iv.start.y);
  return std::to_string(iv.start.y) + "–" + std::to_string(iv.end.y);
}

enum class Precision { kYear, kFiscal, kMonth, kDay };

std::string year_number(const Era& e, int western_year) {
  int n = era_year_of(e, western_year);
  return n == 1 ? "元" : std::to_string(n);
}

// One end of an interval in 和暦, leaving out what it shares with `prev` (the
// start, when rendering the end of a range): 昭和30年～32年, 昭和30年6月～8月.
std::string wareki_part(const Ymd& d, Precision p, const Ymd* prev) {
  Ymd anchor = p == Precision::kFiscal ? Ymd{d.m <= 3 ? d.y - 1 : d.y, 4, 1} : d;
  Ymd prev_anchor{};
  if (prev != nullptr) {
    prev_anchor = p == Precision::kFiscal ? Ymd{prev->m <= 3 ? prev->y - 1 : prev->y, 4, 1} : *prev;
  }
  const Era* e = era_of(anchor);
  if (e == nullptr) return std::to_string(anchor.y) + "年";
  bool same_era = prev != nullptr && era_of(prev_anchor) == e;
  bool same_year = same_era && prev_anchor.y == anchor.y;
  bool same_month = same_year && prev_anchor.m == anchor.m;
  std::string s;
  if (!same_era) s += e->name;
  if (!same_year || p == Precision::kYear || p == Precision::kFiscal) {
    s += year_number(*e, anchor.y) + "年";
  }
  if (p == Precision::kFiscal) return s + "度";
  if (p == Precision::kYear) return s;
  if (!same_month || p == Precision::kMonth) s += std::to_string(d.m) + "月";
  if (p == Precision::kMonth) return s;
  return s + std::to_string(d.d) + "日";
}

bool starts_unit(const Ymd& d, bool year) {
  const Era* e = era_of(d);
  if (e != nullptr && d == e->year_start) return true;
  return d.d == 1 && (!year || d.m == 1);
}

bool ends_unit(const Ymd& d, bool year) {
  const Era* e = era_of(d);
  if (e != nullptr && !era_is_open(*e) && d == e->end) return true;
  return is_month_end(d) && (!year || d.m == 12);
}

bool is_fiscal(const DateInterval& iv) {
  return iv.start.y >= kFirstFiscalYear && iv.start.m == 4 && iv.start.d == 1 && iv.end.m == 3 && iv.end.d == 31 &&
         iv.end.y > iv.start.y;
}

// A 和暦 rendering of an interval, or "" before 明治.
std::string wareki_of(const DateInterval& iv) {
  const Era* es = era_of(iv.start);
  if (es == nullptr || !iv.start.valid() || !iv.end.valid()) return "";
  if (iv.start == iv.end) return format_wareki(iv.start);
  if (!era_is_open(*es) && iv.start == es->year_start && iv.end == es->end) {
    return std::string(es->name) + "期";
  }
  Precision p = Precision::kDay;
  if (is_fiscal(iv)) {
    p = Precision::kFiscal;
  } else if (starts_unit(iv.start, true) && ends_unit(iv.end, true)) {
    p = Precision::kYear;
  } else if (starts_unit(iv.start, false) && ends_unit(iv.end, false)) {
    p = Precision::kMonth;
  }
  if (iv.start < kGregorianStart) p = Precision::kYear;  // lunisolar: years only
  std::string a = wareki_part(iv.start, p, nullptr);
  bool single = (p == Precision::kYear && iv.start.y == iv.end.y && era_of(iv.end) == es) ||
                (p == Precision::kFiscal && iv.end.y == iv.start.y + 1) ||
                (p == Precision::kMonth && iv.start.y == iv.end.y && iv.start.m == iv.end.m);
  if (single) return a;
  return a + "～" + wareki_part(iv.end, p, &iv.start);
}

bool written_with_era(const WrittenDate& w) {
  return w.first.era >= 0 || (w.last && w.last->era >= 0);
}

// ---------------------------------------------------------------------------
// English

constexpr std::array<const char*, 12> kMonthsEn{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

const char* month_en(int m) {
  return m >= 1 && m <= 12 ? kMonthsEn[static_cast<size_t>(m - 1)] : "";
}

std::string day_en(const Ymd& d) {
  return std::to_string(d.d) + " " + month_en(d.m) + " " + std::to_string(d.y);
}

// The western reading in English: 10 Jun 1955, Jun 1955, 1955, 1955–1957.
std::string western_en(const DateInterval& iv) {
  if (iv.start == iv.end) return day_en(iv.start);
  if (iv.start.y == iv.end.y && iv.start.m == iv.end.m && iv.start.d == 1 && is_month_end(iv.end)) {
    return std::string(month_en(iv.start.m)) + " " + std::to_string(iv.start.y);
  }
  if (iv.start.y == iv.end.y) return std::to_string(iv.start.y);
  return std::to_string(iv.start.y) + "–" + std::to_string(iv.end.y);
}

// The era reading in English: Showa 30, Showa 30–32, Showa 64 – Heisei 1; "" before 明治.
std::string era_years_en(const DateInterval& iv) {
  const Era* a = era_of(iv.start);
  const Era* b = era_of(iv.end);
  if (a == nullptr || b == nullptr) return "";
  int ya = era_year_of(*a, iv.start.y);
  int yb = era_year_of(*b, iv.end.y);
  std::string s = std::string(a->roman) + " " + std::to_string(ya);
  if (a != b) return s + " – " + b->roman + " " + std::to_string(yb);
  return ya == yb ? s : s + "–" + std::to_string(yb);
}

// One end as written, in English: Showa 30, Jun Showa 30, 10 Jun Showa 30, FY Showa 30,
// Showa 20s, Showa period, early Showa; 1955, Jun 1955, FY 1955, 1950s.
std::string point_en(const WrittenPoint& p) {
  using K = WrittenPoint::Kind;
  const Era* e = p.era >= 0 ? &kEras[static_cast<size_t>(p.era)] : nullptr;
  const std::string era = e != nullptr ? e->roman : "";
  switch (p.kind) {
    case K::WholeEra:
      return era + " period";
    case K::EarlyEra:
      return "early " + era;
    case K::LateEra:
      return "late " + era;
    default:
      break;
  }
  const std::string year = e != nullptr ? era + " " + std::to_string(p.year) : std::to_string(p.year);
  if (p.kind == K::Fiscal) return "FY " + year;
  if (p.kind == K::Decade) return year + "s";
  std::string s;
  if (p.day > 0) s += std::to_string(p.day) + " ";
  if (p.month > 0) s += std::string(month_en(p.month)) + " ";
  return s + year;
}

bool year_only(const WrittenPoint& p) {
  return p.kind == WrittenPoint::Kind::Plain && p.month == 0;
}

std::string written_en(const WrittenDate& w) {
  std::string s = point_en(w.first);
  if (w.last) {
    if (year_only(w.first) && year_only(*w.last) && w.first.era == w.last->era) {
      s += "–" + std::to_string(w.last->year);
    } else {
      s += " – " + point_en(*w.last);
    }
  }
  return w.approximate ? "c. " + s : s;
}

std::string display_en(std::string_view text, const std::optional<DateInterval>& interval) {
  if (text.empty()) {
    if (!interval) return "";
    const std::string era = era_years_en(*interval);
    return era.empty() ? western_en(*interval) : western_en(*interval) + " (" + era + ")";
  }
  auto w = read_date(text);
  if (!w) return interval ? std::string(text) + " (" + western_en(*interval) + ")" : std::string(text);
  // @normal may widen or move what the text says: the reading follows the interval.
  const DateInterval iv = interval.value_or(w->interval);
  if (written_with_era(*w)) return written_en(*w) + " (" + western_en(iv) + ")";
  // A 年度 is named by the year it begins in: FY 1955 (Showa 30), not Showa 30–31.
  const bool fiscal = w->first.kind == WrittenPoint::Kind::Fiscal && is_fiscal(iv);
  const std::string era = era_years_en(fiscal ? DateInterval{iv.start, Ymd{iv.end.y - 1, 4, 1}} : iv);
  return era.empty() ? written_en(*w) : written_en(*w) + " (" + era + ")";
}

std::string display_ja(std::string_view text, const std::optional<DateInterval>& interval) {
  if (text.empty()) {
    if (!interval) return "";
    std::string w = wareki_of(*interval);
    return w.empty() ? western_of(*interval) : w + " (" + western_of(*interval) + ")";
  }
  auto w = read_date(text);
  if (!w && !interval) return std::string(text);
  const DateInterval iv = interval ? *interval : w->interval;
  // Written in 和暦 (or unreadable, dated by @normal): the 西暦 reading beside it.
  if (!w || written_with_era(*w)) return std::string(text) + " (" + western_of(iv) + ")";
  std::string wa = wareki_of(iv);
  return wa.empty() ? std::string(text) : std::string(text) + " (" + wa + ")";
}

}  // namespace

std::string format_wareki(const Ymd& day, bool gannen) {
  const Era* e = era_of(day);
  if (e == nullptr) return western_day(day);
  int n = era_year_of(*e, day.y);
  std::string s = std::string(e->name) + (n == 1 && gannen ? "元" : std::to_string(n)) + "年";
  if (day < kGregorianStart) return s;  // lunisolar months/days differ from Gregorian ones
  return s + std::to_string(day.m) + "月" + std::to_string(day.d) + "日";
}

std::string display_date(std::string_view text, const std::optional<DateInterval>& interval, Lang lang) {
  return lang == Lang::En ? display_en(text, interval) : display_ja(text, interval);
}

std::string display_day(const Ymd& day, Lang lang, bool weekday) {
  const Messages& m = Messages::get(lang);
  const std::string wd = weekday ? m.t(weekday_message_key(archive::weekday(day))) : std::string();
  if (lang == Lang::En) {
    const std::string era = era_years_en({day, day});
    std::string s = (wd.empty() ? "" : wd + " ") + day_en(day);
    return era.empty() ? s : s + " (" + era + ")";
  }
  return format_wareki(day) + (wd.empty() ? "" : "（" + wd + "）") + " (" + day.iso() + ")";
}

std::string display_interval(const DateInterval& interval, Lang lang) {
  if (interval.start == interval.end) return display_day(interval.start, lang);
  return display_day(interval.start, lang) + (lang == Lang::En ? " – " : " ～ ") + display_day(interval.end, lang);
}

std::string display_time(TimePoint t, Lang lang) {
  const JapanClock c = japan_clock(t);
  const std::string hm = two_digits(c.hour) + ":" + two_digits(c.minute);
  if (lang == Lang::En) {
    const std::string era = era_years_en({c.day, c.day});
    return day_en(c.day) + " " + hm + (era.empty() ? "" : " (" + era + ")");
  }
  return format_wareki(c.day) + " " + hm + " (" + c.day.iso() + ")";
}

std::string display_time(const std::string& iso_utc_text, Lang lang) {
  try {
    return display_time(parse_iso_utc(iso_utc_text), lang);
  } catch (const std::exception&) {
    return iso_utc_text;
  }
}

}  // namespace monjo::archive
