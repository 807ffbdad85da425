// Japanese text normalization (archive/search/normalize.h, docs/dates.md): the 旧字体 table, NFKC and
// width, case, kana, iteration marks, dashes, variation selectors, invalid UTF-8 and the
// offset map back to the original text.
#include "archive/search/normalize.h"

#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

using monjo::archive::append_utf8;
using monjo::archive::is_cjk;
using monjo::archive::is_valid_utf8;
using monjo::archive::kanji_nfkc_variants;
using monjo::archive::kanji_variant_table;
using monjo::archive::KanjiVariant;
using monjo::archive::normalize;
using monjo::archive::normalize_with_map;
using monjo::archive::NormalizedText;
using monjo::archive::u32_to_utf8;
using monjo::archive::utf8_to_u32;

namespace {

std::string utf8(char32_t cp) {
  std::string s;
  append_utf8(s, cp);
  return s;
}

struct SourcedRow {
  char32_t old_form;
  char32_t new_form;
  std::string source;
};

// The table as written in the reviewed data file, with each row's source.
const std::vector<SourcedRow>& sourced_rows() {
  static const std::vector<SourcedRow> rows = {
#define MONJO_KANJI_VARIANT(old_cp, new_cp, source) {old_cp, new_cp, source},
#define MONJO_KANJI_NFKC(old_cp, new_cp) {old_cp, new_cp, "NFKC"},
#include "archive/search/kanji_variants.inc"
#undef MONJO_KANJI_VARIANT
#undef MONJO_KANJI_NFKC
  };
  return rows;
}

// Strings mixing every feature, for idempotence and offset-map properties.
const std::vector<std::string> kMixed = {
    "東京都廳（ＡＢ）",
    "相模原町役場文書 昭和16年～昭和29年",
    "佐々木　髙橋 山﨑 渡邉 齋藤",
    "ｶﾀｶﾅ ﾃﾞｰﾀ データ― ラ－メン すご〜い",
    "霞ヶ関 霞ケ関 ヵ月",
    "葛\U000E0100飾区 辻\uFE00",
    "いすゞ こゝろ カヽ ミスヾ 國々",
    "ＧＲＥＥＫ Σ Straße ｱｲｳ①②",
    "a\xFF"
    "b \xE3\x81",
    "  \t前後の空白\u3000 ",
    "ヷイオリン ヴァイオリン ㍻元年 ㈱",
    "e\u0301t\u00E9 ｶﾞｯｺｳ \u309B\u309C",
    "3−1 A–Z 歴1‐0001 ―― ー",
    "ヶ\u3099 ヵ\u0336\u3099 ぱヽ\u309A a\u00AD\u0308",
};

}  // namespace

TEST_CASE("the 旧字体 table holds the 常用漢字表's 364 康熙字典体 forms and the name variants", "[normalize]") {
  size_t joyo_rows = 0;
  size_t nfkc_rows = 0;
  for (const SourcedRow& row : sourced_rows()) {
    if (row.source == "常用") ++joyo_rows;
    if (row.source == "NFKC") ++nfkc_rows;
  }
  CHECK(joyo_rows + nfkc_rows == 364);
  CHECK(nfkc_rows == kanji_nfkc_variants().size());
  CHECK(sourced_rows().size() - nfkc_rows == kanji_variant_table().size());
  for (const KanjiVariant& row : kanji_nfkc_variants()) {
    CHECK(row.old_form >= 0xF900);
    CHECK(row.old_form <= 0xFAFF);
  }
}

TEST_CASE("every old form in the table normalizes to its new form", "[normalize]") {
  for (const SourcedRow& row : sourced_rows()) {
    INFO("U+" << std::hex << static_cast<uint32_t>(row.old_form) << " (" << row.source << ")");
    CHECK(normalize(utf8(row.old_form)) == utf8(row.new_form));
  }
}

TEST_CASE("new forms are fixed points and never appear as old forms", "[normalize]") {
  std::set<char32_t> old_forms;
  for (const SourcedRow& row : sourced_rows()) {
    INFO("old form U+" << std::hex << static_cast<uint32_t>(row.old_form));
    CHECK(old_forms.insert(row.old_form).second);  // no duplicate rows
  }
  for (const SourcedRow& row : sourced_rows()) {
    INFO("new form U+" << std::hex << static_cast<uint32_t>(row.new_form));
    CHECK(old_forms.count(row.new_form) == 0);
    CHECK(normalize(utf8(row.new_form)) == utf8(row.new_form));
  }
}

