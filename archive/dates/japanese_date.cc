// Japanese date expressions (docs/dates.md): tokenizer and parser for the dates
// archivists write in catalogs and readers type in the search box (和暦, 西暦 and the
// romanized eras of the English pages). The rules (era boundaries, 年度, the lunisolar
// calendar before 明治6年) are summarised in docs/dates.md; the eras are the table in
// era.h; how a date is shown is date_display.cc.
//
// The parser works on its own light normalization (full-width digits, letters and
// punctuation, dash and wave-dash variants, kanji numerals) so that it does not
// depend on archive/search/normalize.cc; only what a date can contain is recognised, and
// anything else makes the whole expression unrecognised.
#include "archive/dates/japanese_date.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "archive/base/errors.h"
#include "archive/dates/era.h"

namespace monjo::archive {

namespace {

// ---------------------------------------------------------------------------
// Calendar arithmetic

Ymd last_of_month(int y, int m) {
  return {y, m, days_in_month(y, m)};
}

// ---------------------------------------------------------------------------
// UTF-8

std::u32string decode_utf8(std::string_view s, bool& ok) {
  std::u32string out;
  ok = true;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
      ok = false;
      return out;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
        return out;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

// The NFKC-like folding a date needs, one code point at a time.
char32_t fold_char(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;  // full-width ASCII
  switch (c) {
    case 0x3000:  // ideographic space
    case '\t':
    case '\n':
    case '\r':
      return ' ';
    case 0x301C:  // 〜 wave dash
    case 0x2053:  // ⁓
    case 0x223C:  // ∼
      return '~';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:  // – en dash
    case 0x2014:  // — em dash
    case 0x2015:  // ― horizontal bar
    case 0x2212:  // − minus
    case 0x30FC:  // ー, often typed for a dash
    case 0xFF70:  // ｰ
      return '-';
    default:
      return c;
  }
}

// ---------------------------------------------------------------------------
// Tokens

enum class Tok {
  kNum,
  kEra,
  kNen,    // 年
  kGetsu,  // 月
  kNichi,  // 日
  kDo,     // 度 (年度)
  kDai,    // 代 (年代)
  kKi,     // 期 / 時代
  kZenki,  // 前期
  kKoki,   // 後期
  kUru,    // 閏 (lunisolar leap month)
  kGoro,   // 頃 / ころ: approximate, same interval
  kTilde,  // ~ ～ 〜
  kDash,   // - – — …
  kSlash,
  kDot,
  kKara,  // から
  kMade,  // まで
};

struct Token {
  Tok kind;
  long value = 0;  // kNum
  int digits = 0;  // kNum: positional digit count, 0 for additive kanji
  bool kanji = false;
  int era = -1;  // kEra
  bool abbrev = false;
  bool roman = false;  // kEra written in Latin letters (Showa)
};

int kanji_digit(char32_t c) {
  switch (c) {
    case U'〇':
    case U'○':
    case U'零':
      return 0;
    case U'一':
    case U'壱':
      return 1;
    case U'二':
    case U'弐':
      return 2;
    case U'三':
    case U'参':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

// 十 百 千 multiply; 廿 and 卅 are complete tens.
int kanji_multiplier(char32_t c) {
  switch (c) {
    case U'十':
    case U'拾':
      return 10;
    case U'百':
      return 100;
    case U'千':
      return 1000;
    case U'廿':
      return 20;
    case U'卅':
      return 30;
    default:
      return 0;
  }
}

bool is_kanji_numeral(char32_t c) {
  return kanji_digit(c) >= 0 || kanji_multiplier(c) > 0;
}

constexpr long kNumberCap = 1000000;  // larger numbers are nonsense in a date anyway

// Positional (一九五五, 三〇) when the run has no multiplier, else additive
// (千九百五十五, 三十, 廿五). Returns false on malformed additive runs (十百, 二三十).
bool convert_kanji_number(const std::u32string& run, Token& t) {
  t.kind = Tok::kNum;
  t.kanji = true;
  bool additive = false;
  for (char32_t c : run) additive |= kanji_multiplier(c) > 0;
  if (!additive) {
    long v = 0;
    for (char32_t c : run) v = std::min(kNumberCap, v * 10 + kanji_digit(c));
    t.value = v;
    t.digits = static_cast<int>(run.size());
    return true;
  }
  long total = 0;
  int pending = -1;
  int last_mult = 1000000;
  for (char32_t c : run) {
    int d = kanji_digit(c);
    if (d == 0) continue;  // 二千〇一: a placeholder zero inside an additive numeral
    if (d > 0) {
      if (pending >= 0) return false;
      pending = d;
      continue;
    }
    int m = kanji_multiplier(c);
    if (m == 20 || m == 30) {  // 廿, 卅 take no multiplicand
      if (pending >= 0 || last_mult <= 10) return false;
      total += m;
      last_mult = 10;
      continue;
    }
    if (m >= last_mult) return false;
    total += (pending >= 0 ? pending : 1) * m;
    pending = -1;
    last_mult = m;
  }
  if (pending >= 0) total += pending;
  t.value = total;
  t.digits = 0;
  return true;
}

int era_letter(char32_t c) {
  if (c >= 'a' && c <= 'z') c = c - 'a' + 'A';
  for (size_t i = 0; i < kEras.size(); ++i) {
    if (static_cast<char32_t>(kEras[i].letter) == c) return static_cast<int>(i);
  }
  return -1;
}

// Era names and the single-character era ligatures (㍾㍽㍼㍻㋿) that NFKC expands.
int era_at(const std::u32string& s, size_t i, size_t& len) {
  static const std::array<std::u32string, 5> kNames{U"明治", U"大正", U"昭和", U"平成", U"令和"};
  static const std::array<char32_t, 5> kLigatures{U'㍾', U'㍽', U'㍼', U'㍻', U'㋿'};
  for (size_t e = 0; e < kNames.size(); ++e) {
    if (s.compare(i, kNames[e].size(), kNames[e]) == 0) {
      len = kNames[e].size();
      return static_cast<int>(e);
    }
    if (s[i] == kLigatures[e]) {
      len = 1;
      return static_cast<int>(e);
    }
  }
  return -1;
}

bool ascii_letter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == U'ō' || c == U'Ō';
}

char32_t ascii_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  return c == U'Ō' ? U'ō' : c;
}

// A whole Latin word at i, compared without case: `word` is lower case.
bool latin_word_at(const std::u32string& s, size_t i, std::u32string_view word) {
  if (i > 0 && ascii_letter(s[i - 1])) return false;
  if (s.size() - i < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (ascii_lower(s[i + k]) != word[k]) return false;
  }
  return i + word.size() == s.size() || !ascii_letter(s[i + word.size()]);
}

// Romanized era names as typed in English: Hepburn (Showa), with the long vowel
// marked (Shōwa) or spelled out (Shouwa).
int roman_era_at(const std::u32string& s, size_t i, size_t& len) {
  static const std::array<std::pair<std::u32string_view, int>, 9> kRoman{{
      {U"meiji", 0},
      {U"taisho", 1},
      {U"taishō", 1},
      {U"taishou", 1},
      {U"showa", 2},
      {U"shōwa", 2},
      {U"shouwa", 2},
      {U"heisei", 3},
      {U"reiwa", 4},
  }};
  for (const auto& [word, era] : kRoman) {
    if (latin_word_at(s, i, word)) {
      len = word.size();
      return era;
    }
  }
  return -1;
}

// Abbreviated eras (S30, H2, T元) are rejected in query mode unless the whole word is
// one (query_abbreviation): they collide with record ids and call numbers such as
// "S29-001".
std::optional<std::vector<Token>> tokenize(std::string_view text, bool allow_abbrev) {
  bool ok = false;
  std::u32string s = decode_utf8(text, ok);
  if (!ok) return std::nullopt;
  for (char32_t& c : s) c = fold_char(c);

  static const std::array<std::pair<std::u32string_view, Tok>, 6> kWords{{
      {U"時代", Tok::kKi},
      {U"前期", Tok::kZenki},
      {U"後期", Tok::kKoki},
      {U"から", Tok::kKara},
      {U"まで", Tok::kMade},
      {U"ころ", Tok::kGoro},
  }};

  std::vector<Token> out;
  for (size_t i = 0; i < s.size();) {
    char32_t c = s[i];
    if (c == ' ') {
      ++i;
      continue;
    }
    if (c >= '0' && c <= '9') {
      Token t{Tok::kNum};
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        t.value = std::min(kNumberCap, t.value * 10 + static_cast<long>(s[i] - '0'));
        ++t.digits;
        ++i;
      }
      out.push_back(t);
      continue;
    }
    if (is_kanji_numeral(c)) {
      std::u32string run;
      while (i < s.size() && is_kanji_numeral(s[i])) run.push_back(s[i++]);
      Token t{Tok::kNum};
      if (!convert_kanji_number(run, t)) return std::nullopt;
      out.push_back(t);
      continue;
    }
    if (c == U'元') {  // 元年: the first year of an era
      Token t{Tok::kNum};
      t.value = 1;
      t.digits = 1;
      t.kanji = true;
      out.push_back(t);
      ++i;
      continue;
    }
    size_t len = 0;
    if (int e = era_at(s, i, len); e >= 0) {
      Token t{Tok::kEra};
      t.era = e;
      out.push_back(t);
      i += len;
      continue;
    }
    if (int e = roman_era_at(s, i, len); e >= 0) {
      Token t{Tok::kEra};
      t.era = e;
      t.roman = true;
      out.push_back(t);
      i += len;
      continue;
    }
    if (latin_word_at(s, i, U"period") || latin_word_at(s, i, U"era")) {  // Showa period, Taisho era
      out.push_back(Token{Tok::kKi});
      i += s[i] == 'e' || s[i] == 'E' ? 3 : 6;
      continue;
    }
    if (int e = era_letter(c); e >= 0 && allow_abbrev) {
      size_t j = i + 1;
      if (j < s.size() && s[j] == '.') ++j;
      if (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || is_kanji_numeral(s[j]) || s[j] == U'元')) {
        Token t{Tok::kEra};
        t.era = e;
        t.abbrev = true;
        out.push_back(t);
        i = j;  // the optional dot of "S.30" belongs to the abbreviation
        continue;
      }
      return std::nullopt;
    }
    bool matched = false;
    for (const auto& [word, kind] : kWords) {
      if (s.compare(i, word.size(), word) == 0) {
        out.push_back(Token{kind});
        i += word.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    Tok kind;
    switch (c) {
      case U'年':
        kind = Tok::kNen;
        break;
      case U'月':
        kind = Tok::kGetsu;
        break;
      case U'日':
        kind = Tok::kNichi;
        break;
      case U'度':
        kind = Tok::kDo;
        break;
      case U'代':
        kind = Tok::kDai;
        break;
      case U'期':
        kind = Tok::kKi;
        break;
      case U'閏':
        kind = Tok::kUru;
        break;
      case U'頃':
        kind = Tok::kGoro;
        break;
      case '~':
        kind = Tok::kTilde;
        break;
      case '-':
        kind = Tok::kDash;
        break;
      case '/':
        kind = Tok::kSlash;
        break;
      case '.':
        kind = Tok::kDot;
        break;
      default:
        return std::nullopt;
    }
    out.push_back(Token{kind});
    ++i;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Parser: tokens → points → intervals

constexpr int kNoEra = -2;
constexpr int kWestern = -1;

enum class Kind { kPlain, kFiscal, kDecade };
enum class Period { kNone, kWhole, kEarly, kLate };

struct Comp {
  long value;
  int unit;  // 0 year, 1 month, 2 day; -1 until assigned
  int digits;
  bool kanji;
};

struct Point {
  int era = kNoEra;
  Period period = Period::kNone;
  std::vector<Comp> comps;
  bool marked = false;  // units written with 年/月/日
  Kind kind = Kind::kPlain;
  bool leap_month = false;
  bool roman = false;  // the era was written in Latin letters: messages name it so
};

bool western_year_like(const Comp& c) {
  return (c.digits == 4) || (c.kanji && c.digits == 0 && c.value >= 1000);
}

class Unrecognised {};  // thrown inside the parser, turned into InputError once

class Parser {
 public:
  explicit Parser(const std::vector<Token>& toks) : toks_(toks) {}

  // expr := point [sep point [まで]] [頃]
  std::pair<Point, std::optional<Point>> parse() {
    Point a = point();
    std::optional<Point> b;
    if (at(Tok::kTilde) || at(Tok::kDash) || at(Tok::kSlash) || at(Tok::kKara)) {
      ++pos_;
      b = point();
      if (at(Tok::kMade)) ++pos_;
    }
    if (at(Tok::kGoro)) {
      ++pos_;
      approximate_ = true;
    }
    if (pos_ != toks_.size()) throw Unrecognised{};
    return {a, b};
  }
  bool approximate() const { return approximate_; }

 private:
  bool at(Tok k, size_t off = 0) const { return pos_ + off < toks_.size() && toks_[pos_ + off].kind == k; }

  Point point() {
    Point p;
    if (at(Tok::kEra)) {
      const Token& e = toks_[pos_++];
      p.era = e.era;
      p.roman = e.roman;
      if (!e.abbrev) {
        // A romanized era alone is the whole era (Taisho), as 大正期.
        if (e.roman && !at(Tok::kNum) && !at(Tok::kKi)) {
          p.period = Period::kWhole;
          return p;
        }
        if (at(Tok::kKi)) p.period = Period::kWhole;
        if (at(Tok::kZenki)) p.period = Period::kEarly;
        if (at(Tok::kKoki)) p.period = Period::kLate;
        if (p.period != Period::kNone) {
          ++pos_;
          return p;
        }
      }
    }
    comps(p);
    return p;
  }

  static bool is_subfield(const Token& t) { return t.kind == Tok::kNum && !t.kanji && t.digits <= 2; }

  // Either marked (30年6月10日, with 閏 allowed before a month number) or separated
  // (30.6.10, 1955-06-10; '-' only after a 4-digit year, where it cannot be a range).
  void comps(Point& p) {
    if (!at(Tok::kNum) && !(at(Tok::kUru) && at(Tok::kNum, 1))) throw Unrecognised{};
    Tok after = pos_ + 1 < toks_.size() ? toks_[pos_ + 1].kind : Tok::kNum;
    if (at(Tok::kUru) || after == Tok::kNen || after == Tok::kGetsu || after == Tok::kNichi) {
      p.marked = true;
      int last_unit = -1;
      while (at(Tok::kNum) || (at(Tok::kUru) && at(Tok::kNum, 1))) {
        bool leap = at(Tok::kUru);
        const Token& n = toks_[pos_ + (leap ? 1 : 0)];
        size_t marker = pos_ + (leap ? 2 : 1);
        if (marker >= toks_.size()) break;
        int unit = toks_[marker].kind == Tok::kNen     ? 0
                   : toks_[marker].kind == Tok::kGetsu ? 1
                   : toks_[marker].kind == Tok::kNichi ? 2
                                                       : -1;
        if (unit < 0) break;
        if (last_unit >= 0 && unit != last_unit + 1) throw Unrecognised{};
        if (leap && unit != 1) throw Unrecognised{};
        p.leap_month |= leap;
        p.comps.push_back({n.value, unit, n.digits, n.kanji});
        pos_ = marker + 1;
        last_unit = unit;
        if (unit == 0 && at(Tok::kDo)) {
          p.kind = Kind::kFiscal;
          ++pos_;
          break;
        }
        if (unit == 0 && at(Tok::kDai)) {
          p.kind = Kind::kDecade;
          ++pos_;
          break;
        }
        if (unit == 2) break;
      }
      return;
    }
    const Token& first = toks_[pos_++];
    p.comps.push_back({first.value, -1, first.digits, first.kanji});
    bool dash_ok = first.digits == 4 && !first.kanji;
    if ((at(Tok::kDot) || at(Tok::kSlash) || (dash_ok && at(Tok::kDash))) && pos_ + 1 < toks_.size() &&
        is_subfield(toks_[pos_ + 1])) {
      Tok sep = toks_[pos_].kind;
      while (p.comps.size() < 3 && at(sep) && pos_ + 1 < toks_.size() && is_subfield(toks_[pos_ + 1])) {
        const Token& n = toks_[pos_ + 1];
        p.comps.push_back({n.value, -1, n.digits, n.kanji});
        pos_ += 2;
      }
    }
  }

  const std::vector<Token>& toks_;
  size_t pos_ = 0;
  bool approximate_ = false;
};

[[noreturn]] void fail(std::string_view text, const std::string& message) {
  throw InputError("date \"" + std::string(text) + "\": " + message);
}

// A year past the end of its era (昭和65年, Showa 65): the one refusal the search
// pages explain in the reader's language (date_rejection).
class EraEnded : public InputError {
 public:
  EraEnded(const std::string& message, int era) : InputError(message), era_(era) {}
  int era() const { return era_; }

 private:
  int era_;
};

// The era as the text wrote it, for messages: 昭和, or Showa when romanized.
std::string era_label(const Era& e, bool roman) {
  return roman ? e.roman : e.name;
}

std::string era_year_text(const Era& e, long year) {
  return std::string(e.name) + (year == 1 ? "元" : std::to_string(year)) + "年";
}

std::string ym_text(int y, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

// Gives every component of a point its unit and fills what a range's second part
// leaves out from the first part (昭和30年～32年, 昭和30年6月～8月, 1955-06-10～15).
void assign_units(Point& p, const Point* first) {
  if (p.period != Period::kNone) return;
  bool own_era = p.era != kNoEra;
  if (p.marked) {
    if (p.comps.empty()) throw Unrecognised{};
  } else {
    int start_unit = 0;
    bool own_year = p.era != kNoEra || western_year_like(p.comps[0]);
    if (!own_year) {
      if (first == nullptr || first->period != Period::kNone) throw Unrecognised{};
      int finest = first->comps.back().unit;
      start_unit = finest - static_cast<int>(p.comps.size()) + 1;
      if (start_unit < 0) throw Unrecognised{};
    }
    for (size_t i = 0; i < p.comps.size(); ++i) p.comps[i].unit = start_unit + static_cast<int>(i);
  }
  int top = p.comps.front().unit;
  if (p.era == kNoEra) {
    if (top == 0 && western_year_like(p.comps.front())) {
      p.era = kWestern;
    } else if (first != nullptr && first->period == Period::kNone) {
      p.era = first->era;
      p.roman = first->roman;
    } else {
      throw Unrecognised{};  // no year: 6月10日, 30年
    }
  }
  if (top > 0) {
    if (own_era || first == nullptr || first->period != Period::kNone) throw Unrecognised{};
    std::vector<Comp> inherited(first->comps.begin(), first->comps.begin() + top);
    if (static_cast<int>(inherited.size()) != top) throw Unrecognised{};
    p.comps.insert(p.comps.begin(), inherited.begin(), inherited.end());
    p.leap_month |= first->leap_month && top == 2;
  }
}

struct Options {
  bool query = false;         // search-box rules (see extract_query_date)
  bool abbreviation = false;  // in the search box: the word is an era abbreviation (query_abbreviation)
};

DateInterval clip(std::string_view text, const Era& e, DateInterval iv, const std::string& what) {
  Ymd lo = e.year_start;
  Ymd hi = era_end(e);
  if (iv.end < lo) fail(text, what + " is before the start of " + e.name + " (" + e.start.iso() + ")");
  if (hi < iv.start) fail(text, what + " is after the end of " + e.name + " (" + hi.iso() + ")");
  if (iv.start < lo) iv.start = lo;
  if (hi < iv.end) iv.end = hi;
  return iv;
}

DateInterval period_interval(std::string_view text, int era, Period period, bool roman) {
  const Era& e = kEras[static_cast<size_t>(era)];
  if (era_is_open(e)) fail(text, era_label(e, roman) + " is the current era; write a range of years");
  if (period == Period::kWhole) return {e.year_start, e.end};
  // 昭和前期/後期 follow the usual divide at the end of the war; 昭和20年 (1945)
  // belongs to both because catalogs date its records either way. Other eras have
  // no settled division.
  if (era != kShowa) {
    fail(text, std::string("前期/後期 are defined only for 昭和; write ") + e.name + "期 or a range of years");
  }
  if (period == Period::kEarly) return {e.year_start, {1945, 12, 31}};
  return {{1945, 1, 1}, e.end};
}

DateInterval point_interval(std::string_view text, const Point& p, const Options& opt) {
  if (p.period != Period::kNone) return period_interval(text, p.era, p.period, p.roman);

  long year = p.comps[0].value;
  bool has_month = p.comps.size() > 1;
  bool has_day = p.comps.size() > 2;
  long month = has_month ? p.comps[1].value : 0;
  long day = has_day ? p.comps[2].value : 0;

  const Era* era = p.era >= 0 ? &kEras[static_cast<size_t>(p.era)] : nullptr;
  int y = 0;
  if (era != nullptr) {
    if (year < 1) fail(text, "era years start at 1 (元年)");
    if (!era_is_open(*era) && year > era->last_year) {
      throw EraEnded("date \"" + std::string(text) + "\": " + era_label(*era, p.roman) + " ended in year " +
                         std::to_string(era->last_year),
                     p.era);
    }
    if (era->start.y + year - 1 > kMaxDay.y) fail(text, "year out of range");
    y = static_cast<int>(era->start.y + year - 1);
  } else {
    if (year < 1 || year > kMaxDay.y) fail(text, "year out of range");
    y = static_cast<int>(year);
    if (opt.query && (y < 1868 || y > 2100)) throw Unrecognised{};
  }

  if (p.leap_month && !(p.era == kMeiji && year <= kLastLunisolarMeijiYear)) {
    fail(text, "閏 (leap) months exist only in the lunisolar calendar, before 明治6年");
  }

  if (p.kind == Kind::kFiscal) {
    if (y < kFirstFiscalYear) fail(text, "年度 (April–March) began with 明治19年度 (1886)");
    DateInterval iv{{y, 4, 1}, {y + 1, 3, 31}};
    if (era != nullptr && !era_is_open(*era) && era->end < iv.start) {
      fail(text, std::string(era->name) + " ended on " + era->end.iso() + ", before " + era_year_text(*era, year) +
                     "度 began");
    }
    return iv;
  }
  if (p.kind == Kind::kDecade) {
    if (year % 10 != 0 || year == 0) fail(text, "a decade (年代) is written with a year ending in 0");
    DateInterval iv{{y, 1, 1}, {y + 9, 12, 31}};
    return era != nullptr ? clip(text, *era, iv, "the decade") : iv;
  }

  if (has_month && (month < 1 || month > 12)) fail(text, "not a calendar date");
  if (era != nullptr && p.era == kMeiji && year <= kLastLunisolarMeijiYear) {
    // Lunisolar month/day: checked against the lunisolar calendar's shape (months of
    // 29 or 30 days), then widened to the whole year; see kGregorianStart.
    if (has_day && (day < 1 || day > 30)) fail(text, "not a calendar date");
    return {{y, 1, 1}, {y, 12, 31}};
  }
  DateInterval iv;
  std::string what;
  if (has_day) {
    Ymd d{y, static_cast<int>(month), static_cast<int>(std::min(day, 99L))};
    if (!d.valid()) fail(text, "not a calendar date");
    iv = {d, d};
    what = d.iso();
  } else if (has_month) {
    int m = static_cast<int>(month);
    iv = {{y, m, 1}, last_of_month(y, m)};
    what = ym_text(y, m);
  } else {
    iv = {{y, 1, 1}, {y, 12, 31}};
    what = std::to_string(y);
  }
  return era != nullptr ? clip(text, *era, iv, what) : iv;
}

bool bare_western(const Point& p) {
  return p.era == kWestern && !p.marked && p.comps.size() == 1;
}

// A date parsed: its interval and its parts as written.
struct Parsed {
  DateInterval interval;
  Point first;
  std::optional<Point> last;
  bool approximate = false;
};

// Throws Unrecognised when the text is not shaped like a date, InputError when it is
// shaped like one that cannot be (昭和65年, 昭和30年2月30日).
Parsed parse_points(std::string_view text, const Options& opt) {
  auto toks = tokenize(text, !opt.query || opt.abbreviation);
  if (!toks || toks->empty()) throw Unrecognised{};
  Parser parser(*toks);
  auto [a, b] = parser.parse();
  // A part written without 年 takes the 年度/年代 of the other (昭和30～32年度).
  if (b && a.period == Period::kNone && b->period == Period::kNone) {
    if (!a.marked && a.comps.size() == 1 && b->kind != Kind::kPlain) a.kind = b->kind;
    if (!b->marked && b->comps.size() == 1 && a.kind != Kind::kPlain && a.comps.size() == 1) {
      b->kind = a.kind;
    }
  }
  assign_units(a, nullptr);
  if (b) assign_units(*b, &a);
  if (opt.query && bare_western(a) && (!b || bare_western(*b))) throw Unrecognised{};
  Parsed out;
  out.first = a;
  out.last = b;
  out.approximate = parser.approximate();
  DateInterval ia = point_interval(text, a, opt);
  out.interval = ia;
  if (b) {
    DateInterval ib = point_interval(text, *b, opt);
    if (ib.end < ia.start) fail(text, "the range ends before it starts");
    out.interval = {ia.start, ib.end};
  }
  return out;
}

DateInterval parse_impl(std::string_view text, const Options& opt) {
  try {
    return parse_points(text, opt).interval;
  } catch (const Unrecognised&) {
    throw InputError("unrecognised date \"" + std::string(text) + "\"");
  }
}

WrittenPoint written_point(const Point& p) {
  WrittenPoint w;
  w.era = p.era >= 0 ? p.era : -1;
  switch (p.period) {
    case Period::kWhole:
      w.kind = WrittenPoint::Kind::WholeEra;
      return w;
    case Period::kEarly:
      w.kind = WrittenPoint::Kind::EarlyEra;
      return w;
    case Period::kLate:
      w.kind = WrittenPoint::Kind::LateEra;
      return w;
    case Period::kNone:
      break;
  }
  w.kind = p.kind == Kind::kFiscal   ? WrittenPoint::Kind::Fiscal
           : p.kind == Kind::kDecade ? WrittenPoint::Kind::Decade
                                     : WrittenPoint::Kind::Plain;
  for (const Comp& c : p.comps) {
    int v = static_cast<int>(c.value);
    if (c.unit == 0) w.year = v;
    if (c.unit == 1) w.month = v;
    if (c.unit == 2) w.day = v;
  }
  return w;
}

// Whether the text names an era in words (昭和, Showa), not by its letter alone.
bool names_era(std::string_view text) {
  auto toks = tokenize(text, false);
  if (!toks) return false;
  for (const Token& t : *toks) {
    if (t.kind == Tok::kEra && !t.abbrev) return true;
  }
  return false;
}

// In the search box an era letter counts only as a whole word of exactly this shape:
// an upper-case letter (M T S H R, full-width too), an optional dot, the year in one or
// two digits or 元, then at most a month and a day after dots: S31, H5, H5.3.31, S.30.
// "S29-001", "s31", "S310" and "H5a" stay words.
bool query_abbreviation(std::string_view word) {
  bool ok = false;
  std::u32string s = decode_utf8(word, ok);
  if (!ok || s.empty()) return false;
  for (char32_t& c : s) c = fold_char(c);
  if (s[0] < 'A' || s[0] > 'Z' || era_letter(s[0]) < 0) return false;
  size_t i = 1;
  if (i < s.size() && s[i] == '.') ++i;
  auto digits = [&](size_t& j) {
    size_t from = j;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9' && j - from < 3) ++j;
    return j - from;
  };
  size_t n = 0;
  if (i < s.size() && s[i] == U'元') {
    ++i;
    n = 1;
  } else {
    n = digits(i);
  }
  if (n < 1 || n > 2) return false;
  for (int part = 0; part < 2 && i < s.size(); ++part) {
    if (s[i] != '.') return false;
    ++i;
    size_t m = digits(i);
    if (m < 1 || m > 2) return false;
  }
  return i == s.size();
}

std::vector<std::string> split_query(std::string_view q) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < q.size();) {
    char c = q[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      flush();
      ++i;
    } else if (q.compare(i, 3, "\u3000") == 0) {
      flush();
      i += 3;
    } else {
      cur.push_back(c);
      ++i;
    }
  }
  flush();
  return out;
}

std::optional<Ymd> parse_normal_part(std::string_view s, Ymd& end) {
  auto digits = [&](size_t from, size_t n) {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return std::nullopt;
  int y = digits(0, 4);
  if (y < 1) return std::nullopt;
  if (s.size() == 4) {
    end = {y, 12, 31};
    return Ymd{y, 1, 1};
  }
  if (s[4] != '-') return std::nullopt;
  int m = digits(5, 2);
  if (m < 1 || m > 12) return std::nullopt;
  if (s.size() == 7) {
    end = last_of_month(y, m);
    return Ymd{y, m, 1};
  }
  if (s[7] != '-') return std::nullopt;
  Ymd d{y, m, digits(8, 2)};
  if (!d.valid()) return std::nullopt;
  end = d;
  return d;
}

}  // namespace

// ---------------------------------------------------------------------------
// Public functions

DateInterval parse_date(std::string_view text) {
  return parse_impl(text, Options{});
}

std::optional<DateInterval> try_parse_date(std::string_view text) {
  try {
    return parse_impl(text, Options{});
  } catch (const InputError&) {
    return std::nullopt;
  }
}

DateInterval parse_normal_date(std::string_view text) {
  auto bad = [&](const std::string& why) { return InputError("normal date \"" + std::string(text) + "\": " + why); };
  size_t slash = text.find('/');
  std::string_view first = text.substr(0, slash);
  std::string_view second = slash == std::string_view::npos ? first : text.substr(slash + 1);
  Ymd first_end, second_end;
  auto a = parse_normal_part(first, first_end);
  auto b = parse_normal_part(second, second_end);
  if (!a || !b) {
    throw bad("expected YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date), or two of them joined by \"/\"");
  }
  if (second_end < *a) throw bad("the range ends before it starts");
  return {*a, second_end};
}

namespace {

std::string join_words(const std::vector<std::string>& words, size_t from, size_t n) {
  std::string out = words[from];
  for (size_t k = 1; k < n; ++k) out += " " + words[from + k];
  return out;
}

DateRejection rejection_of(std::string_view text, const InputError& e) {
  DateRejection r;
  r.expression = std::string(text);
  r.message = e.what();
  if (const auto* ended = dynamic_cast<const EraEnded*>(&e)) r.era = ended->era();
  return r;
}

}  // namespace

std::optional<QueryDate> extract_query_date(std::string_view query) {
  constexpr size_t kMaxRun = 5;  // 昭和30年 ～ 昭和32年 まで is the longest useful run
  std::vector<std::string> words = split_query(query);
  for (size_t i = 0; i < words.size(); ++i) {
    for (size_t n = std::min(kMaxRun, words.size() - i); n >= 1; --n) {
      std::string expr = join_words(words, i, n);
      Options opt;
      opt.query = true;
      opt.abbreviation = n == 1 && query_abbreviation(expr);
      try {
        DateInterval iv = parse_points(expr, opt).interval;
        std::string rest;
        for (size_t k = 0; k < words.size(); ++k) {
          if (k >= i && k < i + n) continue;
          if (!rest.empty()) rest += ' ';
          rest += words[k];
        }
        return QueryDate{iv, expr, rest};
      } catch (const Unrecognised&) {
      } catch (const InputError&) {
        // "Showa 65" is no date, and its first word alone must not become one (the
        // whole of Showa): the reader meant the longer run (query_date_rejection).
        if (names_era(expr)) break;
      }
    }
  }
  return std::nullopt;
}

std::optional<DateRejection> query_date_rejection(std::string_view query) {
  constexpr size_t kMaxRun = 5;
  std::vector<std::string> words = split_query(query);
  Options opt;
  opt.query = true;
  for (size_t i = 0; i < words.size(); ++i) {
    for (size_t n = std::min(kMaxRun, words.size() - i); n >= 1; --n) {
      std::string expr = join_words(words, i, n);
      try {
        parse_points(expr, opt);
        break;  // a date: not refused
      } catch (const Unrecognised&) {
      } catch (const InputError& e) {
        if (names_era(expr)) return rejection_of(expr, e);
      }
    }
  }
  return std::nullopt;
}

std::optional<WrittenDate> read_date(std::string_view text) {
  try {
    Parsed p = parse_points(text, Options{});
    WrittenDate w;
    w.interval = p.interval;
    w.first = written_point(p.first);
    if (p.last) w.last = written_point(*p.last);
    w.approximate = p.approximate;
    return w;
  } catch (const Unrecognised&) {
    return std::nullopt;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

std::optional<DateRejection> date_rejection(std::string_view text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return std::nullopt;
  size_t e = text.find_last_not_of(" \t\r\n");
  std::string_view trimmed = text.substr(b, e - b + 1);
  try {
    parse_impl(trimmed, Options{});
    return std::nullopt;
  } catch (const InputError& err) {
    return rejection_of(trimmed, err);
  }
}

std::optional<DateInterval> parse_date_bound(std::string_view text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return std::nullopt;
  size_t e = text.find_last_not_of(" \t\r\n");
  return try_parse_date(text.substr(b, e - b + 1));
}

}  // namespace monjo::archive
