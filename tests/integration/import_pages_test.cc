// Import and export on the staff pages over real HTTP (web/staff/import_pages.cc): an
// archivist uploads a changed copy of the small fixture as multipart/form-data; the
// preview lists what it would add, change and remove and nothing changes yet (the
// public search does not find the new word); the confirm imports it and the public
// search finds it at once; a bad file shows `file:line: message` as `monjo import`
// prints it and offers no confirm; a confirm after another import changed the catalog
// is refused (409) and asks for a new check; an officer gets 403; the export of a
// fonds downloads XML that `monjo import` takes back, and is audited.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "harness.h"
#include "serve_harness.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using monjo::test::Server;
using Fields = std::vector<std::pair<std::string, std::string>>;

const Server& server() {
  static Server s;
  return s;
}

const char* const kBoundary = "----monjo-test-boundary-7MA4YWxkTrZu0gW";

// A browser's multipart/form-data body: the fields, then the file.
std::string multipart(const Fields& fields, const std::string& filename, const std::string& content) {
  std::string body;
  for (const auto& [k, v] : fields) {
    body +=
        std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  }
  body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
          "\"\r\nContent-Type: text/xml\r\n\r\n" + content + "\r\n";
  body += std::string("--") + kBoundary + "--\r\n";
  return body;
}

HttpReply upload(const Server::Staff& who, const std::string& filename, const std::string& content) {
  return server().send("POST", "/staff/import", who.cookie, multipart({{"csrf", who.csrf}}, filename, content),
                       std::string("multipart/form-data; boundary=") + kBoundary);
}

// The status page once the work is done (it reloads itself while it goes on).
HttpReply settled(const Server::Staff& who, const std::string& url) {
  for (int i = 0; i < 300; ++i) {
    HttpReply r = server().get(url, who.cookie);
    if (r.header("Refresh").empty()) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("the import did not finish: " << url);
  return {};
}

long public_total(const std::string& q) {
  const HttpReply r = server().get("/api/search?" + monjo::test::form_encode({{"q", q}}));
  REQUIRE(r.status == 200);
  return nlohmann::json::parse(r.body).at("total").get<long>();
}

// The small fixture with: a volume retitled, an item removed, an item added.
std::string changed_catalog(const std::string& new_title, const std::string& new_word) {
  std::string xml = monjo::test::read_file(monjo::test::fixture("catalog/small.xml"));
  const auto title = xml.find("<title>町會議事録綴</title>");
  REQUIRE(title != std::string::npos);
  xml.replace(title, std::string("<title>町會議事録綴</title>").size(), "<title>" + new_title + "</title>");
  const auto removed = xml.find("<item id=\"fx-v1-002\"");
  REQUIRE(removed != std::string::npos);
  const auto removed_end = xml.find("</item>", removed) + std::string("</item>").size();
  // The lines stay (an error's line number would move otherwise); the item goes.
  const std::string gone = xml.substr(removed, removed_end - removed);
  xml.replace(removed, gone.size(),
              "<item id=\"fx-v1-099\" seq=\"2\">\n            <title>" + new_word + "の件</title>\n          </item>" +
                  std::string(static_cast<size_t>(std::count(gone.begin(), gone.end(), '\n')) - 2, '\n'));
  return xml;
}

std::string location_of(const HttpReply& r) {
  REQUIRE(r.status == 303);
  const std::string loc = r.header("Location");
  REQUIRE(std::regex_match(loc, std::regex("/staff/import/[0-9a-f]{32}")));
  return loc;
}

}  // namespace

