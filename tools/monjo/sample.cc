// The sample collection generator (see sample.h). Content tables first, then the
// calendar (和暦 with exact era boundaries, so that no date is impossible), then
// the writer that walks fonds › series › volume › item and streams XML.
//
// Why the hand-rolled pieces: std::uniform_*_distribution gives different numbers
// on different standard libraries, so the PRNG and all draws are ours; and the
// writer keeps one output buffer instead of building a tree, so memory stays
// constant whatever --volumes is.
#include "tools/monjo/sample.h"

#include <cstddef>
#include <cstdio>
#include <initializer_list>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monjo::tools {
namespace {

// ----------------------------------------------------------------------------
// Randomness

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed ^ 0x6d6f6e6a6f53414dULL) {}
  // splitmix64 (Steele, Lea, Flood 2014): tiny, fast and well mixed.
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // 0 <= r < n; the modulo bias is far below anything a sample could show.
  long below(long n) { return n <= 1 ? 0 : static_cast<long>(next() % static_cast<uint64_t>(n)); }
  long between(long lo, long hi) { return lo + below(hi - lo + 1); }
  bool percent(int p) { return below(100) < p; }
  bool permille(int p) { return below(1000) < p; }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(static_cast<long>(N))];
  }

 private:
  uint64_t state_;
};

// ----------------------------------------------------------------------------
// Calendar

struct Day {
  int y = 0, m = 0, d = 0;
};

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
long to_days(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Day from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  Day r;
  r.d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  r.m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  r.y = static_cast<int>(yoe + era * 400 + (r.m <= 2));
  return r;
}

long days(const Day& day) {
  return to_days(day.y, day.m, day.d);
}

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

struct Era {
  const char* name;
  Day start;  // first day
  Day end;    // last day
};

// Start days as in docs/dates.md; 明治 starts on the Gregorian day of 明治元年1月1日.
const Era kEras[] = {
    {"明治", {1868, 1, 25}, {1912, 7, 29}}, {"大正", {1912, 7, 30}, {1926, 12, 24}},
    {"昭和", {1926, 12, 25}, {1989, 1, 7}}, {"平成", {1989, 1, 8}, {2019, 4, 30}},
    {"令和", {2019, 5, 1}, {9999, 12, 31}},
};
constexpr int kEraCount = sizeof(kEras) / sizeof(kEras[0]);

int era_at(long day) {
  for (int i = kEraCount - 1; i > 0; --i)
    if (day >= days(kEras[i].start)) return i;
  return 0;
}

int era_year(int era, int gregorian_year) {
  return gregorian_year - kEras[era].start.y + 1;
}

struct Interval {
  long start = 0, end = 0;  // inclusive days
};

Interval clamp(Interval a, Interval b) {
  return {a.start > b.start ? a.start : b.start, a.end < b.end ? a.end : b.end};
}

bool within(Interval inner, Interval outer) {
  return inner.start >= outer.start && inner.end <= outer.end;
}

// Interval of a 和暦 era year (元年 and the last year are partial).
Interval era_year_interval(int era, int gregorian_year) {
  return clamp({to_days(gregorian_year, 1, 1), to_days(gregorian_year, 12, 31)},
               {days(kEras[era].start), days(kEras[era].end)});
}

// ----------------------------------------------------------------------------
// Text helpers

void append_int(std::string& s, long v, int width = 0) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*ld", width, v);
  s += buf;
}

std::string num(long v, int width = 0) {
  std::string s;
  append_int(s, v, width);
  return s;
}

const char* const kKanjiDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

// Additive kanji numerals as written in old records: 三十, 十五, 六十四.
std::string kanji_number(int n) {
  std::string s;
  if (n >= 10) {
    if (n / 10 > 1) s += kKanjiDigits[n / 10];
    s += "十";
  }
  if (n % 10) s += kKanjiDigits[n % 10];
  return s;
}

// 廿 (20) and 卅 (30), common in prewar handwriting.
std::string tally_number(int n) {
  std::string s = n / 10 == 2 ? "廿" : "卅";
  if (n % 10) s += kKanjiDigits[n % 10];
  return s;
}

// ASCII digits → full-width (０–９), as typed in many word-processed lists.
std::string full_width_digits(std::string_view in) {
  std::string s;
  s.reserve(in.size() * 2);
  for (char c : in) {
    if (c >= '0' && c <= '9') {
      s += "\xEF\xBC";
      s += static_cast<char>(0x90 + (c - '0'));
    } else {
      s += c;
    }
  }
  return s;
}

// 新字体 → 旧字体 for titles of prewar and early postwar records, which were written
// in the old forms until the 当用漢字字体表 (1949) took hold.
struct OldForm {
  char32_t modern;
  const char* old;
};
const OldForm kOldForms[] = {
    {U'与', "與"}, {U'会', "會"}, {U'体', "體"}, {U'児', "兒"}, {U'処', "處"}, {U'医', "醫"}, {U'区', "區"},
    {U'参', "參"}, {U'団', "團"}, {U'図', "圖"}, {U'国', "國"}, {U'声', "聲"}, {U'学', "學"}, {U'実', "實"},
    {U'県', "縣"}, {U'広', "廣"}, {U'庁', "廳"}, {U'当', "當"}, {U'応', "應"}, {U'戦', "戰"}, {U'数', "數"},
    {U'旧', "舊"}, {U'権', "權"}, {U'検', "檢"}, {U'沢', "澤"}, {U'営', "營"}, {U'発', "發"}, {U'称', "稱"},
    {U'経', "經"}, {U'続', "續"}, {U'証', "證"}, {U'売', "賣"}, {U'関', "關"}, {U'駅', "驛"}, {U'険', "險"},
    {U'税', "稅"}, {U'条', "條"}, {U'号', "號"}, {U'録', "錄"}, {U'伝', "傳"}, {U'価', "價"}, {U'転', "轉"},
    {U'写', "寫"}, {U'届', "屆"}, {U'帯', "帶"},
};

bool decode_utf8(std::string_view s, size_t& i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (i + len > s.size()) return false;
  cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return true;
}

std::string to_old_forms(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    const size_t from = i;
    char32_t cp = 0;
    if (!decode_utf8(in, i, cp)) {
      out.append(in.substr(from));
      break;
    }
    const char* old = nullptr;
    for (const auto& f : kOldForms)
      if (f.modern == cp) old = f.old;
    if (old) {
      out += old;
    } else {
      out.append(in.substr(from, i - from));
    }
  }
  return out;
}

// Replaces each "{key}" in `templ` by the matching value.
std::string fill(std::string_view templ, std::initializer_list<std::pair<std::string_view, std::string_view>> vars) {
  std::string out;
  size_t i = 0;
  while (i < templ.size()) {
    if (templ[i] == '{') {
      const size_t close = templ.find('}', i);
      if (close != std::string_view::npos) {
        const auto key = templ.substr(i + 1, close - i - 1);
        bool found = false;
        for (const auto& [k, v] : vars) {
          if (k == key) {
            out.append(v);
            found = true;
            break;
          }
        }
        if (found) {
          i = close + 1;
          continue;
        }
      }
    }
    out += templ[i++];
  }
  return out;
}

// ----------------------------------------------------------------------------
// Content: the fonds of the 相模原市 archive

enum class Kind { Village, WartimeTown, City, TsukuiTown };

struct FondsDef {
  const char* id;
  const char* title;
  const char* creator;
  Kind kind;
  const char* body;          // 村 / 町 / 市, what the records call the municipality
  const char* earlier_body;  // before `body_since` (上溝村 → 上溝町 in 1926)
  int body_since;
  Day start, end;
  int weight;  // share of the volumes
  const char* date_text;
  const char* history;
  const char* scope;  // nullptr: no scope
  std::vector<const char*> places;
};

