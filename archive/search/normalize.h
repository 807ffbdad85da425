// Japanese text normalization (docs/normalization.md), identical at index and query time:
// NFKC + case fold (ICU, which also drops variation selectors), 旧字体/異体字 → 新字体
// from a reviewed table, iteration marks expanded, katakana → hiragana, small kana →
// large, dash and long-vowel variants unified. What is displayed is always the
// original text; the offset map lets a highlight found in normalized text be
// drawn on the original.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace monjo::archive {

struct NormalizedText {
  std::string text;  // normalized UTF-8
  // For each byte i of `text`: the byte range [orig_begin[i], orig_end[i]) of the
  // original character (or characters, for a composition) that produced it.
  // Both vectors have text.size() entries.
  std::vector<uint32_t> orig_begin;
  std::vector<uint32_t> orig_end;

  // Maps a byte range [begin, end) of `text` onto the original; an empty or
  // out-of-range input range gives an empty range.
  std::pair<uint32_t, uint32_t> to_original(size_t begin, size_t end) const;
};

// Normalizes UTF-8 text. Invalid UTF-8 sequences are replaced by U+FFFD.
std::string normalize(std::string_view utf8);

// Same, with the offset map.
NormalizedText normalize_with_map(std::string_view utf8);

// The 旧字体/異体字 → 新字体 table (one direction only): pairs of single code points.
struct KanjiVariant {
  char32_t old_form;
  char32_t new_form;
};
const std::vector<KanjiVariant>& kanji_variant_table();

// The 常用漢字表 old forms that are CJK Compatibility Ideographs (U+F900–FAFF): NFKC
// maps each to its new form, so they are not in the table above. Listed for tests
// and documentation; together with the table's 常用 rows they make the 364 forms.
const std::vector<KanjiVariant>& kanji_nfkc_variants();

// True when the code point is a CJK ideograph, kana or full-width form (used to
// wrap CJK runs of a query in parentheses for the Xapian query parser).
bool is_cjk(char32_t cp);

// Decodes/encodes UTF-8 (helpers shared by the core).
std::u32string utf8_to_u32(std::string_view utf8);
std::string u32_to_utf8(std::u32string_view text);
void append_utf8(std::string& out, char32_t cp);

// True when the bytes are valid UTF-8.
bool is_valid_utf8(std::string_view bytes);

}  // namespace monjo::archive