TEST_CASE("named old forms and name variants fold to 新字体, never to mainland forms", "[normalize]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"國", "国"},         {"學", "学"},
      {"會", "会"},         {"縣", "県"},
      {"廳", "庁"},         {"驛", "駅"},
      {"澤", "沢"},         {"區", "区"},
      {"體", "体"},         {"臺", "台"},
      {"龍", "竜"},         {"灣", "湾"},
      {"櫻", "桜"},         {"嶽", "岳"},
      {"辨辯瓣", "弁弁弁"}, {"髙橋", "高橋"},
      {"山﨑", "山崎"},     {"嵜", "崎"},
      {"邊", "辺"},         {"渡邉", "渡辺"},
      {"齋藤", "斎藤"},     {"齊藤", "斉藤"},
      {"濵", "浜"},         {"濱", "浜"},
      {"德", "徳"},         {"冨", "富"},
      {"眞", "真"},         {"廣", "広"},
      {"藏", "蔵"},         {"嶋", "島"},
      {"桒", "桑"},         {"舘", "館"},
      {"曻", "昇"},         {"囘", "回"},
      {"\uFA4A", "琢"},  // CJK compatibility ideograph: NFKC's job
      {"\uFA26", "都"},     {"東京都廳", "東京都庁"},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(normalize(input) == expected);
  }
  CHECK(normalize("縣") != "县");
  CHECK(normalize("县") == "县");  // a mainland form is left alone, not "restored"
}

TEST_CASE("normalization is idempotent over the table and mixed text", "[normalize]") {
  for (const SourcedRow& row : sourced_rows()) {
    std::string once = normalize(utf8(row.old_form) + "々" + utf8(row.new_form));
    CHECK(normalize(once) == once);
  }
  for (const std::string& text : kMixed) {
    INFO(text);
    std::string once = normalize(text);
    CHECK(normalize(once) == once);
    CHECK(normalize_with_map(text).text == once);
  }
}

TEST_CASE("normalization is idempotent on random mixes of tricky characters", "[normalize]") {
  // Combining marks, iteration marks, dashes, ignorables and foldable kana next to
  // each other: where folding creates new compositions, the pipeline must compose too.
  const std::u32string pool =
      U"aA \u3000-~\u2015\u301C\uFF5E\uFF0Dーｰあカヶヵゝゞヽヾ々〻國廳\uFA11\uFA4A\u3099"
      U"\u309A\u309B\u309Cｶﾞﾟﾊe\u0301\uFE00\U000E0100ヷヴぱが1、(\u00AD\u200BßΣ㍻ヿゟ"
      U"\uFFFDㇰゕ\u0308\u0336\u00A8\u00C0\u00A0\u2212\uFF21\u1100\u1161\u0130\t\n";
  std::mt19937 rng(20240501);
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::u32string text;
    for (unsigned k = rng() % 8; k > 0; --k) text += pool[rng() % pool.size()];
    std::string input = u32_to_utf8(text);
    std::string once = normalize(input);
    INFO(input);
    REQUIRE(normalize(once) == once);
  }
}

TEST_CASE("NFKC folds width and compatibility forms", "[normalize]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ＡＢＣ１２３", "abc123"}, {"ｶﾀｶﾅ", "かたかな"}, {"ｶﾞｯｺｳ", "がつこう"}, {"ﾊﾟﾝ", "ぱん"},
      {"㍻元年", "平成元年"},     {"①②", "12"},         {"（注）", "(注)"},    {"e\u0301", "\u00E9"},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(normalize(input) == expected);
  }
}

TEST_CASE("Latin text is case folded", "[normalize]") {
  CHECK(normalize("Tokyo METROPOLITAN Archives") == "tokyo metropolitan archives");
  CHECK(normalize("ＧＨＱ") == "ghq");
  CHECK(normalize("Straße") == "strasse");
  CHECK(normalize("ΣΟΦΙΑ") == normalize("σοφια"));
}

TEST_CASE("katakana folds to hiragana and small kana to large", "[normalize]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"カタカナ", "かたかな"},
      {"ヴァイオリン", "ゔあいおりん"},
      {"ァィゥェォッャュョヮ", "あいうえおつやゆよわ"},
      {"ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ"},
      {"キョウ", "きよう"},
      {"ヷ", "ヷ"},
      {"ㇰㇷ", "くふ"},
      {"ヶ\u3099", "げ"},  // folding makes a base the dakuten composes with
      {"ぱヽ\u309A", "ぱぱ"},
      {"ー", "ー"},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(normalize(input) == expected);
  }
}

