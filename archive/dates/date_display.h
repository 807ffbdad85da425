// The one rule for showing a date (docs/dates.md, "Display"): a date as catalogued,
// then its reading in the other calendar; a day or a moment the archive states
// (a receipt, a deadline, a notice, a history line), in 和暦 with 西暦 beside it and in
// Japan time. Every page, notice and the command line format dates through here.
//
//              catalogued                        a day                         a moment
//   ja   昭和26年 (1951)                  令和8年12月3日（木） (2026-12-03)   令和8年12月3日 15:04 (2026-12-03)
//        1945-02-22 (昭和20年2月22日)
//   en   Showa 26 (1951)                  Thu 3 Dec 2026 (Reiwa 8)            3 Dec 2026 15:04 (Reiwa 8)
//        22 Feb 1945 (Showa 20), 1880s (Meiji 13–22)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "archive/base/messages.h"
#include "archive/dates/date.h"
#include "archive/dates/timestamp.h"

namespace monjo::archive {

// 和暦 of a day: "昭和30年6月10日"; the first year of an era is 元年 only when
// `gannen` is true (display), else "1年". Before 1873 (lunisolar) the era year alone.
std::string format_wareki(const Ymd& day, bool gannen = true);

// A catalogued date: the text as written (full-width digits and all), then its
// reading in the other calendar: "昭和30年度 (1955–1956)", "1955-06-10 (昭和30年6月10日)".
// In English the text is rendered in English from what it says ("Showa 30 (1955)",
// "FY Showa 30 (1955–1956)", "10 Jun 1955 (Showa 30)"). With empty text the interval
// is rendered (in 和暦 first in Japanese, western first in English); text that is not
// a date is shown as it is.
std::string display_date(std::string_view text, const std::optional<DateInterval>& interval, Lang lang = Lang::Ja);

// A day the archive states: "令和8年12月3日 (2026-12-03)" / "3 Dec 2026 (Reiwa 8)", with the
// weekday when asked (deadlines): "令和8年12月3日（木） (2026-12-03)" / "Thu 3 Dec 2026 (Reiwa 8)".
std::string display_day(const Ymd& day, Lang lang, bool weekday = false);

// Both ends of an interval as days (what an edit form parsed):
// "昭和30年6月10日 (1955-06-10) ～ 昭和30年7月5日 (1955-07-05)"; one day when they are equal.
std::string display_interval(const DateInterval& interval, Lang lang);

// A moment (history, audit trail), in Japan time and 24-hour clock:
// "令和8年12月3日 15:04 (2026-12-03)" / "3 Dec 2026 15:04 (Reiwa 8)". Stored times are UTC
// (timestamp.h); 2026-12-02T23:30:00Z is shown as 令和8年12月3日 08:30.
std::string display_time(TimePoint t, Lang lang);
// Same for a stored "YYYY-MM-DDTHH:MM:SSZ"; text that is not one is returned unchanged.
std::string display_time(const std::string& iso_utc_text, Lang lang);

}  // namespace monjo::archive
