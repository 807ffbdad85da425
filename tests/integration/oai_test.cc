// OAI-PMH 2.0 at /oai (docs/portal.md) against the real `monjo serve --port 0` on a data
// directory made by the real `monjo import tests/fixtures/catalog/small.xml`, with
// monjo.conf setting the repository identifier and a page of 5 so that the fixture's
// 20 records take four pages. Every verb, every error code, resumption paging, sets,
// from/until (also after `monjo review --apply` changes some records), POST, and no
// withheld word of the fixture README in any response. Each response is checked to
// be well-formed with xmllint (no network, so not against the OAI-PMH schema).
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <regex>
#include <set>
#include <thread>

#include "harness.h"
#include "serve_harness.h"

namespace {

using monjo::test::http_request;
using monjo::test::percent_encode;
using monjo::test::ServeProcess;
using monjo::test::TempDir;

// The `monjo serve` options of every server in this file.
const std::vector<std::string> kServeArgs = {"--threads", "2", "--no-access-log"};

// The fixture README's "never public" and "withheld until review" markers.
const std::vector<std::string> kWithheld = {
    "秘匿",     "秘匿題名", "秘匿語甲", "秘匿人名", "理由秘匿", "理由解除", "解除題名", "法人語己", "相模陸軍造兵廠",
    "審査語丙", "閉鎖語乙", "閉鎖人名", "書庫秘匿", "状態秘匿", "注記秘匿", "保存秘匿", "解除語戊", "解除人名"};

const std::set<std::string> kFixtureIds = {
    "fx-sagamihara", "fx-gikai",  "fx-gikai-kaigiroku", "fx-v1",     "fx-v1-001", "fx-v1-002", "fx-v1-003",
    "fx-v2",         "fx-v2-001", "fx-v2-002",          "fx-v2-003", "fx-heiji",  "fx-v3",     "fx-v3-001",
    "fx-v3-002",     "fx-v3-003", "fx-v3-004",          "fx-v4",     "fx-v4-001", "fx-v4-002"};

constexpr const char* kRepository = "archives.example.jp";

std::string oai_id(const std::string& id) {
  return std::string("oai:") + kRepository + ":" + id;
}

void write_conf(const std::string& data_dir) {
  monjo::test::write_file(data_dir + "/monjo.conf", "[site]\noai_identifier = " + std::string(kRepository) +
                                                        "\noai_page_size = 5\nadmin_email = oai@archives.example.jp\n");
}

std::unique_ptr<TempDir> imported_data_dir() {
  auto data = std::make_unique<TempDir>();
  write_conf(data->path());
  auto r = monjo::test::run_monjo({"--data", data->path(), "import", monjo::test::fixture("catalog/small.xml")});
  if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
  return data;
}

// One data directory and server for the read-only tests (starting them is slow).
struct Repository {
  std::unique_ptr<TempDir> data = imported_data_dir();
  ServeProcess server{data->path(), kServeArgs};
};

const ServeProcess& repo() {
  static Repository r;
  return r.server;
}

// Every body the read-only tests received, for the withheld-words test at the end.
std::vector<std::string>& bodies() {
  static std::vector<std::string> all;
  return all;
}

std::string xmllint_errors(const std::string& xml) {
  TempDir dir;
  monjo::test::write_file(dir / "r.xml", xml);
  pid_t pid = fork();
  if (pid == 0) {
    FILE* out = freopen("/dev/null", "w", stdout);
    FILE* err = freopen((dir / "err").c_str(), "w", stderr);
    if (!out || !err) _exit(127);
    execlp("xmllint", "xmllint", "--noout", "--nonet", (dir / "r.xml").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int ws = 0;
  waitpid(pid, &ws, 0);
  return WIFEXITED(ws) && WEXITSTATUS(ws) == 0 ? std::string() : monjo::test::read_file(dir / "err") + "(xmllint)";
}

// An OAI request by GET on `server`: status 200, text/xml, well-formed.
std::string oai_on(const ServeProcess& server, const std::string& query) {
  const auto r = http_request(server.port(), "GET", "/oai?" + query);
  INFO("GET /oai?" << query);
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/xml; charset=utf-8");
  CHECK(xmllint_errors(r.body).empty());
  CHECK(r.body.find("<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"") != std::string::npos);
  CHECK(
      std::regex_search(r.body, std::regex("<responseDate>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</responseDate>")));
  return r.body;
}

std::string oai(const std::string& query) {
  std::string body = oai_on(repo(), query);
  bodies().push_back(body);
  return body;
}

std::string error_code(const std::string& body) {
  std::smatch m;
  return std::regex_search(body, m, std::regex("<error code=\"([A-Za-z]+)\">")) ? m[1].str() : std::string();
}

std::vector<std::string> all_matches(const std::string& body, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

std::string first_match(const std::string& body, const std::string& pattern) {
  auto all = all_matches(body, pattern);
  return all.empty() ? std::string() : all.front();
}

const char* kIdentifierRe = "<identifier>oai:archives\\.example\\.jp:([^<]+)</identifier>";
const char* kTokenRe = "<resumptionToken[^>]*>([^<]*)</resumptionToken>";

struct Harvest {
  std::vector<std::string> ids;
  std::vector<std::string> cursors;
  std::vector<std::string> pages;
  bool ended_with_empty_token = false;
};

// Follows resumption tokens to the end of a list.
Harvest harvest(const ServeProcess& server, const std::string& verb, const std::string& arguments, bool keep = true) {
  Harvest h;
  std::string query = "verb=" + verb + "&" + arguments;
  for (int page = 0; page < 50; ++page) {
    const std::string body = oai_on(server, query);
    if (keep) bodies().push_back(body);
    h.pages.push_back(body);
    REQUIRE(error_code(body).empty());
    for (auto& id : all_matches(body, kIdentifierRe)) h.ids.push_back(id);
    const std::string cursor = first_match(body, "<resumptionToken[^>]* cursor=\"(\\d+)\"");
    if (!cursor.empty()) h.cursors.push_back(cursor);
    const std::string token = first_match(body, kTokenRe);
    if (token.empty()) {
      h.ended_with_empty_token = body.find("<resumptionToken") != std::string::npos;
      return h;
    }
    query = "verb=" + verb + "&resumptionToken=" + percent_encode(token);
  }
  FAIL("the list did not end");
  return h;
}

}  // namespace

TEST_CASE("Identify describes the repository with the configured identifier", "[oai]") {
  const auto body = oai("verb=Identify");
  CHECK(error_code(body).empty());
  CHECK(body.find("<request verb=\"Identify\">http://127.0.0.1:") != std::string::npos);
  CHECK(body.find("<protocolVersion>2.0</protocolVersion>") != std::string::npos);
  CHECK(std::regex_search(body, std::regex("<baseURL>http://127\\.0\\.0\\.1:\\d+/oai</baseURL>")));
  CHECK(body.find("<adminEmail>oai@archives.example.jp</adminEmail>") != std::string::npos);
  CHECK(std::regex_search(body, std::regex("<earliestDatestamp>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ<")));
  CHECK(body.find("<deletedRecord>no</deletedRecord>") != std::string::npos);
  CHECK(body.find("<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>") != std::string::npos);
  CHECK(body.find("<repositoryIdentifier>archives.example.jp</repositoryIdentifier>") != std::string::npos);
  CHECK(body.find("<sampleIdentifier>oai:archives.example.jp:") != std::string::npos);
  CHECK(body.find("<repositoryName>") != std::string::npos);
}

TEST_CASE("ListMetadataFormats offers oai_dc, for the repository or one record", "[oai]") {
  for (const std::string& q : std::vector<std::string>{
           "verb=ListMetadataFormats", "verb=ListMetadataFormats&identifier=" + percent_encode(oai_id("fx-v3"))}) {
    const auto body = oai(q);
    INFO(q);
    CHECK(error_code(body).empty());
    CHECK(body.find("<metadataPrefix>oai_dc</metadataPrefix>") != std::string::npos);
    CHECK(body.find("<metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace>") !=
          std::string::npos);
  }
  CHECK(error_code(oai("verb=ListMetadataFormats&identifier=" + percent_encode(oai_id("no-such")))) ==
        "idDoesNotExist");
}

TEST_CASE("ListSets lists the fonds under their public titles", "[oai]") {
  const auto body = oai("verb=ListSets");
  CHECK(error_code(body).empty());
  CHECK(all_matches(body, "<setSpec>([^<]+)</setSpec>") == std::vector<std::string>{"fonds", "fonds:fx-sagamihara"});
  CHECK(body.find("<setName>相模原町・相模原市役所文書</setName>") != std::string::npos);
  CHECK(body.find("試験用") == std::string::npos);  // the catalogued title is replaced by publicTitle
  CHECK(error_code(oai("verb=ListSets&resumptionToken=abc")) == "badResumptionToken");
}

TEST_CASE("ListIdentifiers pages through every record with resumption tokens", "[oai]") {
  const auto h = harvest(repo(), "ListIdentifiers", "metadataPrefix=oai_dc");
  CHECK(h.pages.size() == 4);
  CHECK(h.ids.size() == kFixtureIds.size());
  CHECK(std::set<std::string>(h.ids.begin(), h.ids.end()) == kFixtureIds);
  CHECK(std::is_sorted(h.ids.begin(), h.ids.end()));
  CHECK(h.cursors == std::vector<std::string>{"0", "5", "10", "15"});
  CHECK(h.ended_with_empty_token);
  for (const auto& page : h.pages) {
    CHECK(page.find("completeListSize=\"20\"") != std::string::npos);
    CHECK(page.find("<metadata>") == std::string::npos);
    CHECK(all_matches(page, "<setSpec>([^<]+)</setSpec>").size() == all_matches(page, kIdentifierRe).size());
  }
  // A resumed request echoes only the verb and the token.
  CHECK(std::regex_search(h.pages[1], std::regex("<request verb=\"ListIdentifiers\" resumptionToken=\"[^\"]+\">")));
}

TEST_CASE("ListRecords pages through every record with its Dublin Core", "[oai]") {
  const auto h = harvest(repo(), "ListRecords", "metadataPrefix=oai_dc");
  CHECK(std::set<std::string>(h.ids.begin(), h.ids.end()) == kFixtureIds);
  CHECK(h.ids.size() == kFixtureIds.size());
  size_t records = 0;
  for (const auto& page : h.pages) records += all_matches(page, "(<oai_dc:dc )").size();
  CHECK(records == kFixtureIds.size());
}

TEST_CASE("a list cut in pages is the same list", "[oai]") {
  const auto ids = harvest(repo(), "ListIdentifiers", "metadataPrefix=oai_dc&set=fonds:fx-sagamihara").ids;
  const auto records = harvest(repo(), "ListRecords", "metadataPrefix=oai_dc&set=fonds").ids;
  CHECK(ids == records);
}

TEST_CASE("GetRecord gives the public view as Dublin Core", "[oai]") {
  SECTION("an open item: description, names, identifiers, relation, rights") {
    const auto body = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id("fx-v1-001")));
    CHECK(error_code(body).empty());
    CHECK(body.find("<dc:title xml:lang=\"ja\">縣廳往復文書</dc:title>") != std::string::npos);
    CHECK(body.find("公開語丁") != std::string::npos);
    CHECK(body.find("<dc:subject xml:lang=\"ja\">神奈川縣廳</dc:subject>") != std::string::npos);
    CHECK(body.find("<dc:date xml:lang=\"ja\">昭和17年5月12日</dc:date>") != std::string::npos);
    CHECK(body.find("<dc:date>1942-05-12</dc:date>") != std::string::npos);
    CHECK(body.find("<dc:type>item</dc:type>") != std::string::npos);
    CHECK(std::regex_search(
        body, std::regex("<dc:identifier>http://127\\.0\\.0\\.1:\\d+/records/fx-v1-001</dc:identifier>")));
    CHECK(std::regex_search(body, std::regex("<dc:relation>http://127\\.0\\.0\\.1:\\d+/records/fx-v1</dc:relation>")));
    CHECK(body.find("<dc:rights xml:lang=\"ja\">公開</dc:rights>") != std::string::npos);
    CHECK(body.find("<dc:rights xml:lang=\"en\">Open</dc:rights>") != std::string::npos);
    CHECK(body.find("<setSpec>fonds:fx-sagamihara</setSpec>") != std::string::npos);
    CHECK(body.find("<request verb=\"GetRecord\" identifier=\"oai:archives.example.jp:fx-v1-001\" "
                    "metadataPrefix=\"oai_dc\">") != std::string::npos);
  }
  SECTION("a volume: call number, ISO interval, extent, a place as coverage") {
    const auto body = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id("fx-v1")));
    CHECK(body.find("<dc:identifier>歴F-0001</dc:identifier>") != std::string::npos);
    CHECK(body.find("<dc:date>1942-04-01/1943-03-31</dc:date>") != std::string::npos);
    CHECK(body.find("<dc:type>file</dc:type>") != std::string::npos);
    CHECK(body.find("<dc:format xml:lang=\"ja\">1冊</dc:format>") != std::string::npos);
    CHECK(body.find("<dc:creator xml:lang=\"ja\">庶務課</dc:creator>") != std::string::npos);
    const auto item = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id("fx-v3-004")));
    CHECK(item.find("<dc:coverage xml:lang=\"ja\">淵野辺</dc:coverage>") != std::string::npos);
  }
  SECTION("a restricted item: its public title and grounds, no description or names") {
    const auto body = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id("fx-v3-001")));
    CHECK(body.find("<dc:title xml:lang=\"ja\">恩給裁定通知</dc:title>") != std::string::npos);
    CHECK(body.find("<dc:rights xml:lang=\"ja\">部分公開（個人情報）</dc:rights>") != std::string::npos);
    CHECK(body.find("<dc:description") == std::string::npos);
    CHECK(body.find("<dc:subject") == std::string::npos);
  }
  SECTION("a closed volume and the item below it: the listing alone") {
    for (const char* id : {"fx-v4", "fx-v4-001"}) {
      const auto body = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id(id)));
      INFO(id);
      CHECK(body.find("<dc:rights xml:lang=\"ja\">非公開（個人情報、国の安全等）</dc:rights>") != std::string::npos);
      CHECK(body.find("<dc:description") == std::string::npos);
      CHECK(body.find("<dc:subject") == std::string::npos);
    }
  }
}