const std::vector<FondsDef>& fonds_table() {
  static const std::vector<FondsDef> kFonds = {
      {"kamimizo-town",
       "上溝町役場文書",
       "上溝町",
       Kind::Village,
       "町",
       "村",
       1926,
       {1889, 4, 1},
       {1941, 4, 28},
       4,
       "明治22年～昭和16年",
       "明治22年の町村制施行により上溝村が成立し、大正15年に町制を施行して上溝町となった。"
       "昭和16年4月29日、周辺の7町村と合併して相模原町となった。",
       "村会・町会の会議録、例規、兵事、学事、土木、衛生に関する簿冊。",
       {"上溝", "下溝", "番田", "上溝本町"}},
      {"zama-town",
       "座間町役場文書",
       "座間町",
       Kind::Village,
       "町",
       "村",
       1937,
       {1889, 4, 1},
       {1941, 4, 28},
       3,
       "明治22年～昭和16年",
       "明治22年に座間村が成立し、昭和12年に町制を施行した。昭和16年に相模原町の一部となり、"
       "昭和23年に分離して再び座間町となった。",
       nullptr,
       {"座間", "新田宿", "四ツ谷", "栗原", "入谷"}},
      {"ono-village",
       "大野村役場文書",
       "大野村",
       Kind::Village,
       "村",
       "村",
       0,
       {1889, 4, 1},
       {1941, 4, 28},
       3,
       "明治22年～昭和16年",
       "明治22年の町村制施行により淵野辺村・上鶴間村など6か村が合併して成立した。",
       nullptr,
       {"淵野辺", "上鶴間", "鵜野森", "矢部", "東大沼", "西大沼"}},
      {"osawa-village",
       "大沢村役場文書",
       "大沢村",
       Kind::Village,
       "村",
       "村",
       0,
       {1889, 4, 1},
       {1941, 4, 28},
       2,
       "明治22年～昭和16年",
       "明治22年に大島村・上九沢村・下九沢村が合併して成立した。",
       nullptr,
       {"大島", "上九沢", "下九沢", "大沢"}},
      {"tana-village",
       "田名村役場文書",
       "田名村",
       Kind::Village,
       "村",
       "村",
       0,
       {1889, 4, 1},
       {1941, 4, 28},
       2,
       "明治22年～昭和16年",
       "明治22年の町村制施行により田名村が成立した。相模川の河岸段丘に位置する。",
       nullptr,
       {"田名", "望地", "水郷田名", "久所"}},
      {"aihara-village",
       "相原村役場文書",
       "相原村",
       Kind::Village,
       "村",
       "村",
       0,
       {1889, 4, 1},
       {1941, 4, 28},
       2,
       "明治22年～昭和16年",
       "明治22年に相原村・橋本村・小山村・清兵衛新田が合併して成立した。",
       nullptr,
       {"相原", "橋本", "小山", "清兵衛新田"}},
      {"asamizo-village",
       "麻溝村役場文書",
       "麻溝村",
       Kind::Village,
       "村",
       "村",
       0,
       {1889, 4, 1},
       {1941, 4, 28},
       2,
       "明治22年～昭和16年",
       "明治22年に当麻村・下溝村が合併して成立した。",
       nullptr,
       {"当麻", "下溝", "麻溝台", "新宿"}},
      {"araiso-village",
       "新磯村役場文書",
       "新磯村",
       Kind::Village,
       "村",
       "村",
       0,
       {1889, 4, 1},
       {1941, 4, 28},
       2,
       "明治22年～昭和16年",
       "明治22年に新戸村・磯部村・勝坂村などが合併して成立した。",
       nullptr,
       {"新戸", "磯部", "勝坂", "相武台"}},
      {"sagamihara-town",
       "相模原町役場文書",
       "相模原町",
       Kind::WartimeTown,
       "町",
       "町",
       0,
       {1941, 4, 29},
       {1954, 11, 19},
       15,
       "昭和16年～昭和29年",
       "昭和16年4月29日、高座郡の上溝町・座間町・大野村・大沢村・田名村・相原村・麻溝村・新磯村の"
       "2町6村が合併し、軍都計画のもとに相模原町が成立した。昭和23年に座間町が分離し、"
       "昭和29年11月20日に市制を施行した。",
       "町会・町議会、例規、人事、財政、税務、兵事、学事、土木、農地改革、衛生、社会福祉、選挙、"
       "進駐軍関係の簿冊。",
       {"上溝", "淵野辺", "相武台", "田名", "橋本", "大島", "麻溝台", "新戸", "鵜野森", "相模台"}},
      {"sagamihara-city",
       "相模原市役所文書",
       "相模原市",
       Kind::City,
       "市",
       "市",
       0,
       {1954, 11, 20},
       {2010, 3, 31},
       40,
       "昭和29年～平成21年",
       "昭和29年11月20日に市制を施行。昭和42年に城山町・津久井町・相模湖町・藤野町との合併構想が示され、"
       "平成18年に津久井町・相模湖町、平成19年に城山町・藤野町を編入、平成22年に政令指定都市へ移行した。",
       "市議会、例規、人事、財政、税務、学事、土木、都市計画、農地、衛生、社会福祉、選挙、基地渉外の簿冊。",
       {"上溝", "淵野辺", "相模大野", "橋本", "小山", "古淵", "相模台", "南台", "東林間", "光が丘", "田名", "大野台",
        "上鶴間", "矢部", "麻溝台", "当麻", "磯部", "相武台"}},
      {"shiroyama-town",
       "城山町役場文書",
       "城山町",
       Kind::TsukuiTown,
       "町",
       "町",
       0,
       {1955, 4, 1},
       {2007, 3, 10},
       5,
       "昭和30年～平成19年",
       "昭和30年に川尻村と湘南村が合併して城山町となり、平成19年3月11日に相模原市へ編入された。",
       nullptr,
       {"川尻", "久保沢", "小倉", "葉山島", "原宿", "谷ケ原"}},
      {"tsukui-town",
       "津久井町役場文書",
       "津久井町",
       Kind::TsukuiTown,
       "町",
       "町",
       0,
       {1955, 4, 1},
       {2006, 3, 19},
       6,
       "昭和30年～平成18年",
       "昭和30年に中野町・串川村・鳥屋村・青野原村・青根村が合併して津久井町となり、"
       "平成18年3月20日に相模原市へ編入された。",
       "町議会、例規、財政、税務、学事、土木、農地、衛生、社会福祉、選挙の簿冊。",
       {"中野", "三ケ木", "三ヶ木", "串川", "鳥屋", "青根", "青野原", "太井", "根小屋"}},
      {"sagamiko-town",
       "相模湖町役場文書",
       "相模湖町",
       Kind::TsukuiTown,
       "町",
       "町",
       0,
       {1955, 4, 15},
       {2006, 3, 19},
       4,
       "昭和30年～平成18年",
       "昭和30年に与瀬町・小原町・千木良村・内郷村が合併して相模湖町となり、平成18年3月20日に相模原市へ編入された。",
       nullptr,
       {"与瀬", "小原", "千木良", "若柳", "寸沢嵐", "与瀬本町"}},
      {"fujino-town",
       "藤野町役場文書",
       "藤野町",
       Kind::TsukuiTown,
       "町",
       "町",
       0,
       {1955, 4, 1},
       {2007, 3, 10},
       5,
       "昭和30年～平成19年",
       "昭和30年に吉野町・小渕村・日連村・佐野川村・沢井村・名倉村が合併して藤野町となり、"
       "平成19年3月11日に相模原市へ編入された。",
       nullptr,
       {"吉野", "小渕", "日連", "佐野川", "沢井", "名倉", "牧野"}},
  };
  return kFonds;
}

// ----------------------------------------------------------------------------
// Content: series by function

struct Personal {
  const char* title;        // the public part; the person's name is added in （）
  const char* description;  // follows the person's name
  const char* reason;       // staff-only reason for the restriction
};

struct SeriesDef {
  const char* code;
  const char* title;
  int from_year, to_year;  // years in which such records exist
  int weight;
  bool fiscal;           // dated by 年度
  bool base_towns_only;  // 渉外・基地: only 相模原町 and 相模原市
  const char* dept_prewar;
  const char* dept_postwar;
  const char* retention;
  const char* scope;
  std::vector<const char*> volume_titles;
  std::vector<const char*> item_titles;
  std::vector<const char*> item_descriptions;
  std::vector<Personal> personal;
  std::vector<std::pair<const char*, const char*>> subseries;  // code, title
};

