// `monjo import` and `monjo export` as an archivist uses them: the real binary on a
// real data directory. Bad input gets `file:line: message`, a non-zero exit, and
// leaves the catalog byte-for-byte as it was.
#include <catch2/catch.hpp>

#include <regex>

#include "tests/integration/harness.h"

using monjo::test::fixture;
using monjo::test::read_file;
using monjo::test::run_monjo;
using monjo::test::TempDir;
using monjo::test::write_file;

namespace {

}  // namespace

TEST_CASE("importing the small catalog prints its record counts and is idempotent", "[import]") {
  TempDir data;
  auto first = run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")});
  INFO(first.err);
  REQUIRE(first.status == 0);
  CHECK_THAT(first.out, Catch::Contains("catalog: "));
  std::smatch m;
  REQUIRE(std::regex_search(first.out, m, std::regex("catalog: (\\d+) records")));
  std::string count = m[1];
  CHECK(std::stoi(count) > 10);

  auto again = run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")});
  REQUIRE(again.status == 0);
  CHECK_THAT(again.out, Catch::Contains("catalog: " + count + " records"));
}

TEST_CASE("Shift_JIS and EUC-JP files import to the same catalog as UTF-8", "[import][encoding]") {
  for (const char* name : {"catalog/small-sjis.xml", "catalog/small-eucjp.xml"}) {
    TempDir data;
    auto r = run_monjo({"--data", data.path(), "import", fixture(name)});
    INFO(name << ": " << r.err);
    REQUIRE(r.status == 0);
    std::string exported = monjo::test::exported(data.path());
    CHECK_THAT(exported, Catch::Contains("町會議事録綴"));
    CHECK_THAT(exported, Catch::Contains("縣廳往復文書"));
    TempDir utf8;
    REQUIRE(run_monjo({"--data", utf8.path(), "import", fixture("catalog/small.xml")}).status == 0);
    CHECK(exported == monjo::test::exported(utf8.path()));
  }
}

