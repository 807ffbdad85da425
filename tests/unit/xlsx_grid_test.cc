// The XLSX container of indexer/formats/sheet_grid.h: a workbook written by
// xlsx_sink reads back identical through open_xlsx, and broken or hostile
// workbooks (built here with Poco::Zip, so no binary fixtures) are refused with the
// file and a clear message.
#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "archive/base/errors.h"
#include "indexer/formats/sheet_grid.h"
#include "tests/unit/test_support.h"

using monjo::archive::InputError;
using monjo::indexer::formats::GridSource;
using monjo::indexer::formats::looks_like_zip;
using monjo::indexer::formats::open_xlsx;
using monjo::indexer::formats::ReadOptions;
using monjo::indexer::formats::xlsx_sink;

namespace {

using Rows = std::vector<std::pair<long, std::vector<std::string>>>;

Rows read_all(GridSource& source) {
  Rows rows;
  std::vector<std::string> cells;
  long row = 0;
  while (source.next(cells, row)) rows.emplace_back(row, cells);
  return rows;
}

Rows read_file(const std::string& path, const ReadOptions& options = {}) {
  auto source = open_xlsx(path, options);
  return read_all(*source);
}

using Entries = std::vector<std::pair<std::string, std::string>>;

// `store`: the entries uncompressed, so that a test can edit their bytes.
void write_zip(const std::string& path, const Entries& entries, bool store = false) {
  std::ofstream out(path, std::ios::binary);
  Poco::Zip::Compress zip(out, true);
  for (const auto& [name, text] : entries) {
    std::istringstream in(text);
    zip.addFile(in, Poco::DateTime(), Poco::Path(name, Poco::Path::PATH_UNIX),
                store ? Poco::Zip::ZipCommon::CM_STORE : Poco::Zip::ZipCommon::CM_DEFLATE);
  }
  zip.close();
}

const std::string kDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const std::string kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const std::string kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string sheet_xml(const std::string& rows) {
  return kDecl + "<worksheet xmlns=\"" + kMain + "\"><sheetData>" + rows + "</sheetData></worksheet>";
}

// A workbook as Excel lays it out: the package, the workbook naming `sheet_name`,
// its relationships (with shared strings), the sheet and the shared strings.
Entries workbook(const std::string& sheet, const std::string& strings = {}, const std::string& sheet_name = "Sheet1") {
  Entries e = {
      {"[Content_Types].xml",
       kDecl + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
               "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
               "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"},
      {"_rels/.rels", kDecl +
                          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                          "<Relationship Id=\"rId1\" Type=\"" +
                          kRel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", kDecl + "<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" + kRel + "\"><sheets><sheet name=\"" +
                              sheet_name + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       kDecl +
           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
           "<Relationship Id=\"rId1\" Type=\"" +
           kRel +
           "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
           "<Relationship Id=\"rId3\" Type=\"" +
           kRel +
           "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
           "</Relationships>"},
  };
  if (!sheet.empty()) e.emplace_back("xl/worksheets/sheet1.xml", sheet);
  if (!strings.empty()) e.emplace_back("xl/sharedStrings.xml", strings);
  return e;
}

std::string sst(const std::string& items) {
  return kDecl + "<sst xmlns=\"" + kMain + "\">" + items + "</sst>";
}

// The refusal open_xlsx and reading the sheet to its end throw.
InputError refusal(const std::string& path) {
  try {
    read_file(path);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no InputError for " << path);
  return InputError("");
}

}  // namespace

TEST_CASE("xlsx: a workbook written by xlsx_sink reads back cell for cell", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "book.xlsx").string();
  std::vector<std::vector<std::string>> written = {
      {"id", "title", "date", "notes"},
      {"f1", "町村合併関係綴 𠮷田家文書", "", "一行目\n二行目"},
      {"f1-001", "A & B <c> \"d\" 'e'", "昭和30年", ""},
      {"", "", "", ""},  // an empty row: not read back
      {"f1-002", "  spaces kept  ", "", "tab\there, cr\r\nlf, _x0041_ literal"},
  };
  for (int i = 0; i < 1000; ++i) {
    written.push_back({"s-" + std::to_string(i), "件名 " + std::to_string(i), i % 3 == 0 ? "" : "1990", ""});
  }
  {
    std::ofstream out(path, std::ios::binary);
    auto sink = xlsx_sink(out, "細目録");
    for (const auto& row : written) sink->row(row);
    sink->finish();
  }
  std::ifstream in(path, std::ios::binary);
  std::string head(4, '\0');
  in.read(head.data(), 4);
  CHECK(looks_like_zip(head));
  // The parts of a minimal SpreadsheetML package, and no folder items.
  in.seekg(0);
  const Poco::Zip::ZipArchive archive(in);
  std::vector<std::string> parts;
  for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) parts.push_back(it->first);
  CHECK(parts == std::vector<std::string>{"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
                                          "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"});

  auto source = open_xlsx(path, {});
  CHECK(source->sheet() == "細目録");
  CHECK(source->total() == std::filesystem::file_size(path));
  const Rows rows = read_all(*source);
  CHECK(source->done() == source->total());

  Rows expected;
  for (size_t i = 0; i < written.size(); ++i) {
    auto cells = written[i];
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    if (!cells.empty()) expected.emplace_back(static_cast<long>(i + 1), cells);
  }
  REQUIRE(rows.size() == 1004);
  CHECK(rows == expected);
}