const std::vector<SeriesDef>& series_table() {
  static const std::vector<SeriesDef> kSeries = {
      {"gikai",
       "議会",
       1889,
       2010,
       12,
       false,
       false,
       "庶務係",
       "議会事務局",
       "永年",
       "本会議・委員会の会議録、議案、請願・陳情。",
       {"{council}会議録綴", "{council}議事録", "{y}{council}会議録", "{council}議案綴", "請願・陳情書綴",
        "{council}委員会記録"},
       {"第{n}回定例会会議録", "臨時会会議録", "議案第{n}号 {ordinance}について", "{council}議員名簿", "委員会審査報告",
        "議決書", "{place}地区道路改良に関する陳情"},
       {"{ordinance}について審議し、原案のとおり可決した。", "{place}地区の要望事項を含む。",
        "出席議員{n}名。議長選挙を行う。", "会期の決定及び一般質問。"},
       {{"請願書", "ほか{n}名の住所・氏名を記す。", "請願者の個人情報を含むため"}},
       {{"kaigiroku", "会議録"}, {"gian", "議案・請願"}}},
      {"reiki",
       "例規",
       1889,
       2010,
       5,
       false,
       false,
       "庶務係",
       "文書課",
       "永年",
       "条例・規則・告示・訓令の原議。",
       {"{body}例規綴", "条例・規則綴", "告示綴", "訓令・通達綴", "{y}例規類集", "県庁往復文書"},
       {"{ordinance}", "告示第{n}号", "訓令第{n}号", "規則制定の件", "{body}公告式", "県庁通牒の件"},
       {"{ordinance}の制定に関する原議。", "県からの通牒に基づく改正。", "公布及び施行期日の決定。"},
       {{"寄附採納願", "の寄附金額及び住所を記す。", "個人の財産に関する情報を含むため"}},
       {}},
      {"jinji",
       "人事",
       1889,
       2010,
       7,
       false,
       false,
       "庶務係",
       "人事課",
       "30年",
       "職員の任免・給与・服務に関する簿冊。",
       {"職員任免関係綴", "{body}長事務引継書", "吏員進退関係", "給与関係綴", "職員研修関係綴"},
       {"職員採用の件", "辞令交付簿", "職員研修実施報告", "定期昇給の件", "職員定数条例改正の件"},
       {"職員の配置換えに関する決裁文書。", "県の指導による給与改定。", "事務分掌の見直し。"},
       {{"退職願", "の退職理由及び家庭事情を記す。", "職員個人の身上に関する情報を含むため"},
        {"職員履歴書", "の学歴・職歴・賞罰を記す。", "個人の経歴を含むため"},
        {"恩給裁定通知", "の恩給額及び家族構成を記す。", "個人の恩給額を含むため"}},
       {}},
      {"zaisei",
       "財政",
       1889,
       2010,
       12,
       true,
       false,
       "収入役",
       "財政課",
       "30年",
       "予算・決算・財産管理の簿冊。",
       {"{fy} 歳入歳出予算書", "{fy} 歳入歳出決算書", "{fy} 予算編成関係綴", "補正予算綴", "{fy} 決算附属書類",
        "財産台帳"},
       {"歳入予算書", "歳出予算書", "予算説明書", "財産に関する調書", "補助金交付決定通知", "起債許可申請",
        "決算審査意見書"},
       {"{fy}の一般会計。", "国庫補助金の交付決定。", "{place}地区の事業費を計上。", "監査委員の審査意見を付す。"},
       {{"寄附採納願", "の寄附金額及び住所を記す。", "個人の財産に関する情報を含むため"}},
       {{"yosan", "予算"}, {"kessan", "決算"}}},
      {"zeimu",
       "税務",
       1889,
       2010,
       8,
       true,
       false,
       "税務係",
       "税務課",
       "10年",
       "賦課・徴収に関する簿冊。",
       {"{fy} 戸数割賦課簿", "{body}税賦課関係綴", "滞納処分関係綴", "税務関係書類", "固定資産税関係綴"},
       {"税率改定の件", "賦課状況報告", "徴収成績調", "課税台帳整理の件", "納税組合表彰の件"},
       {"{fy}の賦課状況。", "{place}納税組合の成績。", "県税との調整。"},
       {{"滞納処分書類", "の滞納額及び財産差押の状況を記す。", "個人の納税状況を含むため"},
        {"減免申請書", "の収入及び家族の状況を記す。", "個人の収入に関する情報を含むため"}},
       {}},
      {"heiji",
       "兵事",
       1889,
       1945,
       10,
       false,
       false,
       "兵事係",
       "兵事係",
       "永年",
       "徴兵・召集・軍事援護・陸軍用地に関する簿冊。",
       {"兵事関係書類", "徴兵検査関係綴", "在郷軍人会関係", "軍事援護関係綴", "召集関係書類", "戦没者関係綴",
        "陸軍用地買収関係"},
       {"徴兵検査通知", "在郷軍人会総会記録", "軍事援護事業報告", "慰問袋発送の件", "陸軍演習に関する件",
        "軍馬徴発に関する件", "防空訓練実施に関する件", "県庁兵事課往復文書", "国防献金の件"},
       {"{org}からの通牒。", "{place}地区の在郷軍人会の活動。", "演習地の使用に関する県との往復。"},
       {{"戦死公報", "の戦死の状況及び遺族を記す。", "個人の死亡に関する情報を含むため"},
        {"召集解除通知", "の軍歴を記す。", "個人の軍歴を含むため"},
        {"徴兵検査結果通知", "の身体検査の結果を記す。", "個人の健康情報を含むため"},
        {"恩給裁定通知", "の恩給額及び家族構成を記す。", "個人の恩給額を含むため"}},
       {}},
      {"gakuji",
       "学事",
       1889,
       2010,
       8,
       false,
       false,
       "学務係",
       "学務課",
       "30年",
       "学校の設置・運営・教職員に関する簿冊。",
       {"学事関係綴", "{place}小学校関係", "学校建設関係綴", "教育委員会関係綴", "学齢簿整理関係", "国民学校関係綴",
        "県庁学務課往復文書"},
       {"学校設置認可申請", "児童就学状況調", "教員配置の件", "校舎増築に関する件", "学校給食実施の件",
        "{place}分教場設置の件", "体操講習会開催の件", "国語読本配布の件"},
       {"{place}地区の児童数の推移。", "県学務課との往復文書。", "校地買収と校舎建設の経過。"},
       {{"教員履歴書", "の学歴・職歴を記す。", "個人の経歴を含むため"},
        {"就学免除願", "の就学免除の理由（疾病）を記す。", "個人の健康情報を含むため"}},
       {}},
      {"doboku",
       "土木",
       1889,
       2010,
       8,
       false,
       false,
       "土木係",
       "土木課",
       "30年",
       "道路・橋梁・河川・区画整理の簿冊。",
       {"道路改修工事関係綴", "{place}橋架替工事", "河川改修関係", "土地区画整理事業関係綴", "都市計画関係綴"},
       {"道路改修工事設計書", "工事竣工届", "橋梁調査報告", "用地測量図", "{place}地区排水路改修の件",
        "{place}駅設置に関する陳情", "駅前広場整備の件", "県道改修に関し県庁へ進達の件"},
       {"{place}地区の道路改良。", "県土木出張所との協議。", "相模川の護岸工事。"},
       {{"土地買収契約書", "の所有地の地番及び買収価格を記す。", "個人の財産に関する情報を含むため"}},
       {}},
      {"nochi",
       "農地",
       1946,
       2010,
       8,
       false,
       false,
       "農地委員会",
       "農地委員会",
       "永年",
       "農地改革（自作農創設特別措置法）と農業委員会の簿冊。",
       {"農地買収計画書", "農地売渡計画書", "農地委員会議事録", "自作農創設特別措置関係綴", "開拓関係綴",
        "農業委員会関係"},
       {"農地買収計画書（字{place}）", "農地売渡計画書（字{place}）", "農地委員会議事録", "自作農創設の件",
        "開拓地入植状況報告"},
       {"字{place}の買収計画。", "旧軍用地の開拓地への転用。", "県農地部との往復文書。"},
       {{"農地買収異議申立書", "の所有農地の面積及び異議の理由を記す。", "個人の財産に関する情報を含むため"}},
       {}},
      {"eisei",
       "衛生",
       1889,
       2010,
       5,
       false,
       false,
       "衛生係",
       "衛生課",
       "10年",
       "伝染病予防・種痘・清掃・墓地に関する簿冊。",
       {"伝染病予防関係綴", "種痘関係", "衛生関係書類", "予防接種関係綴", "清掃事業関係", "墓地埋葬関係"},
       {"伝染病発生報告", "種痘実施報告", "衛生組合関係", "予防接種実施の件", "井戸水質検査報告"},
       {"{place}地区における発生状況。", "保健所との往復文書。", "衛生組合の活動報告。"},
       {{"伝染病患者届", "の病名及び隔離の経過を記す。", "個人の病歴を含むため"}},
       {}},
      {"fukushi",
       "社会福祉",
       1889,
       2010,
       6,
       false,
       false,
       "社会係",
       "社会課",
       "10年",
       "救護・生活保護・児童福祉・引揚者援護の簿冊。",
       {"救護関係書類", "方面委員関係綴", "生活保護関係綴", "民生委員関係", "児童福祉関係綴", "引揚者援護関係"},
       {"方面委員会議記録", "生活保護実施状況報告", "民生委員推薦の件", "保育所設置認可申請", "引揚者受入状況報告"},
       {"{place}地区の要保護世帯数。", "県社会課への報告。", "保育所の設置と運営。"},
       {{"生活保護申請書", "の収入・資産及び健康状態を記す。", "個人の生活状況及び健康状態を含むため"},
        {"救護申請", "の家族構成及び困窮の事情を記す。", "個人の生活状況を含むため"}},
       {}},
      {"senkyo",
       "選挙",
       1889,
       2010,
       5,
       false,
       false,
       "庶務係",
       "選挙管理委員会",
       "30年",
       "選挙の執行と選挙人名簿の簿冊。",
       {"{council}議員選挙関係綴", "衆議院議員選挙関係", "選挙人名簿関係", "県会議員選挙関係"},
       {"選挙人名簿調製の件", "投票所設置の件", "選挙結果報告", "選挙公報", "開票録"},
       {"{place}投票区の投票状況。", "選挙長の報告。", "当選人の告示。"},
       {{"選挙違反事件関係", "に対する捜査及び処分の経過を記す。", "個人の犯罪に関する情報を含むため"}},
       {}},
      {"shogai",
       "渉外・基地",
       1945,
       2010,
       6,
       false,
       true,
       "渉外係",
       "渉外課",
       "永年",
       "進駐軍・駐留軍と基地の返還・騒音・補償に関する簿冊。",
       {"進駐軍関係綴", "{ghq}指令綴", "基地関係綴", "米軍基地返還要望関係", "{camp}関係綴", "相模総合補給廠関係",
        "基地騒音対策関係", "接収地関係綴"},
       {"進駐軍宿舎設営の件", "{ghq}指令伝達の件", "基地返還要望書", "米軍機騒音調査報告", "{camp}周辺環境調査",
        "接収地返還に関する陳情"},
       {"{org}との協議。", "{place}地区の接収地の状況。", "騒音測定の結果。"},
       {{"米軍関係事故報告", "の負傷の状況及び補償額を記す。", "個人の健康及び財産に関する情報を含むため"},
        {"基地被害補償申請", "の被害の状況及び補償額を記す。", "個人の財産に関する情報を含むため"}},
       {{"shinchugun", "進駐軍"}, {"kichi", "基地対策"}}},
  };
  return kSeries;
}

