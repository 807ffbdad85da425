// Searching the way people remember (docs/search.md, "Readings", "Place names",
// "When nothing matches"): a word typed by its sound, a place under another of its
// names, and the help a search that finds nothing gives. A small catalog is built
// here, indexed with the real writer (MeCab and a gazetteer in the data directory)
// and searched with the real reader.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/search/index_schema.h"
#include "archive/search/normalize.h"
#include "archive/search/place_names.h"
#include "archive/search/readings.h"
#include "archive/search/romaji.h"
#include "archive/search/search.h"
#include "indexer/index_writer.h"
#include "tests/unit/test_support.h"

namespace fs = std::filesystem;
using namespace monjo::archive;
using monjo::indexer::rebuild_indexes;
using monjo::test::TempDir;

namespace {

Record rec(Level level, const std::string& id, const std::string& parent, const std::string& title,
           const std::string& date = "") {
  Record r;
  r.level = level;
  r.id = id;
  r.parent_id = parent;
  r.title = title;
  r.date_text = date;
  if (!date.empty()) r.date = parse_date(date);
  return r;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

constexpr char kGazetteer[] =
    "# surface\treading\tnote\n"
    "上溝\tかみみぞ\t上溝村・上溝町\n"
    "麻溝\tアサミゾ\n"
    "\n";

constexpr char kPlaceNames[] =
    "# earlier\tlater\tdate\tnote\n"
    "上溝村\t上溝町\t1926-01-01\t町制施行\n"
    "上溝町\t相模原町\t1941-04-29\t合併\n"
    "大野村\t相模原町\t1941-04-29\t合併\n"
    "相模原町\t相模原市\t1954-11-20\t市制施行\n";

std::vector<Record> records() {
  std::vector<Record> rs;
  auto add = [&](Record r) {
    r.position = static_cast<int>(rs.size());
    rs.push_back(std::move(r));
  };
  add(rec(Level::Fonds, "kamimizo", "", "上溝村役場文書", "明治22年～大正14年"));
  add(rec(Level::Volume, "V0", "kamimizo", "上溝村会議録", "大正10年"));
  Record v1 = rec(Level::Volume, "V1", "kamimizo", "恩給裁定綴", "大正10年");
  v1.department = "庶務係";
  add(v1);
  // A reading-only match that says 恩給 many times, and the exact surface form in
  // kana once in a long text: the surface hit must still come first.
  Record many = rec(Level::Item, "I1", "V1", "恩給恩給恩給に関する件", "大正10年");
  many.description = "恩給の支給。恩給の裁定。恩給の停止。";
  add(many);
  Record kana = rec(Level::Item, "I2", "V1", "雑件", "大正10年");
  kana.description = "村長の覚書。長い記録の中にひらがなで一度だけ「おんきゅう」とある。ほかは村の行事、道路の修繕、"
                     "養蚕の講習、青年団の集会、消防組の出初式のこと。";
  add(kana);
  Record withheld = rec(Level::Item, "I3", "V1", "蜃気楼調査", "大正10年");
  withheld.public_title = "調査書類";
  withheld.description = "蜃気楼の記録";
  withheld.creator = "蝙蝠商会";
  withheld.names = {{"person", "鴛鴦太郎"}};
  Access restricted;
  restricted.status = AccessStatus::Restricted;
  restricted.grounds = {"personal"};
  restricted.until = "2035-03-31";
  withheld.access = restricted;
  add(withheld);
  add(rec(Level::Fonds, "asamizo", "", "麻溝村役場文書", "明治22年～昭和16年"));
  add(rec(Level::Volume, "A1", "asamizo", "村会議事録", "昭和5年"));
  add(rec(Level::Fonds, "sagamihara", "", "相模原町役場文書", "昭和16年～昭和29年"));
  add(rec(Level::Volume, "S1", "sagamihara", "町会議事録", "昭和20年"));
  add(rec(Level::Fonds, "ono", "", "大野村役場文書", "明治22年～昭和16年"));
  add(rec(Level::Fonds, "city", "", "相模原市役所文書", "昭和29年～平成2年"));
  return rs;
}

struct Fixture {
  TempDir dir;
  std::string data;
  Catalog catalog;
  explicit Fixture(bool with_gazetteer = true)
      : data(dir.path.string()), catalog((dir.path / "catalog.sqlite").string()) {
    if (with_gazetteer) write_file(dir.path / "readings.tsv", kGazetteer);
    write_file(dir.path / "place-names.tsv", kPlaceNames);
    sql::Transaction tx(catalog.db());
    for (const auto& r : records()) catalog.insert(r);
    tx.commit();
    catalog.bump_generation();
    rebuild_indexes(catalog, data);
  }
  SearchResult search(IndexSide side, SearchRequest req) { return Searcher(data, side).search(req); }
  SearchResult search(const std::string& q, IndexSide side = IndexSide::Public) {
    SearchRequest req;
    req.query = q;
    return search(side, req);
  }
};

std::vector<std::string> ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

bool has(const SearchResult& r, const std::string& id) {
  for (const auto& h : r.hits)
    if (h.id == id) return true;
  return false;
}

}  // namespace

TEST_CASE("MeCab gives the reading of each word, the gazetteer the proper nouns'", "[readings]") {
  auto gazetteer = std::make_shared<Gazetteer>();
  gazetteer->add("上溝", "かみみぞ");
  ReadingAnalyzer analyzer(gazetteer);
  struct Row {
    const char* text;
    const char* reading;
  };
  const Row rows[] = {
      {"恩給裁定綴", "おんきゆうさいていつづり"},  // normalized like kana text: small ゅ folds
      {"上溝村役場", "かみみぞむらやくば"},        // the gazetteer, not MeCab's うわみぞ
      {"GHQ指令 恩給", "しれい おんきゆう"},      // Latin letters and spaces part the runs
      {"おんきゅう", ""},                          // kana text is its own reading
      {"GHQ", ""},
  };
  for (const auto& row : rows) {
    INFO(row.text);
    CHECK(analyzer.reading(normalize(row.text)) == row.reading);
  }
  ReadingAnalyzer plain(nullptr);
  CHECK(plain.reading(normalize("上溝村")) == "うわみぞむら");  // what the dictionary alone says
  CHECK(analyzer.reading(normalize("上溝村")) == "かみみぞむら");
}

TEST_CASE("a gazetteer line that is not surface<TAB>kana is an error with its line", "[readings]") {
  TempDir dir;
  const fs::path path = dir.path / "readings.tsv";
  write_file(path, "# ok\n上溝\tかみみぞ\n麻溝 あさみぞ\n");
  try {
    Gazetteer::load(path.string());
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.line() == 3);
  }
  write_file(path, "上溝\tkamimizo\n");
  CHECK_THROWS_AS(Gazetteer::load(path.string()), InputError);
  CHECK(Gazetteer::load((dir.path / "missing.tsv").string()).size() == 0);
}

