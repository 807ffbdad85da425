// Browsing over real HTTP (docs/portal.md, "Browsing"): the tree of a fonds or series with
// its series collapsed, their counts and pages of a long list; a record's context
// panel (parent, the siblings around it, its children); a search hit that says an
// open volume holds restricted items; the filters before the results; the item
// table's column names for its narrow layout; /stats with its tables folded. The
// real `monjo serve` on tests/fixtures/catalog/small.xml and on a catalog this file
// writes (a series of 120 volumes, one with a masked title). No title the public
// view withholds appears in a tree or a panel.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "archive/search/index_schema.h"
#include "harness.h"
#include "serve_harness.h"

namespace {

using monjo::test::http_request;
using monjo::test::HttpReply;
using monjo::test::run_monjo;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using nlohmann::json;

// Withheld titles: the staff titles of small.xml's masked records (the fixture
// README), and of the written catalog's masked volume.
const std::vector<std::string> kWithheldTitles = {"秘匿", "解除題名", "兵事關係書類", "（試験用）", "秘匿簿冊題名"};

void require_no_withheld_titles(const std::string& what, const std::string& body) {
  for (const auto& w : kWithheldTitles) {
    INFO(what << " must not contain " << w);
    CHECK(body.find(w) == std::string::npos);
  }
}

// One fonds: a series "long" of 120 volumes (v001…v120; v060's title is masked by
// its publicTitle 簿冊060), a series "short" of 12 and a series "nested" holding
// "short2" with 2 volumes.
std::string written_catalog() {
  auto volume = [](const std::string& id, const std::string& title, const std::string& public_title) {
    std::string v = "<volume id=\"" + id + "\"><title>" + title + "</title>";
    if (!public_title.empty()) v += "<publicTitle>" + public_title + "</publicTitle>";
    return v + "<date>昭和30年</date></volume>\n";
  };
  auto number = [](int n) {
    std::string s = std::to_string(n);
    return std::string(3 - s.size(), '0') + s;
  };
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n"
      "<fonds id=\"tf\"><title>試験の資料群</title>\n<series id=\"long\"><title>長いシリーズ</title>\n";
  for (int i = 1; i <= 120; ++i) {
    xml += i == 60 ? volume("v060", "秘匿簿冊題名", "簿冊060") : volume("v" + number(i), "簿冊" + number(i), "");
  }
  xml += "</series>\n<series id=\"short\"><title>短いシリーズ</title>\n";
  for (int i = 1; i <= 12; ++i) xml += volume("s" + number(i), "短冊" + number(i), "");
  xml += "</series>\n<series id=\"nested\"><title>入れ子のシリーズ</title><series id=\"short2\"><title>下のシリーズ</title>\n";
  for (int i = 1; i <= 2; ++i) xml += volume("n" + number(i), "下冊" + number(i), "");
  xml += "</series></series>\n</fonds>\n</catalog>\n";
  return xml;
}

struct Portal {
  TempDir data;
  std::unique_ptr<ServeProcess> server;
  explicit Portal(const std::string& catalog) {
    auto r = run_monjo({"--data", data.path(), "import", catalog});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
    server = std::make_unique<ServeProcess>(data.path());
  }
};

HttpReply fixture_get(const std::string& target) {
  static Portal p(monjo::test::fixture("catalog/small.xml"));
  return http_request(p.server->port(), "GET", target);
}

HttpReply written_get(const std::string& target) {
  static TempDir dir;
  static Portal p([] {
    const std::string path = dir / "tree.xml";
    monjo::test::write_file(path, written_catalog());
    return path;
  }());
  return http_request(p.server->port(), "GET", target);
}

long count_of(const std::string& text, const std::string& what) {
  long n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The HTML between `open` (its first occurrence) and the next `close`.
std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const size_t a = text.find(open);
  if (a == std::string::npos) return {};
  const size_t b = text.find(close, a);
  return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

// The top-level entries of a tree page (<li> directly in <ul class="tree">).
long tree_entries(const std::string& html) {
  std::string tree = between(html, "<ul class=\"tree\">", "<nav class=\"pagination\"");
  if (tree.empty()) tree = between(html, "<ul class=\"tree\">", "</section>");
  // Preview entries sit inside a <details>; count the others.
  long n = 0, depth = 0;
  for (size_t i = 0; i < tree.size(); ++i) {
    if (tree.compare(i, 8, "<details") == 0) ++depth;
    if (tree.compare(i, 10, "</details>") == 0) --depth;
    if (depth == 0 && tree.compare(i, 10, "<li class=") == 0) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("a fonds page shows its series collapsed with their counts, each linked to its own page", "[browse]") {
  const HttpReply page = fixture_get("/fonds/fx-sagamihara");
  REQUIRE(page.status == 200);
  const std::string& html = page.body;
  CHECK(html.find("シリーズ 3・簿冊 4冊") != std::string::npos);  // the whole fonds
  // Two series, each linked to its page with its counts, then a disclosure of its contents
  // (the link is outside the summary: nothing interactive nests in it).
  CHECK(count_of(html, "<details>") == 2);
  CHECK(html.find("<a href=\"/series/fx-gikai\">議会関係</a> <span class=\"hint\">シリーズ 1・簿冊 2冊</span><details>"
                  "<summary>内訳<span class=\"visually-hidden\">: 議会関係</span></summary>") != std::string::npos);
  CHECK(html.find("<a href=\"/series/fx-heiji\">兵事</a> <span class=\"hint\">簿冊 2冊</span><details>") !=
        std::string::npos);
  // Expanded, 議会関係 shows its nested series with its count, and its volume.
  const std::string gikai = between(html, "<a href=\"/series/fx-gikai\">", "</details>");
  CHECK(gikai.find("<a href=\"/series/fx-gikai-kaigiroku\">會議録</a> <span class=\"hint\">簿冊 1冊</span>") !=
        std::string::npos);
  CHECK(gikai.find("<a href=\"/records/fx-v2\">市議会会議録</a>") != std::string::npos);
  // Every child is shown: no "see all" link.
  CHECK(html.find("すべて見る") == std::string::npos);
  // The public titles only.
  CHECK(html.find("兵事関係書類") != std::string::npos);
  require_no_withheld_titles("/fonds/fx-sagamihara", html);
  // Items are never in the tree.
  CHECK(html.find("/records/fx-v3-001") == std::string::npos);

  const HttpReply series = fixture_get("/series/fx-gikai");
  REQUIRE(series.status == 200);
  CHECK(series.body.find("<li><a href=\"/fonds/fx-sagamihara\">相模原町・相模原市役所文書</a></li>") !=
        std::string::npos);  // the breadcrumbs go up the tree
  CHECK(series.body.find("シリーズ 1・簿冊 2冊") != std::string::npos);
  require_no_withheld_titles("/series/fx-gikai", series.body);

  const HttpReply en = fixture_get("/fonds/fx-sagamihara?lang=en");
  CHECK(en.body.find("3 series, 4 volumes") != std::string::npos);
  CHECK(en.body.find("<a href=\"/series/fx-gikai?lang=en\">") != std::string::npos);
}

TEST_CASE("a long series is paged, and its fonds page previews it in a bounded page", "[browse]") {
  const HttpReply fonds = written_get("/fonds/tf");
  REQUIRE(fonds.status == 200);
  // 134 volumes below, but only the three series and ten volumes of each preview.
  CHECK(fonds.body.find("シリーズ 4・簿冊 134冊") != std::string::npos);
  CHECK(tree_entries(fonds.body) == 3);
  const std::string preview = between(fonds.body, "<a href=\"/series/long\">", "</details>");
  CHECK(count_of(preview, "<li class=\"tree-volume\"") == 10);
  CHECK(preview.find("<li class=\"tree-more\"><a href=\"/series/long\">このシリーズの 120 件をすべて見る</a></li>") !=
        std::string::npos);
  CHECK(fonds.body.find("シリーズ 1・簿冊 2冊") != std::string::npos);  // "nested" counts what lies deeper
  CHECK(fonds.body.size() < 20000);
  require_no_withheld_titles("/fonds/tf", fonds.body);

  const HttpReply first = written_get("/series/long");
  REQUIRE(first.status == 200);
  CHECK(tree_entries(first.body) == 50);
  CHECK(first.body.find("120件中 1–50件を表示") != std::string::npos);
  CHECK(first.body.find("<a href=\"/series/long?page=2\" rel=\"next\">") != std::string::npos);
  CHECK(first.body.find("/records/v050\"") != std::string::npos);
  CHECK(first.body.find("/records/v051\"") == std::string::npos);

  const HttpReply second = written_get("/series/long?page=2");
  CHECK(second.body.find("120件中 51–100件を表示") != std::string::npos);
  CHECK(second.body.find("<a href=\"/records/v060\">簿冊060</a>") != std::string::npos);
  CHECK(second.body.find("<link rel=\"canonical\" href=\"") != std::string::npos);
  require_no_withheld_titles("/series/long?page=2", second.body);

  const HttpReply last = written_get("/series/long?page=3");
  CHECK(tree_entries(last.body) == 20);
  CHECK(last.body.find("120件中 101–120件を表示") != std::string::npos);
  CHECK(last.body.find("rel=\"next\"") == std::string::npos);
  // Past the end: the last page; not a number: 400.
  CHECK(written_get("/series/long?page=99").body.find("120件中 101–120件を表示") != std::string::npos);
  CHECK(written_get("/series/long?page=two").status == 400);
}

TEST_CASE("a record's context panel shows its parent, the siblings around it and its children", "[browse]") {
  const HttpReply item = fixture_get("/records/fx-v3-002");
  REQUIRE(item.status == 200);
  const std::string panel = between(item.body, "<aside class=\"context\"", "</aside>");
  REQUIRE(!panel.empty());
  CHECK(panel.find("<a href=\"/records/fx-v3\">兵事関係書類</a>") != std::string::npos);  // the parent, public title
  CHECK(panel.find("4件中 2件目") != std::string::npos);
  CHECK(panel.find("<ol class=\"context-siblings\" start=\"1\">") != std::string::npos);
  CHECK(panel.find("<a href=\"/records/fx-v3-001\">恩給裁定通知</a>") != std::string::npos);
  CHECK(panel.find("<a href=\"/records/fx-v3-002\" aria-current=\"page\">戦死公報</a>") != std::string::npos);
  CHECK(panel.find("/records/fx-v3-004") != std::string::npos);
  CHECK(panel.find("すべて見る") == std::string::npos);  // all four are in the window
  require_no_withheld_titles("/records/fx-v3-002", item.body);

  const HttpReply volume = fixture_get("/records/fx-v3");
  const std::string volume_panel = between(volume.body, "<aside class=\"context\"", "</aside>");
  CHECK(volume_panel.find("<a href=\"#children-heading\">細目録 4件</a>") != std::string::npos);
  CHECK(volume_panel.find("<a href=\"/records/fx-heiji\">兵事</a>") != std::string::npos);
  CHECK(volume_panel.find("2件中 1件目") != std::string::npos);
  require_no_withheld_titles("/records/fx-v3", volume.body);

  // A fonds has no parent and no siblings: its children only.
  const std::string fonds_panel =
      between(fixture_get("/records/fx-sagamihara").body, "<aside class=\"context\"", "</aside>");
  CHECK(fonds_panel.find("context-siblings") == std::string::npos);
  CHECK(fonds_panel.find("この下の資料 2件") != std::string::npos);

  // In a long series: three before, three after, and the page of the tree that holds it.
  const HttpReply far = written_get("/records/v058");
  const std::string far_panel = between(far.body, "<aside class=\"context\"", "</aside>");
  CHECK(far_panel.find("120件中 58件目") != std::string::npos);
  CHECK(far_panel.find("start=\"55\"") != std::string::npos);
  CHECK(count_of(far_panel, "<li>") == 7);
  CHECK(far_panel.find("/records/v054\"") == std::string::npos);
  CHECK(far_panel.find("<a href=\"/records/v060\">簿冊060</a>") != std::string::npos);
  CHECK(far_panel.find("/records/v062\"") == std::string::npos);
  CHECK(far_panel.find("<a href=\"/series/long?page=2#n-v058\">同じ階層の 120 件をすべて見る</a>") !=
        std::string::npos);
  require_no_withheld_titles("/records/v058", far.body);
  // The masked volume's own page and panel.
  require_no_withheld_titles("/records/v060", written_get("/records/v060").body);
  CHECK(written_get("/records/v120").body.find("120件中 120件目") != std::string::npos);

  const HttpReply en = fixture_get("/records/fx-v3-002?lang=en");
  CHECK(en.body.find("Where this record sits") != std::string::npos);
  CHECK(en.body.find("2 of 4") != std::string::npos);
}

TEST_CASE("a hit of an open volume says that some of its items are restricted", "[browse][search]") {
  const HttpReply page = fixture_get("/search?q=" + monjo::test::percent_encode("兵事関係書類"));
  REQUIRE(page.status == 200);
  const std::string hit = between(page.body, "<a href=\"/records/fx-v3\">", "</li>");
  REQUIRE(!hit.empty());
  CHECK(hit.find("<p class=\"hit-notice\">一部の件名に利用の制限があります（3件）</p>") != std::string::npos);
  // A volume whose items are all open, and a closed one, say nothing of the kind.
  const HttpReply v2 = fixture_get("/search?q=" + monjo::test::percent_encode("市議会会議録") + "&level=volume");
  CHECK(v2.body.find("/records/fx-v2\"") != std::string::npos);
  CHECK(v2.body.find("hit-notice") == std::string::npos);
  const HttpReply v4 = fixture_get("/search?q=" + monjo::test::percent_encode("召集令状交付簿") + "&level=volume");
  CHECK(v4.body.find("/records/fx-v4\"") != std::string::npos);
  CHECK(v4.body.find("hit-notice") == std::string::npos);
  // One restricted of three (要審査).
  const HttpReply v1 = fixture_get("/search?q=" + monjo::test::percent_encode("町會議事録綴") + "&level=volume");
  CHECK(v1.body.find("一部の件名に利用の制限があります（1件）") != std::string::npos);

  const HttpReply en = fixture_get("/search?lang=en&q=" + monjo::test::percent_encode("兵事関係書類"));
  CHECK(en.body.find("Some items have access restrictions (3)") != std::string::npos);

  const json api = json::parse(fixture_get("/api/search?level=volume&size=50").body);
  std::map<std::string, long> withheld;
  for (const auto& h : api["hits"]) withheld[h["id"].get<std::string>()] = h["withheldItems"].get<long>();
  CHECK(withheld["fx-v1"] == 1);
  CHECK(withheld["fx-v2"] == 0);
  CHECK(withheld["fx-v3"] == 3);
  CHECK(withheld["fx-v4"] == 0);
}

TEST_CASE("an index in the previous document format is rebuilt before it is served", "[browse][search]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")}).status == 0);
  for (const char* side : {"public", "staff"}) {
    // As an index written before the format was kept in its metadata (format 1).
    Xapian::WritableDatabase db(data / ("index/" + std::string(side)), Xapian::DB_OPEN);
    db.set_metadata(monjo::archive::index_schema::kHitFormatKey, "");
    db.commit();
  }
  const auto check = run_monjo({"--data", data.path(), "check"});
  CHECK(check.status == 1);
  CHECK(check.out.find("index.format: the public index holds documents in format 1, this monjo writes format " +
                       std::to_string(monjo::archive::index_schema::kHitFormat)) != std::string::npos);
  ServeProcess server(data.path());
  CHECK(server.log().find("rebuilding them") != std::string::npos);
  const HttpReply page =
      http_request(server.port(), "GET", "/search?q=" + monjo::test::percent_encode("兵事関係書類"));
  CHECK(page.body.find("一部の件名に利用の制限があります（3件）") != std::string::npos);
  CHECK(run_monjo({"--data", data.path(), "check"}).status == 0);
}