const char* const kOrdinances[] = {
    "{body}税条例の一部改正", "{body}立学校設置条例", "道路占用料徴収条例", "職員給与条例",
    "公民館設置条例",         "消防団条例",           "手数料条例",         "公営住宅管理条例"};

const char* const kSurnames[] = {
    "佐藤", "鈴木", "高橋", "髙橋",   "田中", "渡辺", "渡邊", "渡邉",   "伊藤", "山本", "中村", "小林", "加藤",
    "吉田", "𠮷田", "山田", "佐々木", "山口", "松本", "井上", "木村",   "林",   "斎藤", "齋藤", "齊藤", "清水",
    "山崎", "山﨑", "森",   "池田",   "橋本", "石川", "小川", "長谷川", "岡田", "後藤", "近藤", "青木", "坂本",
    "遠藤", "杉山", "内田", "小島",   "原",   "土屋", "八木", "守屋",   "小山", "相原", "榎本", "萩原", "沢田",
    "澤田", "広瀬", "廣瀬", "浜田",   "濱田", "島田", "嶋田", "小沢",   "小澤", "野口", "荻野", "天野"};
const char* const kGivenPrewar[] = {"太郎", "次郎",   "三郎", "一郎", "清",   "茂",   "勇",   "實",   "榮吉", "金次郎",
                                    "留吉", "喜三郎", "正雄", "武雄", "ハル", "キヨ", "トメ", "ヨシ", "ミツ", "はな"};
const char* const kGivenPostwar[] = {"和夫", "博",   "昭",   "隆",   "誠",   "浩",     "正",   "勝",
                                     "和子", "幸子", "恵子", "洋子", "節子", "久美子", "明美", "進"};
const char* const kOrgsPrewar[] = {"神奈川県",     "神奈川県庁",   "高座郡役所", "陸軍士官学校", "相模陸軍造兵廠",
                                   "陸軍兵器学校", "電信第一聯隊", "相模原農会", "在郷軍人会",   "国防婦人会"};
const char* const kOrgsPostwar[] = {"神奈川県",       "横浜防衛施設局", "東京調達局",       "米陸軍キャンプ座間",
                                    "相模総合補給廠", "在日米陸軍",     "連合国軍総司令部", "相模原農業協同組合",
                                    "津久井郡町村会", "教育委員会",     "建設省",           "県農地部"};
const char* const kCorporations[] = {"相模興業株式会社",  "大沢製糸合資会社",   "株式会社相模組",
                                     "有限会社田名運送",  "株式会社橋本工務店", "相模原建設株式会社",
                                     "津久井林業協同組合"};
const Personal kCorporate[] = {{"工事請負契約書", "の見積内訳及び経営状況を記す。", "法人の経営上の情報を含むため"},
                               {"補助金交付申請書", "の財務諸表を添付。", "法人の財務に関する情報を含むため"},
                               {"営業許可申請書", "の事業計画及び取引先を記す。", "法人の取引に関する情報を含むため"}};

struct ClosedVolume {
  const char* title;
  const char* description;
  const char* grounds;
  const char* reason;
};
const ClosedVolume kClosedVolumes[] = {
    {"戸籍関係書類", "戸籍の届出書類を綴ったもの。", "personal", "戸籍に関する個人情報を多数含むため"},
    {"行旅病人死亡人関係綴", "行旅病人・行旅死亡人の取扱いに関する記録。", "personal", "個人の死亡及び病歴を含むため"},
    {"身元調査書綴", "職員採用時の身元調査の記録。", "personal", "個人の経歴及び家族の情報を含むため"},
    {"防空計画書", "防空計画及び監視哨の配置。", "security", "国の安全に関する情報を含むため"},
    {"基地警備関係綴", "基地の警備体制に関する協議。", "security safety",
     "国の安全及び公共の安全に関する情報を含むため"},
    {"{surname}家寄託文書", "旧家から寄託された文書群。", "deposit", "寄託者の条件により非公開"},
};

const char* const kConditionsOld[] = {"良好", "良好", "良好",     "良好",     "虫損あり",   "虫損あり", "虫損あり",
                                      "劣化", "劣化", "破損あり", "水損あり", "綴じ紐切れ", "酸性劣化"};
const char* const kConditionsNew[] = {"良好", "良好", "良好", "良好",       "良好",    "良好",
                                      "良好", "良好", "劣化", "綴じ紐切れ", "汚損あり"};
const char* const kFumigationDays[] = {"2009-07-14", "2011-08-02", "2013-08-20", "2015-07-28",
                                       "2017-08-08", "2019-07-23", "2021-08-03"};
const char* const kFumigationTexts[] = {"くん蒸処理", "くん蒸処理（二酸化炭素）", "低酸素濃度殺虫処理",
                                        "くん蒸処理（エキヒュームS）"};

// ----------------------------------------------------------------------------
// Dates

struct DateText {
  std::string text;
  std::string normal;  // empty: none
  Interval interval;
};

std::string era_year_text(int era, int year_in_era) {
  std::string s = kEras[era].name;
  if (year_in_era == 1) {
    s += "元";
  } else {
    append_int(s, year_in_era);
  }
  return s + "年";
}

