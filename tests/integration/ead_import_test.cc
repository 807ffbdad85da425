// `monjo import` of EAD finding aids (indexer/formats/ead_reader.cc, docs/interop.md):
// the real binary on the six finding aids of tests/fixtures/ead/ (SOURCES.md says
// where each comes from), monjo's own EAD3 export read back to the same records,
// and every refusal leaving the catalog as it was.
#include <catch2/catch.hpp>

#include "harness.h"

namespace {

using monjo::test::fixture;
using monjo::test::run_monjo;
using monjo::test::TempDir;
using monjo::test::write_file;

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

monjo::test::RunResult import(const std::string& data, const std::string& file) {
  return run_monjo({"--data", data, "import", file});
}

// A data directory holding tests/fixtures/catalog/small.xml, for refusals to leave alone.
struct Catalog {
  TempDir data;
  std::string before;
  Catalog() {
    auto r = import(data.path(), fixture("catalog/small.xml"));
    REQUIRE(r.status == 0);
    before = monjo::test::exported(data.path());
  }
  void unchanged() { CHECK(monjo::test::exported(data.path()) == before); }
};

const char* kHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ead xmlns=\"urn:isbn:1-931666-22-9\">\n"
    "<eadheader><eadid>test-aid</eadid></eadheader>\n";

}  // namespace