TEST_CASE("every OAI-PMH error condition has its code", "[oai]") {
  struct Row {
    std::string query;
    std::string code;
  };
  const std::string lr = "verb=ListRecords&metadataPrefix=oai_dc";
  const std::vector<Row> rows = {
      {"", "badVerb"},
      {"verb=Frobnicate", "badVerb"},
      {"verb=Identify&verb=Identify", "badVerb"},
      {"verb=identify", "badVerb"},  // verbs are case-sensitive
      {"verb=Identify&set=x", "badArgument"},
      {"verb=ListRecords", "badArgument"},
      {"verb=ListIdentifiers&set=fonds", "badArgument"},
      {"verb=GetRecord&metadataPrefix=oai_dc", "badArgument"},
      {"verb=GetRecord&identifier=" + percent_encode(oai_id("fx-v3")), "badArgument"},
      {lr + "&metadataPrefix=oai_dc", "badArgument"},
      {lr + "&from=2024-13-01", "badArgument"},
      {lr + "&from=2024-02-30", "badArgument"},
      {lr + "&from=yesterday", "badArgument"},
      {lr + "&from=2024-01-01T00:00:00.5Z", "badArgument"},
      {lr + "&from=2024-01-01T00:00:00", "badArgument"},
      {lr + "&from=2024-01-01&until=2024-02-01T00:00:00Z", "badArgument"},
      {lr + "&from=2024-02-01&until=2024-01-01", "badArgument"},
      {lr + "&from=", "badArgument"},
      {lr + "&lang=en", "badArgument"},
      {"verb=ListRecords&resumptionToken=x&metadataPrefix=oai_dc", "badArgument"},
      {"verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"},
      {"verb=ListIdentifiers&metadataPrefix=ead", "cannotDisseminateFormat"},
      {"verb=GetRecord&metadataPrefix=marc21&identifier=" + percent_encode(oai_id("fx-v3")), "cannotDisseminateFormat"},
      {"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id("no-such")), "idDoesNotExist"},
      {"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode("oai:elsewhere.example:fx-v3"),
       "idDoesNotExist"},
      {"verb=GetRecord&metadataPrefix=oai_dc&identifier=fx-v3", "idDoesNotExist"},
      {"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id("../etc")), "idDoesNotExist"},
      {lr + "&from=2999-01-01", "noRecordsMatch"},
      {lr + "&until=2000-01-01", "noRecordsMatch"},
      {lr + "&set=fonds:no-such-fonds", "noRecordsMatch"},
      {lr + "&set=series:fx-heiji", "noRecordsMatch"},
      {"verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"},
      {"verb=ListRecords&resumptionToken=" + percent_encode("!!!"), "badResumptionToken"},
      {"verb=ListIdentifiers&resumptionToken=MXxMaXN0", "badResumptionToken"},
  };
  for (const auto& row : rows) {
    INFO("/oai?" << row.query);
    const auto body = oai(row.query);
    CHECK(error_code(body) == row.code);
    // badVerb and badArgument echo no arguments (protocol §3.2); the others do.
    const bool bare = body.find("<request>http://") != std::string::npos;
    CHECK(bare == (row.code == "badVerb" || row.code == "badArgument"));
  }
}

TEST_CASE("a token is refused by another verb", "[oai]") {
  const auto first = oai("verb=ListIdentifiers&metadataPrefix=oai_dc");
  const std::string token = first_match(first, kTokenRe);
  REQUIRE_FALSE(token.empty());
  CHECK(error_code(oai("verb=ListRecords&resumptionToken=" + percent_encode(token))) == "badResumptionToken");
  CHECK(error_code(oai("verb=ListIdentifiers&resumptionToken=" + percent_encode(token))).empty());
  // An altered token is refused or, if it still decodes, answered as a well-formed
  // list (a token carries nothing secret; oai_on checks the document).
  std::string altered = token;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  const auto code = error_code(oai("verb=ListIdentifiers&resumptionToken=" + percent_encode(altered)));
  CHECK((code == "badResumptionToken" || code.empty()));
}

TEST_CASE("from and until select by datestamp at either granularity", "[oai]") {
  const std::string earliest = first_match(oai("verb=Identify"), "<earliestDatestamp>([^<]+)<");
  REQUIRE(earliest.size() == 20);
  const std::string day = earliest.substr(0, 10);
  const std::string lr = "metadataPrefix=oai_dc";
  CHECK(harvest(repo(), "ListIdentifiers", lr + "&from=" + day).ids.size() == 20);
  CHECK(harvest(repo(), "ListIdentifiers", lr + "&until=" + day).ids.size() == 20);
  CHECK(harvest(repo(), "ListIdentifiers",
                lr + "&from=" + percent_encode(earliest) + "&until=" + percent_encode(earliest))
            .ids.size() == 20);
  CHECK(harvest(repo(), "ListIdentifiers", lr + "&from=" + day + "&until=" + day + "&set=fonds:fx-sagamihara")
            .ids.size() == 20);
}

TEST_CASE("POST with form-encoded arguments is answered like GET", "[oai]") {
  const auto r = http_request(repo().port(), "POST", "/oai", {},
                              "verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id("fx-v1-001")));
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/xml; charset=utf-8");
  CHECK(r.body.find("<dc:title xml:lang=\"ja\">縣廳往復文書</dc:title>") != std::string::npos);
  bodies().push_back(r.body);

  const auto bad = http_request(repo().port(), "POST", "/oai", {}, "verb=ListRecords");
  CHECK(error_code(bad.body) == "badArgument");
  const auto twice = http_request(repo().port(), "POST", "/oai?verb=Identify", {}, "verb=Identify");
  CHECK(error_code(twice.body) == "badVerb");
}

TEST_CASE("arguments are escaped when echoed", "[oai][security]") {
  const auto body = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode("oai:x:<b>\"&'"));
  CHECK(error_code(body) == "idDoesNotExist");
  CHECK(body.find("<b>") == std::string::npos);
  CHECK(body.find("identifier=\"oai:x:&lt;b&gt;&quot;&amp;'\"") != std::string::npos);
}

TEST_CASE("no OAI-PMH response holds a withheld word", "[oai][security]") {
  // Everything below comes from the public view; harvest all of it once more so that
  // this test stands alone, then look at every body the other tests received too.
  harvest(repo(), "ListRecords", "metadataPrefix=oai_dc");
  for (const auto& id : kFixtureIds)
    oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + percent_encode(oai_id(id)));
  oai("verb=ListSets");
  oai("verb=Identify");
  REQUIRE(bodies().size() > 25);
  for (const auto& body : bodies()) {
    for (const auto& w : kWithheld) {
      INFO("an OAI-PMH response must not contain " << w);
      CHECK(body.find(w) == std::string::npos);
    }
  }
}

TEST_CASE("a change to the catalog moves datestamps, new sets appear and old tokens expire", "[oai]") {
  auto data = imported_data_dir();
  ServeProcess server(data->path(), kServeArgs);
  const std::string lr = "metadataPrefix=oai_dc";
  const auto first = oai_on(server, "verb=ListIdentifiers&" + lr);
  const std::string token = first_match(first, kTokenRe);
  REQUIRE_FALSE(token.empty());
  const std::string t0 = first_match(oai_on(server, "verb=Identify"), "<earliestDatestamp>([^<]+)<");

  // Datestamps have whole seconds: make sure the review happens in a later one.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto r = monjo::test::run_monjo_on("2056-01-01",
                                    {"--data", data->path(), "review", "--apply", "--all", "--reason", "期間満了"});
  REQUIRE(r.status == 0);

  SECTION("the lifted records and the items below a lifted volume have the new datestamp") {
    const auto get = oai_on(server, "verb=GetRecord&" + lr + "&identifier=" + percent_encode(oai_id("fx-v4")));
    const std::string t1 = first_match(get, "<datestamp>([^<]+)</datestamp>");
    CHECK(t1 > t0);
    const auto changed = harvest(server, "ListIdentifiers", lr + "&from=" + percent_encode(t1), false).ids;
    CHECK(changed ==
          std::vector<std::string>{"fx-v3-001", "fx-v3-002", "fx-v3-003", "fx-v4", "fx-v4-001", "fx-v4-002"});
    const auto unchanged = harvest(server, "ListIdentifiers", lr + "&until=" + percent_encode(t0), false).ids;
    CHECK(unchanged.size() == 14);
    // Lifted, fx-v4's items show their description now.
    const auto item = oai_on(server, "verb=GetRecord&" + lr + "&identifier=" + percent_encode(oai_id("fx-v4-001")));
    CHECK(item.find("<dc:rights xml:lang=\"ja\">公開</dc:rights>") != std::string::npos);
  }
  SECTION("a token cut before the change is refused") {
    CHECK(error_code(oai_on(server, "verb=ListIdentifiers&resumptionToken=" + percent_encode(token))) ==
          "badResumptionToken");
  }
  SECTION("a second fonds is a second set") {
    TempDir files;
    monjo::test::write_file(files / "second.xml",
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n"
                            "  <fonds id=\"fx-second\"><title>第二の出所</title>\n"
                            "    <volume id=\"fx-second-v1\"><title>簿冊</title></volume>\n"
                            "  </fonds>\n"
                            "</catalog>\n");
    REQUIRE(monjo::test::run_monjo({"--data", data->path(), "import", files / "second.xml"}).status == 0);
    const auto sets = oai_on(server, "verb=ListSets");
    CHECK(all_matches(sets, "<setSpec>([^<]+)</setSpec>") ==
          std::vector<std::string>{"fonds", "fonds:fx-sagamihara", "fonds:fx-second"});
    CHECK(harvest(server, "ListIdentifiers", lr + "&set=fonds:fx-second", false).ids ==
          std::vector<std::string>{"fx-second", "fx-second-v1"});
    CHECK(harvest(server, "ListIdentifiers", lr + "&set=fonds", false).ids.size() == 22);
  }
}