std::string normal_text(Interval iv) {
  const Day a = from_days(iv.start), b = from_days(iv.end);
  auto ymd = [](const Day& d) { return num(d.y, 4) + "-" + num(d.m, 2) + "-" + num(d.d, 2); };
  if (a.m == 1 && a.d == 1 && b.m == 12 && b.d == 31) return a.y == b.y ? num(a.y, 4) : num(a.y, 4) + "/" + num(b.y, 4);
  if (iv.start == iv.end) return ymd(a);
  if (a.y == b.y && a.m == b.m && a.d == 1 && b.d == days_in_month(b.y, b.m)) return num(a.y, 4) + "-" + num(a.m, 2);
  return ymd(a) + "/" + ymd(b);
}

std::string day_text(long day, bool full_width) {
  const Day d = from_days(day);
  const int era = era_at(day);
  std::string s = era_year_text(era, era_year(era, d.y));
  append_int(s, d.m);
  s += "月";
  append_int(s, d.d);
  s += "日";
  return full_width ? full_width_digits(s) : s;
}

enum class Form {
  Year,
  Fiscal,
  Kanji,
  Tally,
  FullWidth,
  Day,
  Month,
  YearRange,
  FiscalRange,
  Decade,
  EraPeriod,
  Western,
  WesternBare,
  Iso
};

struct FormWeight {
  Form form;
  int general, fiscal;  // weights for ordinary and 年度-dated series
};
const FormWeight kFormWeights[] = {
    {Form::Year, 30, 8},        {Form::Fiscal, 8, 40}, {Form::Kanji, 7, 8},     {Form::Tally, 4, 4},
    {Form::FullWidth, 8, 8},    {Form::Day, 5, 3},     {Form::Month, 6, 3},     {Form::YearRange, 12, 4},
    {Form::FiscalRange, 4, 10}, {Form::Decade, 3, 3},  {Form::EraPeriod, 2, 2}, {Form::Western, 7, 5},
    {Form::WesternBare, 2, 1},  {Form::Iso, 2, 1},
};

Form pick_form(Rng& rng, bool fiscal) {
  int total = 0;
  for (const auto& w : kFormWeights) total += fiscal ? w.fiscal : w.general;
  long r = rng.below(total);
  for (const auto& w : kFormWeights) {
    r -= fiscal ? w.fiscal : w.general;
    if (r < 0) return w.form;
  }
  return Form::Year;
}

// The era a bare year is written in. A year that two eras share (1912, 1926, 1989,
// 2019) is written in either; `later` picks the newer one.
int year_era(int year, bool later) {
  const int at_start = era_at(to_days(year, 1, 1));
  const int at_end = era_at(to_days(year, 12, 31));
  return later ? at_end : at_start;
}

// A volume's date in one of the docs/dates.md forms, for the years [y1, y2]. The
// interval is what the text means; @normal is added when it reaches outside the
// fonds' period (so that the record stays inside its creator's lifetime) and now
// and then otherwise, as archivists do.
DateText volume_date(Rng& rng, int y1, int y2, bool fiscal, Interval period) {
  Form form = pick_form(rng, fiscal);
  DateText out;
  const bool later = rng.percent(60);
  int era = year_era(y1, later);
  const int ey = era_year(era, y1);

  if ((form == Form::YearRange || form == Form::FiscalRange) && y2 <= y1) form = Form::Year;
  if (form == Form::YearRange && (era_at(to_days(y2, 7, 1)) != era_at(to_days(y1, 7, 1)))) form = Form::Year;
  if (form == Form::Tally && (ey < 20 || ey > 39)) form = Form::Kanji;
  if (form == Form::Decade && ey < 10) form = Form::Year;
  if (form == Form::EraPeriod && era > 1) form = Form::Year;

  auto fiscal_label = [&](int year, bool full) {
    const int fe = era_at(to_days(year, 4, 1));
    std::string s = era_year_text(fe, era_year(fe, year));
    s += "度";
    return full ? full_width_digits(s) : s;
  };
  auto fiscal_interval = [](int a, int b) { return Interval{to_days(a, 4, 1), to_days(b + 1, 3, 31)}; };

  switch (form) {
    case Form::Year:
      out.text = era_year_text(era, ey);
      out.interval = era_year_interval(era, y1);
      break;
    case Form::FullWidth:
      if (fiscal || rng.percent(30)) {
        out.text = fiscal_label(y1, true);
        out.interval = fiscal_interval(y1, y1);
      } else {
        out.text = full_width_digits(era_year_text(era, ey));
        out.interval = era_year_interval(era, y1);
      }
      break;
    case Form::Fiscal:
      out.text = fiscal_label(y1, false);
      out.interval = fiscal_interval(y1, y1);
      break;
    case Form::Kanji:
    case Form::Tally: {
      const bool as_fiscal = fiscal && rng.percent(70);
      const int e = as_fiscal ? era_at(to_days(y1, 4, 1)) : era;
      const int n = era_year(e, y1);
      out.text = kEras[e].name;
      out.text += n == 1 ? "元" : form == Form::Tally ? tally_number(n) : kanji_number(n);
      out.text += as_fiscal ? "年度" : "年";
      out.interval = as_fiscal ? fiscal_interval(y1, y1) : era_year_interval(e, y1);
      break;
    }
    case Form::Day: {
      const Interval year = clamp({to_days(y1, 1, 1), to_days(y1, 12, 31)}, period);
      const long day = year.start + rng.below(year.end - year.start + 1);
      out.text = day_text(day, false);
      out.interval = {day, day};
      break;
    }
    case Form::Month: {
      const Interval year = clamp({to_days(y1, 1, 1), to_days(y1, 12, 31)}, period);
      const int m = from_days(year.start + rng.below(year.end - year.start + 1)).m;
      const long first = to_days(y1, m, 1);
      const int me = era_at(first);
      out.text = era_year_text(me, era_year(me, y1)) + num(m) + "月";
      out.interval = clamp({first, to_days(y1, m, days_in_month(y1, m))}, {days(kEras[me].start), days(kEras[me].end)});
      break;
    }
    case Form::YearRange: {
      const int e = era_at(to_days(y1, 7, 1));
      out.text = era_year_text(e, era_year(e, y1)) + "～" + num(era_year(e, y2)) + "年";
      out.interval = clamp({to_days(y1, 1, 1), to_days(y2, 12, 31)}, {days(kEras[e].start), days(kEras[e].end)});
      break;
    }
    case Form::FiscalRange:
      out.text = fiscal_label(y1, false) + "～" + fiscal_label(y2, false);
      out.interval = fiscal_interval(y1, y2);
      break;
    case Form::Decade: {
      const int decade = ey / 10 * 10;
      out.text = std::string(kEras[era].name) + num(decade) + "年代";
      const int first_year = kEras[era].start.y + decade - 1;
      out.interval = clamp({to_days(first_year, 1, 1), to_days(first_year + 9, 12, 31)},
                           {days(kEras[era].start), days(kEras[era].end)});
      break;
    }
    case Form::EraPeriod:
      out.text = std::string(kEras[era].name) + "期";
      out.interval = {days(kEras[era].start), days(kEras[era].end)};
      // An era is wider than a volume: archivists record what they know.
      out.normal = normal_text(clamp({to_days(y1, 1, 1), to_days(y2, 12, 31)}, period));
      break;
    case Form::Western:
      out.text = num(y1) + "年";
      out.interval = {to_days(y1, 1, 1), to_days(y1, 12, 31)};
      break;
    case Form::WesternBare:
      out.text = num(y1);
      out.interval = {to_days(y1, 1, 1), to_days(y1, 12, 31)};
      break;
    case Form::Iso: {
      const Interval year = clamp({to_days(y1, 1, 1), to_days(y1, 12, 31)}, period);
      const long day = year.start + rng.below(year.end - year.start + 1);
      const Day d = from_days(day);
      out.text = num(d.y, 4) + "-" + num(d.m, 2) + "-" + num(d.d, 2);
      out.interval = {day, day};
      break;
    }
  }
  if (out.interval.start > period.end || out.interval.end < period.start) {
    // e.g. 平成22年度 for a city whose records end on 2010-03-31: date the volume by a day.
    const Interval year = clamp({to_days(y1, 1, 1), to_days(y1, 12, 31)}, period);
    const long day = year.start + rng.below(year.end - year.start + 1);
    out.text = day_text(day, false);
    out.interval = {day, day};
    out.normal.clear();
  }
  if (out.normal.empty() && (!within(out.interval, period) || rng.percent(8))) {
    out.interval = clamp(out.interval, period);
    out.normal = normal_text(out.interval);
  } else if (!out.normal.empty()) {
    out.interval = clamp(out.interval, period);
  }
  return out;
}