TEST_CASE("a kana query finds kanji text by its reading", "[readings][search]") {
  Fixture f;
  CHECK(has(f.search("おんきゅう"), "V1"));
  CHECK(has(f.search("オンキュウ"), "V1"));  // katakana and small kana fold like the text's
  CHECK(has(f.search("しょむがかり"), "V1"));  // the department's reading (庶務係)
  CHECK(has(f.search("かみみぞ"), "kamimizo"));  // the gazetteer's reading
  CHECK(has(f.search("あさみぞ"), "asamizo"));
  CHECK(has(f.search("かみみぞむら"), "V0"));
  CHECK_FALSE(has(f.search("うわみぞ"), "V0"));  // MeCab's wrong reading is not indexed
  CHECK(has(f.search("おんきゅう 大正10年"), "V1"));  // beside a date filter
  CHECK(has(f.search("yomi:おんきゅう"), "V1"));     // the readings alone, as a field
  CHECK(f.search("title:おんきゅう").total == 0);   // a field names the text, not its reading
}

TEST_CASE("without a gazetteer the dictionary's reading is indexed", "[readings][search]") {
  Fixture f(false);
  CHECK_FALSE(has(f.search("かみみぞむら"), "V0"));  // 上溝村会議録: IPAdic reads うわみぞむら
  CHECK(has(f.search("うわみぞむら"), "V0"));
}

TEST_CASE("the exact surface hit outranks hits on a reading only", "[readings][search]") {
  Fixture f;
  const SearchResult r = f.search("おんきゅう");
  REQUIRE(r.hits.size() >= 3);
  CHECK(r.hits.front().id == "I2");  // おんきゅう written in kana, once, in a long text
  CHECK(has(r, "I1"));               // 恩給 four times, by its reading only
  CHECK(r.hits.front().score > r.hits[1].score);
}