TEST_CASE("ヶ, ケ and ヵ fold with their large kana; が stays distinct", "[normalize]") {
  CHECK(normalize("霞ヶ関") == "霞け関");
  CHECK(normalize("霞ケ関") == normalize("霞ヶ関"));
  CHECK(normalize("一ヵ月") == normalize("一カ月"));
  CHECK(normalize("一ヵ月") == "一か月");
  CHECK(normalize("霞が関") != normalize("霞ヶ関"));  // documented: no reading-based folding
}

TEST_CASE("iteration marks repeat the preceding normalized character", "[normalize]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"佐々木", "佐佐木"}, {"時々", "時時"},     {"國々", "国国"},     {"いすゞ", "いすず"}, {"こゝろ", "こころ"},
      {"カヽ", "かか"},     {"ミスヾ", "みすず"}, {"が\u309D", "がか"}, {"々", "々"},         {"あ々", "あ々"},
      {"木ゝ", "木ゝ"},     {"ゝ", "ゝ"},         {"人\u303B", "人人"},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(normalize(input) == expected);
  }
}

TEST_CASE("dashes unify to '-' and become ー only after kana", "[normalize]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ラ－メン", "らーめん"},
      {"ラ-メン", "らーめん"},
      {"すご〜い", "すごーい"},
      {"すご～い", "すごーい"},
      {"データ―", "でーたー"},
      {"データ—の", "でーたーの"},
      {"ﾃﾞｰﾀ", "でーた"},
      {"3−1", "3-1"},
      {"A–Z", "a-z"},
      {"歴1‐0001", "歴1-0001"},
      {"昭和16年～昭和29年", "昭和16年-昭和29年"},
      {"1〜3", "1-3"},
      {"ページ-3", "ぺーじ-3"},
      {"東京—大阪", "東京-大阪"},
      {"a ‒ b ― c", "a - b - c"},
      {"－", "-"},
      {"~", "-"},
  };
  for (const auto& [input, expected] : cases) {
    INFO(input);
    CHECK(normalize(input) == expected);
  }
}

TEST_CASE("whitespace runs collapse to one space and are trimmed", "[normalize]") {
  CHECK(normalize("  全角\u3000\u3000空白\t\n 半角  ") == "全角 空白 半角");
  CHECK(normalize("\u3000") == "");
  CHECK(normalize("") == "");
  CHECK(normalize("A \t B") == "a b");
}