// ----------------------------------------------------------------------------
// The XML writer

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) { buf_.reserve(kFlushAt + 65536); }
  ~Writer() = default;

  void raw(std::string_view s) { buf_.append(s); }
  void indent(int depth) { buf_.append(static_cast<size_t>(depth) * 2, ' '); }

  void text(std::string_view s) {
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      const char* rep = nullptr;
      switch (s[i]) {
        case '&':
          rep = "&amp;";
          break;
        case '<':
          rep = "&lt;";
          break;
        case '>':
          rep = "&gt;";
          break;
        case '"':
          rep = "&quot;";
          break;
        case '\'':
          rep = "&apos;";
          break;
        default:
          break;
      }
      if (rep) {
        buf_.append(s.substr(start, i - start));
        buf_.append(rep);
        start = i + 1;
      }
    }
    buf_.append(s.substr(start));
  }

  // <name>text</name> on its own line.
  void element(int depth, std::string_view name, std::string_view value) {
    indent(depth);
    buf_ += '<';
    buf_.append(name);
    buf_ += '>';
    text(value);
    buf_.append("</");
    buf_.append(name);
    buf_.append(">\n");
  }

  void attribute(std::string_view name, std::string_view value) {
    buf_ += ' ';
    buf_.append(name);
    buf_.append("=\"");
    text(value);
    buf_ += '"';
  }

  void maybe_flush() {
    if (buf_.size() >= kFlushAt) flush();
  }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  std::ostream& out_;
  std::string buf_;
};

// ----------------------------------------------------------------------------
// Walking the hierarchy

// Splits `total` into shares proportional to `weights` (largest remainder), so the
// shares always add up to the total.
std::vector<long> apportion(long total, const std::vector<long>& weights) {
  std::vector<long> shares(weights.size(), 0);
  long sum = 0;
  for (long w : weights) sum += w;
  if (sum == 0 || weights.empty()) return shares;
  std::vector<long> remainders(weights.size());
  long given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    shares[i] = total * weights[i] / sum;
    remainders[i] = total * weights[i] % sum;
    given += shares[i];
  }
  while (given < total) {
    size_t best = 0;
    for (size_t i = 1; i < weights.size(); ++i)
      if (remainders[i] > remainders[best]) best = i;
    ++shares[best];
    remainders[best] = -1;
    ++given;
  }
  return shares;
}

class Generator {
 public:
  Generator(std::ostream& out, const SampleOptions& options) : w_(out), rng_(options.seed), options_(options) {}

  SampleStats run() {
    w_.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w_.raw("<!-- monjo sample collection: ");
    w_.raw(num(options_.volumes));
    w_.raw(" volumes, seed ");
    w_.raw(std::to_string(options_.seed));
    w_.raw(". Fictional content modelled on the 相模原市 archive. -->\n");
    w_.raw("<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n");
    const auto& fonds = fonds_table();
    std::vector<long> weights;
    for (const auto& f : fonds) weights.push_back(f.weight);
    const auto shares = apportion(options_.volumes, weights);
    for (size_t i = 0; i < fonds.size(); ++i) write_fonds(fonds[i], static_cast<int>(i + 1), shares[i]);
    w_.raw("</catalog>\n");
    w_.flush();
    return stats_;
  }

 private:
  // --- per-record context ---
  struct Context {
    const FondsDef* fonds = nullptr;
    int fonds_number = 0;
    Interval period;
    const SeriesDef* series = nullptr;
    int year = 0;  // the year of the record being written
  };

  const char* body(const Context& c) const {
    return c.year < c.fonds->body_since ? c.fonds->earlier_body : c.fonds->body;
  }

  std::string council(const Context& c) const {
    const std::string b = body(c);
    switch (c.fonds->kind) {
      case Kind::Village:
        return b + "会";
      case Kind::WartimeTown:
        return c.year < 1947 ? "町会" : "町議会";
      case Kind::City:
        return "市議会";
      case Kind::TsukuiTown:
        return "町議会";
    }
    return b + "議会";
  }

  const char* place(const Context& c) { return c.fonds->places[rng_.below(static_cast<long>(c.fonds->places.size()))]; }

  const char* org(const Context& c) { return c.year < 1946 ? rng_.pick(kOrgsPrewar) : rng_.pick(kOrgsPostwar); }

  std::string person(const Context& c) {
    std::string s = rng_.pick(kSurnames);
    s += c.year < 1935      ? rng_.pick(kGivenPrewar)
         : rng_.percent(30) ? rng_.pick(kGivenPrewar)
                            : rng_.pick(kGivenPostwar);
    return s;
  }

  std::string year_label(const Context& c, bool fiscal) {
    const int e = era_at(to_days(c.year, fiscal ? 4 : 7, 1));
    const int n = era_year(e, c.year);
    std::string s = kEras[e].name;
    s += n == 1 ? "元" : kanji_number(n);
    s += fiscal ? "年度" : "年";
    return s;
  }

  // Expands a content template for the record in context `c`.
  std::string expand(const Context& c, std::string_view templ) {
    if (templ.find('{') == std::string_view::npos) return std::string(templ);
    const std::string ordinance = fill(rng_.pick(kOrdinances), {{"body", body(c)}});
    const std::string ghq = rng_.percent(50) ? "ＧＨＱ" : rng_.percent(50) ? "GHQ" : "連合国軍総司令部";
    const std::string camp = rng_.percent(70) ? "キャンプ座間" : "ｷｬﾝﾌﾟ座間";
    return fill(templ, {{"body", body(c)},
                        {"council", council(c)},
                        {"y", year_label(c, false) + " "},
                        {"fy", year_label(c, true)},
                        {"place", place(c)},
                        {"org", org(c)},
                        {"ordinance", ordinance},
                        {"ghq", ghq},
                        {"camp", camp},
                        {"n", num(rng_.between(1, 30))},
                        {"surname", rng_.pick(kSurnames)}});
  }

  // Prewar titles are mostly in 旧字体.
  std::string period_title(const Context& c, std::string title) {
    if (c.year < 1950 && rng_.percent(c.year < 1930 ? 85 : 65)) return to_old_forms(title);
    return title;
  }

  // --- fonds ---
  void write_fonds(const FondsDef& f, int number, long volumes) {
    Context c;
    c.fonds = &f;
    c.fonds_number = number;
    c.period = {days(f.start), days(f.end)};
    c.year = f.start.y;
    ++stats_.fonds;
    volume_seq_ = 0;

    w_.indent(1);
    w_.raw("<fonds");
    w_.attribute("id", f.id);
    w_.raw(">\n");
    w_.element(2, "title", f.title);
    w_.element(2, "creator", f.creator);
    w_.indent(2);
    w_.raw("<date");
    w_.attribute("normal", normal_text(c.period));
    w_.raw(">");
    w_.text(f.date_text);
    w_.raw("</date>\n");
    w_.element(2, "history", f.history);
    if (f.scope) w_.element(2, "scope", f.scope);
    w_.indent(2);
    w_.raw("<extent>");
    w_.text(num(volumes) + "冊");
    w_.raw("</extent>\n");
    w_.indent(2);
    w_.raw("<name type=\"org\">");
    w_.text(f.creator);
    w_.raw("</name>\n");
    w_.indent(2);
    w_.raw("<name type=\"place\">");
    w_.text(f.places.front());
    w_.raw("</name>\n");

    // Series that existed in this body's lifetime, with this sample's emphasis.
    std::vector<const SeriesDef*> series;
    std::vector<long> weights;
    for (const auto& s : series_table()) {
      if (s.from_year > f.end.y || s.to_year < f.start.y) continue;
      if (s.base_towns_only && f.kind != Kind::WartimeTown && f.kind != Kind::City) continue;
      series.push_back(&s);
      weights.push_back(s.weight * rng_.between(50, 150));
    }
    const auto shares = apportion(volumes, weights);
    for (size_t i = 0; i < series.size(); ++i) {
      if (shares[i] == 0) continue;
      c.series = series[i];
      write_series(c, shares[i]);
    }
    w_.indent(1);
    w_.raw("</fonds>\n");
  }

