// Japanese text normalization (docs/normalization.md): the one function that index and query
// both run, so that 國學 finds 国学, ｶﾀｶﾅ finds かたかな and ヶ finds け. Every output
// byte remembers which original bytes produced it, so highlights found in the
// normalized text can be drawn on the original, which is what is displayed.
//
// Pipeline (docs/normalization.md has the rationale):
//   1. decode UTF-8 (invalid → U+FFFD), drop variation selectors;
//   2. ICU NFKC_Casefold, per normalization segment, to keep the offset map;
//   3. per code point: 旧字体/異体字 → 新字体, katakana → hiragana, small → large kana,
//      iteration marks expanded;
//   4. dashes and long-vowel marks unified, whitespace collapsed and trimmed.
#include "archive/search/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace monjo::archive {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kLongVowel = 0x30FC;  // ー

// One code point on its way through the pipeline, with the original bytes that
// produced it.
struct Piece {
  char32_t cp;
  uint32_t begin;
  uint32_t end;
};

const std::vector<KanjiVariant> kVariantRows = {
#define MONJO_KANJI_VARIANT(old_cp, new_cp, source) {old_cp, new_cp},
#define MONJO_KANJI_NFKC(old_cp, new_cp)
#include "archive/search/kanji_variants.inc"
#undef MONJO_KANJI_VARIANT
#undef MONJO_KANJI_NFKC
};

const std::vector<KanjiVariant> kNfkcRows = {
#define MONJO_KANJI_VARIANT(old_cp, new_cp, source)
#define MONJO_KANJI_NFKC(old_cp, new_cp) {old_cp, new_cp},
#include "archive/search/kanji_variants.inc"
#undef MONJO_KANJI_VARIANT
#undef MONJO_KANJI_NFKC
};

// Nearly every old form lies in the main CJK block: a flat array answers those in
// one load (this runs on every character of every indexed field); the few others
// (﨑 U+FA11) are found by binary search in the sorted rows.
constexpr char32_t kDenseFirst = 0x4E00;
constexpr char32_t kDenseLast = 0x9FFF;

struct VariantIndex {
  std::vector<char16_t> dense;
  std::vector<KanjiVariant> sparse;  // sorted by old_form

  VariantIndex() : dense(kDenseLast - kDenseFirst + 1, 0) {
    for (const KanjiVariant& row : kVariantRows) {
      if (row.old_form >= kDenseFirst && row.old_form <= kDenseLast && row.new_form <= 0xFFFF) {
        dense[row.old_form - kDenseFirst] = static_cast<char16_t>(row.new_form);
      } else {
        sparse.push_back(row);
      }
    }
    std::sort(sparse.begin(), sparse.end(),
              [](const KanjiVariant& a, const KanjiVariant& b) { return a.old_form < b.old_form; });
  }

  char32_t map(char32_t cp) const {
    if (cp >= kDenseFirst && cp <= kDenseLast) {
      char16_t mapped = dense[cp - kDenseFirst];
      return mapped != 0 ? mapped : cp;
    }
    auto it = std::lower_bound(sparse.begin(), sparse.end(), cp,
                               [](const KanjiVariant& row, char32_t value) { return row.old_form < value; });
    return it != sparse.end() && it->old_form == cp ? it->new_form : cp;
  }
};

const VariantIndex& variant_index() {
  static const VariantIndex index;
  return index;
}

const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || n == nullptr) {
      throw std::runtime_error(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(status));
    }
    return n;
  }();
  return *instance;
}

bool is_variation_selector(char32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

bool is_ideograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3134F);
}

// Code points that are their own NFKC_Casefold image when nothing combines with
// them; they skip ICU. Kana letters, ー and the main ideograph blocks make up most
// of a Japanese catalog, ASCII most of the rest.
bool is_stable_fast(char32_t cp) {
  return cp < 0x80 || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == kLongVowel ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

bool has_boundary_before(const icu::Normalizer2& norm, char32_t cp) {
  // ASCII never combines with what precedes it; Latin-1 may (U+00AD vanishes under
  // NFKC_Casefold, so a + U+00AD + U+0308 becomes ä), so it goes to ICU.
  if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA)) {
    return true;
  }
  return norm.hasBoundaryBefore(static_cast<UChar32>(cp));
}

