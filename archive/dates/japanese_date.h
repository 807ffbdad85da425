// Japanese date expressions (docs/dates.md): a date as written in a catalog
// (昭和30年度, 大正十二年, 明治期, 1955-06-10, 昭和30年～32年, Showa 30 …) parsed into an
// ISO interval [start, end]. Used by the importer (validation), the index (date value
// slots), the query parser (a date typed in the search box becomes a filter) and the
// display rule (date_display.h, which renders what read_date finds).
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

// What a date expression says, part by part: what the display rule (date_display.h)
// renders in English. The parts of a range's second end that it leaves out are filled
// from the first (昭和30年～32年: the second end is 昭和32年).
struct WrittenPoint {
  enum class Kind { Plain, Fiscal, Decade, WholeEra, EarlyEra, LateEra };
  int era = -1;  // index into kEras (era.h); -1: a western date
  Kind kind = Kind::Plain;
  int year = 0;   // the era year or the western year (0 for the WholeEra … kinds)
  int month = 0;  // 0: not written
  int day = 0;    // 0: not written
};
struct WrittenDate {
  DateInterval interval;
  WrittenPoint first;
  std::optional<WrittenPoint> last;  // a range
  bool approximate = false;          // 頃, ころ
};
// nullopt when the text is not a date (parse_date would throw).
std::optional<WrittenDate> read_date(std::string_view text);

// Why a text is not a date, for the people who typed it: the search pages and the
// command line say so instead of ignoring it.
struct DateRejection {
  std::string expression;  // the text refused
  std::string message;     // English, as parse_date throws it: date "Showa 65": Showa ended in year 64
  int era = -1;            // an era year past the era's end (昭和65年): the era (kEras index); else -1
};
// nullopt when `text` (trimmed) is a date or empty.
std::optional<DateRejection> date_rejection(std::string_view text);

// Finds a date expression inside free query text ("議事録 昭和30年" → 昭和30年) and
// returns it with the remaining text (whitespace-normalised). Only a whole
// whitespace-separated token (or run of tokens forming a range) that parses as a
// date counts, and bare numbers count only when they are 4-digit years 1868–2100
// followed by 年 (a lone "1955" in a query stays a word). Romanized eras count
// (Showa 31, Taisho); an era letter only as a whole word of its own shape (S31, H5.3.31,
// see query_abbreviation in japanese_date.cc), so "S29-001" stays a word.
struct QueryDate {
  DateInterval interval;
  std::string expression;  // the date text found
  std::string rest;        // the query without it
};
std::optional<QueryDate> extract_query_date(std::string_view query);
// The first run of words in the query that names an era (昭和, Showa; not a bare era
// letter) and is shaped like a date but is none (昭和65年, Showa 65, 昭和30年2月30日):
// searched as words, and the page says why it was not a period.
std::optional<DateRejection> query_date_rejection(std::string_view query);

// Lenient parse for --from/--to and form fields: accepts 和暦 or 西暦 (大正12年,
// 1955-06, 1955). Returns the interval; callers use start for "from" and end for "to".
std::optional<DateInterval> parse_date_bound(std::string_view text);

}  // namespace monjo::archive