TEST_CASE("xlsx: xlsx_sink leaves out what XML cannot hold and names the sheet as Excel allows", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "book.xlsx").string();
  {
    std::ofstream out(path, std::ios::binary);
    auto sink = xlsx_sink(out, "a/b:c");
    sink->row({"h"});
    sink->row({std::string("bell\x07 nul") + '\0' + "end \xff"});
    sink->finish();
  }
  auto source = open_xlsx(path, {});
  CHECK(source->sheet() == "a_b_c");
  CHECK(read_all(*source) == Rows{{1, {"h"}}, {2, {"bell nulend "}}});
}

TEST_CASE("xlsx: sheet() is the first worksheet's name in the workbook", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "named.xlsx").string();
  write_zip(path, workbook(sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"), {},
                           "目録 2024"));
  auto source = open_xlsx(path, {});
  CHECK(source->sheet() == "目録 2024");
}

TEST_CASE("xlsx: the first visible worksheet in tab order is read, wherever its part is", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "tabs.xlsx").string();
  Entries entries = workbook(sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>sheet1</t></is></c></row>"));
  entries[2].second = kDecl + "<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" + kRel +
                      "\"><sheets>"
                      "<sheet name=\"lists\" sheetId=\"3\" state=\"hidden\" r:id=\"rId1\"/>"
                      "<sheet name=\"細目録\" sheetId=\"2\" r:id=\"rId2\"/>"
                      "<sheet name=\"other\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  entries[3].second = kDecl +
                      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                      "<Relationship Id=\"rId1\" Type=\"" +
                      kRel +
                      "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                      "<Relationship Id=\"rId2\" Type=\"" +
                      kRel + "/worksheet\" Target=\"/xl/worksheets/../worksheets/sheet2.xml\"/></Relationships>";
  entries.emplace_back("xl/worksheets/sheet2.xml",
                       sheet_xml("<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>sheet2</t></is></c></row>"));
  write_zip(path, entries);
  auto source = open_xlsx(path, {});
  CHECK(source->sheet() == "細目録");
  CHECK(read_all(*source) == Rows{{3, {"", "sheet2"}}});
}

TEST_CASE("xlsx: cells are placed by their references, numbers as Excel shows them", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "cells.xlsx").string();
  write_zip(path,
            workbook(sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
                               "<row r=\"2\"><c r=\"A2\" s=\"1\"/><c r=\"B2\"><v></v></c></row>"
                               "<row r=\"5\"><c r=\"B5\"><v>12.0</v></c><c r=\"C5\"><v>1.2E1</v></c>"
                               "<c r=\"D5\"><v>0.5</v></c><c r=\"E5\" t=\"b\"><v>1</v></c>"
                               "<c r=\"F5\" t=\"str\"><f>A1</f><v>id</v></c><c r=\"G5\"><v>32874</v></c>"
                               "<c r=\"H5\"><v>0.30000000000000004</v></c></row>"
                               "<row r=\"6\"><c t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r></is></c>"
                               "<c t=\"inlineStr\"><is><t>改行_x000D_あり_x0000__x005F_x0041_</t></is></c></row>"),
                     sst("<si><t>id</t></si><si><t>title</t></si>")));
  const Rows rows = read_file(path);
  CHECK(rows == Rows{{1, {"id", "", "title"}},
                     {5, {"", "12", "12", "0.5", "TRUE", "id", "32874", "0.3"}},
                     {6, {"inline", "改行\rあり_x0041_"}}});
}

