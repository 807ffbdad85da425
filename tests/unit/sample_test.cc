// The sample collection generator (tools/monjo/sample.h): deterministic per seed,
// the size of a city archive (1,700 volumes by default), and every case the importer, the index and the
// public/staff split must meet — each date form of docs/dates.md, restricted, review and
// closed records, 旧字体 and escaped text.
#include "tools/monjo/sample.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using monjo::tools::SampleOptions;
using monjo::tools::SampleStats;
using monjo::tools::write_sample;

struct Sample {
  std::string xml;
  SampleStats stats;
};

Sample generate(int volumes, uint64_t seed) {
  std::ostringstream out;
  SampleOptions options;
  options.volumes = volumes;
  options.seed = seed;
  Sample s;
  s.stats = write_sample(out, options);
  s.xml = out.str();
  return s;
}

// The first-collection size, generated once for the tests that look at content.
const Sample& full_sample() {
  static const Sample sample = generate(1700, 1);
  return sample;
}

long count(std::string_view haystack, std::string_view needle) {
  long n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// Text of every <tag>…</tag> (with or without attributes) in document order.
std::vector<std::string> texts_of(std::string_view xml, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag, close = "</" + tag + ">";
  for (size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const char next = xml[at + open.size()];
    if (next != '>' && next != ' ') continue;
    const size_t start = xml.find('>', at);
    if (xml[start - 1] == '/') continue;
    const size_t end = xml.find(close, start);
    out.emplace_back(xml.substr(start + 1, end - start - 1));
  }
  return out;
}

// Blocks <item …>…</item>; items do not nest.
std::vector<std::string_view> items_of(std::string_view xml) {
  std::vector<std::string_view> out;
  for (size_t at = xml.find("<item "); at != std::string_view::npos; at = xml.find("<item ", at + 1)) {
    const size_t end = xml.find("</item>", at);
    out.push_back(xml.substr(at, end - at));
  }
  return out;
}

std::string first_text(std::string_view block, const std::string& tag) {
  const auto all = texts_of(block, tag);
  return all.empty() ? std::string() : all.front();
}

// The shape of a date expression: era names → E, ASCII digit runs → N, full-width
// digit runs → Ｎ, kanji numeral runs → K; everything else kept. 昭和三十年度 → EK年度.
std::string shape(std::string_view text) {
  static const std::vector<std::string_view> kEras = {"明治", "大正", "昭和", "平成", "令和"};
  static const std::vector<std::string_view> kKanji = {"〇", "一", "二", "三", "四", "五", "六",
                                                       "七", "八", "九", "十", "廿", "卅"};
  std::string out;
  size_t i = 0;
  auto starts = [&](std::string_view what) { return text.substr(i, what.size()) == what; };
  while (i < text.size()) {
    bool matched = false;
    for (auto era : kEras)
      if (starts(era)) {
        out += "E";
        i += era.size();
        matched = true;
      }
    if (matched) continue;
    if (text[i] >= '0' && text[i] <= '9') {
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
      out += "N";
      continue;
    }
    if (starts("\xEF\xBC") && i + 2 < text.size() && static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(text[i + 2]) <= 0x99) {
      while (starts("\xEF\xBC") && i + 2 < text.size() && static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
             static_cast<unsigned char>(text[i + 2]) <= 0x99)
        i += 3;
      out += "Ｎ";
      continue;
    }
    bool kanji = false;
    for (;;) {
      bool one = false;
      for (auto k : kKanji)
        if (starts(k)) {
          i += k.size();
          one = kanji = true;
        }
      if (!one) break;
    }
    if (kanji) {
      out += "K";
      continue;
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

TEST_CASE("the same seed writes the same bytes, another seed other bytes", "[sample]") {
  const Sample a = generate(40, 7);
  const Sample b = generate(40, 7);
  const Sample c = generate(40, 8);
  CHECK(a.xml == b.xml);
  CHECK(a.xml != c.xml);
  CHECK(a.stats.items == b.stats.items);
}

TEST_CASE("the reported counts are what the file holds", "[sample]") {
  const Sample s = generate(120, 3);
  CHECK(s.stats.volumes == 120);
  CHECK(count(s.xml, "<volume ") == s.stats.volumes);
  CHECK(count(s.xml, "<item ") == s.stats.items);
  CHECK(count(s.xml, "<fonds ") == s.stats.fonds);
  CHECK(count(s.xml, "<series ") == s.stats.series);
  CHECK(s.xml.rfind("</catalog>\n") == s.xml.size() - std::string("</catalog>\n").size());
}

TEST_CASE("fewer than one volume is refused", "[sample]") {
  std::ostringstream out;
  SampleOptions options;
  options.volumes = 0;
  CHECK_THROWS_AS(write_sample(out, options), std::invalid_argument);
  CHECK(out.str().empty());
}

TEST_CASE("1,700 volumes make a first collection of 40,000–60,000 records", "[sample]") {
  const Sample& s = full_sample();
  CHECK(s.stats.fonds == 14);  // 8 villages, 相模原町, 相模原市, 4 merged towns
  CHECK(s.stats.volumes == 1700);
  const long records = s.stats.fonds + s.stats.series + s.stats.volumes + s.stats.items;
  CHECK(records >= 40000);
  CHECK(records <= 60000);
  CHECK(s.xml.size() < 256u * 1024 * 1024);

  // 5–60 items per volume, about 25 on average.
  long min_items = 1000, max_items = 0;
  for (size_t at = s.xml.find("<volume "); at != std::string::npos; at = s.xml.find("<volume ", at + 1)) {
    const size_t end = s.xml.find("</volume>", at);
    const long n = count(std::string_view(s.xml).substr(at, end - at), "<item ");
    min_items = std::min(min_items, n);
    max_items = std::max(max_items, n);
  }
  CHECK(min_items >= 5);
  CHECK(max_items <= 60);
  CHECK(max_items >= 45);
  const double mean = static_cast<double>(s.stats.items) / s.stats.volumes;
  CHECK(mean > 22);
  CHECK(mean < 32);
}

TEST_CASE("ids and call numbers are unique in the sample", "[sample]") {
  const Sample& s = full_sample();
  std::set<std::string> ids;
  long total = 0;
  for (size_t at = s.xml.find(" id=\""); at != std::string::npos; at = s.xml.find(" id=\"", at + 1)) {
    const size_t end = s.xml.find('"', at + 5);
    ids.insert(s.xml.substr(at + 5, end - at - 5));
    ++total;
  }
  CHECK(total == s.stats.fonds + s.stats.series + s.stats.volumes + s.stats.items);
  CHECK(static_cast<long>(ids.size()) == total);
  const auto call_numbers = texts_of(s.xml, "callNumber");
  CHECK(static_cast<long>(call_numbers.size()) == s.stats.volumes);
  CHECK(std::set<std::string>(call_numbers.begin(), call_numbers.end()).size() == call_numbers.size());
  CHECK(call_numbers.front() == "歴1-0001");
}

TEST_CASE("the sample holds every date form of docs/dates.md", "[sample]") {
  std::set<std::string> shapes;
  for (const auto& text : texts_of(full_sample().xml, "date")) shapes.insert(shape(text));
  // clang-format off
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"昭和30年",             "EN年"},
      {"昭和30年度",           "EN年度"},
      {"昭和三十年 / 昭和卅年", "EK年"},
      {"昭和元年",             "E元年"},
      {"昭和30年6月10日",      "EN年N月N日"},
      {"昭和30年6月",          "EN年N月"},
      {"昭和30年～32年",       "EN年～N年"},
      {"昭和30年度～昭和32年度", "EN年度～EN年度"},
      {"昭和20年代",           "EN年代"},
      {"明治期",               "E期"},
      {"1955年",               "N年"},
      {"1955",                 "N"},
      {"1955-06-10",           "N-N-N"},
      {"昭和３０年",           "EＮ年"},
      {"昭和３０年度",         "EＮ年度"},
      {"昭和３０年６月１０日", "EＮ年Ｎ月Ｎ日"},
  };
  // clang-format on
  for (const auto& [example, form] : forms) {
    INFO("form of " << example << " (" << form << ")");
    CHECK(shapes.count(form) == 1);
  }
  const std::string& xml = full_sample().xml;
  CHECK(count(xml, "卅") > 0);
  CHECK(count(xml, "廿") > 0);
  CHECK(count(xml, ">昭和64年1月") > 0);  // the last days of 昭和
  CHECK(count(xml, ">平成元年") > 0);
  CHECK(count(xml, "昭和65年") == 0);
  CHECK(count(xml, "大正16年") == 0);
  CHECK(count(xml, "<date normal=\"") > 0);
}

TEST_CASE("restricted items hide the person's name behind a publicTitle", "[sample]") {
  long personal = 0, with_until = 0, corporate = 0, review = 0;
  for (auto item : items_of(full_sample().xml)) {
    if (item.find("status=\"review\"") != std::string_view::npos) ++review;
    if (item.find("grounds=\"corporate") != std::string_view::npos) ++corporate;
    if (item.find("status=\"restricted\" grounds=\"personal\"") == std::string_view::npos) continue;
    ++personal;
    if (item.find(" until=\"") != std::string_view::npos) ++with_until;
    const std::string title = first_text(item, "title");
    const std::string public_title = first_text(item, "publicTitle");
    const std::string person = first_text(item, "name");
    const std::string reason = first_text(item, "access");
    INFO(title);
    REQUIRE(!public_title.empty());
    REQUIRE(!person.empty());
    CHECK(title == public_title + "（" + person + "）");
    CHECK(public_title.find(person) == std::string::npos);
    CHECK(first_text(item, "description").find(person) == 0);
    CHECK(!reason.empty());
  }
  const long items = full_sample().stats.items;
  CHECK(personal > items * 7 / 100);  // about 10%
  CHECK(personal < items * 13 / 100);
  CHECK(with_until == personal);
  CHECK(corporate > 0);
  CHECK(review > 0);
}

TEST_CASE("a few volumes are closed on the grounds the sample knows", "[sample]") {
  const std::string& xml = full_sample().xml;
  const long closed = count(xml, "<access status=\"closed\"");
  CHECK(closed >= 5);
  CHECK(closed <= 60);
  const long grounded = count(xml, "<access status=\"closed\" grounds=\"personal\"") +
                        count(xml, "<access status=\"closed\" grounds=\"security") +
                        count(xml, "<access status=\"closed\" grounds=\"deposit\"");
  CHECK(grounded == closed);
  CHECK(count(xml, "grounds=\"fragile\"") > 0);
}

TEST_CASE("prewar titles use 旧字体 and the text mixes character widths", "[sample]") {
  const std::string& xml = full_sample().xml;
  for (const char* old : {"國", "會", "學", "縣", "廳", "澤", "區", "體", "圖", "驛"}) {
    INFO(old);
    CHECK(count(xml, old) > 0);
  }
  for (const char* variant : {"髙橋", "渡邊", "齋藤", "山﨑", "ＧＨＱ", "GHQ", "ｷｬﾝﾌﾟ座間"}) {
    INFO(variant);
    CHECK(count(xml, variant) > 0);
  }
}

TEST_CASE("volumes carry staff-only details and preservation work", "[sample]") {
  const Sample& s = full_sample();
  CHECK(count(s.xml, "<location>第") == s.stats.volumes);
  CHECK(count(s.xml, "<condition>") >= s.stats.volumes);
  CHECK(count(s.xml, "<retention>") == s.stats.volumes);
  const long fumigation = count(s.xml, "type=\"fumigation\"");
  CHECK(fumigation > count(s.xml, "type=\"repair\"") / 2);
  for (const char* type : {"fumigation", "repair", "digitization", "rebinding", "deacidification"}) {
    INFO(type);
    CHECK(count(s.xml, std::string("type=\"") + type + "\"") > 0);
  }
  CHECK(count(s.xml, "<history>") == s.stats.fonds);
  CHECK(count(s.xml, "<scope>") > 0);
}

TEST_CASE("text is XML-escaped: no bare ampersand or angle bracket in content", "[sample]") {
  const std::string& xml = full_sample().xml;
  CHECK(count(xml, "&amp;") > 0);
  CHECK(count(xml, "&lt;") > 0);
  for (size_t at = xml.find('&'); at != std::string::npos; at = xml.find('&', at + 1)) {
    const std::string_view rest = std::string_view(xml).substr(at, 6);
    const bool entity = rest.substr(0, 5) == "&amp;" || rest.substr(0, 4) == "&lt;" || rest.substr(0, 4) == "&gt;" ||
                        rest == "&quot;" || rest == "&apos;";
    INFO(rest);
    REQUIRE(entity);
  }
}
