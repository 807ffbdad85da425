// One run names every problem: `monjo import` reads a whole bad file (and the files
// after it) before refusing it, reports each problem as `file:line: message` in file
// and line order — up to 200, then "... and N more" — and changes nothing.
// `monjo import --check` validates and prints what an import would add, change and
// remove, by level and with ids, without changing anything.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/integration/harness.h"

using monjo::test::fixture;
using monjo::test::read_file;
using monjo::test::run_monjo;
using monjo::test::TempDir;
using monjo::test::write_file;

namespace {

// The small fixture with the text of the n-th <date> (0-based) replaced.
std::string with_dates(std::string xml, const std::vector<std::pair<int, std::string>>& replaced) {
  std::vector<size_t> starts;
  for (size_t at = xml.find("<date>"); at != std::string::npos; at = xml.find("<date>", at + 1)) starts.push_back(at);
  for (auto it = replaced.rbegin(); it != replaced.rend(); ++it) {
    const size_t open = starts.at(static_cast<size_t>(it->first)) + 6;
    const size_t close = xml.find("</date>", open);
    xml.replace(open, close - open, it->second);
  }
  return xml;
}

long lines_of(const std::string& text) {
  return static_cast<long>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("a file with three bad dates is refused once, with all three named in line order", "[import][errors]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  const std::string before = monjo::test::exported(data.path());
  const std::string bad = data.path() + "/three-bad-dates.xml";
  write_file(bad, with_dates(read_file(fixture("catalog/small.xml")),
                             {{2, "昭和65年"}, {4, "平成2年13月"}, {7, "2001-02-30"}}));
  auto r = run_monjo({"--data", data.path(), "import", bad});
  CHECK(r.status == 1);
  const std::regex line("three-bad-dates\\.xml:(\\d+): <date> of \"[^\"]+\": date \"([^\"]+)\"");
  std::vector<std::string> dates;
  long last_line = 0;
  for (std::sregex_iterator it(r.err.begin(), r.err.end(), line), end; it != end; ++it) {
    const long n = std::stol((*it)[1]);
    CHECK(n > last_line);
    last_line = n;
    dates.push_back((*it)[2]);
  }
  CHECK(dates == std::vector<std::string>{"昭和65年", "平成2年13月", "2001-02-30"});
  CHECK_THAT(r.err, Catch::Contains("昭和 ended in year 64"));
  CHECK_THAT(r.err, Catch::Contains("monjo: 3 problems; nothing was changed"));
  CHECK(monjo::test::exported(data.path()) == before);
  // --check says the same.
  auto check = run_monjo({"--data", data.path(), "import", "--check", bad});
  CHECK(check.status == 1);
  CHECK(check.err == r.err);
}

TEST_CASE("problems from several files come file by file, schema and rule problems together", "[import][errors]") {
  TempDir data;
  const std::string a = data.path() + "/a.xml";
  const std::string b = data.path() + "/b.xml";
  std::string xml = with_dates(read_file(fixture("catalog/small.xml")), {{1, "平成元年2月30日"}});
  // A schema problem too: an element the format does not have.
  const size_t title = xml.find("<title>", xml.find("<volume"));
  xml.insert(title, "<colour>赤</colour>");
  write_file(a, xml);
  std::string other = with_dates(read_file(fixture("catalog/small.xml")), {{0, "明治99年"}});
  write_file(b, std::regex_replace(other, std::regex("fx-"), "fy-"));
  auto r = run_monjo({"--data", data.path(), "import", a, b});
  CHECK(r.status == 1);
  const size_t in_a_date = r.err.find("a.xml:");
  const size_t in_a_schema = r.err.find("colour");
  const size_t in_b = r.err.find("b.xml:");
  CHECK(in_a_date != std::string::npos);
  CHECK(in_a_schema != std::string::npos);
  REQUIRE(in_b != std::string::npos);
  CHECK(in_a_schema < in_b);
  CHECK_THAT(r.err, Catch::Contains("明治99年"));
  CHECK_THAT(r.err, Catch::Contains("problems; nothing was changed"));
  CHECK_FALSE(std::filesystem::exists(data.path() + "/index/public"));
}

TEST_CASE("past 200 problems the rest are counted, not listed", "[import][errors]") {
  TempDir data;
  std::string xml = read_file(fixture("catalog/small.xml"));
  // 250 volumes with a bad date each, in one series.
  std::string volumes;
  for (int i = 0; i < 250; ++i) {
    volumes += "<volume id=\"bulk-" + std::to_string(i) + "\"><title>簿冊 " + std::to_string(i) +
               "</title><date>昭和70年</date></volume>\n";
  }
  const size_t series_end = xml.find("</series>");
  xml.insert(series_end, volumes);
  const std::string bad = data.path() + "/bulk.xml";
  write_file(bad, xml);
  auto r = run_monjo({"--data", data.path(), "import", bad});
  CHECK(r.status == 1);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 200 + 2);
  CHECK_THAT(r.err, Catch::Contains("... and 50 more"));
  CHECK_THAT(r.err, Catch::Contains("monjo: 250 problems; nothing was changed"));
}

TEST_CASE("import --check lists what an import would add, change and remove, and changes nothing",
          "[import][check]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  const std::string before = monjo::test::exported(data.path());
  std::string xml = read_file(fixture("catalog/small.xml"));
  // Change one title, remove the last item of the file, add a volume.
  const size_t t = xml.find("<title>", xml.find("id=\"fx-v1-001\""));
  xml.insert(t + 7, "訂正 ");
  const size_t last_item = xml.rfind("<item ");
  const size_t last_item_end = xml.find("</item>", last_item) + 7;
  const std::string removed = std::regex_replace(xml.substr(last_item, 60), std::regex("[\\s\\S]*id=\"([^\"]+)\"[\\s\\S]*"), "$1");
  xml.erase(last_item, last_item_end - last_item);
  xml.insert(xml.find("</series>"), "<volume id=\"fx-new-vol\"><title>新しい簿冊</title></volume>");
  const std::string edited = data.path() + "/edited.xml";
  write_file(edited, xml);

  auto r = run_monjo({"--data", data.path(), "import", "--check", edited});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("fonds fx-sagamihara"));
  CHECK_THAT(r.out, Catch::Contains("  add volume fx-new-vol\n"));
  CHECK_THAT(r.out, Catch::Contains("  change item fx-v1-001: title\n"));
  CHECK_THAT(r.out, Catch::Contains("  remove item " + removed + "\n"));
  CHECK_THAT(r.out, Catch::Contains("would add 1 records (fonds 0, series 0, volumes 1, items 0)"));
  CHECK_THAT(r.out, Catch::Contains("would change 1 records (fonds 0, series 0, volumes 0, items 1)"));
  CHECK_THAT(r.out, Catch::Contains("would remove 1 records (fonds 0, series 0, volumes 0, items 1)"));
  CHECK_THAT(r.out, Catch::Contains("nothing was changed"));
  CHECK(monjo::test::exported(data.path()) == before);
  auto audit = run_monjo({"--data", data.path(), "audit", "list", "--action", "catalog.import"});
  CHECK(lines_of(audit.out) <= 2);  // the first import only (and a header, if any)

  // A data directory with no catalog stays without one.
  TempDir empty;
  const std::string fresh = empty.path() + "/var";
  auto first = run_monjo({"--data", fresh, "import", "--check", fixture("catalog/small.xml")});
  REQUIRE(first.status == 0);
  CHECK_THAT(first.out, Catch::Contains("would add 20 records (fonds 1, series 3, volumes 4, items 12)"));
  CHECK_FALSE(std::filesystem::exists(fresh + "/catalog.sqlite"));
}