// Hiragana with a voiced (dakuten) form, paired with it; used by ゝ/ゞ.
constexpr std::array<std::pair<char16_t, char16_t>, 21> kVoicedPairs = {{
    {u'う', u'ゔ'}, {u'か', u'が'}, {u'き', u'ぎ'}, {u'く', u'ぐ'}, {u'け', u'げ'}, {u'こ', u'ご'}, {u'さ', u'ざ'},
    {u'し', u'じ'}, {u'す', u'ず'}, {u'せ', u'ぜ'}, {u'そ', u'ぞ'}, {u'た', u'だ'}, {u'ち', u'ぢ'}, {u'つ', u'づ'},
    {u'て', u'で'}, {u'と', u'ど'}, {u'は', u'ば'}, {u'ひ', u'び'}, {u'ふ', u'ぶ'}, {u'へ', u'べ'}, {u'ほ', u'ぼ'},
}};

char32_t voiced_form(char32_t kana) {
  for (const auto& [plain, voiced] : kVoicedPairs) {
    if (plain == kana || voiced == kana) return voiced;
  }
  return kana;
}

char32_t unvoiced_form(char32_t kana) {
  for (const auto& [plain, voiced] : kVoicedPairs) {
    if (voiced == kana) return plain;
  }
  if (kana >= u'ぱ' && kana <= u'ぽ' && (kana - u'ぱ') % 3 == 0) return kana - 2;  // ぱ → は
  return kana;
}

// Small kana fold to their large forms (ぁ → あ, っ → つ, ゕ → か, ゖ → け), so that
// old orthography (きよう for きょう) and modern spelling meet.
char32_t large_kana(char32_t cp) {
  switch (cp) {
    case 0x3041:
    case 0x3043:
    case 0x3045:
    case 0x3047:
    case 0x3049:  // ぁぃぅぇぉ
    case 0x3063:
    case 0x3083:
    case 0x3085:
    case 0x3087:
    case 0x308E:  // っゃゅょゎ
      return cp + 1;
    case 0x3095:
      return 0x304B;  // ゕ → か
    case 0x3096:
      return 0x3051;  // ゖ → け
    default:
      return cp;
  }
}

// Katakana Phonetic Extensions (ㇰ … ㇿ, Ainu small katakana) → large hiragana.
constexpr std::array<char16_t, 16> kSmallKatakanaExt = {u'く', u'し', u'す', u'と', u'ぬ', u'は', u'ひ', u'ふ',
                                                        u'へ', u'ほ', u'む', u'ら', u'り', u'る', u'れ', u'ろ'};

bool is_kana_like(char32_t cp) {
  return (cp >= 0x3041 && cp <= 0x309F) || (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= kLongVowel && cp <= 0x30FF) ||
         (cp >= 0x31F0 && cp <= 0x31FF);
}

// Hyphens, dashes, minus signs and wave dashes that survive NFKC (NFKC already turns
// ‑ into ‐, － into -, ～ into ~, ﹘ into —).
bool is_dash(char32_t cp) {
  switch (cp) {
    case 0x2D:
    case 0x7E:
    case 0x2010:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2053:
    case 0x2212:
    case 0x2E3A:
    case 0x2E3B:
    case 0x301C:
    case 0x3030:
      return true;
    default:
      return false;
  }
}

bool is_space(char32_t cp) {
  if (cp == 0x20 || (cp >= 0x09 && cp <= 0x0D)) return true;
  return cp >= 0x80 && u_isUWhiteSpace(static_cast<UChar32>(cp));
}