TEST_CASE("an upload is previewed without changing anything, then imported and searchable at once", "[import_pages]") {
  const auto arc = server().staff("arc1");
  REQUIRE(!arc.csrf.empty());
  REQUIRE(public_total("取込追加語壬") == 0);

  const HttpReply form = server().get("/staff/import", arc.cookie);
  REQUIRE(form.status == 200);
  CHECK(form.body.find("enctype=\"multipart/form-data\"") != std::string::npos);
  CHECK(form.body.find("name=\"csrf\" value=\"" + arc.csrf + "\"") != std::string::npos);

  const std::string url =
      location_of(upload(arc, "sagamihara-2026.xml", changed_catalog("町會議事録綴（改題）", "取込追加語壬")));
  const HttpReply preview = settled(arc, url);
  REQUIRE(preview.status == 200);
  const std::string& page = preview.body;
  CHECK(page.find("sagamihara-2026.xml") != std::string::npos);
  // Per fonds: one added, one changed (the title, before and after), one removed.
  CHECK(std::regex_search(page, std::regex("import-added\">1<")));
  CHECK(std::regex_search(page, std::regex("import-changed\">1<")));
  CHECK(std::regex_search(page, std::regex("import-removed\">1<")));
  CHECK(std::regex_search(page, std::regex("import-added-list\"><li><code>fx-v1-099</code>[^<]*取込追加語壬の件")));
  CHECK(std::regex_search(
      page,
      std::regex("<code>fx-v1</code>[^<]*町會議事録綴（改題）\\s*<ul><li>title: 町會議事録綴 → 町會議事録綴（改題）")));
  CHECK(std::regex_search(page, std::regex("import-removed-list\"><li><code>fx-v1-002</code>")));
  CHECK(page.find("/confirm\"") != std::string::npos);
  // Nothing changed yet.
  CHECK(public_total("取込追加語壬") == 0);
  CHECK(server().get("/api/records/fx-v1-002").status == 200);

  // A confirm without the CSRF token is refused.
  CHECK(server().post(url + "/confirm", {}, arc.cookie).status == 403);

  const HttpReply confirmed = server().post(url + "/confirm", {{"csrf", arc.csrf}}, arc.cookie);
  REQUIRE(confirmed.status == 303);
  const HttpReply done = settled(arc, url);
  REQUIRE(done.status == 200);
  CHECK(done.body.find("class=\"notice\" role=\"status\"") != std::string::npos);
  CHECK(public_total("取込追加語壬") == 1);
  CHECK(server().get("/api/records/fx-v1-002").status == 404);
  // The import is in the audit trail, by the archivist, with the uploaded file's name.
  const auto sup = server().staff("sup1");
  const HttpReply audit = server().get("/staff/audit?action=catalog.import", sup.cookie);
  REQUIRE(audit.status == 200);
  CHECK(audit.body.find("sagamihara-2026.xml") != std::string::npos);
  CHECK(audit.body.find("arc1") != std::string::npos);
  // The uploaded file is gone.
  CHECK(std::distance(std::filesystem::directory_iterator(server().data_dir() + "/uploads"),
                      std::filesystem::directory_iterator{}) == 0);
  // A second confirm has nothing to confirm.
  CHECK(server().post(url + "/confirm", {{"csrf", arc.csrf}}, arc.cookie).status == 409);
}

TEST_CASE("a bad file shows file:line: message as monjo import prints it, and no confirm", "[import_pages]") {
  const auto arc = server().staff("arc1");
  const std::string bad = monjo::test::read_file(monjo::test::fixture("bad/feb30.xml"));
  // What the command line says about the same file under the same name.
  monjo::test::TempDir dir;
  monjo::test::write_file(dir.path() + "/feb30.xml", bad);
  monjo::test::TempDir data;
  const auto cli = monjo::test::run_monjo({"--data", data.path(), "import", dir.path() + "/feb30.xml"});
  REQUIRE(cli.status != 0);
  std::smatch m;
  const std::string cli_err = cli.err;
  REQUIRE(std::regex_search(cli_err, m, std::regex("feb30\\.xml:8: [^\\n]+")));

  const std::string url = location_of(upload(arc, "feb30.xml", bad));
  const HttpReply r = settled(arc, url);
  CHECK(r.status == 422);
  std::string shown = m.str();
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&", "&amp;"}, {"\"", "&quot;"}, {"<", "&lt;"}, {">", "&gt;"}, {"'", "&#39;"}}) {
    for (size_t p = shown.find(from); p != std::string::npos; p = shown.find(from, p + to.size()))
      shown.replace(p, from.size(), to);
  }
  CHECK(r.body.find(shown) != std::string::npos);
  CHECK(r.body.find("/confirm") == std::string::npos);
  CHECK(server().post(url + "/confirm", {{"csrf", arc.csrf}}, arc.cookie).status == 409);

  // Not a catalog at all, and no file.
  const HttpReply junk = settled(arc, location_of(upload(arc, "notes.txt", "just some text\n")));
  CHECK(junk.status == 422);
  CHECK(junk.body.find("notes.txt") != std::string::npos);
  CHECK(server()
            .send("POST", "/staff/import", arc.cookie, multipart({{"csrf", arc.csrf}}, "", ""),
                  std::string("multipart/form-data; boundary=") + kBoundary)
            .status == 400);
  // The CSRF token in the multipart body is checked like any form's.
  CHECK(server()
            .send("POST", "/staff/import", arc.cookie, multipart({{"csrf", "0000"}}, "a.xml", bad),
                  std::string("multipart/form-data; boundary=") + kBoundary)
            .status == 403);
}