  // --- series ---
  void write_series(Context& c, long volumes) {
    const SeriesDef& s = *c.series;
    const int y1 = s.from_year > c.fonds->start.y ? s.from_year : c.fonds->start.y;
    const int y2 = s.to_year < c.fonds->end.y ? s.to_year : c.fonds->end.y;
    const std::string id = std::string(c.fonds->id) + "." + s.code;
    ++stats_.series;

    c.year = y1;
    w_.indent(2);
    w_.raw("<series");
    w_.attribute("id", id);
    w_.raw(">\n");
    w_.element(3, "title", s.title);
    w_.indent(3);
    w_.raw("<date>");
    w_.text(series_date(y1, y2));
    w_.raw("</date>\n");
    w_.element(3, "department", y1 < 1946 ? s.dept_prewar : s.dept_postwar);
    w_.element(3, "scope", s.scope);
    w_.element(3, "extent", num(volumes) + "冊");

    if (s.subseries.empty() || volumes < 4) {
      write_volumes(c, volumes, y1, y2, 3);
    } else {
      std::vector<long> weights;
      for (size_t i = 0; i < s.subseries.size(); ++i) weights.push_back(rng_.between(40, 100));
      const auto shares = apportion(volumes, weights);
      for (size_t i = 0; i < s.subseries.size(); ++i) {
        if (shares[i] == 0) continue;
        ++stats_.series;
        w_.indent(3);
        w_.raw("<series");
        w_.attribute("id", id + "." + s.subseries[i].first);
        w_.raw(">\n");
        w_.element(4, "title", s.subseries[i].second);
        w_.element(4, "extent", num(shares[i]) + "冊");
        write_volumes(c, shares[i], y1, y2, 4);
        w_.indent(3);
        w_.raw("</series>\n");
      }
    }
    w_.indent(2);
    w_.raw("</series>\n");
  }

  static std::string series_date(int y1, int y2) {
    const int e1 = era_at(to_days(y1, 7, 1)), e2 = era_at(to_days(y2, 7, 1));
    return era_year_text(e1, era_year(e1, y1)) + "～" + era_year_text(e2, era_year(e2, y2));
  }

  // Volumes in date order over the series' years, so shelves read chronologically.
  void write_volumes(Context& c, long count, int y1, int y2, int depth) {
    const long span = y2 - y1 + 1;
    for (long i = 0; i < count; ++i) {
      c.year = static_cast<int>(y1 + i * span / count);
      write_volume(c, y2, depth);
      w_.maybe_flush();
    }
  }

  // --- volume ---
  void write_volume(Context& c, int last_year, int depth) {
    const SeriesDef& s = *c.series;
    ++stats_.volumes;
    ++volume_seq_;
    const std::string id = "r" + num(c.fonds_number) + "-" + num(volume_seq_, 4);
    const int d = depth + 1;

    int y2 = c.year;
    if (rng_.percent(30)) y2 = static_cast<int>(c.year + rng_.between(1, 3));
    if (y2 > last_year) y2 = last_year;
    const DateText date = volume_date(rng_, c.year, y2, s.fiscal, c.period);

    // A few volumes are closed as a whole (docs/catalog-format.md: everything but the listing).
    const ClosedVolume* closed = nullptr;
    if (rng_.permille(15)) {
      const ClosedVolume& cv = rng_.pick(kClosedVolumes);
      const bool security = std::string_view(cv.grounds).find("security") != std::string_view::npos;
      if (!security || c.year < 1946 || s.base_towns_only) closed = &cv;
    }

    const int item_count = rng_.percent(8) ? static_cast<int>(rng_.between(40, 60))
                                           : static_cast<int>(5 + (rng_.below(41) + rng_.below(41)) / 2);
    int lengths[60];
    long pages = 0;
    for (int i = 0; i < item_count; ++i) {
      lengths[i] = static_cast<int>(rng_.percent(15) ? rng_.between(10, 40) : rng_.between(1, 9));
      pages += lengths[i];
    }
    const long extra_pages = rng_.below(6);

    w_.indent(depth);
    w_.raw("<volume");
    w_.attribute("id", id);
    w_.raw(">\n");
    w_.element(d, "callNumber", "歴" + num(c.fonds_number) + "-" + num(volume_seq_, 4));
    std::string title = closed ? fill(closed->title, {{"surname", rng_.pick(kSurnames)}})
                               : expand(c, s.volume_titles[rng_.below(static_cast<long>(s.volume_titles.size()))]);
    w_.element(d, "title", period_title(c, title));
    w_.indent(d);
    w_.raw("<date");
    if (!date.normal.empty()) w_.attribute("normal", date.normal);
    w_.raw(">");
    w_.text(date.text);
    w_.raw("</date>\n");
    w_.element(d, "department", c.year < 1946 ? s.dept_prewar : s.dept_postwar);
    if (closed) {
      w_.element(d, "description", closed->description);
    } else if (rng_.percent(20)) {
      w_.element(d, "description",
                 expand(c, s.item_descriptions[rng_.below(static_cast<long>(s.item_descriptions.size()))]));
    }
    w_.element(d, "retention", rng_.percent(80) ? s.retention : rng_.percent(50) ? "永年" : "10年");
    w_.indent(d);
    w_.raw("<extent pages=\"");
    append_int_raw(pages + extra_pages);
    w_.raw("\">1冊</extent>\n");
    w_.element(d, "location",
               "第" + num(rng_.between(1, 4)) + "書庫 " + num(rng_.between(1, 12)) + "-" + num(rng_.between(1, 8)) +
                   "-" + num(rng_.between(1, 6)));
    const char* condition = c.year < 1950 ? rng_.pick(kConditionsOld) : rng_.pick(kConditionsNew);
    w_.element(d, "condition", condition);
    if (rng_.percent(10)) {
      w_.indent(d);
      w_.raw("<name type=\"org\">");
      w_.text(c.fonds->creator);
      w_.raw("</name>\n");
    }
    if (rng_.percent(4)) {
      // Old finding aids used brackets and ampersands freely; they must come out escaped.
      w_.element(
          d, "note",
          "旧目録番号「" + std::string(c.fonds->creator) + "-" + num(rng_.between(1, 999)) + "」& 仮目録 <未整理>");
    }
    write_volume_access(d, closed, condition, date.interval);
    write_volume_preservation(c, d, condition);

    // Items: dated in order through the volume's interval within the fonds' period.
    const Interval span = clamp(date.interval, c.period);
    long page = 1;
    for (int i = 0; i < item_count; ++i) {
      const long step = (span.end - span.start + 1) / item_count;
      const long day = span.start + (span.end - span.start + 1) * i / item_count + rng_.below(step > 0 ? step : 1);
      write_item(c, id, i + 1, day > span.end ? span.end : day, page, page + lengths[i] - 1, closed != nullptr, d);
      page += lengths[i];
    }
    w_.indent(depth);
    w_.raw("</volume>\n");
  }

  void append_int_raw(long v) { w_.raw(num(v)); }

  // A restriction is reviewed at the end of the 年度 in which its period runs out.
  // Restrictions whose period ran out long ago would have been lifted already, so
  // those are set to a review date of recent years (some still pending review).
  std::string until_after(long day, int years) {
    long year = from_days(day).y + years + 1;
    if (year < 2012) year = rng_.between(2012, 2026);
    return num(year, 4) + "-03-31";
  }

  void write_volume_access(int d, const ClosedVolume* closed, const char* condition, Interval interval) {
    if (closed) {
      w_.indent(d);
      w_.raw("<access status=\"closed\"");
      w_.attribute("grounds", closed->grounds);
      w_.attribute("until", until_after(interval.end, rng_.percent(50) ? 80 : 110));
      w_.raw(">");
      w_.text(closed->reason);
      w_.raw("</access>\n");
    } else if (rng_.percent(2)) {
      w_.indent(d);
      w_.raw("<access status=\"review\">未審査（移管後の利用審査が未了）</access>\n");
    } else if (std::string_view(condition).find("劣化") != std::string_view::npos && rng_.percent(25)) {
      w_.indent(d);
      w_.raw("<access status=\"restricted\" grounds=\"fragile\"");
      w_.attribute("until", num(2026 + rng_.between(1, 5), 4) + "-03-31");
      w_.raw(">原本劣化のため複製物（マイクロフィルム）により利用</access>\n");
    } else if (rng_.percent(10)) {
      w_.indent(d);
      w_.raw("<access status=\"open\"/>\n");
    }
  }