// Decodes the code point at bytes[i]; on invalid input yields U+FFFD for the
// maximal ill-formed subpart (Unicode §3.9 "U+FFFD substitution of maximal subparts").
char32_t decode_at(std::string_view bytes, size_t i, size_t* length) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) {
    *length = 1;
    return lead;
  }
  int needed;
  char32_t cp;
  unsigned char low = 0x80, high = 0xBF;  // valid range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 2;
    cp = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 3;
    cp = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    *length = 1;
    return kReplacement;
  }
  size_t k = i + 1;
  for (int n = 0; n < needed; ++n, ++k) {
    if (k >= bytes.size()) {
      *length = k - i;
      return kReplacement;
    }
    unsigned char c = byte(k);
    unsigned char lo = n == 0 ? low : 0x80;
    unsigned char hi = n == 0 ? high : 0xBF;
    if (c < lo || c > hi) {
      *length = k - i;
      return kReplacement;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *length = k - i;
  return cp;
}

// Scratch space reused across calls on the same thread, so that normalizing a field
// allocates only its result.
struct Scratch {
  std::vector<Piece> decoded;
  std::vector<Piece> folded;
  icu::UnicodeString segment;
  icu::UnicodeString normalized;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// Step 3 for one code point coming out of NFKC_Casefold: 旧字体 → 新字体,
// katakana → hiragana, small → large kana.
char32_t fold_char(char32_t cp) {
  if (cp >= 0x30A1 && cp <= 0x30F6) {
    // katakana → hiragana (ァ → ぁ … ヶ → ゖ). ヷヸヹヺ stay: hiragana has no precomposed
    // form, and splitting off the dakuten would let NFKC reorder it against other marks.
    cp -= 0x60;
  } else if (cp >= 0x31F0 && cp <= 0x31FF) {
    cp = kSmallKatakanaExt[cp - 0x31F0];
  } else if (cp == 0x30FD || cp == 0x30FE) {
    cp -= 0x60;  // ヽヾ → ゝゞ
  } else if (cp >= 0x3400) {
    cp = variant_index().map(cp);
  }
  return large_kana(cp);
}

// Iteration marks repeat the preceding (already normalized) character, so that
// 佐々木 is indexed as 佐佐木 and 國々 as 国国. Without a preceding character of the
// right kind the mark stays.
char32_t expand_iteration_mark(char32_t prev, char32_t cp) {
  if ((cp == 0x3005 || cp == 0x303B) && is_ideograph(prev)) return prev;             // 々 〻
  if (cp == 0x309D && prev >= 0x3041 && prev <= 0x3096) return unvoiced_form(prev);  // ゝ
  if (cp == 0x309E && prev >= 0x3041 && prev <= 0x3096) return voiced_form(prev);    // ゞ
  return cp;
}

void append_utf8_mapped(std::string& out, std::vector<uint32_t>* map_begin, std::vector<uint32_t>* map_end,
                        const Piece& piece) {
  size_t before = out.size();
  append_utf8(out, piece.cp);
  if (map_begin != nullptr) {
    map_begin->insert(map_begin->end(), out.size() - before, piece.begin);
    map_end->insert(map_end->end(), out.size() - before, piece.end);
  }
}

// The whole pipeline restricted to ASCII input (ids, call numbers, English text),
// where NFKC_Casefold is lowercasing, no kana can make a dash a long-vowel mark and
// every output byte comes from one input byte or one run of whitespace.
void run_ascii(std::string_view input, std::string& out, std::vector<uint32_t>* map_begin,
               std::vector<uint32_t>* map_end) {
  out.clear();
  out.reserve(input.size());
  if (map_begin != nullptr) {
    map_begin->clear();
    map_end->clear();
    map_begin->reserve(input.size());
    map_end->reserve(input.size());
  }
  const auto is_ascii_space = [](char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); };
  size_t i = 0;
  while (i < input.size() && is_ascii_space(input[i])) ++i;
  while (i < input.size()) {
    char c = input[i];
    if (is_ascii_space(c)) {
      size_t run_end = i + 1;
      while (run_end < input.size() && is_ascii_space(input[run_end])) ++run_end;
      if (run_end == input.size()) break;  // trailing whitespace is trimmed
      out.push_back(' ');
      if (map_begin != nullptr) {
        map_begin->push_back(static_cast<uint32_t>(i));
        map_end->push_back(static_cast<uint32_t>(run_end));
      }
      i = run_end;
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + ('a' - 'A'));
    } else if (c == '~') {
      c = '-';
    }
    out.push_back(c);
    if (map_begin != nullptr) {
      map_begin->push_back(static_cast<uint32_t>(i));
      map_end->push_back(static_cast<uint32_t>(i + 1));
    }
    ++i;
  }
}

