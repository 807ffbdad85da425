// Japanese date expressions (docs/dates.md): a date as written in a catalog
// (昭和30年度, 大正十二年, 明治期, 1955-06-10, 昭和30年～32年 …) parsed into an ISO interval
// [start, end], and formatted back to 和暦 with 西暦 beside it for display.
// Used by the importer (validation), the index (date value slots) and the query
// parser (a date typed in the search box becomes a filter).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "archive/dates/date.h"

namespace monjo::archive {

// Parses a whole date expression. Throws InputError (without file/line; the caller
// adds them) with a message in English naming what is wrong, e.g.
// `date "昭和65年": 昭和 ended in year 64`, `date "昭和30年2月30日": not a calendar date`
// or `unrecognised date "…"`. The accepted forms and rules are in docs/dates.md.
DateInterval parse_date(std::string_view text);

// Same, but returns nullopt instead of throwing.
std::optional<DateInterval> try_parse_date(std::string_view text);

// Parses `@normal`: "YYYY", "YYYY-MM", "YYYY-MM-DD" or two of those joined by "/".
// Throws InputError when malformed or when start > end.
DateInterval parse_normal_date(std::string_view text);

// 和暦 of a day: "昭和30年6月10日"; the first year of an era is 元年 only when
// `gannen` is true (display), else "1年".
std::string format_wareki(const Ymd& day, bool gannen = true);

// Display form for results and record pages: the text as written followed by the
// 西暦 years, e.g. "昭和30年度 (1955–1956)", "昭和30年6月10日 (1955年6月10日)".
// With empty text, a 和暦 rendering of the interval is produced.
std::string display_date(std::string_view text, const std::optional<DateInterval>& interval);

// Finds a date expression inside free query text ("議事録 昭和30年" → 昭和30年) and
// returns it with the remaining text (whitespace-normalised). Only a whole
// whitespace-separated token (or run of tokens forming a range) that parses as a
// date counts, and bare numbers count only when they are 4-digit years 1868–2100
// followed by 年 (a lone "1955" in a query stays a word).
struct QueryDate {
  DateInterval interval;
  std::string expression;  // the date text found
  std::string rest;        // the query without it
};
std::optional<QueryDate> extract_query_date(std::string_view query);

// Lenient parse for --from/--to and form fields: accepts 和暦 or 西暦 (大正12年,
// 1955-06, 1955). Returns the interval; callers use start for "from" and end for "to".
std::optional<DateInterval> parse_date_bound(std::string_view text);

}  // namespace monjo::archive