TEST_CASE("xlsx: a rich-text shared string is its runs without the phonetic readings", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "rich.xlsx").string();
  write_zip(
      path,
      workbook(sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                         "<c r=\"C1\" t=\"inlineStr\"><is><t>西</t><rPh sb=\"0\" eb=\"1\"><t>ニシ</t></rPh></is></c>"
                         "</row>"),
               sst("<si><r><rPr><b/></rPr><t>東京</t></r><r><t xml:space=\"preserve\">都 </t></r>"
                   "<rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
                   "<si><t>山田</t><rPh sb=\"0\" eb=\"2\"><t>ヤマダ</t></rPh></si>")));
  CHECK(read_file(path) == Rows{{1, {"東京都 ", "山田", "西"}}});
}

TEST_CASE("xlsx: a shared string index out of range is a problem at its cell, the cell empty", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "strings.xlsx").string();
  write_zip(path,
            workbook(sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                               "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>7</v></c></row>"),
                     sst("<si><t>only</t></si>")));
  const std::string message = "the cell refers to shared string 7, but the workbook's table has 1 string";
  SECTION("without a problem list, it is thrown") {
    const InputError e = refusal(path);
    CHECK(e.what() == message);
    CHECK(e.file() == path);
    CHECK(e.place() == "Sheet1!B2");
    CHECK(e.where_what() == path + ":Sheet1!B2: " + message);
  }
  SECTION("with one, reading goes on") {
    monjo::archive::Problems problems;
    ReadOptions options;
    options.problems = &problems;
    CHECK(read_file(path, options) == Rows{{1, {"only"}}, {2, {"only"}}});
    REQUIRE(problems.count() == 1);
    try {
      problems.raise();
    } catch (const InputError& e) {
      CHECK(e.where_what() == path + ":Sheet1!B2: " + message);
    }
  }
}

TEST_CASE("xlsx: a file that is not a zip archive is refused", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "text.xlsx").string();
  std::ofstream(path) << "id,title\nf1,題\n";
  const InputError e = refusal(path);
  CHECK(e.what() == std::string("the file is not an XLSX workbook (not a zip archive)"));
  CHECK(e.file() == path);
  CHECK(e.line() == 1);
  CHECK_FALSE(looks_like_zip("id,title\n"));
  CHECK_FALSE(looks_like_zip("PK"));
}

TEST_CASE("xlsx: a zip cut short is refused", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "cut.xlsx").string();
  write_zip(path, workbook(sheet_xml("")));
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  const InputError e = refusal(path);
  CHECK(e.what() ==
        std::string("the file is not an XLSX workbook (the zip archive has no central directory: is it truncated?)"));
  CHECK(e.file() == path);
}