  void write_volume_preservation(const Context& c, int d, const char* condition) {
    const bool damaged = std::string_view(condition) != "良好";
    const bool fumigation = rng_.percent(c.year < 1960 ? 45 : 20);
    const bool cleaning = rng_.percent(4);
    const bool repair = damaged && rng_.percent(20);
    const bool deacid = c.year < 1960 && rng_.percent(3);
    const bool rebinding = damaged && rng_.percent(8);
    const bool digitization = rng_.percent(c.year < 1950 ? 20 : 6);
    const bool transfer = rng_.percent(3);
    if (!(fumigation || cleaning || repair || deacid || rebinding || digitization || transfer)) return;
    w_.indent(d);
    w_.raw("<preservation>\n");
    auto event = [&](const char* type, const std::string& date, std::string_view text) {
      w_.indent(d + 1);
      w_.raw("<event type=\"");
      w_.raw(type);
      w_.raw("\"");
      w_.attribute("date", date);
      w_.raw(">");
      w_.text(text);
      w_.raw("</event>\n");
    };
    auto some_day = [&](int y1, int y2) {
      const long day = to_days(y1, 1, 1) + rng_.below(to_days(y2, 12, 31) - to_days(y1, 1, 1) + 1);
      const Day x = from_days(day);
      const long precision = rng_.below(10);
      if (precision == 0) return num(x.y, 4);
      if (precision == 1) return num(x.y, 4) + "-" + num(x.m, 2);
      return num(x.y, 4) + "-" + num(x.m, 2) + "-" + num(x.d, 2);
    };
    if (transfer) event("transfer", some_day(1995, 2008), "所管課から公文書館へ移管");
    if (fumigation) event("fumigation", rng_.pick(kFumigationDays), rng_.pick(kFumigationTexts));
    if (cleaning) event("cleaning", some_day(2008, 2023), "ドライクリーニング");
    if (deacid) event("deacidification", some_day(2012, 2023), "脱酸処理");
    if (repair) event("repair", some_day(2005, 2023), rng_.percent(50) ? "補修（裏打ち）" : "補修（虫損部繕い）");
    if (rebinding) event("rebinding", some_day(2005, 2023), "再製本（綴じ直し）");
    if (digitization)
      event("digitization", some_day(2010, 2024), rng_.percent(40) ? "ﾏｲｸﾛﾌｨﾙﾑからデジタル化" : "デジタル撮影");
    w_.indent(d);
    w_.raw("</preservation>\n");
  }

  // --- item ---
  void write_item(Context& c, const std::string& volume_id, int seq, long day, long from, long to, bool in_closed,
                  int depth) {
    const SeriesDef& s = *c.series;
    ++stats_.items;
    const int d = depth + 1;
    const int saved_year = c.year;
    c.year = from_days(day).y;

    // What kind of item: open (most), restricted for a person (about 10%), restricted
    // for a company, or not yet examined (要審査).
    const long roll = in_closed ? 999 : rng_.below(1000);
    const bool personal = roll < 100 && !s.personal.empty();
    const bool corporate = roll >= 100 && roll < 112 && c.year >= 1920;
    const bool review = roll >= 112 && roll < 140;

    w_.indent(depth);
    w_.raw("<item");
    std::string id = volume_id + "-" + num(seq, 3);
    w_.attribute("id", id);
    w_.raw(" seq=\"");
    w_.raw(num(seq));
    w_.raw("\">\n");

    std::string name_person, name_org, name_place;
    const Personal* restriction = nullptr;
    std::string title, public_title, description;
    if (personal) {
      restriction = &s.personal[rng_.below(static_cast<long>(s.personal.size()))];
      name_person = person(c);
      title = period_title(c, restriction->title);
      public_title = title;
      title += "（" + name_person + "）";
      description = name_person + expand(c, restriction->description);
    } else if (corporate) {
      restriction = &rng_.pick(kCorporate);
      name_org = rng_.pick(kCorporations);
      title = std::string(restriction->title) + "（" + name_org + "）";
      description = name_org + restriction->description;
    } else {
      title = period_title(c, expand(c, s.item_titles[rng_.below(static_cast<long>(s.item_titles.size()))]));
      if (rng_.percent(75))
        description = expand(c, s.item_descriptions[rng_.below(static_cast<long>(s.item_descriptions.size()))]);
      if (c.year >= 1975 && rng_.percent(5)) description += rng_.percent(50) ? "（ｺﾋﾟｰ添付）" : "（ﾏｲｸﾛﾌｨﾙﾑ撮影済）";
      if (rng_.percent(12)) name_org = org(c);
      if (rng_.percent(12)) name_place = place(c);
      if (rng_.percent(4)) name_person = person(c);  // an official acting in office
    }

    w_.element(d, "title", title);
    if (!public_title.empty()) w_.element(d, "publicTitle", public_title);
    long date_roll = rng_.below(100);
    const Day x = from_days(day);
    // A month or a year reaching outside the creator's lifetime would put the
    // record outside its fonds: give the day instead.
    if (date_roll >= 55 && date_roll < 70 &&
        !within({to_days(x.y, x.m, 1), to_days(x.y, x.m, days_in_month(x.y, x.m))}, c.period))
      date_roll = 0;
    if (date_roll >= 75 && date_roll < 80 && !within(era_year_interval(era_at(day), x.y), c.period)) date_roll = 0;
    if (date_roll < 85) {
      w_.indent(d);
      w_.raw("<date>");
      if (date_roll < 55) {
        w_.text(day_text(day, false));
      } else if (date_roll < 70) {
        const int e = era_at(day);
        w_.text(era_year_text(e, era_year(e, x.y)) + num(x.m) + "月");
      } else if (date_roll < 75) {
        w_.text(day_text(day, true));
      } else if (date_roll < 80) {
        const int e = era_at(day);
        w_.text(era_year_text(e, era_year(e, x.y)));
      } else if (date_roll < 83) {
        w_.text(num(x.y, 4) + "-" + num(x.m, 2) + "-" + num(x.d, 2));
      } else {
        w_.text(num(x.y) + "年" + num(x.m) + "月" + num(x.d) + "日");
      }
      w_.raw("</date>\n");
    }
    if (!description.empty()) w_.element(d, "description", description);
    w_.indent(d);
    w_.raw("<pages from=\"");
    w_.raw(num(from));
    w_.raw("\" to=\"");
    w_.raw(num(to));
    w_.raw("\"/>\n");
    if (rng_.percent(2)) w_.element(d, "condition", c.year < 1950 ? "虫損あり" : "汚損あり");
    if (!name_person.empty()) name(d, "person", name_person);
    if (!name_org.empty()) name(d, "org", name_org);
    if (!name_place.empty()) name(d, "place", name_place);
    if (rng_.permille(5)) w_.element(d, "note", "件名は原題による");

    if (personal || corporate) {
      w_.indent(d);
      w_.raw("<access status=\"restricted\"");
      w_.attribute("grounds", corporate ? (rng_.percent(30) ? "corporate personal" : "corporate") : "personal");
      static const int kYears[] = {30, 50, 50, 80, 80, 110};
      w_.attribute("until", until_after(day, rng_.pick(kYears)));
      w_.raw(">");
      w_.text(restriction->reason);
      w_.raw("</access>\n");
    } else if (review) {
      w_.indent(d);
      w_.raw("<access status=\"review\"/>\n");
    }
    if (rng_.permille(8)) {
      w_.indent(d);
      w_.raw("<preservation>\n");
      w_.indent(d + 1);
      w_.raw("<event type=\"repair\" date=\"");
      w_.raw(num(rng_.between(2005, 2023)));
      w_.raw("\">折損部の補修</event>\n");
      w_.indent(d);
      w_.raw("</preservation>\n");
    }
    w_.indent(depth);
    w_.raw("</item>\n");
    c.year = saved_year;
  }

  void name(int d, const char* type, const std::string& value) {
    w_.indent(d);
    w_.raw("<name type=\"");
    w_.raw(type);
    w_.raw("\">");
    w_.text(value);
    w_.raw("</name>\n");
  }

  Writer w_;
  Rng rng_;
  SampleOptions options_;
  SampleStats stats_;
  long volume_seq_ = 0;
};

}  // namespace

SampleStats write_sample(std::ostream& out, const SampleOptions& options) {
  if (options.volumes < 1) throw std::invalid_argument("--volumes must be at least 1");
  Generator generator(out, options);
  return generator.run();
}

}  // namespace monjo::tools
