// /staff/search over real HTTP (docs/staff.md, "Searching everything"): the real
// `monjo serve` on the small fixture, run under faketime on 2034-01-15 so the review
// dates of the fixture (until 2020-03-31, 2034-03-31, 2044-03-31, 2055-03-31) fall on
// known sides of "due" and "due within N months". An officer finds withheld words the
// public /search does not; hits not open are marked and link to the staff record page;
// each staff-only filter narrows; the public side ignores those parameters; signed-out
// visitors are sent to the login; every page view is in the audit trail.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>
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
  static Server s({}, "2034-01-15 03:00:00");
  return s;
}

const Server::Staff& officer() {
  static const Server::Staff s = server().staff("off1");
  return s;
}

// The record ids the hits of a results page link to (staff pages: /staff/records/ID
// in the hit title; public ones: /records/ID).
std::set<std::string> hit_ids(const std::string& body) {
  std::set<std::string> out;
  const std::regex title("<h3 class=\"hit-title\"><a href=\"(?:/staff)?/records/([A-Za-z0-9._-]+)");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), title); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

std::set<std::string> staff_search(const std::string& query) {
  const HttpReply r = server().get("/staff/search?" + query, officer().cookie);
  REQUIRE(r.status == 200);
  return hit_ids(r.body);
}

using Ids = std::set<std::string>;

}  // namespace

TEST_CASE("an officer finds on /staff/search a withheld word the public /search does not", "[staff][search]") {
  const HttpReply pub = server().get("/search?q=秘匿語甲");
  REQUIRE(pub.status == 200);
  CHECK(hit_ids(pub.body).empty());
  CHECK(pub.body.find("秘匿語甲</mark>") == std::string::npos);

  const HttpReply r = server().get("/staff/search?q=秘匿語甲", officer().cookie);
  REQUIRE(r.status == 200);
  CHECK(r.header("Cache-Control") == "no-store");
  CHECK(hit_ids(r.body) == Ids{"fx-v3-001"});
  // The hit is marked as holding withheld text and links to the full staff view.
  CHECK(r.body.find("<h3 class=\"hit-title\"><a href=\"/staff/records/fx-v3-001\">") != std::string::npos);
  CHECK(r.body.find("非公開部分を含む") != std::string::npos);
  CHECK(r.body.find("<mark>秘匿語甲</mark>") != std::string::npos);
  // The staff title, not the public one.
  CHECK(r.body.find("恩給裁定通知（秘匿題名）") != std::string::npos);
  const HttpReply en = server().get("/staff/search?q=秘匿語甲&lang=en", officer().cookie);
  CHECK(en.body.find("withheld text included") != std::string::npos);
  // An open hit is not marked.
  const HttpReply open = server().get("/staff/search?q=縣廳往復文書", officer().cookie);
  CHECK(hit_ids(open.body) == Ids{"fx-v1-001"});
  CHECK(open.body.find("withheld-mark") == std::string::npos);
  // The staff record page the hit links to opens.
  CHECK(server().get("/staff/records/fx-v3-001", officer().cookie).status == 200);
}

TEST_CASE("each staff-only filter narrows the staff search", "[staff][search]") {
  // Restriction grounds in force (v4's are inherited by its items).
  CHECK(staff_search("grounds=corporate") == Ids{"fx-v3-003"});
  CHECK(staff_search("grounds=security") == Ids{"fx-v4", "fx-v4-001", "fx-v4-002"});
  CHECK(staff_search("grounds=security&q=前期") == Ids{"fx-v4-001"});
  // Location exactly as catalogued.
  CHECK(staff_search("location=" + monjo::test::percent_encode("第2書庫 1-4-2")) == Ids{"fx-v2"});
  // Kinds of preservation events.
  CHECK(staff_search("preservation=repair") == Ids{"fx-v3"});
  CHECK(staff_search("preservation=cleaning") == Ids{"fx-v3-004"});
  CHECK(staff_search("preservation=repair&preservation=cleaning") == Ids{"fx-v3", "fx-v3-004"});
  // Review dates on 2034-01-15: 2020-03-31 is due; 2034-03-31 is within 3 months;
  // 2044 and 2055 are not within 12.
  CHECK(staff_search("review=due") == Ids{"fx-v3-002"});
  CHECK(staff_search("review=3") == Ids{"fx-v3-002", "fx-v3-003"});
  CHECK(staff_search("review=12") == Ids{"fx-v3-002", "fx-v3-003"});
  // A value that is not one of a filter's is dropped, as on the portal.
  CHECK(staff_search("review=24").size() == staff_search("").size());
  // The facets show the staff-only filters, their labels from the message catalogs.
  const HttpReply page = server().get("/staff/search?grounds=corporate", officer().cookie);
  CHECK(page.body.find("制限の理由区分") != std::string::npos);
  CHECK(page.body.find("法人等情報") != std::string::npos);
  CHECK(page.body.find("見直し期限到来") != std::string::npos);
  CHECK(page.body.find("修補") != std::string::npos);
  // Locations are counted over the matches.
  CHECK(page.body.find("第2書庫 1-4-2") == std::string::npos);
  const HttpReply all = server().get("/staff/search", officer().cookie);
  CHECK(all.body.find("第2書庫 1-4-2 <span class=\"count\">(1)</span>") != std::string::npos);
}