TEST_CASE("xlsx: a zip bomb is refused before it is inflated", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "bomb.xlsx").string();
  // 50 MB of zeros deflate to some 50 KB: 1000:1.
  write_zip(path, workbook(sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") + std::string(50'000'000, ' ')));
  const InputError e = refusal(path);
  CHECK(std::string(e.what()).find("the zip entry xl/worksheets/sheet1.xml is compressed ") == 0);
  CHECK(std::string(e.what()).find(":1, over the limit of 200:1 (a zip bomb?)") != std::string::npos);
  CHECK(e.file() == path);
}

TEST_CASE("xlsx: an entry that inflates past its declared size is stopped", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "liar.xlsx").string();
  const std::string sheet = sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") + std::string(100'000, ' ');
  write_zip(path, workbook(sheet));
  // Declare 100 bytes for the sheet, in its local header and in the central directory.
  std::string zip;
  {
    std::ifstream in(path, std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string name = "xl/worksheets/sheet1.xml";
  int patched = 0;
  for (size_t at = zip.find(name); at != std::string::npos; at = zip.find(name, at + 1)) {
    const bool local = zip.compare(at - 30, 4, "PK\3\4") == 0;
    const bool central = zip.compare(at - 46, 4, "PK\1\2") == 0;
    if (!local && !central) continue;
    const size_t size_at = local ? at - 30 + 22 : at - 46 + 24;
    zip[size_at] = 100;
    zip[size_at + 1] = zip[size_at + 2] = zip[size_at + 3] = 0;
    ++patched;
  }
  REQUIRE(patched == 2);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << zip;
  const InputError e = refusal(path);
  CHECK(e.what() == std::string("the zip entry xl/worksheets/sheet1.xml inflates to more than its declared 100 bytes "
                                "(a zip bomb?)"));
  CHECK(e.file() == path);
}

TEST_CASE("xlsx: an entry whose bytes do not match its CRC is refused", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "damaged.xlsx").string();
  write_zip(path, workbook(sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>original</t></is></c></row>")),
            true);
  std::string zip;
  {
    std::ifstream in(path, std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), {});
  }
  const size_t at = zip.find("original");
  REQUIRE(at != std::string::npos);
  zip.replace(at, 8, "modified");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << zip;
  const InputError e = refusal(path);
  CHECK(e.what() == std::string("the zip entry xl/worksheets/sheet1.xml is damaged: ZIP Exception: CRC failure"));
  CHECK(e.file() == path);
}

TEST_CASE("xlsx: a zip of too many entries is refused", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "many.xlsx").string();
  Entries entries = workbook(sheet_xml(""));
  for (int i = 0; i < 10'001; ++i) entries.emplace_back("xl/media/x" + std::to_string(i) + ".txt", "x");
  write_zip(path, entries);
  const InputError e = refusal(path);
  CHECK(e.what() == std::string("the zip archive has more than 10000 entries: it is not a workbook Excel writes"));
  CHECK(e.file() == path);
}

TEST_CASE("xlsx: a DOCTYPE in any part is refused and no entity is loaded", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string secret_path = (dir.path / "secret.txt").string();
  std::ofstream(secret_path) << "SECRET";
  const std::string doctype = "<!DOCTYPE worksheet [\n<!ENTITY xxe SYSTEM \"file://" + secret_path + "\">\n]>\n";
  const std::string path = (dir.path / "xxe.xlsx").string();
  std::string part;
  SECTION("the sheet") {
    part = "xl/worksheets/sheet1.xml";
    write_zip(path, workbook(kDecl + doctype + "<worksheet xmlns=\"" + kMain +
                             "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"
                             "</sheetData></worksheet>"));
  }
  SECTION("the shared strings") {
    part = "xl/sharedStrings.xml";
    write_zip(path, workbook(sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
                             kDecl + doctype + "<sst xmlns=\"" + kMain + "\"><si><t>&xxe;</t></si></sst>"));
  }
  SECTION("the workbook, after a long comment") {
    part = "xl/workbook.xml";
    Entries entries = workbook(sheet_xml(""));
    entries[2].second = kDecl + "<!-- " + std::string(1000, 'c') + " -->\n" + doctype + "<workbook xmlns=\"" + kMain +
                        "\"><sheets><sheet name=\"&xxe;\" sheetId=\"1\"/></sheets></workbook>";
    write_zip(path, entries);
  }
  SECTION("a prolog too long to look through") {
    part = "xl/worksheets/sheet1.xml";
    write_zip(path, workbook(kDecl + "<!-- " + std::string(70'000, 'c') + " -->\n" + "<worksheet/>"));
    const InputError e = refusal(path);
    CHECK(e.what() == std::string("the XML prolog is longer than 64 KiB"));
    CHECK(e.file() == path);
    CHECK(e.place() == part + ":2");
    return;
  }
  const InputError e = refusal(path);
  CHECK(e.what() == std::string("DOCTYPE declarations are not allowed (XXE)"));
  CHECK(e.file() == path);
  const long line = part == "xl/workbook.xml" ? 3 : 2;
  CHECK(e.line() == line);
  CHECK(e.where_what() ==
        path + ":" + part + ":" + std::to_string(line) + ": DOCTYPE declarations are not allowed (XXE)");
}

TEST_CASE("xlsx: a part that is not well-formed XML is refused at its line", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "broken.xlsx").string();
  write_zip(path, workbook(kDecl + "<worksheet xmlns=\"" + kMain +
                           "\">\n<sheetData>\n<row r=\"1\"><c r=\"A1\">"
                           "<v>1</v></row>\n</sheetData></worksheet>"));
  const InputError e = refusal(path);
  CHECK(std::string(e.what()).find("not well-formed XML") == 0);
  CHECK(e.file() == path);
  CHECK(e.place() == "xl/worksheets/sheet1.xml:4");
  CHECK(e.where_what() ==
        path + ":xl/worksheets/sheet1.xml:4: not well-formed XML: Opening and ending tag mismatch: c line 4 and row");
}

TEST_CASE("xlsx: a workbook without its worksheet part is refused", "[xlsx]") {
  monjo::test::TempDir dir;
  const std::string path = (dir.path / "empty.xlsx").string();
  write_zip(path, workbook(""));
  const InputError e = refusal(path);
  CHECK(e.what() == std::string("the workbook has no worksheet xl/worksheets/sheet1.xml"));
  CHECK(e.file() == path);
}