TEST_CASE("a spreadsheet upload is previewed like a catalog file: every problem at once, or the changes",
          "[import_pages][sheets]") {
  const auto arc = server().staff("arc1");
  // Two bad dates and an unknown parent: all three on the page, nothing to confirm.
  const std::string bad =
      "ID,上位ID,標題,年月日\r\n"
      "fx-v1-001,,題一,昭和65年\r\n"
      ",fx-nowhere,題二,\r\n"
      "fx-v1-003,,題三,平成2年13月\r\n";
  const HttpReply refused = settled(arc, location_of(upload(arc, "目録.csv", bad)));
  CHECK(refused.status == 422);
  CHECK(refused.body.find("目録.csv:2: ") != std::string::npos);
  CHECK(refused.body.find("昭和 ended in year 64") != std::string::npos);
  CHECK(refused.body.find("目録.csv:3: ") != std::string::npos);
  CHECK(refused.body.find("fx-nowhere") != std::string::npos);
  CHECK(refused.body.find("目録.csv:4: ") != std::string::npos);
  CHECK(refused.body.find("/confirm") == std::string::npos);
  // A good one: the title corrected by id is previewed as a change, a new row as an addition.
  const std::string good =
      "ID,上位ID,標題\r\n"
      "fx-v2-001,,表から訂正した標題\r\n"
      ",fx-v2,表から追加した件名\r\n";
  const HttpReply preview = settled(arc, location_of(upload(arc, "訂正.csv", good)));
  CHECK(preview.status == 200);
  CHECK(preview.body.find("表から訂正した標題") != std::string::npos);
  CHECK(preview.body.find("表から追加した件名") != std::string::npos);
  CHECK(preview.body.find("/confirm") != std::string::npos);
  CHECK(public_total("表から訂正した標題") == 0);  // a preview changes nothing
  // A file named .xlsx that is no workbook is told so, as on the command line.
  const HttpReply not_a_book = settled(arc, location_of(upload(arc, "目録.xlsx", "ID,標題\r\nfx-v1,x\r\n")));
  CHECK(not_a_book.status == 422);
  CHECK(not_a_book.body.find("目録.xlsx") != std::string::npos);
  CHECK(not_a_book.body.find("not an XLSX workbook") != std::string::npos);
}

TEST_CASE("a confirm after the catalog changed since the preview is refused and asks to check again",
          "[import_pages]") {
  const auto arc = server().staff("arc1");
  const std::string first =
      location_of(upload(arc, "first.xml", changed_catalog("町會議事録綴（第一案）", "第一案語癸")));
  REQUIRE(settled(arc, first).status == 200);
  const std::string second =
      location_of(upload(arc, "second.xml", changed_catalog("町會議事録綴（第二案）", "第二案語子")));
  REQUIRE(settled(arc, second).status == 200);
  // The second is imported; the first's preview no longer says what it would do.
  REQUIRE(server().post(second + "/confirm", {{"csrf", arc.csrf}}, arc.cookie).status == 303);
  REQUIRE(settled(arc, second).status == 200);
  const HttpReply refused = server().post(first + "/confirm", {{"csrf", arc.csrf}}, arc.cookie);
  CHECK(refused.status == 409);
  CHECK(refused.body.find("/preview\"") != std::string::npos);
  CHECK(public_total("第一案語癸") == 0);
  CHECK(public_total("第二案語子") == 1);
  // Checked again, it can be confirmed.
  REQUIRE(server().post(first + "/preview", {{"csrf", arc.csrf}}, arc.cookie).status == 303);
  const HttpReply again = settled(arc, first);
  REQUIRE(again.status == 200);
  CHECK(again.body.find("/confirm\"") != std::string::npos);
  REQUIRE(server().post(first + "/confirm", {{"csrf", arc.csrf}}, arc.cookie).status == 303);
  REQUIRE(settled(arc, first).status == 200);
  CHECK(public_total("第一案語癸") == 1);
  // Someone else's upload is not theirs to see.
  const auto adm = server().staff("adm1");
  CHECK(server().get(first, adm.cookie).status == 404);
}