TEST_CASE("a romanized word reads as kana: Hepburn, kunrei and the keyboard's spellings", "[romaji]") {
  using monjo::archive::romaji_readings;
  using monjo::archive::romaji_to_kana;
  CHECK(romaji_to_kana("onkyu") == "おんきゅ");
  CHECK(romaji_to_kana("onkyū") == "おんきゅう");  // a macron is a long vowel
  CHECK(romaji_to_kana("sagamihara") == "さがみはら");
  CHECK(romaji_to_kana("kamimizo") == "かみみぞ");
  CHECK(romaji_to_kana("shichou") == "しちょう");
  CHECK(romaji_to_kana("sityou") == "しちょう");  // kunrei
  CHECK(romaji_to_kana("tsuchiya") == "つちや");
  CHECK(romaji_to_kana("tutiya") == "つちや");
  CHECK(romaji_to_kana("shimbun") == "しんぶん");  // m before b
  CHECK(romaji_to_kana("shinbunn") == "しんぶん");  // nn
  CHECK(romaji_to_kana("kon'ya") == "こんや");    // n' before y
  CHECK(romaji_to_kana("konya") == "こにゃ");
  CHECK(romaji_to_kana("onna") == "おんな");
  CHECK(romaji_to_kana("gakkou") == "がっこう");   // a doubled consonant
  CHECK(romaji_to_kana("matcha") == "まっちゃ");
  CHECK(romaji_to_kana("tōkyō") == "とうきょう");
  for (const char* english : {"report", "budget", "the", "and", "tax", "1954", "x-ray", "東京"}) {
    INFO(english);
    CHECK_FALSE(romaji_to_kana(english));
    CHECK(romaji_readings(english).empty());
  }
  // Long vowels as most people leave them out, the plain reading first, normalized
  // like kana text (small kana folded).
  using V = std::vector<std::string>;
  CHECK(romaji_readings("tokyo") == V{"ときよ", "ときよう", "とうきよ", "とうきよう"});
  CHECK(romaji_readings("ono") == V{"おの", "おのう", "おうの", "おうのう"});
  CHECK(romaji_readings("ōno") == V{"おうの", "おうのう", "おおの", "おおのう"});
  CHECK(romaji_readings("onkyu").front() == "おんきゆ");  // no long vowel before ん
  CHECK(romaji_readings("onkyu").size() == 2);
  CHECK(romaji_readings("gakkou") == V{"がつこう"});   // ou: long already; っ folds to つ
  CHECK(romaji_readings("tokyo", 2).size() == 2);
}

TEST_CASE("a romanized query finds kanji text by its reading, and says so", "[romaji][search]") {
  Fixture f;
  const SearchResult onkyu = f.search("onkyu");
  CHECK(has(onkyu, "V1"));  // 恩給裁定綴
  CHECK(onkyu.hits.front().id == "I2");  // おんきゅう written in kana outranks the reading-only hits
  REQUIRE(onkyu.romanized.size() == 1);
  CHECK(onkyu.romanized[0].word == "onkyu");
  CHECK(onkyu.romanized[0].kana == "おんきゅ");
  CHECK(has(f.search("Kamimizo"), "kamimizo"));  // the gazetteer's reading, any case
  CHECK(has(f.search("asamizo"), "asamizo"));
  CHECK(has(f.search("onkyu saitei"), "V1"));  // 恩給裁定綴  // with another romanized word: both must match
  CHECK(f.search("onkyu asamizo").total == 0);
  // Withheld text gives the public side no reading to find by its romanization either.
  CHECK(f.search("shinkiro").total == 0);
  CHECK(has(f.search("shinkiro", IndexSide::Staff), "I3"));
  // Switched off with the place names (expand=0), and a word that is not romaji expands nothing.
  SearchRequest off;
  off.query = "onkyu";
  off.expand_places = false;
  CHECK(f.search(IndexSide::Public, off).total == 0);
  const SearchResult english = f.search("report");
  CHECK(english.total == 0);
  CHECK(english.romanized.empty());
}

TEST_CASE("withheld text gives no readings to the public index", "[readings][search][security]") {
  Fixture f;
  // Withheld title, creator and person's name: found by their readings on the
  // staff side only.
  for (const char* q : {"しんきろう", "こうもり", "えんおう"}) {
    INFO(q);
    CHECK(f.search(q, IndexSide::Public).total == 0);
    CHECK(has(f.search(q, IndexSide::Staff), "I3"));
  }
  CHECK(has(f.search("ちょうさしょるい", IndexSide::Public), "I3"));  // the public title's reading
  // Not a term of the public database at all.
  Xapian::Database pub((fs::path(f.data) / "index" / "public").string());
  for (auto t = pub.allterms_begin(index_schema::kReadingPrefix); t != pub.allterms_end(index_schema::kReadingPrefix);
       ++t) {
    const std::string term = *t;
    INFO(term);
    CHECK(term.find("しん") == std::string::npos);  // 蜃気楼
    CHECK(term.find("えん") == std::string::npos);  // 鴛鴦
    CHECK(term.find("もり") == std::string::npos);  // 蝙蝠
  }
}