TEST_CASE("variation selectors are removed", "[normalize]") {
  CHECK(normalize("葛\U000E0100") == "葛");
  CHECK(normalize("葛\U000E0100飾") == "葛飾");
  CHECK(normalize("辻\uFE00") == "辻");
  CHECK(normalize("\uFE0F") == "");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD per maximal ill-formed subpart", "[normalize]") {
  const std::string fffd = "\uFFFD";
  CHECK(normalize("a\xFF"
                  "b") == "a" + fffd + "b");
  CHECK(normalize("\xE3\x81") == fffd);                               // truncated あ
  CHECK(normalize("\xC0\xAF") == fffd + fffd);                        // overlong '/'
  CHECK(normalize("\xED\xA0\x80") == fffd + fffd + fffd);             // encoded surrogate
  CHECK(normalize("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // past U+10FFFF
  CHECK(is_valid_utf8(normalize("x\xE3\x81\xFFy")));
}

TEST_CASE("UTF-8 helpers decode, encode and validate", "[normalize]") {
  CHECK(utf8_to_u32("aあ𠮟") == U"aあ𠮟");
  CHECK(u32_to_utf8(U"aあ𠮟") == "aあ𠮟");
  CHECK(utf8_to_u32("a\xFF") == U"a\uFFFD");
  CHECK(u32_to_utf8(std::u32string(1, char32_t(0xD800))) == "\uFFFD");
  CHECK(u32_to_utf8(std::u32string(1, char32_t(0x110000))) == "\uFFFD");
  std::string s;
  append_utf8(s, U'国');
  CHECK(s == "国");

  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("東京 abc \uFFFD 𠮟"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xE3\x81"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));
  CHECK_FALSE(is_valid_utf8("ok\x80"));
}

TEST_CASE("the offset map points every output range at the original characters", "[normalize]") {
  struct Case {
    std::string input;
    std::string output_part;
    std::string original_part;
  };
  const std::vector<Case> cases = {
      {"東京都廳（ＡＢ）", "庁", "廳"},
      {"東京都廳（ＡＢ）", "ab", "ＡＢ"},
      {"東京都廳（ＡＢ）", "東京都庁", "東京都廳"},
      {"佐々木", "佐佐", "佐々"},
      {"佐々木", "木", "木"},
      {"ｶﾞｯｺｳ", "が", "ｶﾞ"},
      {"葛\U000E0100飾区", "葛", "葛\U000E0100"},
      {"全角\u3000\u3000空白", " ", "\u3000\u3000"},
      {"ラ－メン", "ー", "－"},
      {"㍻元年", "平成", "㍻"},
      {"xe\u0301t", "\u00E9", "e\u0301"},
      {"a\xFF"
       "b",
       "\uFFFD", "\xFF"},
      {"ABC def", "abc", "ABC"},
  };
  for (const Case& c : cases) {
    INFO(c.input << " / " << c.output_part);
    NormalizedText n = normalize_with_map(c.input);
    size_t at = n.text.find(c.output_part);
    REQUIRE(at != std::string::npos);
    auto [begin, end] = n.to_original(at, at + c.output_part.size());
    CHECK(c.input.substr(begin, end - begin) == c.original_part);
  }
}

TEST_CASE("offset map ranges are whole original characters, in order", "[normalize]") {
  for (const std::string& input : kMixed) {
    INFO(input);
    NormalizedText n = normalize_with_map(input);
    REQUIRE(n.orig_begin.size() == n.text.size());
    REQUIRE(n.orig_end.size() == n.text.size());
    // Byte offsets where an original character starts (invalid bytes count as one).
    std::set<uint32_t> starts;
    for (size_t i = 0; i <= input.size(); ++i) {
      if (i == input.size() || (static_cast<unsigned char>(input[i]) & 0xC0) != 0x80 ||
          !is_valid_utf8(input.substr(0, i))) {
        starts.insert(static_cast<uint32_t>(i));
      }
    }
    uint32_t previous_begin = 0;
    for (size_t i = 0; i < n.text.size(); ++i) {
      CHECK(n.orig_begin[i] < n.orig_end[i]);
      CHECK(n.orig_end[i] <= input.size());
      CHECK(starts.count(n.orig_begin[i]) == 1);
      CHECK(starts.count(n.orig_end[i]) == 1);
      CHECK(n.orig_begin[i] >= previous_begin);
      previous_begin = n.orig_begin[i];
    }
    // One output character never straddles two origins.
    auto chars = utf8_to_u32(n.text);
    size_t offset = 0;
    for (char32_t cp : chars) {
      size_t len = utf8(cp).size();
      for (size_t k = 1; k < len; ++k) {
        CHECK(n.orig_begin[offset + k] == n.orig_begin[offset]);
        CHECK(n.orig_end[offset + k] == n.orig_end[offset]);
      }
      offset += len;
    }
  }
}

TEST_CASE("to_original gives an empty range for empty or out-of-range input", "[normalize]") {
  NormalizedText n = normalize_with_map("東京");
  CHECK(n.to_original(0, 0) == std::pair<uint32_t, uint32_t>{0, 0});
  CHECK(n.to_original(3, 2) == std::pair<uint32_t, uint32_t>{0, 0});
  CHECK(n.to_original(0, 7) == std::pair<uint32_t, uint32_t>{0, 0});
  CHECK(n.to_original(0, 6) == std::pair<uint32_t, uint32_t>{0, 6});
  CHECK(normalize_with_map("").to_original(0, 1) == std::pair<uint32_t, uint32_t>{0, 0});
}

TEST_CASE("is_cjk covers ideographs, kana, full-width forms and CJK symbols", "[normalize]") {
  const std::vector<char32_t> cjk = {U'国', U'𠮟', U'\u3400', U'\uFA11', U'あ', U'ア', U'ｱ',  U'Ａ',
                                     U'（', U'　', U'々',     U'、',     U'ー', U'ㇰ', U'㍻', U'\U0002F800'};
  const std::vector<char32_t> not_cjk = {U'a', U'1', U' ', U'-', U'é', U'Σ', U'\u2014', 0x10FFFF};
  for (char32_t cp : cjk) {
    INFO("U+" << std::hex << static_cast<uint32_t>(cp));
    CHECK(is_cjk(cp));
  }
  for (char32_t cp : not_cjk) {
    INFO("U+" << std::hex << static_cast<uint32_t>(cp));
    CHECK_FALSE(is_cjk(cp));
  }
}
