// The use-request and staff pages over real HTTP: the real `monjo serve
// --port 0` on a data directory made by `monjo import` of the small fixture, with
// staff accounts made by `monjo user add` (password on stdin). Sessions and their
// cookies, the router's role column, CSRF on every staff POST, session fixation,
// login throttling, the intake form and API, and no requester data on any public
// response (nor in the server's log).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"
#include "serve_harness.h"
#include "archive/base/sqlite.h"
#include "staff_server.h"

namespace {

using monjo::test::form_encode;
using monjo::test::HttpReply;
using monjo::test::kRequester;
using monjo::test::Server;
using monjo::test::submit_form;
using monjo::test::Submitted;
using monjo::test::TempDir;
using nlohmann::json;

const Server& server() {
  static Server s;
  return s;
}

}  // namespace

TEST_CASE("staff routes without a session redirect to the login page with the way back", "[staff-http]") {
  for (const std::string target :
       {"/staff/", "/staff/requests", "/staff/requests/R2026-000001", "/staff/audit", "/staff/users",
        "/staff/records/fx-v3-001", "/staff/stats.csv", "/staff/requests/R2026-000001/notices/decision"}) {
    INFO(target);
    const HttpReply r = server().get(target);
    CHECK(r.status == 303);
    CHECK(r.header("location").rfind("/staff/login?next=", 0) == 0);
    CHECK(r.header("cache-control") == "no-store");
  }
  const HttpReply post = server().post("/staff/requests/R2026-000001/events", {{"event", "accept"}, {"csrf", "x"}});
  CHECK(post.status == 303);
  CHECK(post.header("location") == "/staff/login");
  // The login form itself is public and not cacheable.
  const HttpReply form = server().get("/staff/login");
  CHECK(form.status == 200);
  CHECK(form.header("cache-control") == "no-store");
  CHECK(form.body.find("name=\"password\"") != std::string::npos);
}

TEST_CASE("each staff page answers 403 to a role without its permission", "[staff-http]") {
  struct Row {
    const char* user;
    const char* target;
    int status;
  };
  const Row rows[] = {
      {"arc1", "/staff/requests", 403},
      {"adm1", "/staff/requests", 403},
      {"off1", "/staff/requests", 200},
      {"sup1", "/staff/requests", 200},
      {"off1", "/staff/audit", 403},
      {"arc1", "/staff/audit", 403},
      {"sup1", "/staff/audit", 200},
      {"adm1", "/staff/audit", 200},
      {"off1", "/staff/users", 403},
      {"sup1", "/staff/users", 403},
      {"adm1", "/staff/users", 200},
      {"adm1", "/staff/records/fx-v3-001", 403},
      {"arc1", "/staff/records/fx-v3-001", 200},
      {"arc1", "/staff/stats.csv", 403},
      {"off1", "/staff/stats.csv", 200},
      {"arc1", "/staff/", 200},
      {"adm1", "/staff/", 200},
  };
  std::map<std::string, Server::Staff> sessions;
  for (const auto& row : rows) {
    if (!sessions.count(row.user)) sessions[row.user] = server().staff(row.user);
    INFO(row.user << " " << row.target);
    const HttpReply r = server().get(row.target, sessions[row.user].cookie);
    CHECK(r.status == row.status);
    CHECK(r.header("cache-control") == "no-store");
  }
  // The full record view shows withheld fields to those allowed, and is audited.
  const HttpReply full = server().get("/staff/records/fx-v3-001", sessions["arc1"].cookie);
  CHECK(full.body.find("理由秘匿") != std::string::npos);
  const HttpReply audit = server().get("/staff/audit?action=record.", sessions["sup1"].cookie);
  CHECK(audit.body.find("record.view_withheld") != std::string::npos);
  CHECK(audit.body.find("verify-ok") != std::string::npos);
}

TEST_CASE("a staff POST without the session's CSRF token is refused", "[staff-http][security]") {
  const Submitted req = submit_form(server(), {"fx-v3-001"});
  const auto officer = server().staff("off1");
  const std::string url = "/staff/requests/" + req.receipt + "/events";
  CHECK(server().post(url, {{"event", "accept"}}, officer.cookie).status == 403);
  CHECK(server().post(url, {{"event", "accept"}, {"csrf", "0000"}}, officer.cookie).status == 403);
  // Another session's token is no good either.
  const auto other = server().staff("off2");
  CHECK(server().post(url, {{"event", "accept"}, {"csrf", other.csrf}}, officer.cookie).status == 403);
  CHECK(server().post("/staff/logout", {}, officer.cookie).status == 403);
  // Nothing happened: the request is still as received.
  CHECK(server().get("/staff/requests/" + req.receipt, officer.cookie).body.find("data-event=\"accept\"") !=
        std::string::npos);
  const HttpReply ok = server().post(url, {{"event", "accept"}, {"csrf", officer.csrf}}, officer.cookie);
  CHECK(ok.status == 303);
  CHECK(server().get("/staff/requests/" + req.receipt, officer.cookie).body.find("data-event=\"draft\"") !=
        std::string::npos);
  // The login form has its own double-submit token.
  const HttpReply forged =
      server().post("/staff/login", {{"login_token", "abc"}, {"name", "off1"}, {"password", Server::password("off1")}},
                    "monjo_login=def");
  CHECK(forged.status == 403);
  CHECK(!forged.cookie("monjo_session"));
}

