// `monjo export --format ead3 [--fonds ID] [--public]` (README.md): the real binary on a
// data directory made by `monjo import tests/fixtures/catalog/small.xml`; every
// finding aid is validated with xmllint against the EAD3 1.1.1 schema kept in
// tests/fixtures/ead/schema/, and the public one must hold none of the withheld
// words of tests/fixtures/catalog/README.md.
#include <catch2/catch.hpp>

#include <regex>

#include "harness.h"

namespace {

using monjo::test::TempDir;

// Runs a program (no shell) and returns its exit status and stderr.
monjo::test::RunResult run_program(const std::vector<std::string>& args) {
  TempDir io;
  const std::string out_path = io / "out", err_path = io / "err";
  pid_t pid = fork();
  if (pid == 0) {
    FILE* out = freopen(out_path.c_str(), "w", stdout);
    FILE* err = freopen(err_path.c_str(), "w", stderr);
    if (!out || !err) _exit(127);
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int ws = 0;
  waitpid(pid, &ws, 0);
  monjo::test::RunResult r;
  r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
  r.out = monjo::test::read_file(out_path);
  r.err = monjo::test::read_file(err_path);
  return r;
}

// xmllint's verdict on one document against the EAD3 schema ("" when valid).
std::string ead3_schema_errors(const std::string& xml) {
  TempDir dir;
  monjo::test::write_file(dir / "ead.xml", xml);
  const auto r = run_program(
      {"xmllint", "--noout", "--nonet", "--schema", monjo::test::fixture("ead/schema/ead3.xsd"), dir / "ead.xml"});
  return r.status == 0 ? std::string() : r.err + " (exit " + std::to_string(r.status) + ")";
}

struct Catalog {
  TempDir data;
  Catalog() {
    auto r = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
  }
};

const std::string& data_dir() {
  static Catalog c;
  return c.data.path();
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

// The fixture README's "never public" and "withheld until review" markers, and the
// staff-only values that carry no marker (a location, a review date, a retention).
const std::vector<std::string> kWithheld = {
    "秘匿",     "秘匿題名",       "秘匿語甲", "秘匿人名", "理由秘匿", "理由解除",   "解除題名",
    "法人語己", "相模陸軍造兵廠", "審査語丙", "閉鎖語乙", "閉鎖人名", "書庫秘匿",   "状態秘匿",
    "注記秘匿", "保存秘匿",       "解除語戊", "解除人名", "第1書庫",  "2044-03-31", "保存期間"};

}  // namespace

TEST_CASE("the staff EAD3 export of the fixture is valid EAD3 and maps every level", "[ead3]") {
  const auto r = monjo::test::run_monjo({"--data", data_dir(), "export", "--format", "ead3"});
  REQUIRE(r.status == 0);
  INFO(r.err);
  CHECK(ead3_schema_errors(r.out).empty());

  CHECK(r.out.find("<ead xmlns=\"http://ead3.archivists.org/schema/\"") != std::string::npos);
  CHECK(r.out.find("audience=\"internal\"") != std::string::npos);
  CHECK(count(r.out, "<archdesc level=\"fonds\">") == 1);
  CHECK(count(r.out, "<c level=\"series\">") == 3);
  CHECK(count(r.out, "<c level=\"file\">") == 4);
  CHECK(count(r.out, "<c level=\"item\">") == 12);
  CHECK(count(r.out, "<unitid localtype=\"id\">") == 20);
  CHECK(r.out.find("<unitid localtype=\"callnumber\">歴F-0001</unitid>") != std::string::npos);
}

TEST_CASE("the staff EAD3 export carries what the catalog holds, in the EAD3 element for each", "[ead3]") {
  const auto r = monjo::test::run_monjo({"--data", data_dir(), "export", "--format", "ead3"});
  REQUIRE(r.status == 0);
  struct Row {
    const char* what;
    std::string fragment;
  };
  const std::vector<Row> rows = {
      {"control record id", "<recordid>fx-sagamihara</recordid>"},
      {"titlestmt", "<titleproper>相模原町・相模原市役所文書（試験用）</titleproper>"},
      {"maintenance status", "<maintenancestatus value=\"derived\"/>"},
      {"maintenance agency", "<agencyname>市公文書館</agencyname>"},
      {"maintenance event", "<eventtype value=\"derived\"/>"},
      {"language declaration", "<language langcode=\"jpn\">日本語</language>"},
      {"script", "<script scriptcode=\"Jpan\">"},
      {"title as catalogued", "<unittitle>恩給裁定通知（秘匿題名）</unittitle>"},
      {"public title beside it", "<unittitle localtype=\"public\">恩給裁定通知</unittitle>"},
      {"date as written, with @normal as catalogued", "<unitdate normal=\"1942-04-01/1943-03-31\">昭和17年度</unitdate>"},
      {"date without @normal", "<unitdate>昭和17年5月12日</unitdate>"},
      {"item number", "<unitid localtype=\"seq\">1</unitid>"},
      {"description apart from scope", "<scopecontent localtype=\"description\">"},
      {"date range", "<fromdate standarddate=\"1942-04-01\">1942-04-01</fromdate>"},
      {"single day", "<datesingle standarddate=\"1942-05-12\">1942-05-12</datesingle>"},
      {"creator", "<part>相模原町、相模原市</part>"},
      {"department", "<origination localtype=\"department\">"},
      {"extent", "<physdesc>1冊</physdesc>"},
      {"pages", "<physdesc localtype=\"pages\">1–24頁</physdesc>"},
      {"location (staff)", "<physloc audience=\"internal\">書庫秘匿 第3書庫 2-1-1</physloc>"},
      {"condition (staff)", "<p>劣化 状態秘匿</p>"},
      {"retention (staff)", "<p>保存期間：永年</p>"},
      {"access status", "<accessrestrict localtype=\"restricted\">"},
      {"grounds", "<p>事由：法人等情報 (corporate)、個人情報 (personal)</p>"},
      {"review date", "<date normal=\"2044-03-31\">2044-03-31</date>"},
      {"reason (staff)", "<p audience=\"internal\">理由：理由秘匿 個人の恩給額を含むため</p>"},
      {"preservation event", "<datesingle standarddate=\"2016-02\">2016-02</datesingle>"},
      {"preservation text", "修補 (repair)：保存秘匿 裏打ち補修"},
      {"person", "<persname>"},
      {"organisation", "<part>相模陸軍造兵廠</part>"},
      {"place", "<geogname>"},
      {"history", "<bioghist>"},
      {"scope and description", "<p>町会・市議会の会議録、兵事関係書類を含む。</p>"},
      {"staff note, escaped", "注記秘匿 旧目録「兵-12」&amp; 仮目録 &lt;未整理&gt;"},
  };
  for (const auto& row : rows) {
    INFO(row.what << ": " << row.fragment);
    CHECK(r.out.find(row.fragment) != std::string::npos);
  }
}

TEST_CASE("the public EAD3 export is valid and holds no withheld word", "[ead3]") {
  const auto r = monjo::test::run_monjo({"--data", data_dir(), "export", "--format", "ead3", "--public"});
  REQUIRE(r.status == 0);
  INFO(r.err);
  CHECK(ead3_schema_errors(r.out).empty());
  for (const auto& w : kWithheld) {
    INFO("the public finding aid must not contain " << w);
    CHECK(r.out.find(w) == std::string::npos);
  }
  CHECK(r.out.find("audience=\"internal\"") == std::string::npos);
  CHECK(r.out.find("audience=\"external\"") != std::string::npos);
  CHECK(r.out.find("<publicationstatus value=\"published\"/>") != std::string::npos);
  // The listing of every record is public (docs/architecture.md, "Invariants"): all 20 are there.
  CHECK(count(r.out, "<unitid localtype=\"id\">") == 20);
  // Positive controls of the fixture README.
  for (const std::string w : {"公開語丁", "淵野辺", "恩給裁定通知", "召集令状交付簿"}) {
    INFO(w);
    CHECK(r.out.find(w) != std::string::npos);
  }
  // Withheld levels say why, with their grounds, but not the reason.
  CHECK(r.out.find("<accessrestrict localtype=\"closed\">") != std::string::npos);
  CHECK(r.out.find("<p>事由：個人情報 (personal)、国の安全等 (security)</p>") != std::string::npos);
  CHECK(r.out.find("<processinfo") == std::string::npos);
  CHECK(r.out.find("<physloc") == std::string::npos);
}

TEST_CASE("EAD3 export refuses an unknown fonds and --public without ead3", "[ead3]") {
  auto r = monjo::test::run_monjo({"--data", data_dir(), "export", "--format", "ead3", "--fonds", "no-such-fonds"});
  CHECK(r.status != 0);
  CHECK(r.err.find("no-such-fonds") != std::string::npos);
  CHECK(r.out.empty());

  r = monjo::test::run_monjo({"--data", data_dir(), "export", "--format", "ead3", "--fonds", "fx-v3"});
  CHECK(r.status != 0);  // a volume is not a fonds

  r = monjo::test::run_monjo({"--data", data_dir(), "export", "--format", "native", "--public"});
  CHECK(r.status != 0);
  CHECK(r.err.find("--public") != std::string::npos);
}

TEST_CASE("with several fonds an EAD3 export must name one with --fonds", "[ead3]") {
  TempDir data;
  TempDir files;
  monjo::test::write_file(files / "second.xml",
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n"
                          "  <fonds id=\"fx-second\"><title>第二の出所</title>\n"
                          "    <volume id=\"fx-second-v1\"><title>簿冊</title><date>昭和30年</date></volume>\n"
                          "  </fonds>\n"
                          "</catalog>\n");
  auto r = monjo::test::run_monjo(
      {"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml"), files / "second.xml"});
  REQUIRE(r.status == 0);

  r = monjo::test::run_monjo({"--data", data.path(), "export", "--format", "ead3"});
  CHECK(r.status != 0);
  CHECK(r.err.find("--fonds") != std::string::npos);
  CHECK(r.err.find("fx-sagamihara") != std::string::npos);
  CHECK(r.err.find("fx-second") != std::string::npos);

  r = monjo::test::run_monjo({"--data", data.path(), "export", "--format", "ead3", "--fonds", "fx-second"});
  REQUIRE(r.status == 0);
  CHECK(ead3_schema_errors(r.out).empty());
  CHECK(r.out.find("<recordid>fx-second</recordid>") != std::string::npos);
  CHECK(r.out.find("<c level=\"file\">") != std::string::npos);
  CHECK(r.out.find("fx-sagamihara") == std::string::npos);
}