TEST_CASE("the search filters come before the results, in a disclosure", "[browse][search]") {
  const HttpReply page = fixture_get("/search?q=" + monjo::test::percent_encode("会議録"));
  REQUIRE(page.status == 200);
  const size_t filters = page.body.find("<details class=\"facets-disclosure\" open>");
  const size_t results = page.body.find("id=\"results-heading\"");
  REQUIRE(filters != std::string::npos);
  REQUIRE(results != std::string::npos);
  CHECK(filters < results);
  CHECK(page.body.find("<summary>絞り込みの条件</summary>") != std::string::npos);
}

TEST_CASE("the item table names its column in every cell, for its narrow layout", "[browse]") {
  const HttpReply page = fixture_get("/records/fx-v3");
  const std::string table = between(page.body, "<table class=\"children stack-narrow\">", "</table>");
  REQUIRE(!table.empty());
  CHECK(count_of(table, "<td data-label=\"件名\">") == 4);
  CHECK(count_of(table, "<td data-label=\"年代\">") == 4);
  CHECK(count_of(table, "<td data-label=\"請求番号\">") == 4);
  CHECK(count_of(table, "<td data-label=\"公開区分\">") == 4);
}

TEST_CASE("/stats folds each chart's table under the chart", "[browse]") {
  const HttpReply page = fixture_get("/stats");
  REQUIRE(page.status == 200);
  const long charts = count_of(page.body, "<svg class=\"chart\"");
  CHECK(charts >= 4);
  CHECK(count_of(page.body, "<details class=\"stats-figures\">") == charts);
  CHECK(count_of(page.body, "<summary>数値で見る（表）<span class=\"visually-hidden\">: ") == charts);
  // Every table is inside its disclosure.
  const std::regex table_outside("</details>\\s*<table");
  CHECK_FALSE(std::regex_search(page.body, table_outside));
}