TEST_CASE("session fixation fails: a planted cookie is never authenticated and login rotates the id",
          "[staff-http][security]") {
  const std::string planted = std::string(64, 'a');
  const std::string planted_cookie = "monjo_session=" + planted;
  CHECK(server().get("/staff/", planted_cookie).status == 303);
  CHECK(server().get("/staff/login", planted_cookie).status == 200);
  const HttpReply login = server().login("off1", Server::password("off1"), planted_cookie);
  REQUIRE(login.status == 303);
  const auto issued = login.cookie("monjo_session");
  REQUIRE(issued);
  CHECK(*issued != planted);
  CHECK(issued->size() == 64);
  const std::string line = login.cookie_line("monjo_session");
  CHECK(line.find("HttpOnly") != std::string::npos);
  CHECK(line.find("SameSite=Strict") != std::string::npos);
  CHECK(line.find("Path=/") != std::string::npos);
  CHECK(line.find("Secure") == std::string::npos);  // plain http, no --secure-cookies
  // The planted id is still nobody; the issued one works.
  CHECK(server().get("/staff/", planted_cookie).status == 303);
  CHECK(server().get("/staff/", "monjo_session=" + *issued).status == 200);
  // A signed-in browser is sent on from the login form.
  CHECK(server().get("/staff/login", "monjo_session=" + *issued).status == 303);
  // Signing in again with the issued cookie ends it and issues another.
  const HttpReply again = server().login("off1", Server::password("off1"), "monjo_session=" + *issued);
  const auto rotated = again.cookie("monjo_session");
  REQUIRE(rotated);
  CHECK(*rotated != *issued);
  CHECK(server().get("/staff/", "monjo_session=" + *issued).status == 303);
  CHECK(server().get("/staff/", "monjo_session=" + *rotated).status == 200);
}

TEST_CASE("logout ends the session and logout everywhere ends them all", "[staff-http]") {
  const auto a = server().staff("off2");
  const auto b = server().staff("off2");
  const HttpReply out = server().post("/staff/logout", {{"csrf", a.csrf}}, a.cookie);
  CHECK(out.status == 303);
  CHECK(out.cookie_line("monjo_session").find("Max-Age=0") != std::string::npos);
  CHECK(server().get("/staff/", a.cookie).status == 303);
  CHECK(server().get("/staff/", b.cookie).status == 200);
  const auto c = server().staff("off2");
  CHECK(server().post("/staff/logout-everywhere", {{"csrf", c.csrf}}, c.cookie).status == 303);
  CHECK(server().get("/staff/", b.cookie).status == 303);
  CHECK(server().get("/staff/", c.cookie).status == 303);
}

TEST_CASE("ten wrong passwords throttle the account, the right one included, with a friendly message",
          "[staff-http][security]") {
  int throttled = 0;
  for (int i = 0; i < 10; ++i) {
    const HttpReply r = server().login("victim", "wrong password " + std::to_string(i));
    CHECK(!r.cookie("monjo_session"));
    CHECK((r.status == 401 || r.status == 429));
    if (r.status == 429) {
      ++throttled;
      CHECK(r.body.find("ログインの失敗が続いたため") != std::string::npos);
    } else {
      CHECK(r.body.find("ユーザー名またはパスワードが違います") != std::string::npos);
    }
  }
  CHECK(throttled > 0);
  const HttpReply right = server().login("victim", Server::password("victim"));
  CHECK(right.status == 429);
  CHECK(!right.cookie("monjo_session"));
}