TEST_CASE("export then import reproduces the same catalog", "[import][export]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  std::string first = monjo::test::exported(data.path());
  CHECK_THAT(first, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  CHECK_THAT(first, Catch::Contains("<location>"));  // staff fields are exported too

  TempDir again;
  write_file(again / "export.xml", first);
  auto r = run_monjo({"--data", again.path(), "import", again / "export.xml"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(monjo::test::exported(again.path()) == first);
}

TEST_CASE("export of one fonds, and of an unknown fonds", "[export]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  auto one = run_monjo({"--data", data.path(), "export", "--fonds", "fx-sagamihara"});
  CHECK(one.status == 0);
  CHECK_THAT(one.out, Catch::Contains("id=\"fx-sagamihara\""));
  auto none = run_monjo({"--data", data.path(), "export", "--fonds", "no-such-fonds"});
  CHECK(none.status != 0);
  CHECK_THAT(none.err, Catch::Contains("no-such-fonds"));
}

TEST_CASE("export without a catalog says how to make one", "[export]") {
  TempDir data;
  auto r = run_monjo({"--data", data.path(), "export"});
  CHECK(r.status != 0);
  CHECK_THAT(r.err, Catch::Contains("monjo import"));
}

TEST_CASE("every bad input is refused with file:line and changes nothing", "[import][bad-input]") {
  struct Case {
    const char* file;
    int line;
    const char* says;
  };
  // The line is where the problem is (tests/fixtures/bad/README.md).
  const Case cases[] = {
      {"malformed.xml", 6, "titel"},
      {"truncated.xml", 8, "truncated"},
      {"xxe.xml", 2, "DOCTYPE"},
      {"billion-laughs.xml", 2, "DOCTYPE"},
      {"external-dtd.xml", 2, "DOCTYPE"},
      {"wrong-namespace.xml", 2, "namespace"},
      {"unknown-element.xml", 9, "shelfMark"},
      {"bad-id.xml", 5, "bad/v1 2"},
      {"duplicate-id.xml", 13, "bad-v1-001"},
      {"bad-status.xml", 9, "secret"},
      {"showa65.xml", 8, "昭和65年"},
      {"feb30.xml", 8, "2月30日"},
      {"bad-normal.xml", 8, "1955-13"},
      {"duplicate-callnumber.xml", 15, "歴B-0001"},
      {"wrong-order.xml", 7, "date"},
  };
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  std::string before_bytes = read_file(data / "catalog.sqlite");
  std::string before_dump = monjo::test::exported(data.path());
  for (const auto& c : cases) {
    std::string path = fixture(std::string("bad/") + c.file);
    auto r = run_monjo({"--data", data.path(), "import", path});
    INFO(c.file << " → " << r.err);
    CHECK(r.status != 0);
    std::smatch m;
    std::string first_line = r.err.substr(0, r.err.find('\n'));
    REQUIRE(std::regex_search(
        first_line, m,
        std::regex("^" + std::regex_replace(path, std::regex("[.^$|()\\[\\]{}*+?\\\\]"), "\\$&") + ":(\\d+): (.+)$")));
    if (c.line > 0) CHECK(std::stoi(m[1]) == c.line);
    CHECK(std::stoi(m[1]) > 0);
    CHECK_THAT(std::string(m[2]), Catch::Contains(c.says));
    CHECK(r.err.find("passwd") == std::string::npos);
    CHECK(read_file(data / "catalog.sqlite") == before_bytes);
    CHECK(monjo::test::exported(data.path()) == before_dump);
  }
}

TEST_CASE("a file over the size limit is refused before parsing", "[import][bad-input]") {
  TempDir data;
  std::string big = "<?xml version=\"1.0\"?>\n<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n";
  big += "<!--" + std::string(2 * 1024 * 1024, 'x') + "-->\n</catalog>\n";
  write_file(data / "big.xml", big);
  auto r = run_monjo({"--data", data.path(), "import", "--max-size", "1", data / "big.xml"});
  CHECK(r.status != 0);
  CHECK_THAT(r.err, Catch::StartsWith(data / "big.xml:1: file is 2 MiB, over the limit of 1 MiB"));
  auto e = run_monjo({"--data", data.path(), "export"});
  CHECK(e.out.find("<fonds") == std::string::npos);
}

TEST_CASE("a file in a wrong encoding is refused with its line", "[import][bad-input]") {
  TempDir data;
  // Declared UTF-8, but the title is Shift_JIS bytes (相模原 = 91 8A 96 CD 8C B4).
  std::string text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n"
      "  <fonds id=\"f\">\n    <title>\x91\x8a\x96\xcd\x8c\xb4</title>\n  </fonds>\n</catalog>\n";
  write_file(data / "wrong.xml", text);
  auto r = run_monjo({"--data", data.path(), "import", data / "wrong.xml"});
  CHECK(r.status != 0);
  CHECK_THAT(r.err, Catch::StartsWith(data / "wrong.xml:4: "));
}

TEST_CASE("of several files, one bad file keeps all of them out", "[import][bad-input]") {
  TempDir data;
  auto r = run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml"), fixture("bad/showa65.xml")});
  CHECK(r.status != 0);
  auto e = run_monjo({"--data", data.path(), "export"});
  CHECK(e.out.find("fx-sagamihara") == std::string::npos);
}

TEST_CASE("every subcommand prints --help", "[cli]") {
  for (const char* cmd : {"import", "export", "sample"}) {
    auto r = run_monjo({cmd, "--help"});
    INFO(cmd);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::Contains("--data"));
  }
}

TEST_CASE("the same id in two files of one import is refused and names both places", "[import][bad-input]") {
  TempDir data;
  write_file(data / "copy.xml", read_file(fixture("catalog/small.xml")));
  auto r = run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml"), data / "copy.xml"});
  CHECK(r.status != 0);
  CHECK_THAT(r.err, Catch::StartsWith(data / "copy.xml:"));
  CHECK_THAT(r.err,
             Catch::Contains("duplicate id \"fx-sagamihara\" (first used on " + fixture("catalog/small.xml") + ":"));
  auto e = run_monjo({"--data", data.path(), "export"});
  CHECK(e.out.find("fx-sagamihara") == std::string::npos);
}
