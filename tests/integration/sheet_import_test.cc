// Spreadsheet catalogs through the real `monjo` (docs/catalog-format.md,
// "Spreadsheets"): rows update records in place by id or call number, new rows get
// ids under their parent, Shift_JIS files read as Excel writes them, every problem of
// a bad sheet is named in one run and changes nothing, and export → import → export
// gives the same sheet.
#include <catch2/catch.hpp>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <fstream>

#include "indexer/formats/sheet_grid.h"
#include "tests/integration/harness.h"

using monjo::test::fixture;
using monjo::test::read_file;
using monjo::test::run_monjo;
using monjo::test::TempDir;
using monjo::test::write_file;

namespace {

const std::string kBom = "\xEF\xBB\xBF";

void import_small(const TempDir& data) {
  auto r = run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")});
  INFO(r.err);
  REQUIRE(r.status == 0);
}

// The line of `text` (CSV export) that begins with `id,`.
std::string row_of(const std::string& text, const std::string& id) {
  const size_t at = text.find("\n" + id + ",");
  if (at == std::string::npos) return {};
  return text.substr(at + 1, text.find('\r', at) - at - 1);
}

std::string counts_line(const std::string& out) {
  const size_t at = out.find("catalog: ");
  return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
}

// Runs `monjo ARGS…` with stdout and stderr on a terminal (a pseudo-terminal);
// returns its exit status and what it wrote there.
std::pair<int, std::string> run_on_terminal(const std::vector<std::string>& args) {
  std::fflush(stdout);
  std::fflush(stderr);
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::vector<std::string> words = {MONJO_BIN};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(master);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  return {WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus), out};
}

}  // namespace

