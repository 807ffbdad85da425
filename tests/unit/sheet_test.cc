// Spreadsheet catalogs in process (docs/catalog-format.md, "Spreadsheets"): every
// cell parser and formatter of indexer/formats/sheet_cells.h round trips, headers map
// to the column table, and CSV is quoted and read back both ways.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "indexer/formats/csv_grid.h"
#include "indexer/formats/sheet_cells.h"
#include "indexer/formats/sheet_columns.h"
#include "indexer/formats/sheet_grid.h"
#include "indexer/formats/sheet_reader.h"
#include "tests/unit/test_support.h"

using namespace monjo;
namespace formats = monjo::indexer::formats;
using archive::Record;
using formats::format_cell;
using formats::parse_cell;

namespace {

// parse_cell(text) then format_cell: what the cell is written back as.
std::string again(std::string_view field, const std::string& text) {
  Record r;
  const std::string problem = parse_cell(field, text, r);
  INFO(field << " " << text << ": " << problem);
  REQUIRE(problem.empty());
  return format_cell(field, r);
}

std::string problem_of(std::string_view field, const std::string& text) {
  Record r;
  return parse_cell(field, text, r);
}

std::vector<std::vector<std::string>> read_csv(const std::string& path, std::vector<long>* rows = nullptr) {
  auto grid = formats::open_csv(path, {});
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> cells;
  long row = 0;
  while (grid->next(cells, row)) {
    out.push_back(cells);
    if (rows) rows->push_back(row);
  }
  return out;
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("level cells: names and labels in, Japanese labels out", "[sheets]") {
  for (const auto* word : {"volume", "Volume", "簿冊"}) CHECK(again("level", word) == "簿冊");
  for (const auto* word : {"item", "件名", " 件名 "}) CHECK(again("level", word) == "件名");
  for (const auto* word : {"series", "シリーズ"}) CHECK(again("level", word) == "シリーズ");
  for (const auto* word : {"fonds", "出所（フォンド）", "出所", "フォンド"})
    CHECK(again("level", word) == "出所（フォンド）");
  CHECK_THAT(problem_of("level", "箱"), Catch::StartsWith("unknown level \"箱\""));
  CHECK_THAT(problem_of("level", ""), Catch::StartsWith("the level is empty"));
}

TEST_CASE("seq and extentPages cells are whole numbers, full-width digits too", "[sheets]") {
  for (const auto* field : {"seq", "extentPages"}) {
    CHECK(again(field, "12") == "12");
    CHECK(again(field, "１２") == "12");
    CHECK(again(field, "") == "");
    CHECK(problem_of(field, "1.5") == "\"1.5\" is not a whole number");
    CHECK(problem_of(field, "-3") == "\"-3\" is not a whole number");
  }
}

TEST_CASE("pages cells: ranges with any dash, a single page, written 1-11", "[sheets]") {
  for (const auto* text : {"1-11", "1～11", "1〜11", "１－１１", " 1 - 11 "}) CHECK(again("pages", text) == "1-11");
  CHECK(again("pages", "5") == "5-5");
  CHECK(again("pages", "5-") == "5-");
  CHECK(again("pages", "") == "");
  Record r;
  REQUIRE(parse_cell("pages", "5", r).empty());
  CHECK(r.pages_from == 5);
  CHECK(r.pages_to == 5);
  CHECK_THAT(problem_of("pages", "1-x"), Catch::StartsWith("\"1-x\" is not a page range"));
  CHECK(problem_of("pages", "11-1") == "from 11 is after to 1");
}

TEST_CASE("date and text cells are kept as written, trimmed", "[sheets]") {
  CHECK(again("date", " 昭和30年度 ") == "昭和30年度");
  CHECK(again("dateNormal", "1955-04-01/1956-03-31") == "1955-04-01/1956-03-31");
  CHECK(again("title", "町会議事録、第1号") == "町会議事録、第1号");
  CHECK(again("note", "一行目\n二行目") == "一行目\n二行目");
  CHECK(again("parent", "fx-v1") == "fx-v1");
}

TEST_CASE("access cells: status words and class names; grounds, until, reason", "[sheets]") {
  CHECK(again("access", "closed") == "非公開");
  CHECK(again("access", "部分公開") == "部分公開");
  CHECK(again("access", "要審査") == "要審査");
  CHECK(again("access", "公開") == "公開");
  CHECK(again("access", "") == "");
  CHECK_THAT(problem_of("access", "秘密"), Catch::StartsWith("unknown access \"秘密\""));

  CHECK(again("grounds", "personal corporate") == "personal corporate");
  CHECK(again("grounds", "個人情報、法人等情報") == "personal corporate");
  CHECK(again("grounds", "personal,国の安全等") == "personal security");
  CHECK_THAT(problem_of("grounds", "personal secret"), Catch::StartsWith("unknown ground \"secret\""));

  CHECK(again("until", "2030-04-01") == "2030-04-01");
  CHECK(again("until", "令和12年4月1日") == "2030-04-01");
  CHECK_THAT(problem_of("until", "令和12年"), Catch::StartsWith("\"令和12年\" is not one day"));
  CHECK_THAT(problem_of("until", "2030-02-30"), Catch::Contains("is not one day"));

  CHECK(again("reason", " 個人の病歴を含む ") == "個人の病歴を含む");
}

TEST_CASE("names cells: type:text entries, Japanese types, bare text is a person", "[sheets]") {
  CHECK(again("names", "person:山田太郎; place:相模原") == "person:山田太郎; place:相模原");
  CHECK(again("names", "人名：山田太郎；地名:相模原\n団体名:相模原町会") ==
        "person:山田太郎; place:相模原; org:相模原町会");
  CHECK(again("names", "山田太郎") == "person:山田太郎");
  CHECK(again("names", "") == "");
  CHECK_THAT(problem_of("names", "role:山田"), Catch::StartsWith("unknown name type \"role\""));
  CHECK_THAT(problem_of("names", "place:"), Catch::StartsWith("the name is empty"));
}

TEST_CASE("every column of the table has a cell rule, and headers map by name or label", "[sheets]") {
  for (const auto& column : formats::sheet_columns()) {
    const std::string field(column.field);
    INFO(field);
    CHECK(formats::column_for_header(field) == field);
    CHECK(formats::column_for_header(archive::text_ja("sheet_col_" + field)) == field);
    CHECK(formats::column_for_header(archive::text_en("sheet_col_" + field)) == field);
    Record r;
    CHECK(problem_of(field, "") == (field == "level" ? problem_of("level", "") : ""));
  }
  CHECK(formats::column_for_header("callnumber") == "callNumber");
  CHECK(formats::column_for_header("CALLNUMBER") == "callNumber");
  CHECK(formats::column_for_header(" 請求番号 ") == "callNumber");
  CHECK(formats::column_for_header("Call number") == "callNumber");
  CHECK(formats::column_for_header("棚番号") == "");
  CHECK(formats::column_for_header("") == "");
}

TEST_CASE("the sheet reader is sure of a header row or a zip, plausible of a .csv name", "[sheets]") {
  const auto& sheet = formats::sheet_reader();
  using formats::Match;
  CHECK(sheet.sniff("id,title\nf1,町会議事録\n", "a.txt") == Match::Sure);
  CHECK(sheet.sniff("\xEF\xBB\xBFID,標題,年月日\r\n", "export") == Match::Sure);
  CHECK(sheet.sniff("請求番号,標題\r\n", "a") == Match::Sure);
  CHECK(sheet.sniff(std::string("PK\3\4rest", 8), "book") == Match::Sure);
  CHECK(sheet.sniff("id\nf1\n", "a.csv") == Match::Plausible);
  CHECK(sheet.sniff("hello,world\n", "a.CSV") == Match::Plausible);
  CHECK(sheet.sniff("hello,world\n", "a.txt") == Match::No);
  CHECK(sheet.sniff("<catalog xmlns=\"urn:monjo:catalog:1\"/>", "a.xml") == Match::No);
}

TEST_CASE("CSV cells with commas, quotes and line breaks are quoted and read back", "[sheets]") {
  test::TempDir dir("monjo-sheets");
  const std::string path = (dir.path / "q.csv").string();
  const std::vector<std::vector<std::string>> rows = {
      {"id", "title", "note"},
      {"a1", "議事録, 第1号", "彼は\"はい\"と言った"},
      {"a2", "一行目\n二行目", " 前後に空白 "},
      {"a3", "", "plain"},
  };
  {
    std::ofstream out(path, std::ios::binary);
    auto sink = formats::csv_sink(out);
    for (const auto& r : rows) sink->row(r);
    sink->finish();
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() ==
        "\xEF\xBB\xBFid,title,note\r\na1,\"議事録, 第1号\",\"彼は\"\"はい\"\"と言った\"\r\na2,\"一行目\n二行目\",\" "
        "前後に空白 \"\r\n"
        "a3,,plain\r\n");
  std::vector<long> lines;
  CHECK(read_csv(path, &lines) == rows);
  CHECK(lines == std::vector<long>{1, 2, 3, 5});  // a row's number is the line it starts on
}

TEST_CASE("CSV is read as UTF-8 or Shift_JIS by its content, and refused when it is neither", "[sheets]") {
  const auto sjis = read_csv(MONJO_FIXTURES "/sheets/titles-sjis.csv");
  REQUIRE(sjis.size() == 3);
  CHECK(sjis[0][1] == "標題");
  CHECK(sjis[1][1] == "町會議事録綴（訂正）");
  CHECK(formats::csv_first_row("ID,\x95\x57\x91\xE8\r\n") == std::vector<std::string>{"ID", "標題"});

  test::TempDir dir("monjo-sheets");
  const std::string plain = (dir.path / "plain.csv").string();
  spit(plain, "id,title\r\n\r\nf1,町会\r\n");  // blank lines are skipped
  std::vector<long> lines;
  CHECK(read_csv(plain, &lines) == std::vector<std::vector<std::string>>{{"id", "title"}, {"f1", "町会"}});
  CHECK(lines == std::vector<long>{1, 3});

  const std::string bad = (dir.path / "bad.csv").string();
  spit(bad, "id,title\nf1,a\nf2,b\nf3,\x82\xFF\n");
  try {
    read_csv(bad);
    FAIL("read bytes of no encoding");
  } catch (const archive::InputError& e) {
    CHECK(e.where_what() == bad + ":4: line 4 is neither UTF-8 nor Shift_JIS (CP932)");
  }
  const std::string open = (dir.path / "open.csv").string();
  spit(open, "id,title\nf1,\"not closed\nf2,b\n");
  try {
    read_csv(open);
    FAIL("read an unterminated quote");
  } catch (const archive::InputError& e) {
    CHECK(e.line() == 2);
    CHECK_THAT(e.what(), Catch::Contains("quoted cell is not closed"));
  }
}

TEST_CASE("the sheet reader passes rows with their line, level and id state, and reports every problem", "[sheets]") {
  test::TempDir dir("monjo-sheets");
  const std::string path = (dir.path / "rows.csv").string();
  spit(path,
       "\xEF\xBB\xBFID,上位ID,階層,標題,丁数,棚番号,\r\n"
       "f1,,出所,出所の標題,,x,\r\n"
       "\r\n"
       ",f1,簿冊,\"二行の\r\n標題\",1-x,,\r\n"
       "v2,f1,,標題,,,\r\n");
  archive::Problems problems;
  formats::ReadOptions options;
  options.problems = &problems;
  uint64_t progressed = 0;
  options.progress = [&](uint64_t done, uint64_t) { progressed = done; };
  std::vector<formats::ReadItem> items;
  std::vector<std::vector<std::string>> fields;  // of each row's source (valid only in the sink)
  formats::sheet_reader().read(path, options, [&](formats::ReadItem&& item) {
    fields.push_back(item.row->fields);
    items.push_back(std::move(item));
  });
  REQUIRE(items.size() == 3);
  CHECK(items[0].record.id == "f1");
  CHECK(items[0].record.level == archive::Level::Fonds);
  CHECK(items[0].record.source_line == 2);
  CHECK_FALSE(items[0].id_from_catalog);
  CHECK_FALSE(items[0].broken);
  CHECK(fields[0] == std::vector<std::string>{"id", "parent", "level", "title", "pages", "", ""});
  CHECK(items[1].id_from_catalog);
  CHECK(items[1].broken);
  CHECK(items[1].record.source_line == 4);
  CHECK(items[1].record.title == "二行の\n標題");
  CHECK(items[1].record.parent_id == "f1");
  // An empty level cell: the row as if the sheet had no level column.
  CHECK(fields[2] == std::vector<std::string>{"id", "parent", "", "title", "pages", "", ""});
  CHECK(progressed > 0);
  REQUIRE(problems.count() == 2);
  try {
    problems.raise();
  } catch (const archive::InputErrors& e) {
    CHECK(e.problems()[0].where_what() == path +
                                              ":1: unknown column \"棚番号\" (known: id, parent, level, seq, "
                                              "callNumber, title, publicTitle, creator, date, dateNormal, "
                                              "department, history, scope, description, retention, extent, "
                                              "extentPages, pages, names, location, condition, note, access, "
                                              "grounds, until, reason)");
    CHECK_THAT(e.problems()[1].where_what(), Catch::StartsWith(path + ":4: pages: \"1-x\" is not a page range"));
  }
}