bool is_ascii(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

void run_pipeline(std::string_view input, std::string& out, std::vector<uint32_t>* map_begin,
                  std::vector<uint32_t>* map_end) {
  if (is_ascii(input)) {
    run_ascii(input, out, map_begin, map_end);
    return;
  }
  Scratch& s = scratch();
  const icu::Normalizer2& norm = nfkc_casefold();

  // 1. Decode; a variation selector vanishes but its bytes join the character it
  //    modifies, so a highlight of 葛 covers 葛󠄀 whole.
  std::vector<Piece>& decoded = s.decoded;
  decoded.clear();
  decoded.reserve(input.size());
  for (size_t i = 0; i < input.size();) {
    if (static_cast<unsigned char>(input[i]) < 0x80) {
      decoded.push_back({static_cast<char32_t>(input[i]), static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)});
      ++i;
      continue;
    }
    size_t length;
    char32_t cp = decode_at(input, i, &length);
    auto begin = static_cast<uint32_t>(i);
    auto end = static_cast<uint32_t>(i + length);
    i += length;
    if (is_variation_selector(cp)) {
      if (!decoded.empty()) decoded.back().end = end;
      continue;
    }
    decoded.push_back({cp, begin, end});
  }

  // 2 and 3. NFKC_Casefold segment by segment: a segment starts at a character with a
  //    normalization boundary before it, so segments normalize independently and all
  //    the output of one segment maps to the segment's original bytes.
  std::vector<Piece>& folded = s.folded;
  folded.clear();
  folded.reserve(decoded.size() + 8);
  const size_t n = decoded.size();
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && !has_boundary_before(norm, decoded[j].cp)) ++j;
    const uint32_t begin = decoded[i].begin;
    const uint32_t end = decoded[j - 1].end;
    char32_t first = decoded[i].cp;
    if (j == i + 1 && (is_stable_fast(first) || norm.isInert(static_cast<UChar32>(first)))) {
      // A lone character that NFKC_Casefold leaves alone (but for ASCII case).
      if (first >= 'A' && first <= 'Z') first += 'a' - 'A';
      first = fold_char(first);
      char32_t prev = folded.empty() ? 0 : folded.back().cp;
      folded.push_back({expand_iteration_mark(prev, first), begin, end});
    } else {
      s.segment.remove();
      for (size_t k = i; k < j; ++k) s.segment.append(static_cast<UChar32>(decoded[k].cp));
      UErrorCode status = U_ZERO_ERROR;
      norm.normalize(s.segment, s.normalized, status);
      if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("ICU normalization failed: ") + u_errorName(status));
      }
      // Folding and expanding iteration marks can give a combining mark a new base
      // to compose with (ヶ゙ → げ, ヵ̶゙ → が̶, ぱヽ゚ → ぱぱ): normalize the result once
      // more, so that it is a fixed point. Folded characters fold to themselves.
      char32_t prev = folded.empty() ? 0 : folded.back().cp;
      s.segment.remove();
      bool changed = false;
      int32_t count = 0;
      const char16_t* buffer = s.normalized.getBuffer();
      int32_t length = s.normalized.length();
      for (int32_t k = 0; k < length; ++count) {
        UChar32 c;
        U16_NEXT(buffer, k, length, c);
        char32_t f = expand_iteration_mark(prev, fold_char(static_cast<char32_t>(c)));
        changed = changed || f != static_cast<char32_t>(c);
        s.segment.append(static_cast<UChar32>(f));
        prev = f;
      }
      const icu::UnicodeString* result = &s.segment;
      if (changed && count > 1) {
        norm.normalize(s.segment, s.normalized, status);
        if (U_FAILURE(status)) {
          throw std::runtime_error(std::string("ICU normalization failed: ") + u_errorName(status));
        }
        result = &s.normalized;
      }
      buffer = result->getBuffer();
      length = result->length();
      for (int32_t k = 0; k < length;) {
        UChar32 c;
        U16_NEXT(buffer, k, length, c);
        folded.push_back({static_cast<char32_t>(c), begin, end});
      }
    }
    i = j;
  }

  // 4. Dashes, long-vowel marks and whitespace, then UTF-8.
  //    - ー (and ｰ, which NFKC turned into ー) stays ー.
  //    - A dash, hyphen, minus or wave dash (is_dash) right after a kana or ー is a
  //      long-vowel mark when what follows is a kana, or is not a letter or digit
  //      (end of text, space, punctuation): ラ－メン, すご〜い, データ― → ー.
  //      Every other one becomes ASCII "-": 3−1, 昭和16年～29年, A–Z.
  //    - Runs of whitespace (U+3000 included) become one ASCII space; trimmed.
  out.clear();
  out.reserve(folded.size() * 3);
  if (map_begin != nullptr) {
    map_begin->clear();
    map_end->clear();
    map_begin->reserve(folded.size() * 3);
    map_end->reserve(folded.size() * 3);
  }
  bool pending_space = false;
  Piece space{' ', 0, 0};
  char32_t last = 0;  // last code point written
  for (size_t k = 0; k < folded.size(); ++k) {
    Piece piece = folded[k];
    if (is_space(piece.cp)) {
      if (!pending_space) space.begin = piece.begin;
      space.end = piece.end;
      pending_space = true;
      continue;
    }
    if (pending_space) {
      if (!out.empty()) {
        append_utf8_mapped(out, map_begin, map_end, space);
        last = ' ';
      }
      pending_space = false;
    }
    if (is_dash(piece.cp)) {
      bool long_vowel = false;
      if (is_kana_like(last)) {
        if (k + 1 == folded.size()) {
          long_vowel = true;
        } else {
          char32_t next = folded[k + 1].cp;
          long_vowel = is_kana_like(next) || !u_isalnum(static_cast<UChar32>(next));
        }
      }
      piece.cp = long_vowel ? kLongVowel : U'-';
    }
    append_utf8_mapped(out, map_begin, map_end, piece);
    last = piece.cp;
  }
}

}  // namespace