TEST_CASE("the intake form refuses robots and incomplete requests and keeps the list in a cookie of ids",
          "[staff-http][intake]") {
  const HttpReply add = server().get("/requests/new?record=fx-v4");  // a closed volume can be requested
  CHECK(add.status == 200);
  CHECK(add.cookie_line("monjo_request_list").find("monjo_request_list=fx-v4;") == 0);
  CHECK(add.body.find("value=\"fx-v4\"") != std::string::npos);
  const HttpReply more = server().get("/requests/new?record=fx-v3-001", "monjo_request_list=fx-v4");
  CHECK(more.cookie("monjo_request_list") == std::optional<std::string>("fx-v4|fx-v3-001"));
  CHECK(server().get("/requests/new?record=no-such-id").status == 404);

  std::vector<std::pair<std::string, std::string>> fields = kRequester;
  fields.emplace_back("record", "fx-v4");
  fields.emplace_back("consent", "yes");
  auto honeypot = fields;
  honeypot.emplace_back("website", "http://spam.example");
  CHECK(server().post("/requests/new", honeypot).status == 400);
  auto no_consent = fields;
  no_consent.pop_back();
  const HttpReply refused = server().post("/requests/new", no_consent);
  CHECK(refused.status == 400);
  CHECK(refused.body.find("個人情報の取扱いへの同意が必要です") != std::string::npos);
  CHECK(refused.body.find("href=\"#f-consent\"") != std::string::npos);
  const HttpReply accepted = server().post("/requests/new", fields);
  CHECK(accepted.status == 201);
  CHECK(accepted.header("cache-control") == "no-store");
  CHECK(accepted.cookie_line("monjo_request_list").find("Max-Age=0") != std::string::npos);
  for (const auto& c : add.cookies) CHECK(c.find("マーカー") == std::string::npos);
}

TEST_CASE("POST /api/requests answers with a receipt and a token that opens the status page", "[staff-http][api]") {
  json body = {{"records", {"fx-v3-001", "fx-v3-004"}},    {"name", "個人名マーカー甲"}, {"address", "住所マーカー乙"},
               {"email", "marker.person@example.invalid"}, {"method", "view"},           {"consent", true}};
  const HttpReply r = server().send("POST", "/api/requests", {}, body.dump(), "application/json");
  REQUIRE(r.status == 201);
  const json out = json::parse(r.body);
  const std::string receipt = out["receipt"];
  const std::string token = out["token"];
  CHECK(std::regex_match(receipt, std::regex("R[0-9]{4}-[0-9]{6}")));
  CHECK(out["status_url"].get<std::string>().find("/requests/" + receipt + "?token=" + token) != std::string::npos);
  const HttpReply status = server().get("/requests/" + receipt + "?token=" + token);
  CHECK(status.status == 200);
  CHECK(status.body.find(receipt) != std::string::npos);
  CHECK(status.body.find("恩給裁定通知") != std::string::npos);
  CHECK(server().get("/requests/" + receipt + "?token=" + std::string(64, '0')).status == 404);
  CHECK(server().get("/requests/" + receipt).status == 404);

  body.erase("consent");
  CHECK(server().send("POST", "/api/requests", {}, body.dump(), "application/json").status == 400);
  CHECK(server().send("POST", "/api/requests", {}, "not json", "application/json").status == 400);
  json unknown = {{"records", {"no-such-record"}}, {"name", "x"}, {"address", "y"}, {"phone", "1"}, {"consent", true}};
  const HttpReply bad = server().send("POST", "/api/requests", {}, unknown.dump(), "application/json");
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body)["error"]["message"].get<std::string>().find("no-such-record") != std::string::npos);
}

TEST_CASE("the intake rate limit refuses an address after its allowance", "[staff-http][intake]") {
  Server limited({"--intake-per-hour", "2"});
  json body = {{"records", {"fx-v3-004"}}, {"name", "n"}, {"address", "a"}, {"phone", "1"}, {"consent", true}};
  CHECK(limited.send("POST", "/api/requests", {}, body.dump(), "application/json").status == 201);
  CHECK(limited.send("POST", "/api/requests", {}, body.dump(), "application/json").status == 201);
  CHECK(limited.send("POST", "/api/requests", {}, body.dump(), "application/json").status == 429);
  std::vector<std::pair<std::string, std::string>> fields = kRequester;
  fields.emplace_back("record", "fx-v3-004");
  fields.emplace_back("consent", "yes");
  CHECK(limited.post("/requests/new", fields).status == 429);
}

