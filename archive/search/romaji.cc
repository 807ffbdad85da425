#include "archive/search/romaji.h"

#include <algorithm>
#include <cstring>

#include "archive/search/normalize.h"

namespace monjo::archive {

namespace {

// One syllable's spelling and its kana. Tried longest first at each position.
struct Syllable {
  const char* roman;
  const char* kana;
};

constexpr Syllable kSyllables[] = {
    // Three letters.
    {"kya", "きゃ"}, {"kyu", "きゅ"}, {"kyo", "きょ"}, {"sha", "しゃ"}, {"shi", "し"},   {"shu", "しゅ"},
    {"she", "しぇ"}, {"sho", "しょ"}, {"sya", "しゃ"}, {"syu", "しゅ"}, {"syo", "しょ"}, {"chi", "ち"},
    {"cha", "ちゃ"}, {"chu", "ちゅ"}, {"che", "ちぇ"}, {"cho", "ちょ"}, {"tya", "ちゃ"}, {"tyu", "ちゅ"},
    {"tyo", "ちょ"}, {"cya", "ちゃ"}, {"cyu", "ちゅ"}, {"cyo", "ちょ"}, {"tsu", "つ"},   {"nya", "にゃ"},
    {"nyu", "にゅ"}, {"nyo", "にょ"}, {"hya", "ひゃ"}, {"hyu", "ひゅ"}, {"hyo", "ひょ"}, {"mya", "みゃ"},
    {"myu", "みゅ"}, {"myo", "みょ"}, {"rya", "りゃ"}, {"ryu", "りゅ"}, {"ryo", "りょ"}, {"gya", "ぎゃ"},
    {"gyu", "ぎゅ"}, {"gyo", "ぎょ"}, {"zya", "じゃ"}, {"zyu", "じゅ"}, {"zyo", "じょ"}, {"jya", "じゃ"},
    {"jyu", "じゅ"}, {"jyo", "じょ"}, {"dya", "ぢゃ"}, {"dyu", "ぢゅ"}, {"dyo", "ぢょ"}, {"bya", "びゃ"},
    {"byu", "びゅ"}, {"byo", "びょ"}, {"pya", "ぴゃ"}, {"pyu", "ぴゅ"}, {"pyo", "ぴょ"}, {"xtu", "っ"},
    {"ltu", "っ"},
    // Two letters.
    {"ka", "か"}, {"ki", "き"}, {"ku", "く"}, {"ke", "け"}, {"ko", "こ"}, {"sa", "さ"}, {"si", "し"},
    {"su", "す"}, {"se", "せ"}, {"so", "そ"}, {"ta", "た"}, {"ti", "ち"}, {"tu", "つ"}, {"te", "て"},
    {"to", "と"}, {"na", "な"}, {"ni", "に"}, {"nu", "ぬ"}, {"ne", "ね"}, {"no", "の"}, {"ha", "は"},
    {"hi", "ひ"}, {"fu", "ふ"}, {"hu", "ふ"}, {"he", "へ"}, {"ho", "ほ"}, {"fa", "ふぁ"}, {"fi", "ふぃ"},
    {"fe", "ふぇ"}, {"fo", "ふぉ"}, {"ma", "ま"}, {"mi", "み"}, {"mu", "む"}, {"me", "め"}, {"mo", "も"},
    {"ya", "や"}, {"yu", "ゆ"}, {"yo", "よ"}, {"ra", "ら"}, {"ri", "り"}, {"ru", "る"}, {"re", "れ"},
    {"ro", "ろ"}, {"wa", "わ"}, {"wo", "を"}, {"ga", "が"}, {"gi", "ぎ"}, {"gu", "ぐ"}, {"ge", "げ"},
    {"go", "ご"}, {"za", "ざ"}, {"zi", "じ"}, {"ji", "じ"}, {"zu", "ず"}, {"ze", "ぜ"}, {"zo", "ぞ"},
    {"ja", "じゃ"}, {"ju", "じゅ"}, {"je", "じぇ"}, {"jo", "じょ"}, {"da", "だ"}, {"di", "ぢ"}, {"du", "づ"},
    {"de", "で"}, {"do", "ど"}, {"ba", "ば"}, {"bi", "び"}, {"bu", "ぶ"}, {"be", "べ"}, {"bo", "ぼ"},
    {"pa", "ぱ"}, {"pi", "ぴ"}, {"pu", "ぷ"}, {"pe", "ぺ"}, {"po", "ぽ"},
    // Vowels.
    {"a", "あ"}, {"i", "い"}, {"u", "う"}, {"e", "え"}, {"o", "お"},
};

bool is_vowel(char c) {
  return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o';
}

// A long vowel written with a macron or a circumflex: its plain letter, else 0.
char long_vowel(char32_t c) {
  switch (c) {
    case U'ā':
    case U'â':
      return 'a';
    case U'ī':
    case U'î':
      return 'i';
    case U'ū':
    case U'û':
      return 'u';
    case U'ē':
    case U'ê':
      return 'e';
    case U'ō':
    case U'ô':
      return 'o';
    default:
      return 0;
  }
}

// What a unit of the word may also be read as: a syllable ending in o or u may hide a
// long vowel; ō is おう or おお.
enum class Length { Fixed, MaybeLong, LongO };

struct Unit {
  std::string kana;
  Length length = Length::Fixed;
};

// The word's units, or nothing when a letter does not belong to a syllable.
std::optional<std::vector<Unit>> units_of(std::string_view word) {
  std::string letters;
  std::vector<bool> marked;  // the letter carried a macron
  for (char32_t c : utf8_to_u32(word)) {
    if (c >= 'a' && c <= 'z') {
      letters += static_cast<char>(c);
      marked.push_back(false);
    } else if (char v = long_vowel(c)) {
      letters += v;
      marked.push_back(true);
    } else if (c == '\'' || c == U'’') {
      letters += '\'';
      marked.push_back(false);
    } else {
      return std::nullopt;
    }
  }
  std::vector<Unit> out;
  size_t i = 0;
  const size_t n = letters.size();
  while (i < n) {
    const char c = letters[i];
    const char next = i + 1 < n ? letters[i + 1] : '\0';
    if (c == '\'') {
      ++i;
      continue;
    }
    // ん: n before a consonant other than y, at the end, doubled (nn) or with an
    // apostrophe (n'a); m before b, p, m (Hepburn's shimbun).
    if (c == 'n' && (next == '\0' || next == '\'' || (!is_vowel(next) && next != 'y'))) {
      out.push_back({"ん"});
      const bool doubled_alone = next == 'n' && (i + 2 >= n || (!is_vowel(letters[i + 2]) && letters[i + 2] != 'y'));
      i += doubled_alone ? 2 : 1;
      continue;
    }
    if (c == 'm' && (next == 'b' || next == 'p' || next == 'm')) {
      out.push_back({"ん"});
      ++i;
      continue;
    }
    // っ: a doubled consonant (kk, ss, tt, pp), and tch.
    if (!is_vowel(c) && c != 'n' && (next == c || (c == 't' && next == 'c'))) {
      out.push_back({"っ"});
      ++i;
      continue;
    }
    bool matched = false;
    for (const Syllable& s : kSyllables) {
      const size_t len = std::strlen(s.roman);
      if (letters.compare(i, len, s.roman) != 0) continue;
      Unit u{s.kana};
      const char vowel = s.roman[len - 1];
      const bool macron = marked[i + len - 1];
      if (macron) {
        if (vowel == 'o') {
          u.length = Length::LongO;
        } else {
          u.kana += vowel == 'a' ? "あ" : vowel == 'i' ? "い" : vowel == 'u' ? "う" : "え";
        }
      } else if ((vowel == 'o' || vowel == 'u') && (len > 1 || out.empty())) {
        // A vowel on its own after a syllable is the length already (kou, yuu).
        u.length = Length::MaybeLong;
      }
      out.push_back(std::move(u));
      i += len;
      matched = true;
      break;
    }
    if (!matched) return std::nullopt;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> romaji_to_kana(std::string_view word) {
  const auto units = units_of(word);
  if (!units) return std::nullopt;
  std::string kana;
  for (const Unit& u : *units) kana += u.length == Length::LongO ? u.kana + "う" : u.kana;
  return kana;
}

std::vector<std::string> romaji_readings(std::string_view word, size_t max) {
  std::vector<std::string> out;
  const auto units = units_of(word);
  if (!units || max == 0) return out;
  // Each unit's choices, the plain one first; a unit followed by its own vowel
  // written out (ou, oo, uu) is long already.
  std::vector<std::vector<std::string>> choices;
  for (size_t k = 0; k < units->size(); ++k) {
    const Unit& u = (*units)[k];
    const std::string& following = k + 1 < units->size() ? (*units)[k + 1].kana : std::string();
    switch (u.length) {
      case Length::Fixed:
        choices.push_back({u.kana});
        break;
      case Length::LongO:
        choices.push_back({u.kana + "う", u.kana + "お"});
        break;
      case Length::MaybeLong:
        if (following == "う" || following == "お" || following == "ん" || following == "っ") {
          choices.push_back({u.kana});
        } else {
          choices.push_back({u.kana, u.kana + "う"});
        }
        break;
    }
  }
  // Every combination, ordered by how many long vowels were added (then left to right).
  struct Variant {
    int added;
    std::string kana;
  };
  // Past 64 combinations (a long word) the remaining units are read plain only.
  std::vector<Variant> all = {{0, ""}};
  for (const auto& c : choices) {
    const size_t ways = all.size() > 64 ? 1 : c.size();
    std::vector<Variant> next;
    for (const auto& v : all) {
      for (size_t j = 0; j < ways; ++j) next.push_back({v.added + (j > 0 ? 1 : 0), v.kana + c[j]});
    }
    all = std::move(next);
  }
  std::stable_sort(all.begin(), all.end(), [](const Variant& a, const Variant& b) { return a.added < b.added; });
  for (const auto& v : all) {
    if (out.size() >= max) break;
    std::string kana = normalize(v.kana);
    if (std::find(out.begin(), out.end(), kana) == out.end()) out.push_back(std::move(kana));
  }
  return out;
}

}  // namespace monjo::archive