TEST_CASE("the place-name table expands a name to its earlier and later names", "[places]") {
  TempDir dir;
  const fs::path path = dir.path / "place-names.tsv";
  write_file(path, kPlaceNames);
  const PlaceNames table = PlaceNames::load(path.string());
  using V = std::vector<std::string>;
  CHECK(table.expand("上溝") == V{"上溝村", "上溝町"});  // a name without its suffix
  // Forward through a renaming (町制施行), not into the town it merged into beside 大野村.
  CHECK(table.expand("上溝村") == V{"上溝町"});
  CHECK(table.expand("相模原町") == V{"上溝村", "上溝町", "大野村", "相模原市"});  // 市制施行: a renaming
  // Earlier names of the present one, every branch; not a sibling's.
  CHECK(table.expand("相模原市") == V{"上溝村", "上溝町", "相模原町", "大野村"});
  CHECK(table.expand("大野村").empty());  // merged into a wider place: no other name of its own
  CHECK(table.expand("横浜市").empty());
  CHECK(table.expand("溝").empty());

  write_file(path, "上溝村\t上溝町\n上溝町\n");
  try {
    PlaceNames::load(path.string());
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.line() == 2);
  }
  write_file(path, "上溝村\t上溝村\n");
  CHECK_THROWS_AS(PlaceNames::load(path.string()), InputError);
  CHECK(PlaceNames::load((dir.path / "missing.tsv").string()).empty());
}

TEST_CASE("a place name finds the records of its earlier names, and says which", "[places][search]") {
  Fixture f;
  const SearchResult r = f.search("相模原市");
  CHECK(has(r, "city"));
  CHECK(has(r, "kamimizo"));    // 上溝村
  CHECK(has(r, "sagamihara"));  // 相模原町
  CHECK(has(r, "ono"));         // 大野村
  CHECK_FALSE(has(r, "asamizo"));
  CHECK(r.hits.front().id == "city");  // the name typed first
  REQUIRE(r.expansions.size() == 1);
  CHECK(r.expansions[0].word == "相模原市");
  CHECK(r.expansions[0].names == std::vector<std::string>{"上溝村", "相模原町", "大野村"});  // 上溝町: no record

  const SearchResult kamimizo = f.search("上溝");
  REQUIRE(kamimizo.expansions.size() == 1);
  CHECK(kamimizo.expansions[0].names == std::vector<std::string>{"上溝村"});  // 上溝町: no record
  CHECK_FALSE(has(kamimizo, "sagamihara"));  // the wider town it merged into is not 上溝
  CHECK_FALSE(has(kamimizo, "city"));

  SearchRequest off;
  off.query = "相模原市";
  off.expand_places = false;
  const SearchResult plain = f.search(IndexSide::Public, off);
  CHECK(ids(plain) == std::vector<std::string>{"city"});
  CHECK(plain.expansions.empty());
}

TEST_CASE("a search that finds nothing suggests what would, with counts", "[suggestions][search]") {
  Fixture f;
  using Kind = Suggestion::Kind;
  auto find = [](const SearchResult& r, Kind kind) -> const Suggestion* {
    for (const auto& s : r.suggestions)
      if (s.kind == kind) return &s;
    return nullptr;
  };
  SECTION("the reading of a word in the wrong kanji") {
    const SearchResult r = f.search("恩級");  // the right sound, a wrong kanji
    CHECK(r.total == 0);
    const Suggestion* s = find(r, Kind::Reading);
    REQUIRE(s);
    CHECK(s->query == "おんきゆう");
    CHECK(s->count == f.search(s->query).total);
    CHECK(s->count >= 3);
  }
  SECTION("leaving a word out") {
    const SearchResult r = f.search("恩給 鯨");
    CHECK(r.total == 0);
    const Suggestion* s = find(r, Kind::DropWord);
    REQUIRE(s);
    CHECK(s->dropped == "鯨");
    CHECK(s->query == "恩給");
    CHECK(s->count == f.search("恩給").total);
  }
  SECTION("dropping the filter that excluded everything") {
    SearchRequest req;
    req.query = "恩給";
    req.filter("level", "fonds");
    const SearchResult r = f.search(IndexSide::Public, req);
    CHECK(r.total == 0);
    const Suggestion* s = find(r, Kind::DropFilter);
    REQUIRE(s);
    CHECK(s->dropped == "level");
    CHECK(s->count == f.search("恩給").total);
  }
  SECTION("a wider date range") {
    const SearchResult r = f.search("恩給 昭和50年");
    CHECK(r.total == 0);
    const Suggestion* s = find(r, Kind::DropDates);
    REQUIRE(s);
    CHECK(s->query == "恩給");
    CHECK(s->dropped == "昭和50年");
    CHECK(s->count > 0);
  }
  SECTION("a search that finds something suggests nothing") {
    CHECK(f.search("恩給").suggestions.empty());
  }
  SECTION("nothing to suggest") {
    const SearchResult r = f.search("鯨");
    CHECK(r.total == 0);
    CHECK(r.suggestions.empty());
  }
}