TEST_CASE("no requester data appears in any public response or in the log", "[staff-http][security][privacy]") {
  const Submitted req = submit_form(server(), {"fx-v3-001", "fx-v3-004"});
  // Decide it, so the status page shows its most.
  const auto officer = server().staff("off1");
  const auto supervisor = server().staff("sup1");
  const std::string base = "/staff/requests/" + req.receipt;
  auto post = [&](const Server::Staff& who, const std::string& path,
                  std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("csrf", who.csrf);
    return server().post(path, fields, who.cookie).status;
  };
  CHECK(post(officer, base + "/events", {{"event", "accept"}}) == 303);
  CHECK(post(officer, base + "/items/1",
             {{"decision", "partial"},
              {"grounds", "personal"},
              {"article", "条例第17条第1項第1号イ"},
              {"reason", "個人の恩給額"},
              {"redaction_from_1", "3"},
              {"redaction_to_1", "4"},
              {"redaction_what_1", "恩給額"}}) == 303);
  CHECK(post(officer, base + "/items/2", {{"decision", "full"}}) == 303);
  CHECK(post(officer, base + "/events", {{"event", "draft"}}) == 303);
  CHECK(post(officer, base + "/events", {{"event", "approve"}}) == 403);  // never the drafter
  CHECK(post(supervisor, base + "/events", {{"event", "approve"}}) == 303);
  CHECK(post(supervisor, base + "/events", {{"event", "notify"}}) == 303);

  const HttpReply review = server().get(base, officer.cookie);
  CHECK(review.body.find("個人名マーカー甲") != std::string::npos);  // staff with the permission see it
  const HttpReply notice = server().get(base + "/notices/decision", officer.cookie);
  CHECK(notice.status == 200);
  CHECK(notice.body.find("一部利用決定通知書") != std::string::npos);
  CHECK(notice.body.find("教示") != std::string::npos);
  CHECK(notice.body.find("個人名マーカー甲") != std::string::npos);

  const HttpReply status = server().get("/requests/" + req.receipt + "?token=" + req.token);
  CHECK(status.body.find("一部利用") != std::string::npos);
  std::vector<std::string> targets = {"/requests/" + req.receipt + "?token=" + req.token,
                                      "/requests/" + req.receipt + "?token=" + req.token + "&lang=en",
                                      "/stats",
                                      "/stats?lang=en",
                                      "/",
                                      "/search?q=" + std::string("%E5%80%8B%E4%BA%BA"),
                                      "/api/search?q=",
                                      "/requests/new",
                                      "/requests/new?record=fx-v3-001",
                                      "/records/fx-v3-001",
                                      "/api/records/fx-v3-001",
                                      "/sitemap.xml",
                                      "/robots.txt",
                                      "/requests/" + req.receipt,
                                      "/healthz"};
  for (const auto& target : targets) {
    const HttpReply r = server().get(target);
    INFO(target);
    CHECK(r.status < 500);
    for (const auto& [field, value] : kRequester) {
      INFO(field);
      CHECK(r.body.find(value) == std::string::npos);
      for (const auto& c : r.cookies) CHECK(c.find(value) == std::string::npos);
    }
  }
  const std::string log = server().log();
  for (const auto& [field, value] : kRequester) CHECK(log.find(value) == std::string::npos);
  CHECK(log.find(req.token) == std::string::npos);  // the status token is redacted from the access log
  // Statistics count without naming anyone.
  const HttpReply stats = server().get("/stats");
  CHECK(stats.status == 200);
  CHECK(stats.body.find("<svg class=\"chart\"") != std::string::npos);
  const HttpReply csv = server().get("/staff/stats.csv", officer.cookie);
  CHECK(csv.header("content-type").rfind("text/csv", 0) == 0);
  CHECK(csv.body.find(",received,,") != std::string::npos);
  for (const auto& [field, value] : kRequester) CHECK(csv.body.find(value) == std::string::npos);
}

TEST_CASE("a thousand throttled login POSTs add a bounded number of audit entries", "[staff-http][security]") {
  Server own;  // its own address count: the shared server's other tests still log in
  auto entries = [&] {
    const auto r = monjo::test::run_monjo({"--data", own.data_dir(), "audit", "verify"});
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex("intact: (\\d+) entr")));
    return std::stol(m[1]);
  };
  const long before = entries();
  const HttpReply form = own.get("/staff/login");
  const auto token = form.cookie("monjo_login");
  REQUIRE(token);
  int refused = 0;
  for (int i = 0; i < 1000; ++i) {
    const HttpReply r = own.post("/staff/login", {{"login_token", *token}, {"name", "victim"}, {"password", "guess"}},
                                 "monjo_login=" + *token);
    if (r.status == 429) ++refused;
  }
  CHECK(refused >= 990);
  // The failures before the throttle (5) are audited one by one; the refused ones are
  // counted, to become one entry when their interval is over.
  CHECK(entries() - before <= 6);
  monjo::archive::sql::Database db(own.data_dir() + "/catalog.sqlite", monjo::archive::sql::Database::Mode::ReadOnly);
  auto st = db.prepare("SELECT sum(attempts), count(*) FROM login_throttled");
  REQUIRE(st.step());
  CHECK(st.integer(0) == refused);
  CHECK(st.integer(1) <= 2);  // one interval, or two if it turned meanwhile
  st.reset();
}
