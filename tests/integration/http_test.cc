// The portal over real HTTP: the real `monjo serve --port 0` on a data
// directory made by the real `monjo import` of tests/fixtures/catalog/small.xml,
// spoken to with Poco's HTTP client on 127.0.0.1. Every public route, the JSON API,
// hostile input, security headers, languages, and the withheld words of the fixture
// README on every public surface.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "harness.h"
#include "serve_harness.h"

namespace {

using monjo::test::http_request;
using monjo::test::HttpReply;
using monjo::test::percent_encode;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using nlohmann::json;

const std::vector<std::string> kServeArgs = {"--threads", "4"};

// One data directory and one server for the whole file (starting them is slow).
struct Portal {
  TempDir data;
  std::unique_ptr<ServeProcess> server;
  Portal() {
    auto r = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
    server = std::make_unique<ServeProcess>(data.path(), kServeArgs);
  }
};

const ServeProcess& portal() {
  static Portal p;
  return *p.server;
}

HttpReply fetch(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
  return http_request(portal().port(), "GET", target, headers);
}

// The fixture README's "never public" and "withheld until review" markers.
const std::vector<std::string> kWithheld = {
    "秘匿",  // no public field of small.xml contains this pair
    "秘匿題名", "秘匿語甲", "秘匿人名", "理由秘匿", "理由解除", "解除題名", "法人語己", "相模陸軍造兵廠", "審査語丙",
    "閉鎖語乙", "閉鎖人名", "書庫秘匿", "状態秘匿", "注記秘匿", "保存秘匿", "解除語戊", "解除人名"};

const std::vector<std::string> kFixtureIds = {"fx-sagamihara", "fx-gikai",  "fx-v1", "fx-v1-001", "fx-v1-003",
                                              "fx-v2",         "fx-heiji",  "fx-v3", "fx-v3-001", "fx-v3-002",
                                              "fx-v3-003",     "fx-v3-004", "fx-v4", "fx-v4-001"};

void require_no_withheld(const std::string& what, const std::string& body, const std::string& allowed = {}) {
  for (const auto& w : kWithheld) {
    if (!allowed.empty() && allowed.find(w) != std::string::npos) continue;
    INFO(what << " must not contain " << w);
    CHECK(body.find(w) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("every public route answers with its status and content type", "[http]") {
  struct Row {
    std::string target;
    int status;
    std::string type;
  };
  const std::vector<Row> rows = {
      {"/", 200, "text/html"},
      {"/search", 200, "text/html"},
      {"/search?q=" + percent_encode("議会"), 200, "text/html"},
      {"/records/fx-v3", 200, "text/html"},
      {"/records/fx-v4", 200, "text/html"},
      {"/records/fx-v3-001", 200, "text/html"},
      {"/fonds/fx-sagamihara", 200, "text/html"},
      {"/series/fx-heiji", 200, "text/html"},
      {"/requests/new?record=fx-v3", 200, "text/html"},
      {"/api/search?q=" + percent_encode("議会"), 200, "application/json"},
      {"/api/records/fx-v3", 200, "application/json"},
      {"/healthz", 200, "application/json"},
      {"/robots.txt", 200, "text/plain"},
      {"/sitemap.xml", 200, "application/xml"},
      {"/sitemaps/1.xml", 200, "application/xml"},
      {"/static/style.css", 200, "text/css"},
      {"/static/app.js", 200, "text/javascript"},
      {"/static/favicon.svg", 200, "image/svg+xml"},
      {"/favicon.ico", 200, "image/svg+xml"},
      {"/guide", 200, "text/html"},
      {"/developers", 200, "text/html"},
      {"/records/no-such-record", 404, "text/html"},
      {"/api/records/no-such-record", 404, "application/json"},
      {"/no/such/page", 404, "text/html"},
      {"/fonds/fx-v3", 400, "text/html"},  // a volume is not a tree
      {"/sitemaps/2.xml", 404, "text/html"},
      {"/static/nothing.css", 404, "text/html"},
  };
  for (const auto& row : rows) {
    const auto r = fetch(row.target);
    INFO(row.target);
    CHECK(r.status == row.status);
    CHECK(r.header("content-type").rfind(row.type, 0) == 0);
  }
}

TEST_CASE("every response carries the security headers", "[http]") {
  for (const std::string target : {"/", "/search?q=x", "/records/fx-v3", "/api/search?q=x", "/nope",
                                   "/static/style.css", "/search?q=%ff", "/healthz"}) {
    const auto r = fetch(target);
    INFO(target);
    const std::string csp = r.header("content-security-policy");
    CHECK(csp.find("default-src 'self'") != std::string::npos);
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(r.header("x-content-type-options") == "nosniff");
    CHECK(r.header("referrer-policy") == "same-origin");
    CHECK(r.header("x-frame-options") == "DENY");
  }
}

TEST_CASE("pages contain no inline script or style, which the CSP would block", "[http]") {
  for (const std::string& target : std::vector<std::string>{"/", "/search?q=" + percent_encode("兵事"),
                                                            "/records/fx-v3", "/fonds/fx-sagamihara", "/nope"}) {
    const auto r = fetch(target);
    INFO(target);
    CHECK(r.body.find("style=") == std::string::npos);
    CHECK(r.body.find("<style") == std::string::npos);
    CHECK(r.body.find("onclick") == std::string::npos);
    // The only <script> blocks: the external app.js and the JSON-LD data block.
    std::regex script("<script([^>]*)>");
    for (auto it = std::sregex_iterator(r.body.begin(), r.body.end(), script); it != std::sregex_iterator(); ++it) {
      const std::string attrs = (*it)[1];
      CHECK((attrs.find("src=\"/static/app.js") != std::string::npos ||
             attrs.find("application/ld+json") != std::string::npos));
    }
  }
}

TEST_CASE("hostile input gets the right status and is never reflected unescaped", "[http][security]") {
  SECTION("an overlong query is a 400 page") {
    const auto r = fetch("/search?q=" + std::string(1001, 'a'));
    CHECK(r.status == 400);
    CHECK(r.body.find("<html lang=\"ja\">") != std::string::npos);
    CHECK(fetch("/api/search?q=" + std::string(1001, 'a')).status == 400);
    CHECK(fetch("/search?q=" + std::string(1000, 'a')).status == 200);
  }
  SECTION("invalid UTF-8 and malformed escapes are 400") {
    CHECK(fetch("/search?q=%ff%fe").status == 400);
    CHECK(fetch("/search?q=%C0%AF").status == 400);     // overlong '/'
    CHECK(fetch("/search?q=%ED%A0%80").status == 400);  // a surrogate
    CHECK(fetch("/search?q=%zz").status == 400);
    CHECK(fetch("/api/search?q=%ff").status == 400);
  }
  SECTION("<script> in the query comes back escaped") {
    const auto r =
        fetch("/search?q=" + percent_encode("<script>alert(1)</script>") + "&from=" + percent_encode("\"><b>x"));
    CHECK(r.status == 200);
    CHECK(r.body.find("<script>alert(1)") == std::string::npos);
    CHECK(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(r.body.find("\"><b>x") == std::string::npos);
    const auto api = fetch("/api/search?q=" + percent_encode("</script><script>x"));
    CHECK(api.status == 200);
    CHECK(api.header("content-type").rfind("application/json", 0) == 0);
  }
  SECTION("path traversal in ids is a 404") {
    for (const std::string& target : std::vector<std::string>{
             "/records/../etc/passwd", "/records/..%2f..%2fetc%2fpasswd", "/records/%2e%2e", "/records/%2e%2e%2f",
             "/static/..%2fserver.cc", "/static/%2e%2e/%2e%2e/CMakeLists.txt", "/api/records/..%2fx",
             "/records/" + std::string(65, 'a'), "/records/a%00b", "/records/%E5%85%AC"}) {
      INFO(target);
      CHECK(fetch(target).status == 404);
    }
  }
  SECTION("huge or odd page numbers are clamped or refused, never a 500") {
    CHECK(fetch("/search?q=x&page=99999999999999999999").status == 200);
    CHECK(fetch("/search?page=-5").status == 200);
    CHECK(fetch("/api/search?page=1000000&size=100000").status == 200);
    CHECK(fetch("/search?page=abc").status == 400);
    const auto j = json::parse(fetch("/api/search?size=100000").body);
    CHECK(j["pageSize"].get<int>() <= 50);
  }
  SECTION("an unknown language falls back to Japanese") {
    const auto r = fetch("/?lang=xx");
    CHECK(r.status == 200);
    CHECK(r.body.find("<html lang=\"ja\">") != std::string::npos);
  }
  SECTION("a bad date is a friendly notice, not an error page") {
    const auto r = fetch("/search?q=" + percent_encode("兵事") + "&from=" + percent_encode("昭和99年"));
    CHECK(r.status == 200);
    // A year past its era's end says why (docs/dates.md, "Search box").
    CHECK(r.body.find("「昭和99年」は読めないため（昭和は64年までです）、条件から外しました。") != std::string::npos);
    const auto other = fetch("/search?q=" + percent_encode("兵事") + "&from=" + percent_encode("いつか"));
    CHECK(other.body.find("読み取れなかった") != std::string::npos);
  }
  SECTION("a request body is refused when large and other methods are not allowed") {
    CHECK(http_request(portal().port(), "POST", "/").status == 405);
    CHECK(fetch("/", {{"Content-Length", "10000000"}}).status == 413);
  }
}

TEST_CASE("HEAD answers like GET without a body", "[http]") {
  const auto r = http_request(portal().port(), "HEAD", "/records/fx-v3");
  CHECK(r.status == 200);
  CHECK(r.body.empty());
}

TEST_CASE("the search API returns the shape of docs/portal.md", "[http][api]") {
  const auto r = fetch("/api/search?q=" + percent_encode("議会"));
  REQUIRE(r.status == 200);
  const auto j = json::parse(r.body);
  REQUIRE(j["total"].get<long>() >= 1);
  REQUIRE(j["hits"].is_array());
  const auto& hit = j["hits"][0];
  for (const char* key : {"id", "level", "title", "date", "callNumber", "path", "snippet", "access"}) {
    INFO(key);
    CHECK(hit.contains(key));
  }
  CHECK(hit["date"].contains("text"));
  CHECK(hit["date"].contains("start"));
  CHECK(hit["date"].contains("end"));
  CHECK(j["facets"].is_object());
  CHECK(j["facets"].contains("decade"));

  SECTION("facets=0 and snippets=0 turn them off") {
    const auto lean = json::parse(fetch("/api/search?q=" + percent_encode("議会") + "&facets=0&snippets=0").body);
    CHECK_FALSE(lean.contains("facets"));
    CHECK_FALSE(lean["hits"][0].contains("snippet"));
    CHECK(lean["total"] == j["total"]);
  }
  SECTION("a 旧字体 query finds the record written in 新字体 and the other way round") {
    const auto a = json::parse(fetch("/api/search?q=" + percent_encode("會議録")).body);
    const auto b = json::parse(fetch("/api/search?q=" + percent_encode("会議録")).body);
    CHECK(a["total"].get<long>() >= 1);
    CHECK(a["total"] == b["total"]);
  }
  SECTION("filters narrow the results") {
    const auto all = json::parse(fetch("/api/search?q=").body);
    const auto items = json::parse(fetch("/api/search?q=&level=item").body);
    CHECK(items["total"].get<long>() < all["total"].get<long>());
    for (const auto& h : items["hits"]) CHECK(h["level"] == "item");
  }
}

TEST_CASE("the record API gives the public view only", "[http][api]") {
  const auto closed = json::parse(fetch("/api/records/fx-v4").body);
  CHECK(closed["access"] == "closed");
  CHECK(closed["title"] == "召集令状交付簿");
  CHECK_FALSE(closed.contains("description"));
  CHECK_FALSE(closed.contains("names"));
  CHECK_FALSE(closed.contains("location"));

  const auto open = json::parse(fetch("/api/records/fx-v3-004").body);
  CHECK(open["access"] == "open");
  CHECK(open.contains("description"));
  CHECK(open["path"].size() == 3);
  CHECK(open["path"][0]["id"] == "fx-sagamihara");

  const auto volume = json::parse(fetch("/api/records/fx-v3").body);
  CHECK(volume["children"].size() == 4);
  CHECK(volume["next"] == "fx-v4");
}

TEST_CASE("the record page shows breadcrumbs, the 細目録 and metadata", "[http][pages]") {
  const auto r = fetch("/records/fx-v3");
  REQUIRE(r.status == 200);
  CHECK(r.body.find("aria-label=\"現在位置\"") != std::string::npos);
  CHECK(r.body.find("href=\"/records/fx-heiji\"") != std::string::npos);
  CHECK(r.body.find("細目録") != std::string::npos);
  CHECK(r.body.find("href=\"/records/fx-v3-004\"") != std::string::npos);
  CHECK(r.body.find("/requests/new?record=fx-v3") != std::string::npos);
  CHECK(r.body.find("<meta name=\"DC.title\"") != std::string::npos);
  CHECK(r.body.find("application/ld+json") != std::string::npos);
  CHECK(r.body.find("rel=\"next\"") != std::string::npos);

  const auto closed = fetch("/records/fx-v4");
  CHECK(closed.status == 200);
  CHECK(closed.body.find("召集令状交付簿") != std::string::npos);
  CHECK(closed.body.find("非公開") != std::string::npos);
}

TEST_CASE("an open volume with restricted items says so at the top of its page", "[http][pages]") {
  // fx-v3 is open; three of its items state restrictions of their own.
  const auto v3 = fetch("/records/fx-v3");
  REQUIRE(v3.status == 200);
  CHECK(v3.body.find("一部の件名に利用の制限があります（この簿冊の 3 件。") != std::string::npos);
  CHECK(fetch("/records/fx-v3?lang=en").body.find("Some items have access restrictions (3 in this volume;") !=
        std::string::npos);
  // fx-v2's items are all open; fx-v4 is closed as a whole.
  CHECK(fetch("/records/fx-v2").body.find("利用の制限があります") == std::string::npos);
  CHECK(fetch("/records/fx-v4").body.find("一部の件名に利用の制限があります") == std::string::npos);
}

TEST_CASE("English comes from ?lang=en or Accept-Language and links keep it", "[http][i18n]") {
  const auto en = fetch("/?lang=en");
  CHECK(en.body.find("<html lang=\"en\">") != std::string::npos);
  CHECK(en.body.find("Find historical public records") != std::string::npos);
  CHECK(en.body.find("/search?lang=en") != std::string::npos);

  const auto accept = fetch("/search?q=x", {{"Accept-Language", "en-GB,en;q=0.9,ja;q=0.5"}});
  CHECK(accept.body.find("<html lang=\"en\">") != std::string::npos);

  const auto prefer_ja = fetch("/", {{"Accept-Language", "en;q=0.5,ja;q=0.9"}});
  CHECK(prefer_ja.body.find("<html lang=\"ja\">") != std::string::npos);

  const auto forced = fetch("/?lang=ja", {{"Accept-Language", "en"}});
  CHECK(forced.body.find("<html lang=\"ja\">") != std::string::npos);
}

TEST_CASE("the footer links the site guide, the statistics and the developers' page, not raw data", "[http][pages]") {
  for (const std::string target : {"/", "/search?q=x", "/records/fx-v3", "/guide", "/developers", "/nope"}) {
    const auto r = fetch(target);
    INFO(target);
    const auto footer = r.body.substr(r.body.find("<footer"));
    CHECK(footer.find("href=\"/guide\"") != std::string::npos);
    CHECK(footer.find("href=\"/stats\"") != std::string::npos);
    CHECK(footer.find("href=\"/developers\"") != std::string::npos);
    CHECK(footer.find("/sitemap.xml") == std::string::npos);
    CHECK(footer.find("/api/") == std::string::npos);
  }
  const auto en = fetch("/records/fx-v3?lang=en");
  const auto footer = en.body.substr(en.body.find("<footer"));
  CHECK(footer.find("href=\"/guide?lang=en\">About this site<") != std::string::npos);
  CHECK(footer.find("href=\"/stats?lang=en\">Use request statistics<") != std::string::npos);
  CHECK(footer.find("href=\"/developers?lang=en\">For developers<") != std::string::npos);
}

TEST_CASE("the site guide explains searching, browsing and use requests in either language", "[http][pages]") {
  const auto ja = fetch("/guide");
  REQUIRE(ja.status == 200);
  CHECK(ja.body.find("<html lang=\"ja\">") != std::string::npos);
  CHECK(ja.body.find("<h1>サイトの案内</h1>") != std::string::npos);
  CHECK(ja.body.find("<title>サイトの案内 — ") != std::string::npos);
  for (const std::string words : {"旧字体", "新字体", "和暦", "カタカナ", "利用請求", "資料群"}) {
    INFO(words);
    CHECK(ja.body.find(words) != std::string::npos);
  }
  CHECK(ja.body.find("<main") != std::string::npos);
  CHECK(ja.body.find("<a href=\"/stats\">") != std::string::npos);
  CHECK(ja.body.find("<a href=\"/search\">") != std::string::npos);
  CHECK(ja.body.find("rel=\"canonical\" href=\"http://") != std::string::npos);
  require_no_withheld("/guide", ja.body);

  const auto en = fetch("/guide?lang=en");
  CHECK(en.body.find("<html lang=\"en\">") != std::string::npos);
  CHECK(en.body.find("<h1>About this site</h1>") != std::string::npos);
  CHECK(en.body.find("<a href=\"/stats?lang=en\">") != std::string::npos);
  CHECK(en.body.find("<a href=\"/search?lang=en\">") != std::string::npos);
  CHECK(en.body.find("/guide?lang=ja") != std::string::npos);  // the language switch
  CHECK(en.body.find("サイトの案内") == std::string::npos);
  const auto accept = fetch("/guide", {{"Accept-Language", "en"}});
  CHECK(accept.body.find("<h1>About this site</h1>") != std::string::npos);
}

TEST_CASE("the developers' page names each machine-readable route with an example that works", "[http][pages][api]") {
  const auto page = fetch("/developers");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("<h1>開発者向け情報</h1>") != std::string::npos);
  std::vector<std::string> examples;
  std::regex example("<a href=\"([^\"]+)\"><code>");
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), example); it != std::sregex_iterator(); ++it) {
    examples.push_back((*it)[1]);
  }
  REQUIRE(examples.size() == 4);
  CHECK(examples[0] == "/api/search?q=" + percent_encode("議会"));
  CHECK(examples[1] == "/api/records/" + kFixtureIds[0]);
  CHECK(examples[2] == "/oai?verb=Identify");
  CHECK(examples[3] == "/sitemap.xml");
  for (const auto& e : examples) {
    INFO(e);
    const auto r = fetch(e);
    CHECK(r.status == 200);
  }
  CHECK(fetch(examples[0]).header("content-type").rfind("application/json", 0) == 0);
  CHECK(fetch(examples[2]).body.find("<Identify>") != std::string::npos);
  require_no_withheld("/developers", page.body);
  const auto en = fetch("/developers?lang=en");
  CHECK(en.body.find("<h1>For developers</h1>") != std::string::npos);
  CHECK(en.body.find("<html lang=\"en\">") != std::string::npos);
}

TEST_CASE("the favicon is linked from every page and served at /favicon.ico, cacheable", "[http][static]") {
  const auto home = fetch("/");
  std::smatch m;
  REQUIRE(std::regex_search(home.body, m, std::regex("<link rel=\"icon\" href=\"(/static/favicon\\.svg\\?v=[^\"]+)\" type=\"image/svg\\+xml\">")));
  const auto versioned = fetch(m[1]);
  CHECK(versioned.status == 200);
  CHECK(versioned.header("content-type") == "image/svg+xml");
  CHECK(versioned.header("cache-control") == "public, max-age=31536000, immutable");
  CHECK(versioned.body.rfind("<svg", 0) == 0);

  const auto ico = fetch("/favicon.ico");
  CHECK(ico.status == 200);
  CHECK(ico.header("content-type") == "image/svg+xml");
  CHECK(ico.header("cache-control") == "public, max-age=3600");
  CHECK(ico.body == versioned.body);
  const std::string etag = ico.header("etag");
  REQUIRE(!etag.empty());
  const auto again = fetch("/favicon.ico", {{"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(http_request(portal().port(), "POST", "/favicon.ico").status == 405);
}

TEST_CASE("the sitemap lists record pages, stays within the protocol limit and holds no text", "[http]") {
  const auto index = fetch("/sitemap.xml");
  CHECK(index.body.find("<sitemapindex") != std::string::npos);
  CHECK(index.body.find("/sitemaps/1.xml") != std::string::npos);
  const auto part = fetch("/sitemaps/1.xml");
  for (const auto& id : kFixtureIds) {
    INFO(id);
    CHECK(part.body.find("/records/" + id + "</loc>") != std::string::npos);
  }
  size_t urls = 0;
  for (size_t p = part.body.find("<url>"); p != std::string::npos; p = part.body.find("<url>", p + 1)) ++urls;
  CHECK(urls == 20);
  CHECK(urls <= 50000);
  const auto robots = fetch("/robots.txt");
  CHECK(robots.body.find("Sitemap: http://") != std::string::npos);
}

TEST_CASE("no withheld word of the fixture reaches any public response", "[http][security][withheld]") {
  std::vector<std::string> targets = {"/",
                                      "/?lang=en",
                                      "/search",
                                      "/search?lang=en",
                                      "/api/search?q=",
                                      "/api/search?q=&size=50",
                                      "/sitemap.xml",
                                      "/sitemaps/1.xml",
                                      "/robots.txt",
                                      "/healthz",
                                      "/fonds/fx-sagamihara",
                                      "/series/fx-gikai",
                                      "/series/fx-heiji"};
  for (const auto& id : kFixtureIds) {
    targets.push_back("/records/" + id);
    targets.push_back("/records/" + id + "?lang=en");
    targets.push_back("/api/records/" + id);
    targets.push_back("/requests/new?record=" + id);
  }
  for (int page = 1; page <= 3; ++page) {
    targets.push_back("/search?page=" + std::to_string(page));
    targets.push_back("/api/search?q=&page=" + std::to_string(page));
  }
  for (const char* facet : {"level=item", "access=restricted", "access=closed", "access=review", "decade=1940"}) {
    targets.push_back(std::string("/search?") + facet);
    targets.push_back(std::string("/api/search?") + facet);
  }
  for (const auto& target : targets) {
    const auto r = fetch(target);
    INFO(target);
    CHECK(r.status < 500);
    require_no_withheld(target, r.body);
  }

  SECTION("searching for a withheld word finds nothing and shows it only as typed") {
    for (const auto& w : kWithheld) {
      INFO(w);
      const auto api = json::parse(fetch("/api/search?q=" + percent_encode(w)).body);
      CHECK(api["total"] == 0);
      CHECK(api["facets"].dump().find("\"count\":") == std::string::npos);
      const auto page = fetch("/search?q=" + percent_encode(w));
      CHECK(page.status == 200);
      CHECK(page.body.find("該当する資料は見つかりませんでした") != std::string::npos);
      require_no_withheld("search page", page.body, w);
      // An error page must not echo a path that names a withheld word either.
      const auto missing = fetch("/records/" + percent_encode(w));
      CHECK(missing.status == 404);
      require_no_withheld("404 page", missing.body);
    }
  }
  SECTION("the public listing of restricted and closed records is there") {
    CHECK(fetch("/records/fx-v3-001").body.find("恩給裁定通知") != std::string::npos);
    CHECK(fetch("/api/search?q=" + percent_encode("公開語丁")).body.find("fx-v1-001") != std::string::npos);
  }
}

TEST_CASE("monjo serve stops cleanly on SIGTERM", "[http][server]") {
  TempDir data;
  auto imported = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
  REQUIRE(imported.status == 0);
  ServeProcess server(data.path(), kServeArgs);
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
  CHECK(server.stop() == 0);
  CHECK(server.log().find("stopped") != std::string::npos);
  // The access log is in combined format.
  CHECK(std::regex_search(server.log(),
                          std::regex(R"(127\.0\.0\.1 - - \[[^\]]+\] "GET /healthz HTTP/1\.1" 200 \d+ "-" ")")));
}

TEST_CASE("monjo serve refuses a data directory without a catalog", "[http][server]") {
  TempDir empty;
  const auto r = monjo::test::run_monjo({"--data", empty.path(), "serve", "--port", "0"});
  CHECK(r.status != 0);
  CHECK(r.err.find("monjo import") != std::string::npos);
}
