// /staff/preservation over real HTTP (docs/staff.md, "Planning preservation"): the real
// `monjo serve` on the small fixture, whose four volumes are fx-v1 (良好, fumigated
// 2013-08-20), fx-v2 (良好, no events), fx-v3 (劣化 状態秘匿, a repair) and fx-v4 (劣化,
// five events, no fumigation). The list puts the never fumigated first; the fonds,
// condition and year filters narrow it; the CSV holds the same list for Excel; the
// roles with ViewWithheld may open it, an admin may not; signed-out visitors go to the
// login; every view is in the audit trail.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "harness.h"
#include "serve_harness.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using monjo::test::run_monjo;
using monjo::test::Server;

const Server& server() {
  static Server s;
  return s;
}

const Server::Staff& archivist() {
  static const Server::Staff s = server().staff("arc1");
  return s;
}

using Ids = std::vector<std::string>;

// The volumes of the list, in the order of its rows.
Ids row_ids(const std::string& body) {
  Ids out;
  const std::regex row("<tr data-id=\"([A-Za-z0-9._-]+)\">");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), row); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

Ids listed(const std::string& query) {
  const HttpReply r = server().get("/staff/preservation" + query, archivist().cookie);
  REQUIRE(r.status == 200);
  return row_ids(r.body);
}

}  // namespace

TEST_CASE("the preservation list puts the volumes never fumigated first, each linked to its staff view",
          "[staff][preservation]") {
  const HttpReply r = server().get("/staff/preservation", archivist().cookie);
  REQUIRE(r.status == 200);
  CHECK(r.header("Cache-Control") == "no-store");
  CHECK(row_ids(r.body) == Ids{"fx-v2", "fx-v3", "fx-v4", "fx-v1"});
  CHECK(r.body.find("<a href=\"/staff/records/fx-v1\">") != std::string::npos);
  // The last fumigation in 和暦 with 西暦 beside it; the others marked as never.
  CHECK(r.body.find("平成25年8月20日") != std::string::npos);
  CHECK(r.body.find("2013") != std::string::npos);
  CHECK(r.body.find("未実施") != std::string::npos);
  // Staff-only fields and the event kinds by their labels.
  CHECK(r.body.find("劣化 状態秘匿") != std::string::npos);
  // fx-v1's digitization by its label, not its note.
  CHECK(r.body.find("マイクロフィルムから画像化") == std::string::npos);
  CHECK(std::regex_search(r.body, std::regex("<td>くん蒸、デジタル化</td>")));
  CHECK(r.body.find("<caption>") != std::string::npos);
  CHECK(r.body.find("<th scope=\"col\">") != std::string::npos);
  // The summary by condition.
  CHECK(std::regex_search(r.body, std::regex("<td>良好</td><td>2</td>")));
  CHECK(std::regex_search(r.body, std::regex("<td>劣化</td><td>1</td>")));
  // In English.
  const HttpReply en = server().get("/staff/preservation?lang=en", archivist().cookie);
  CHECK(en.body.find("Preservation planning list") != std::string::npos);
  CHECK(en.body.find("Never fumigated") != std::string::npos);
  CHECK(en.body.find("href=\"/staff/records/fx-v1?lang=en\"") != std::string::npos);
}

TEST_CASE("the preservation list narrows by fonds, condition and the year of the last fumigation",
          "[staff][preservation]") {
  CHECK(listed("?fonds=fx-sagamihara") == Ids{"fx-v2", "fx-v3", "fx-v4", "fx-v1"});
  CHECK(listed("?fonds=no-such-fonds").empty());
  CHECK(listed("?condition=%E8%89%AF%E5%A5%BD") == Ids{"fx-v2", "fx-v1"});  // 良好
  CHECK(listed("?condition=%E5%8A%A3%E5%8C%96") == Ids{"fx-v4"});           // 劣化
  CHECK(listed("?condition=-").empty());                                    // none recorded
  CHECK(listed("?since=2010") == Ids{"fx-v2", "fx-v3", "fx-v4"});
  CHECK(listed("?since=2014") == Ids{"fx-v2", "fx-v3", "fx-v4", "fx-v1"});
  CHECK(listed("?since=2014&condition=%E8%89%AF%E5%A5%BD") == Ids{"fx-v2", "fx-v1"});
  // The chosen values stay selected.
  const HttpReply r = server().get("/staff/preservation?condition=%E8%89%AF%E5%A5%BD&since=2010", archivist().cookie);
  CHECK(r.body.find("<option value=\"良好\" selected>") != std::string::npos);
  CHECK(r.body.find("value=\"2010\"") != std::string::npos);
  // A year that is not a number is refused.
  CHECK(server().get("/staff/preservation?since=abc", archivist().cookie).status == 400);
}