TEST_CASE("an officer may neither import nor export", "[import_pages]") {
  const auto off = server().staff("off1");
  CHECK(server().get("/staff/import", off.cookie).status == 403);
  CHECK(server()
            .send("POST", "/staff/import", off.cookie, multipart({{"csrf", off.csrf}}, "a.xml", "<catalog/>"),
                  std::string("multipart/form-data; boundary=") + kBoundary)
            .status == 403);
  CHECK(server().get("/staff/export?fonds=fx-sagamihara&format=native", off.cookie).status == 403);
  CHECK(server().get("/staff/", off.cookie).body.find("/staff/import") == std::string::npos);
  // Signed out: the upload is not even read beyond the usual limit.
  const std::string big(200 * 1024, 'x');
  CHECK(server()
            .send("POST", "/staff/import", {}, multipart({}, "a.xml", big),
                  std::string("multipart/form-data; boundary=") + kBoundary)
            .status == 413);
}

TEST_CASE("the export of a fonds downloads XML that monjo import takes back, audited", "[import_pages]") {
  const auto arc = server().staff("arc1");
  CHECK(server().get("/staff/", arc.cookie).body.find("/staff/import") != std::string::npos);
  CHECK(server().get("/staff/records/fx-sagamihara", arc.cookie).body.find("/staff/export?fonds=fx-sagamihara") !=
        std::string::npos);
  const HttpReply r = server().get("/staff/export?fonds=fx-sagamihara&format=native", arc.cookie);
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Disposition") == "attachment; filename=\"fx-sagamihara-native.xml\"");
  CHECK(r.body.find("urn:monjo:catalog:1") != std::string::npos);
  CHECK(r.body.find("注記秘匿") != std::string::npos);  // staff fields included

  monjo::test::TempDir dir;
  monjo::test::write_file(dir.path() + "/export.xml", r.body);
  const auto imported = monjo::test::run_monjo({"--data", dir.path() + "/data", "import", dir.path() + "/export.xml"});
  REQUIRE(imported.status == 0);
  const auto again = monjo::test::run_monjo({"--data", dir.path() + "/data", "export", "--fonds", "fx-sagamihara"});
  REQUIRE(again.status == 0);
  // Round trip: the catalog made from the download exports the same document (but
  // for the time of the export).
  const std::regex stamp("generated=\"[^\"]*\"|<!--[^>]*-->");
  CHECK(std::regex_replace(again.out, stamp, "") == std::regex_replace(r.body, stamp, ""));

  const auto sup = server().staff("sup1");
  const HttpReply audit = server().get("/staff/audit?action=catalog.export", sup.cookie);
  CHECK(audit.body.find("fx-sagamihara") != std::string::npos);

  // EAD3, and an admin (Import without ViewWithheld) only gets the public view.
  const HttpReply ead = server().get("/staff/export?fonds=fx-sagamihara&format=ead3", arc.cookie);
  CHECK(ead.status == 200);
  CHECK(ead.body.find("<ead") != std::string::npos);
  const auto adm = server().staff("adm1");
  CHECK(server().get("/staff/export?fonds=fx-sagamihara&format=native", adm.cookie).status == 403);
  const HttpReply pub = server().get("/staff/export?fonds=fx-sagamihara&format=ead3&public=1", adm.cookie);
  CHECK(pub.status == 200);
  CHECK(pub.body.find("注記秘匿") == std::string::npos);
  CHECK(server().get("/staff/export?fonds=no-such-fonds&format=native", arc.cookie).status == 404);
  CHECK(server().get("/staff/export?fonds=fx-sagamihara&format=pdf", arc.cookie).status == 400);

  // A spreadsheet downloads as what it is, staff fields included; not for an admin.
  const HttpReply csv = server().get("/staff/export?fonds=fx-sagamihara&format=csv", arc.cookie);
  REQUIRE(csv.status == 200);
  CHECK(csv.header("Content-Type") == "text/csv; charset=utf-8");
  CHECK(csv.header("Content-Disposition") == "attachment; filename=\"fx-sagamihara-csv.csv\"");
  CHECK(csv.body.find("注記秘匿") != std::string::npos);
  CHECK(server().get("/staff/export?fonds=fx-sagamihara&format=csv", adm.cookie).status == 403);
  CHECK(server().get("/staff/export?fonds=fx-sagamihara&format=csv&public=1", adm.cookie).status == 400);
}