TEST_CASE("a sheet corrects titles in place by id and by call number, and nothing else", "[sheets][import]") {
  TempDir data;
  import_small(data);
  const std::string before = monjo::test::exported(data.path(), "csv");
  write_file(data / "titles.csv", kBom +
                                      "ID,請求番号,標題\r\nfx-v1,歴F-0001,町會議事録綴（訂正）\r\nfx-v2-001,,"
                                      "訂正した件名\r\n,歴F-0003,兵事簿冊（訂正）\r\n");
  auto r = run_monjo({"--data", data.path(), "import", data / "titles.csv"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("catalog: 20 records (fonds 1, series 3, volumes 4, items 12)"));
  const std::string after = monjo::test::exported(data.path(), "csv");
  CHECK_THAT(row_of(after, "fx-v1"), Catch::Contains(",歴F-0001,町會議事録綴（訂正）,"));
  CHECK_THAT(row_of(after, "fx-v2-001"), Catch::Contains(",訂正した件名,"));
  CHECK_THAT(row_of(after, "fx-v3"), Catch::Contains(",歴F-0003,兵事簿冊（訂正）,"));
  // Every other cell as it was.
  for (const char* id : {"fx-v1", "fx-v2-001", "fx-v3"}) {
    std::string was = row_of(before, id), now = row_of(after, id);
    const auto title_at = [](const std::string& row) {
      size_t pos = 0;
      for (int i = 0; i < 5; ++i) pos = row.find(',', pos) + 1;
      return pos;
    };
    CHECK(was.substr(0, title_at(was)) == now.substr(0, title_at(now)));
    CHECK(was.substr(was.find(',', title_at(was))) == now.substr(now.find(',', title_at(now))));
  }
  size_t lines_before = std::count(before.begin(), before.end(), '\n');
  CHECK(static_cast<size_t>(std::count(after.begin(), after.end(), '\n')) == lines_before);
}

TEST_CASE("rows without ids become new items under their volume, and importing them again changes nothing",
          "[sheets][import]") {
  TempDir data;
  import_small(data);
  write_file(data / "new.csv",
             "上位ID,階層,件番号,標題,年月日,丁数\n"
             "fx-v2,件名,4,追加の件名その一,昭和30年4月1日,１－１１\n"
             "fx-v2,件名,5,追加の件名その二,昭和30年5月,12～20\n"
             "歴F-0002,,6,追加の件名その三,,21\n");
  auto r = run_monjo({"--data", data.path(), "import", data / "new.csv"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("catalog: 23 records (fonds 1, series 3, volumes 4, items 15)"));
  const std::string after = monjo::test::exported(data.path(), "csv");
  CHECK_THAT(row_of(after, "fx-v2-004"), Catch::Contains("fx-v2,件名,4,,追加の件名その一,"));
  CHECK_THAT(row_of(after, "fx-v2-004"), Catch::Contains(",1-11,"));
  CHECK_THAT(row_of(after, "fx-v2-005"), Catch::Contains(",12-20,"));
  CHECK_THAT(row_of(after, "fx-v2-006"), Catch::Contains(",21-21,"));

  // The same rows with the ids they were given: nothing changes.
  write_file(data / "again.csv",
             "ID,上位ID,階層,件番号,標題,年月日,丁数\n"
             "fx-v2-004,fx-v2,件名,4,追加の件名その一,昭和30年4月1日,1-11\n"
             "fx-v2-005,fx-v2,件名,5,追加の件名その二,昭和30年5月,12-20\n"
             "fx-v2-006,fx-v2,件名,6,追加の件名その三,,21\n");
  const std::string native = monjo::test::exported(data.path());
  auto again = run_monjo({"--data", data.path(), "import", data / "again.csv"});
  INFO(again.err);
  REQUIRE(again.status == 0);
  CHECK(counts_line(again.out) == counts_line(r.out));
  CHECK(monjo::test::exported(data.path()) == native);
}

TEST_CASE("headers are field names in any case or their English names", "[sheets][import]") {
  TempDir data;
  import_small(data);
  write_file(data / "english.csv", "callnumber,Title,Leaves\n歴F-0001,改題した簿冊,1-180\n");
  auto r = run_monjo({"--data", data.path(), "import", data / "english.csv"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(row_of(monjo::test::exported(data.path(), "csv"), "fx-v1"), Catch::Contains(",歴F-0001,改題した簿冊,"));
  CHECK_THAT(row_of(monjo::test::exported(data.path(), "csv"), "fx-v1"), Catch::Contains(",1-180,"));
}

TEST_CASE("a Shift_JIS (CP932) sheet as Excel writes it is read", "[sheets][import]") {
  TempDir data;
  import_small(data);
  auto r = run_monjo({"--data", data.path(), "import", fixture("sheets/titles-sjis.csv")});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string after = monjo::test::exported(data.path(), "csv");
  CHECK_THAT(row_of(after, "fx-v1"), Catch::Contains(",町會議事録綴（訂正）,"));
  CHECK_THAT(row_of(after, "fx-v1"), Catch::Contains(",person:相原一郎; place:大沢,"));
  CHECK_THAT(row_of(after, "fx-v1-001"), Catch::Contains(",縣廳往復文書（訂正）,"));
}

TEST_CASE("bad sheets are refused with every problem named and the catalog unchanged", "[sheets][import][bad-input]") {
  TempDir data;
  import_small(data);
  const std::string before = monjo::test::exported(data.path());
  auto refused = [&](const std::string& name, const std::string& content, const std::vector<std::string>& expected) {
    INFO(name);
    const std::string file = data / name;
    write_file(file, content);
    auto r = run_monjo({"--data", data.path(), "import", file});
    INFO(r.err);
    CHECK(r.status == 1);
    for (const auto& e : expected) CHECK_THAT(r.err, Catch::Contains(file + ":" + e));
    CHECK(monjo::test::exported(data.path()) == before);
  };
  refused("encoding.csv", "id,title\nfx-v1,a\nfx-v2,\x82\xFF\n", {"3: line 3 is neither UTF-8 nor Shift_JIS (CP932)"});
  refused("ragged.csv", "id,title\nfx-v1,a\nfx-v2,b,extra\nfx-v3,c,,more\n",
          {"3: the row has 3 cells, the header 2 columns", "4: the row has 4 cells, the header 2 columns"});
  refused("columns.csv", "id,title,棚番号,title\nfx-v1,a,b,c\n",
          {"1: unknown column \"棚番号\" (known: id, parent, level", "1: column \"title\" is title again"});
  // (Items without a normal form: a volume's dateNormal would win over its text.)
  refused("dates.csv", "id,年月日\nfx-v1-001,昭和65年\nfx-v1-002,昭和30年2月30日\n",
          {"2: record fx-v1-001: date: date \"昭和65年\": 昭和 ended in year 64",
           "3: record fx-v1-002: date: date \"昭和30年2月30日\": not a calendar date"});
  refused("parent.csv", "上位ID,階層,標題\nfx-none,件名,迷子の件名\n",
          {"2: parent \"fx-none\" is neither a record of the catalog nor a row above"});
  refused("duplicate.csv", "id,title\nfx-v1,a\nfx-v1,b\n", {"3: duplicate id \"fx-v1\" (first used on line 2)"});
  refused(
      "pages.csv", "id,丁数\nfx-v1-001,1-x\nfx-v1-002,30-3\n",
      {"2: record fx-v1-001: pages: \"1-x\" is not a page range", "3: record fx-v1-002: pages: from 30 is after to 3"});
  refused("access.csv", "id,公開区分\nfx-v1,秘密\n", {"2: record fx-v1: access: unknown access \"秘密\""});
  refused("quote.csv", "id,title\nfx-v1,\"never closed\nfx-v2,b\n", {"2: a quoted cell is not closed"});

  refused("nokey.csv", "年月日,丁数\n昭和30年,1-2\n",
          {"1: the sheet needs an id, callNumber or title column (ID, 請求番号, 標題)"});
  refused("empty.csv", "", {"1: the sheet is empty: it needs a header row"});
  refused("parts.csv", "id,公開区分,制限の理由\nfx-v1,,理由だけ\n",
          {"2: record fx-v1: reason: needs an access status in the access column"});
  refused("level.csv", "id,階層,標題\nfx-v1,箱,a\nfx-v2,件名,b\n",
          {"2: record fx-v1: level: unknown level \"箱\"", "3: record fx-v2 is a volume, not a item"});

  // Several kinds in one file: all of them, in one run.
  refused("many.csv",
          "id,title,丁数,公開区分,年月日,棚番号\n"
          "fx-v1,a,1-x,,,\n"
          "fx-v2-001,b,,秘密,昭和65年,\n"
          "fx-v3-001,c,,,昭和99年,\n"
          "fx-v3-001,d,,,,\n"
          "fx-v4,e,,,,,extra\n",
          {"1: unknown column \"棚番号\"", "2: record fx-v1: pages:", "3: record fx-v2-001: access: unknown access",
           "3: record fx-v2-001: date: date \"昭和65年\"",
           "4: record fx-v3-001: date:", "5: duplicate id \"fx-v3-001\"", "6: the row has 7 cells"});
}

TEST_CASE("monjo template writes a sheet that imports once a parent is filled in", "[sheets][template]") {
  TempDir data;
  import_small(data);
  auto t = run_monjo({"template", "--format", "csv"});
  INFO(t.err);
  REQUIRE(t.status == 0);
  CHECK_THAT(t.out, Catch::StartsWith(kBom + "ID,上位ID,階層,件番号,請求番号,標題,"));
  CHECK_THAT(t.out, Catch::Contains("簿冊"));
  CHECK_THAT(t.out, Catch::Contains("昭和30年度"));
  CHECK_THAT(t.out, Catch::Contains("件名"));

  // As written, the volume has no parent.
  write_file(data / "template.csv", t.out);
  auto bare = run_monjo({"--data", data.path(), "import", data / "template.csv"});
  CHECK(bare.status == 1);
  CHECK_THAT(bare.err, Catch::Contains("a new volume needs a parent"));

  std::string filled = t.out;
  const std::string blank = "\r\n,,簿冊,";
  REQUIRE(filled.find(blank) != std::string::npos);
  filled.replace(filled.find(blank), blank.size(), "\r\n,fx-gikai-kaigiroku,簿冊,");
  write_file(data / "filled.csv", filled);
  auto r = run_monjo({"--data", data.path(), "import", data / "filled.csv"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("catalog: 22 records (fonds 1, series 3, volumes 5, items 13)"));

  auto file = run_monjo({"template", "--out", data / "t.csv"});
  REQUIRE(file.status == 0);
  CHECK(file.out.empty());
  CHECK(read_file(data / "t.csv") == t.out);
}

TEST_CASE("export csv, import, export csv gives the same sheet", "[sheets][export]") {
  SECTION("the small fixture") {
    TempDir data;
    import_small(data);
    const std::string first = monjo::test::exported(data.path(), "csv");
    const std::string native = monjo::test::exported(data.path());
    write_file(data / "export.csv", first);
    auto r = run_monjo({"--data", data.path(), "import", data / "export.csv"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(monjo::test::exported(data.path(), "csv") == first);
    CHECK(monjo::test::exported(data.path()) == native);

    // Into an empty catalog, the sheet alone builds the same catalog.
    TempDir fresh;
    auto in = run_monjo({"--data", fresh.path(), "import", data / "export.csv"});
    INFO(in.err);
    REQUIRE(in.status == 0);
    CHECK(monjo::test::exported(fresh.path(), "csv") == first);
  }
  SECTION("a generated sample of 20 volumes") {
    TempDir data;
    REQUIRE(run_monjo({"sample", "--volumes", "20", "--out", data / "sample.xml"}).status == 0);
    REQUIRE(run_monjo({"--data", data.path(), "import", data / "sample.xml"}).status == 0);
    const std::string first = monjo::test::exported(data.path(), "csv");
    write_file(data / "export.csv", first);
    auto r = run_monjo({"--data", data.path(), "import", data / "export.csv"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(monjo::test::exported(data.path(), "csv") == first);
  }
}

TEST_CASE("export --out writes a file, and xlsx is not written to a terminal", "[sheets][export]") {
  TempDir data;
  import_small(data);
  auto r = run_monjo({"--data", data.path(), "export", "--format", "csv", "--out", data / "out.csv"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());
  CHECK(read_file(data / "out.csv") == monjo::test::exported(data.path(), "csv"));
  // A workbook is binary: not onto a terminal (a CSV is text, and may be).
  for (const auto& args : std::vector<std::vector<std::string>>{{"--data", data.path(), "export", "--format", "xlsx"},
                                                                {"template", "--format", "xlsx"}}) {
    const auto [status, shown] = run_on_terminal(args);
    INFO(shown);
    CHECK(status == 1);
    CHECK_THAT(shown, Catch::Contains("an XLSX workbook is binary: write it to a file with --out FILE"));
  }
  const auto [status, shown] = run_on_terminal({"template", "--format", "csv"});
  CHECK(status == 0);
  CHECK_THAT(shown, Catch::Contains("ID,"));

  auto fonds =
      run_monjo({"--data", data.path(), "export", "--format", "csv", "--fonds", "no-such", "--out", data / "none.csv"});
  CHECK(fonds.status == 1);
  CHECK_THAT(fonds.err, Catch::Contains("no fonds with id no-such"));
  CHECK_FALSE(std::filesystem::exists(data / "none.csv"));  // nothing half-written is left
}

TEST_CASE("an XLSX workbook goes through the same rows: export, import, problems by cell", "[sheets][xlsx]") {
  TempDir data;
  import_small(data);
  const std::string csv = monjo::test::exported(data.path(), "csv");
  auto x = run_monjo({"--data", data.path(), "export", "--format", "xlsx", "--out", data / "catalog.xlsx"});
  INFO(x.err);
  REQUIRE(x.status == 0);
  TempDir fresh;
  auto in = run_monjo({"--data", fresh.path(), "import", data / "catalog.xlsx"});
  INFO(in.err);
  REQUIRE(in.status == 0);
  CHECK(monjo::test::exported(fresh.path(), "csv") == csv);

  // Problems name the worksheet's cell.
  {
    std::ofstream out(data / "bad.xlsx", std::ios::binary);
    auto sink = monjo::indexer::formats::xlsx_sink(out, "Sheet1");
    sink->row({"ID", "標題", "丁数", "棚番号", "公開区分"});
    sink->row({"fx-v1", "a", "1-x", "", ""});
    sink->row({"fx-v2", "b", "", "", "秘密"});
    sink->finish();
  }
  const std::string before = monjo::test::exported(data.path());
  auto bad = run_monjo({"--data", data.path(), "import", data / "bad.xlsx"});
  CHECK(bad.status == 1);
  CHECK_THAT(bad.err, Catch::Contains(data / "bad.xlsx:Sheet1!D1: unknown column \"棚番号\""));
  CHECK_THAT(bad.err, Catch::Contains(data / "bad.xlsx:Sheet1!C2: record fx-v1: pages: \"1-x\" is not a page range"));
  CHECK_THAT(bad.err, Catch::Contains(data / "bad.xlsx:Sheet1!E3: record fx-v2: access: unknown access \"秘密\""));
  CHECK(monjo::test::exported(data.path()) == before);

  // The template as a workbook, with its parent filled in.
  auto t = run_monjo({"template", "--format", "xlsx", "--out", data / "template.xlsx"});
  REQUIRE(t.status == 0);
  auto bare = run_monjo({"--data", data.path(), "import", data / "template.xlsx"});
  CHECK(bare.status == 1);
  CHECK_THAT(bare.err, Catch::Contains(data / "template.xlsx:目録!B2: a new volume needs a parent"));
}