TEST_CASE("EAD 2002 from ArchivesSpace: the Ferris papers import as a fonds, a series and 17 volumes", "[ead]") {
  TempDir data;
  auto r = import(data.path(), fixture("ead/aspace-ferris-ead2002.xml"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("read:    19 records (fonds 1, series 1, volumes 17, items 0)") != std::string::npos);
  const std::string out = monjo::test::exported(data.path());
  // The fonds id is the archdesc's unitid, sanitized; components are prefixed with it.
  CHECK(out.find("<fonds id=\"MC-76\">") != std::string::npos);
  CHECK(out.find("<callNumber>MC 76</callNumber>") != std::string::npos);
  CHECK(out.find("<title>Isaac Ferris Papers</title>") != std::string::npos);
  CHECK(out.find("<series id=\"MC-76-ref26\">") != std::string::npos);
  // "Open for research without restrictions." says plainly open.
  CHECK(out.find("<access status=\"open\"/>") != std::string::npos);
  CHECK(out.find("status=\"review\"") == std::string::npos);
  CHECK(out.find("<date normal=\"1816/1816\">1816</date>") != std::string::npos);
}

TEST_CASE("EAD 2002 in Japanese from Columbia: titles, 和暦 dates and the review of its accessrestrict", "[ead]") {
  TempDir data;
  auto r = import(data.path(), fixture("ead/cul-10142303-ead2002-japanese.xml"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  // collection > series > item: the items sit directly in series, where the catalog
  // holds volumes only, so they are volumes.
  CHECK(r.out.find("read:    110 records (fonds 1, series 3, volumes 106, items 0)") != std::string::npos);
  CHECK(r.err.find("106 components of level \"item\" directly in a series or the fonds imported as volumes") !=
        std::string::npos);
  // Of its two <accessrestrict>, "located off-site" does not plainly say open.
  CHECK(r.err.find("1 component with <accessrestrict> imported as 要審査 (review)") != std::string::npos);

  auto s = run_monjo({"--data", data.path(), "search", "安城渡激戦之図"});
  REQUIRE(s.status == 0);
  CHECK(s.out.find("安城渡激戦之図 = Anjō no Watash gekisen no zu = A Fierce Battle at Anjo Ferry") !=
        std::string::npos);
  CHECK(s.out.find("明治27, Meiji 27 [1894] (1894)") != std::string::npos);

  const std::string out = monjo::test::exported(data.path());
  CHECK(out.find("<fonds id=\"10142303\">") != std::string::npos);
  CHECK(count(out, "status=\"review\"") == 1);
  CHECK(out.find("<access status=\"review\">EAD &lt;accessrestrict&gt;: &quot;This collection is located "
                 "off-site.&quot;</access>") != std::string::npos);
  // A typo in the text ("Meji 27") does not matter: @normal gives the interval.
  CHECK(out.find("<date normal=\"1894/1894\">明治27, Meji 27 [1894]</date>") != std::string::npos);
}

TEST_CASE("EAD 2002 in Hebrew from EHRI: a record group, a file and an item", "[ead]") {
  TempDir data;
  auto r = import(data.path(), fixture("ead/ehri-yv-m19-heb-ead2002.xml"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("read:    3 records (fonds 1, series 0, volumes 1, items 1)") != std::string::npos);
  const std::string out = monjo::test::exported(data.path());
  CHECK(out.find("<fonds id=\"m19\">") != std::string::npos);
  CHECK(out.find("<date normal=\"1940-01-01/1943-12-31\">") != std::string::npos);
}

TEST_CASE("EAD 2002 without a namespace (the kitchen sink): levels by position, 7 reviews", "[ead]") {
  TempDir data;
  auto r = import(data.path(), fixture("ead/saa-kitchen-sink-ead2002-c01-c04.xml"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("read:    72 records (fonds 1, series 15, volumes 56, items 0)") != std::string::npos);
  CHECK(r.err.find("7 components with <accessrestrict> imported as 要審査 (review)") != std::string::npos);
  CHECK(r.err.find("6 components of unknown or no @level ((none) ×1, \"otherlevel\" ×5) placed by position") !=
        std::string::npos);
  const std::string out = monjo::test::exported(data.path());
  CHECK(count(out, "status=\"review\"") == 7);
  CHECK(out.find("WRITTEN PERMISSION REQUIRED UNTIL JANUARY 1, 2041.") != std::string::npos);
}

TEST_CASE("EAD3 finding aids with empty components are refused, each one named by its line", "[ead]") {
  Catalog catalog;
  // Princeton's test EAD3 ends with a physical-holdings <dsc> whose components have
  // no title; the Minnesota one with an empty series and its empty child.
  auto r = import(catalog.data.path(), fixture("ead/saa-C1571-ead3.xml"));
  CHECK(r.status != 0);
  CHECK(r.err.find("saa-C1571-ead3.xml:594: component at line 594 has no <unittitle>") != std::string::npos);
  catalog.unchanged();

  r = import(catalog.data.path(), fixture("ead/saa-umn-naa213-ead3.xml"));
  CHECK(r.status != 0);
  CHECK(r.err.find("saa-umn-naa213-ead3.xml:671: component at line 671 has no <unittitle>") != std::string::npos);
  CHECK(r.err.find("saa-umn-naa213-ead3.xml:676: component at line 676 has no <unittitle>") != std::string::npos);
  catalog.unchanged();
}

TEST_CASE("importing a finding aid again replaces the same records (deterministic ids)", "[ead]") {
  TempDir data;
  for (const char* f : {"ead/aspace-ferris-ead2002.xml", "ead/saa-kitchen-sink-ead2002-c01-c04.xml"}) {
    INFO(f);
    REQUIRE(import(data.path(), fixture(f)).status == 0);
  }
  const std::string first = monjo::test::exported(data.path());
  for (const char* f : {"ead/aspace-ferris-ead2002.xml", "ead/saa-kitchen-sink-ead2002-c01-c04.xml"}) {
    auto r = import(data.path(), fixture(f));
    REQUIRE(r.status == 0);
    CHECK(r.err.find("moved here") == std::string::npos);
  }
  auto r = import(data.path(), fixture("ead/aspace-ferris-ead2002.xml"));
  CHECK(r.out.find("catalog: 91 records (fonds 2, series 16, volumes 73, items 0)") != std::string::npos);
  CHECK(monjo::test::exported(data.path()) == first);
}

TEST_CASE("monjo's EAD3 export imports into a fresh catalog as the same records", "[ead]") {
  Catalog original;
  TempDir files;
  auto e = run_monjo({"--data", original.data.path(), "export", "--format", "ead3", "--fonds", "fx-sagamihara"});
  REQUIRE(e.status == 0);
  write_file(files / "finding-aid.xml", e.out);

  TempDir fresh;
  auto r = import(fresh.path(), files / "finding-aid.xml");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("read:    20 records (fonds 1, series 3, volumes 4, items 12)") != std::string::npos);
  // Every field of every record, staff ones included: ids, levels, parents, order,
  // titles, dates (text and @normal), access with grounds, review dates and reasons.
  CHECK(monjo::test::exported(fresh.path()) == original.before);
}

TEST_CASE("lines of a field are paragraphs of the EAD3 export and come back as lines", "[ead]") {
  TempDir data, files;
  write_file(files / "lines.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n"
             "  <fonds id=\"fx-lines\"><title>行の出所</title>\n"
             "    <history>第一段落。\n第二段落。</history>\n"
             "    <description>説明のみ。</description>\n"
             "    <volume id=\"fx-lines-v1\"><title>簿冊</title><date>昭和30年</date>"
             "<note>一行目\n二行目</note></volume>\n"
             "  </fonds>\n"
             "</catalog>\n");
  REQUIRE(import(data.path(), files / "lines.xml").status == 0);
  const std::string before = monjo::test::exported(data.path());
  auto e = run_monjo({"--data", data.path(), "export", "--format", "ead3"});
  REQUIRE(e.status == 0);
  CHECK(e.out.find("<p>第一段落。</p>") != std::string::npos);
  write_file(files / "lines-ead3.xml", e.out);
  TempDir fresh;
  auto r = import(fresh.path(), files / "lines-ead3.xml");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(monjo::test::exported(fresh.path()) == before);
}

TEST_CASE("an EAD file with a DOCTYPE is refused before it is parsed", "[ead]") {
  Catalog catalog;
  TempDir files;
  write_file(files / "secret.txt", "SECRET-XXE-MARKER");
  write_file(files / "xxe.xml", std::string("<?xml version=\"1.0\"?>\n") +
                                    "<!DOCTYPE ead [<!ENTITY xxe SYSTEM \"file://" + (files / "secret.txt") +
                                    "\">]>\n"
                                    "<ead xmlns=\"urn:isbn:1-931666-22-9\"><archdesc level=\"fonds\"><did>"
                                    "<unitid>x1</unitid><unittitle>&xxe;</unittitle></did></archdesc></ead>\n");
  auto r = import(catalog.data.path(), files / "xxe.xml");
  CHECK(r.status != 0);
  CHECK(r.err.find("xxe.xml:2: DOCTYPE declarations are not allowed in an EAD file") != std::string::npos);
  CHECK(r.err.find("SECRET-XXE-MARKER") == std::string::npos);
  catalog.unchanged();
  CHECK(monjo::test::exported(catalog.data.path()).find("SECRET-XXE-MARKER") == std::string::npos);
}

TEST_CASE("EAD components of unknown level are placed by position, with a note", "[ead]") {
  TempDir data, files;
  write_file(files / "levels.xml",
             std::string(kHead) +
                 "<archdesc level=\"collection\"><did><unittitle>出所</unittitle>"
                 "<unitdate>明治27年</unitdate></did>\n"
                 "<dsc>\n"
                 "<c level=\"otherlevel\" otherlevel=\"box\"><did><unittitle>箱</unittitle></did>\n"
                 "  <c level=\"otherlevel\"><did><unittitle>冊</unittitle></did>\n"
                 "    <c><did><unittitle>件</unittitle></did></c>\n"
                 "  </c>\n"
                 "</c>\n"
                 "<c><did><unittitle>単独</unittitle></did></c>\n"
                 "</dsc></archdesc></ead>\n");
  auto r = import(data.path(), files / "levels.xml");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("read:    5 records (fonds 1, series 2, volumes 2, items 0)") != std::string::npos);
  CHECK(r.err.find("4 components of unknown or no @level ((none) ×2, \"otherlevel\" ×2) placed by position") !=
        std::string::npos);
  const std::string out = monjo::test::exported(data.path());
  // No unitid: the fonds id is the eadid; components get the path of their positions.
  CHECK(out.find("<fonds id=\"test-aid\">") != std::string::npos);
  CHECK(out.find("<series id=\"test-aid-1\">") != std::string::npos);
  CHECK(out.find("<series id=\"test-aid-1-1\">") != std::string::npos);
  CHECK(out.find("<volume id=\"test-aid-1-1-1\">") != std::string::npos);
  CHECK(out.find("<volume id=\"test-aid-2\">") != std::string::npos);
  // A 和暦 date without @normal goes through the catalog's date parser.
  auto s = run_monjo({"--data", data.path(), "search", "出所"});
  CHECK(s.out.find("明治27年 (1894)") != std::string::npos);
}

TEST_CASE("EAD nested deeper than the catalog's levels is flattened into the volume, with notes", "[ead]") {
  TempDir data, files;
  write_file(files / "deep.xml", std::string(kHead) +
                                     "<archdesc level=\"fonds\"><did><unitid>deep</unitid><unittitle>出所</unittitle>"
                                     "</did><dsc>\n"
                                     "<c01 level=\"series\"><did><unittitle>系列</unittitle></did>\n"
                                     " <c02 level=\"subseries\"><did><unittitle>小系列</unittitle></did>\n"
                                     "  <c03 level=\"file\"><did><unittitle>簿冊</unittitle></did>\n"
                                     "   <c04 level=\"item\"><did><unittitle>件一</unittitle></did>\n"
                                     "    <c05 level=\"item\"><did><unittitle>件一の一</unittitle></did></c05>\n"
                                     "   </c04>\n"
                                     "   <c04 level=\"item\"><did><unittitle>件二</unittitle></did></c04>\n"
                                     "  </c03>\n"
                                     " </c02>\n"
                                     "</c01>\n"
                                     "</dsc></archdesc></ead>\n");
  auto r = import(data.path(), files / "deep.xml");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("read:    7 records (fonds 1, series 2, volumes 1, items 3)") != std::string::npos);
  CHECK(r.err.find("1 component nested in an item imported as items of the same volume (flattened)") !=
        std::string::npos);
  const std::string out = monjo::test::exported(data.path());
  // The item of the item follows it in the volume, in document order.
  const auto first = out.find("<item id=\"deep-1-1-1-1\">");
  const auto nested = out.find("<item id=\"deep-1-1-1-1-1\">");
  const auto second = out.find("<item id=\"deep-1-1-1-2\">");
  CHECK(first < nested);
  CHECK(nested < second);
  CHECK(second != std::string::npos);
}

TEST_CASE("an EAD <accessrestrict> opens a record only when it plainly says open", "[ead]") {
  TempDir data, files;
  const std::string long_text(300, 'x');
  auto c = [](const std::string& n, const std::string& text) {
    return "<c level=\"file\"><did><unitid>" + n + "</unitid><unittitle>簿冊" + n +
           "</unittitle></did><accessrestrict><head>Restrictions on access</head><p>" + text +
           "</p></accessrestrict></c>\n";
  };
  write_file(files / "access.xml",
             std::string(kHead) +
                 "<archdesc level=\"fonds\"><did><unitid>acc</unitid><unittitle>出所</unittitle></did><dsc>\n" +
                 c("a1", "This collection is open for research.") + c("a2", "Closed until 2030; open thereafter.") +
                 c("a3", "公開") + c("a4", "非公開") + c("a5", "No restrictions.") +
                 c("a6", "Open, except for student records.") + c("a7", long_text) +
                 "<c level=\"file\"><did><unitid>a8</unitid><unittitle>述べず</unittitle></did></c>\n"
                 "</dsc></archdesc></ead>\n");
  auto r = import(data.path(), files / "access.xml");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.find("4 components with <accessrestrict> imported as 要審査 (review)") != std::string::npos);
  const std::string out = monjo::test::exported(data.path());
  auto access_of = [&](const std::string& id) {
    const auto at = out.find("<volume id=\"acc-" + id + "\">");
    const auto end = out.find("</volume>", at);
    const std::string rec = out.substr(at, end - at);
    const auto a = rec.find("<access");
    return a == std::string::npos ? std::string("none") : rec.substr(a, rec.find('>', a) - a + 1);
  };
  CHECK(access_of("a1") == "<access status=\"open\"/>");
  CHECK(access_of("a2") == "<access status=\"review\">");
  CHECK(access_of("a3") == "<access status=\"open\"/>");
  CHECK(access_of("a4") == "<access status=\"review\">");
  CHECK(access_of("a5") == "<access status=\"open\"/>");
  CHECK(access_of("a6") == "<access status=\"review\">");
  CHECK(access_of("a7") == "<access status=\"review\">");
  CHECK(access_of("a8") == "none");  // states nothing: inherits the fonds'
  // The reason quotes the first 200 characters.
  CHECK(out.find("EAD &lt;accessrestrict&gt;: &quot;" + std::string(200, 'x') + "…&quot;") != std::string::npos);
  CHECK(out.find("&quot;Closed until 2030; open thereafter.&quot;") != std::string::npos);
}

TEST_CASE("EAD components without a title are refused, all of them in one run", "[ead]") {
  Catalog catalog;
  TempDir files;
  write_file(files / "untitled.xml", std::string(kHead) +
                                         "<archdesc level=\"fonds\"><did><unittitle>出所</unittitle></did><dsc>\n"
                                         "<c level=\"series\"><did><unitid>s1</unitid></did>\n"
                                         "  <c level=\"file\"><did><unittitle/></did></c>\n"
                                         "</c>\n"
                                         "<c level=\"file\"><did><unittitle>ある</unittitle></did></c>\n"
                                         "</dsc></archdesc></ead>\n");
  auto r = import(catalog.data.path(), files / "untitled.xml");
  CHECK(r.status != 0);
  CHECK(r.err.find("untitled.xml:5: component at line 5 has no <unittitle>") != std::string::npos);
  CHECK(r.err.find("untitled.xml:6: component at line 6 has no <unittitle>") != std::string::npos);
  catalog.unchanged();
}

TEST_CASE("an EAD file that is not well-formed is refused with its line", "[ead]") {
  Catalog catalog;
  TempDir files;
  write_file(files / "broken.xml", std::string(kHead) +
                                       "<archdesc level=\"fonds\"><did><unittitle>出所</unittitle></did>\n"
                                       "<dsc><c level=\"file\"><did><unittitle>簿冊</unittitle></did>\n"
                                       "</dsc></archdesc></ead>\n");
  auto r = import(catalog.data.path(), files / "broken.xml");
  CHECK(r.status != 0);
  CHECK(r.err.find("broken.xml:6: ") != std::string::npos);
  catalog.unchanged();

  // Cut short: the message says so.
  write_file(files / "cut.xml", std::string(kHead) + "<archdesc level=\"fonds\"><did><unittitle>出所</unittitle>");
  r = import(catalog.data.path(), files / "cut.xml");
  CHECK(r.status != 0);
  CHECK(r.err.find("cut.xml:4: ") != std::string::npos);
  CHECK(r.err.find("(the file does not end with </ead>: is it truncated?)") != std::string::npos);
  catalog.unchanged();
}
