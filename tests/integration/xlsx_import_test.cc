// Broken workbooks through `monjo import`, as an archivist would meet them: a file
// that is not a zip, a zip bomb, an XXE in a worksheet, a workbook without its sheet
// and bad cells. Each is refused with the file named, nothing is inflated that the
// checks refuse, no external entity is ever read, and the catalog stays byte for byte
// as it was. (The container's own cases in detail: tests/unit/xlsx_grid_test.cc.)
#include <catch2/catch.hpp>

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/integration/harness.h"

using monjo::test::fixture;
using monjo::test::run_monjo;
using monjo::test::TempDir;
using monjo::test::write_file;

namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

void write_zip(const std::string& path, const Entries& entries) {
  std::ofstream out(path, std::ios::binary);
  Poco::Zip::Compress zip(out, true);
  for (const auto& [name, text] : entries) {
    std::istringstream in(text);
    zip.addFile(in, Poco::DateTime(), Poco::Path(name, Poco::Path::PATH_UNIX), Poco::Zip::ZipCommon::CM_DEFLATE);
  }
  zip.close();
}

const std::string kDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const std::string kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const std::string kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

// A one-sheet workbook (the sheet part left out when `sheet` is empty).
Entries workbook(const std::string& sheet) {
  Entries e = {
      {"[Content_Types].xml",
       kDecl + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
               "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
               "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"},
      {"_rels/.rels", kDecl + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                              "<Relationship Id=\"rId1\" Type=\"" + kRel +
                          "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", kDecl + "<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" + kRel +
                              "\"><sheets><sheet name=\"目録\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       kDecl + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
               "<Relationship Id=\"rId1\" Type=\"" + kRel +
           "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
  };
  if (!sheet.empty()) e.emplace_back("xl/worksheets/sheet1.xml", sheet);
  return e;
}

std::string sheet(const std::string& rows, const std::string& prolog = {}) {
  return kDecl + prolog + "<worksheet xmlns=\"" + kMain + "\"><sheetData>" + rows + "</sheetData></worksheet>";
}

}  // namespace

TEST_CASE("broken workbooks are refused through monjo import and change nothing", "[xlsx][sheets]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  const std::string before = monjo::test::exported(data.path());
  const std::string header =
      "<row r=\"1\">" + cell("A1", "ID") + cell("B1", "標題") + cell("C1", "年月日") + "</row>";
  struct Case {
    const char* name;
    Entries entries;  // empty: `text` is written as it is
    std::string text;
    std::vector<std::string> expected;
  };
  const std::string secret = data.path() + "/secret.txt";
  write_file(secret, "SECRET-CONTENT-42");
  const std::vector<Case> cases = {
      {"not-a-zip.xlsx", {}, "これは表ではありません\n", {"not-a-zip.xlsx", "not an XLSX workbook (not a zip archive)"}},
      {"bomb.xlsx",
       workbook(sheet(header) + std::string(60'000'000, ' ')),
       {},
       {"bomb.xlsx", "xl/worksheets/sheet1.xml", "a zip bomb?"}},
      {"xxe.xlsx",
       workbook(sheet(header + "<row r=\"2\">" + cell("A2", "fx-v1-001") + cell("B2", "&xxe;") + "</row>",
                      "<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file://" + secret + "\">]>\n")),
       {},
       {"xxe.xlsx", "DOCTYPE declarations are not allowed"}},
      {"no-sheet.xlsx", workbook(""), {}, {"no-sheet.xlsx", "no worksheet"}},
      {"bad-cells.xlsx",
       workbook(sheet(header + "<row r=\"2\">" + cell("A2", "fx-v1-001") + cell("B2", "題") + cell("C2", "昭和65年") +
                      "</row><row r=\"3\">" + cell("A3", "fx-v1-002") + cell("B3", "題") +
                      cell("C3", "平成2年13月") + "</row>")),
       {},
       {"bad-cells.xlsx:目録!C2:", "昭和 ended in year 64", "bad-cells.xlsx:目録!C3:", "2 problems"}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const std::string path = data.path() + "/" + c.name;
    if (c.entries.empty()) {
      write_file(path, c.text);
    } else {
      write_zip(path, c.entries);
    }
    auto r = run_monjo({"--data", data.path(), "import", path});
    INFO(r.err);
    CHECK(r.status == 1);
    for (const auto& e : c.expected) CHECK_THAT(r.err, Catch::Contains(e));
    CHECK(r.err.find("SECRET-CONTENT-42") == std::string::npos);
    CHECK(monjo::test::exported(data.path()) == before);
  }
}