TEST_CASE("the preservation list downloads as CSV with a BOM, the same list in the same order",
          "[staff][preservation]") {
  const HttpReply r = server().get("/staff/preservation.csv", archivist().cookie);
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type").rfind("text/csv", 0) == 0);
  CHECK(r.header("Content-Disposition").find("attachment") != std::string::npos);
  REQUIRE(r.body.rfind("\xEF\xBB\xBF", 0) == 0);
  const auto v2 = r.body.find("\r\nfx-v2,"), v3 = r.body.find("\r\nfx-v3,"), v4 = r.body.find("\r\nfx-v4,"),
             v1 = r.body.find("\r\nfx-v1,");
  REQUIRE(v1 != std::string::npos);
  CHECK(v2 < v3);
  CHECK(v3 < v4);
  CHECK(v4 < v1);
  CHECK(r.body.find("2013-08-20") != std::string::npos);
  CHECK(r.body.find("請求番号") != std::string::npos);  // the header is the catalog's label (call_number)
  const HttpReply filtered = server().get("/staff/preservation.csv?since=2010", archivist().cookie);
  CHECK(filtered.body.find("\r\nfx-v1,") == std::string::npos);
  CHECK(filtered.body.find("\r\nfx-v2,") != std::string::npos);
  // The page links to the CSV of its filters.
  const HttpReply page = server().get("/staff/preservation?since=2010", archivist().cookie);
  CHECK(page.body.find("href=\"/staff/preservation.csv?since=2010\"") != std::string::npos);
}

TEST_CASE("archivists, officers and supervisors may open the preservation list; an admin may not",
          "[staff][preservation]") {
  for (const auto& [name, status] :
       std::vector<std::pair<std::string, int>>{{"arc1", 200}, {"off1", 200}, {"sup1", 200}, {"adm1", 403}}) {
    INFO(name);
    const auto who = server().staff(name);
    const HttpReply r = server().get("/staff/preservation", who.cookie);
    CHECK(r.status == status);
    CHECK((r.body.find("劣化 状態秘匿") != std::string::npos) == (status == 200));
    CHECK(server().get("/staff/preservation.csv", who.cookie).status == status);
    // The dashboard and the staff menu link to it for those who may open it.
    const HttpReply dash = server().get("/staff/", who.cookie);
    const std::string link = "href=\"/staff/preservation\"";
    size_t n = 0;
    for (size_t p = dash.body.find(link); p != std::string::npos; p = dash.body.find(link, p + 1)) ++n;
    CHECK(n == (status == 200 ? 2u : 0u));
  }
}

TEST_CASE("a signed-out visitor of the preservation list is sent to the login", "[staff][preservation]") {
  for (const std::string path : {"/staff/preservation", "/staff/preservation.csv"}) {
    INFO(path);
    const HttpReply r = server().get(path);
    CHECK(r.status == 303);
    CHECK(r.header("Location").rfind("/staff/login?next=", 0) == 0);
    CHECK(r.body.find("劣化 状態秘匿") == std::string::npos);
  }
}

TEST_CASE("every view and download of the preservation list is in the audit trail", "[staff][preservation][audit]") {
  auto entries = [] {
    const auto out =
        run_monjo({"--data", server().data_dir(), "audit", "list", "--action", "preservation.view", "--limit", "1000"});
    REQUIRE(out.status == 0);
    long n = 0;
    for (size_t p = out.out.find("preservation.view"); p != std::string::npos;
         p = out.out.find("preservation.view", p + 1))
      ++n;
    return std::make_pair(n, out.out);
  };
  const long before = entries().first;
  CHECK(server().get("/staff/preservation?fonds=fx-sagamihara", archivist().cookie).status == 200);
  CHECK(server().get("/staff/preservation.csv", archivist().cookie).status == 200);
  const auto [after, text] = entries();
  CHECK(after == before + 2);
  CHECK(text.find("arc1") != std::string::npos);
  CHECK(text.find("fx-sagamihara") != std::string::npos);
}