std::pair<uint32_t, uint32_t> NormalizedText::to_original(size_t begin, size_t end) const {
  if (begin >= end || end > text.size() || end > orig_begin.size() || end > orig_end.size()) {
    return {0, 0};
  }
  uint32_t first = orig_begin[begin];
  uint32_t last = orig_end[begin];
  for (size_t i = begin + 1; i < end; ++i) {
    first = std::min(first, orig_begin[i]);
    last = std::max(last, orig_end[i]);
  }
  return {first, last};
}

std::string normalize(std::string_view utf8) {
  std::string out;
  run_pipeline(utf8, out, nullptr, nullptr);
  return out;
}

NormalizedText normalize_with_map(std::string_view utf8) {
  NormalizedText result;
  run_pipeline(utf8, result.text, &result.orig_begin, &result.orig_end);
  return result;
}

const std::vector<KanjiVariant>& kanji_variant_table() {
  return kVariantRows;
}

const std::vector<KanjiVariant>& kanji_nfkc_variants() {
  return kNfkcRows;
}

bool is_cjk(char32_t cp) {
  // The ranges Xapian 1.4's CJK n-gram tokenizer treats as CJK (plus the newer
  // ideograph extensions), so that a query's CJK runs are wrapped exactly where the
  // query parser will n-gram them.
  return (cp >= 0x1100 && cp <= 0x11FF) ||    // Hangul Jamo
         (cp >= 0x2E80 && cp <= 0x2FDF) ||    // CJK and Kangxi radicals
         (cp >= 0x3000 && cp <= 0x9FFF) ||    // symbols, kana, CJK compatibility, ideographs
         (cp >= 0xA960 && cp <= 0xA97F) ||    // Hangul Jamo Extended-A
         (cp >= 0xAC00 && cp <= 0xD7FF) ||    // Hangul syllables and Jamo Extended-B
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0xFE30 && cp <= 0xFE4F) ||    // CJK compatibility forms
         (cp >= 0xFF00 && cp <= 0xFFEF) ||    // half-width and full-width forms
         (cp >= 0x1B000 && cp <= 0x1B16F) ||  // kana supplement and extensions
         (cp >= 0x20000 && cp <= 0x3134F);    // ideograph extensions B–G, compatibility
}

std::u32string utf8_to_u32(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    size_t length;
    out.push_back(decode_at(utf8, i, &length));
    i += length;
  }
  return out;
}

std::string u32_to_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t cp : text) append_utf8(out, cp);
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_valid_utf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    size_t length;
    char32_t cp = decode_at(bytes, i, &length);
    if (cp == kReplacement) {
      // A genuine U+FFFD is three bytes EF BF BD; a substitution never is.
      if (length != 3 || static_cast<unsigned char>(bytes[i]) != 0xEF) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace monjo::archive