TEST_CASE("the public /search ignores the staff-only parameters", "[staff][search][security]") {
  const HttpReply all = server().get("/search");
  REQUIRE(all.status == 200);
  std::smatch total;
  REQUIRE(std::regex_search(all.body, total, std::regex("<p class=\"count\" role=\"status\">([^<]*)</p>")));
  const std::vector<std::string> staff_only = {"grounds=corporate",
                                               "location=" + monjo::test::percent_encode("第2書庫 1-4-2"),
                                               "preservation=repair", "review=due"};
  for (const std::string& q : staff_only) {
    INFO(q);
    const HttpReply r = server().get("/search?" + q);
    REQUIRE(r.status == 200);
    CHECK(r.body.find(total[0].str()) != std::string::npos);
    // No chip of the filter, no staff-only facet.
    CHECK(r.body.find("制限の理由区分") == std::string::npos);
    CHECK(r.body.find("第2書庫") == std::string::npos);
    CHECK(r.body.find("見直し") == std::string::npos);
  }
  const HttpReply api = server().get("/api/search?grounds=corporate");
  REQUIRE(api.status == 200);
  CHECK(api.body.find("\"location\"") == std::string::npos);
  CHECK(api.body.find("\"grounds\"") == std::string::npos);
}

TEST_CASE("a signed-out visitor is sent to the login, with the way back", "[staff][search]") {
  const HttpReply r = server().get("/staff/search?q=秘匿語甲");
  CHECK(r.status == 303);
  CHECK(r.header("Location").rfind("/staff/login?next=", 0) == 0);
  CHECK(r.body.find("秘匿語甲") == std::string::npos);
}

TEST_CASE("the roles with the ViewWithheld permission may search the staff index; the others may not",
          "[staff][search]") {
  for (const auto& [name, status] :
       std::vector<std::pair<std::string, int>>{{"off1", 200}, {"sup1", 200}, {"arc1", 200}, {"adm1", 403}}) {
    INFO(name);
    const auto who = server().staff(name);
    const HttpReply r = server().get("/staff/search?q=秘匿語甲", who.cookie);
    CHECK(r.status == status);
    CHECK((r.body.find("恩給裁定通知（秘匿題名）") != std::string::npos) == (status == 200));
    // The menu shows the page to those who may open it.
    const HttpReply dash = server().get("/staff/", who.cookie);
    CHECK((dash.body.find("href=\"/staff/search\"") != std::string::npos) == (status == 200));
  }
}

TEST_CASE("every staff search page view is in the audit trail", "[staff][search][audit]") {
  auto entries = [] {
    const auto listed = run_monjo({"--data", server().data_dir(), "audit", "list", "--action", "search.staff",
                                   "--target", "監査語テスト", "--limit", "100"});
    REQUIRE(listed.status == 0);
    long n = 0;
    for (size_t p = listed.out.find("search.staff"); p != std::string::npos; p = listed.out.find("search.staff", p + 1))
      ++n;
    return std::make_pair(n, listed.out);
  };
  const long before = entries().first;
  // The same page twice (the second from the result cache): two views, two entries.
  CHECK(server().get("/staff/search?q=監査語テスト", officer().cookie).status == 200);
  CHECK(server().get("/staff/search?q=監査語テスト", officer().cookie).status == 200);
  const auto [after, text] = entries();
  CHECK(after == before + 2);
  CHECK(text.find("off1") != std::string::npos);
}

TEST_CASE("the staff search is linked from the menu, the dashboard and the public record page", "[staff][search]") {
  const HttpReply dash = server().get("/staff/", officer().cookie);
  REQUIRE(dash.status == 200);
  CHECK(dash.body.find("href=\"/staff/search\"") != std::string::npos);
  // The public record page links to the staff view only for a signed-in staff member.
  const HttpReply signed_in = server().get("/records/fx-v3-001", officer().cookie);
  REQUIRE(signed_in.status == 200);
  CHECK(signed_in.body.find("href=\"/staff/records/fx-v3-001\"") != std::string::npos);
  CHECK(signed_in.header("Cache-Control").find("no-store") != std::string::npos);
  const HttpReply anonymous = server().get("/records/fx-v3-001");
  REQUIRE(anonymous.status == 200);
  CHECK(anonymous.body.find("/staff/records/") == std::string::npos);
  const HttpReply stale = server().get("/records/fx-v3-001", "monjo_session=0000");
  CHECK(stale.body.find("/staff/records/") == std::string::npos);
}

TEST_CASE("monjo search takes the staff-only options with --staff only", "[staff][search][cli]") {
  const auto refused = run_monjo({"--data", server().data_dir(), "search", "--grounds", "personal"});
  CHECK(refused.status != 0);
  CHECK(refused.err.find("--grounds is a staff-only filter: it needs --staff") != std::string::npos);
  const auto found = run_monjo({"--data", server().data_dir(), "search", "--staff", "--grounds", "corporate"});
  CHECK(found.status == 0);
  CHECK(found.out.rfind("1 records", 0) == 0);
  CHECK(found.out.find("fx-v3-003") != std::string::npos);
  const auto due =
      monjo::test::run_monjo_on("2034-01-15", {"--data", server().data_dir(), "search", "--staff", "--review", "due"});
  CHECK(due.status == 0);
  CHECK(due.out.rfind("1 records", 0) == 0);
  const auto bad = run_monjo({"--data", server().data_dir(), "search", "--staff", "--review", "24"});
  CHECK(bad.status != 0);
}
