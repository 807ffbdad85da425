// The requester's steps on the status page over real HTTP: withdraw
// before notice, answer a request for correction, lodge an appeal within the window.
// Each is offered only in a state the transition table allows, needs the status token
// and the form token (the cookie set with the page), and answers with a confirmation
// page; a wrong token, a missing confirmation or a wrong state changes nothing. The
// staff side moves the request on through the store, on the same catalog file the
// server uses. Nothing the requester typed appears on a public response or in the log.
// Also: staff pages rendered in English link to English pages.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "archive/catalog/catalog.h"
#include "archive/requests/request_store.h"
#include "harness.h"
#include "serve_harness.h"

namespace {

using monjo::test::form_encode;
using monjo::test::HttpReply;
using monjo::test::TempDir;
using nlohmann::json;
namespace ar = monjo::archive;

const std::string kOfficerPassword = "correct horse off1";

// What the requester typed; none of it may come back on a public response or in the log.
const std::vector<std::string> kPersonal = {"個人名マーカー丁", "住所マーカー戊 4-5-6", "marker.status@example.invalid",
                                            "補正回答マーカー己", "審査請求理由マーカー庚"};

class Server {
 public:
  // Every test case submits requests of its own: well past the intake's hourly limit.
  Server() : process_(prepared(data_), {"--threads", "2", "--intake-per-hour", "1000"}) {}
  const std::string& data_dir() const { return data_.path(); }
  std::string log() const { return process_.log(); }

  HttpReply get(const std::string& target, const std::string& cookie = {}) const {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return monjo::test::http_request(process_.port(), "GET", target, headers, {}, monjo::test::kFormContentType,
                                     kTimeout);
  }
  HttpReply post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields,
                 const std::string& cookie = {}) const {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return monjo::test::http_request(process_.port(), "POST", target, headers, form_encode(fields),
                                     monjo::test::kFormContentType, kTimeout);
  }
  HttpReply post_json(const std::string& target, const std::string& body) const {
    return monjo::test::http_request(process_.port(), "POST", target, {}, body, "application/json", kTimeout);
  }

 private:
  static constexpr std::chrono::seconds kTimeout{20};
  static const std::string& prepared(const TempDir& data) {
    auto imported =
        monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (imported.status != 0) throw std::runtime_error("import failed: " + imported.err);
    auto user = monjo::test::run_monjo({"--data", data.path(), "user", "add", "off1", "--role", "officer"},
                                       kOfficerPassword + "\n");
    if (user.status != 0) throw std::runtime_error("user add failed: " + user.err);
    return data.path();
  }
  TempDir data_;
  monjo::test::ServeProcess process_;
};

const Server& server() {
  static Server s;
  return s;
}

struct Submitted {
  std::string receipt;
  std::string token;
};

Submitted submit(const std::vector<std::string>& records = {"fx-v1-003"}) {
  json body = {{"records", records},    {"name", kPersonal[0]}, {"address", kPersonal[1]},
               {"email", kPersonal[2]}, {"method", "view"},     {"consent", true}};
  const HttpReply r = server().post_json("/api/requests", body.dump());
  REQUIRE(r.status == 201);
  const json j = json::parse(r.body);
  return {j["receipt"], j["token"]};
}

// The staff side, through the store on the server's own catalog file.
struct Desk {
  ar::Catalog catalog{server().data_dir() + "/catalog.sqlite"};
  ar::AuditTrail audit{catalog.db()};
  ar::RequestStore store{catalog.db(), audit, ar::DeadlineCalculator(ar::OrdinanceConfig{}, ar::ArchiveCalendar{})};
  const ar::Actor officer{"off1", ar::Role::Officer};
  const ar::Actor supervisor{"sup1", ar::Role::Supervisor};

  void request_correction(const std::string& receipt) {
    store.apply(receipt, ar::RequestEvent::RequestCorrection, officer, "住所の番地を補ってください");
  }
  void decide_and_notify(const std::string& receipt) {
    store.apply(receipt, ar::RequestEvent::Accept, officer, "");
    for (const auto& item : store.get(receipt).items) {
      ar::ItemDecision d;
      d.record_id = item.decision.record_id;
      d.decision = ar::Decision::FullUse;
      store.set_item_decision(receipt, d, officer);
    }
    store.apply(receipt, ar::RequestEvent::Draft, officer, "");
    store.apply(receipt, ar::RequestEvent::Approve, supervisor, "");
    store.apply(receipt, ar::RequestEvent::Notify, officer, "");
  }
  ar::RequestState state(const std::string& receipt) { return store.get(receipt).state; }
  std::vector<ar::RequestEventRow> events(const std::string& receipt) { return store.get(receipt).events; }
};

// The status page and what a form needs: the form token and its cookie.
struct StatusPage {
  HttpReply reply;
  std::string cookie;      // "monjo_status_form=…"
  std::string form_token;  // from the page's forms ("" when it has none)
};

StatusPage status(const Submitted& s, const std::string& extra_query = {}) {
  StatusPage p;
  p.reply = server().get("/requests/" + s.receipt + "?token=" + s.token + extra_query);
  REQUIRE(p.reply.status == 200);
  if (auto c = p.reply.cookie("monjo_status_form")) p.cookie = "monjo_status_form=" + *c;
  std::smatch m;
  if (std::regex_search(p.reply.body, m, std::regex("name=\"form_token\" value=\"([0-9a-f]+)\""))) p.form_token = m[1];
  return p;
}

bool offers(const StatusPage& p, const std::string& action) {
  return std::regex_search(p.reply.body, std::regex("action=\"/requests/R[0-9-]+/" + action + "[\"?]"));
}

HttpReply act(const Submitted& s, const StatusPage& page, const std::string& action,
              std::vector<std::pair<std::string, std::string>> fields) {
  fields.insert(fields.begin(), {{"token", s.token}, {"form_token", page.form_token}});
  return server().post("/requests/" + s.receipt + "/" + action, fields, page.cookie);
}

void check_nothing_personal(const HttpReply& r) {
  for (const auto& marker : kPersonal) {
    INFO(marker);
    CHECK(r.body.find(marker) == std::string::npos);
    for (const auto& c : r.cookies) CHECK(c.find(marker) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("the status page offers only the steps the transition table allows the requester now", "[request-status]") {
  Desk desk;
  const Submitted s = submit();
  StatusPage received = status(s);
  CHECK(offers(received, "withdraw"));
  CHECK_FALSE(offers(received, "correction"));
  CHECK_FALSE(offers(received, "appeal"));
  // The form token's cookie is only sent back to this request's own paths.
  const std::string line = received.reply.cookie_line("monjo_status_form");
  CHECK_THAT(line, Catch::Contains("Path=/requests/" + s.receipt));
  CHECK_THAT(line, Catch::Contains("HttpOnly"));
  CHECK_THAT(line, Catch::Contains("SameSite=Strict"));
  CHECK(received.form_token.size() == 64);
  CHECK(received.reply.header("Cache-Control") == "no-store");
  CHECK(received.reply.header("Referrer-Policy") == "no-referrer");

  desk.request_correction(s.receipt);
  StatusPage correcting = status(s);
  CHECK(offers(correcting, "correction"));
  CHECK(offers(correcting, "withdraw"));
  CHECK_FALSE(offers(correcting, "appeal"));

  const Submitted n = submit();
  desk.decide_and_notify(n.receipt);
  StatusPage notified = status(n);
  CHECK(offers(notified, "appeal"));
  CHECK_FALSE(offers(notified, "withdraw"));
  CHECK_FALSE(offers(notified, "correction"));
  CHECK_THAT(notified.reply.body, Catch::Contains("このページから審査請求をすることができます"));
}

TEST_CASE("withdrawing needs the status token, the form token and the confirmation, and only before notice",
          "[request-status]") {
  Desk desk;
  const Submitted s = submit();
  const StatusPage page = status(s);
  REQUIRE_FALSE(page.form_token.empty());

  SECTION("a wrong status token is a 404 and changes nothing") {
    std::string wrong = s.token;
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    const HttpReply r =
        server().post("/requests/" + s.receipt + "/withdraw",
                      {{"token", wrong}, {"form_token", page.form_token}, {"confirm", "yes"}}, page.cookie);
    CHECK(r.status == 404);
    const HttpReply unknown =
        server().post("/requests/R2026-999999/withdraw",
                      {{"token", s.token}, {"form_token", page.form_token}, {"confirm", "yes"}}, page.cookie);
    CHECK(unknown.status == 404);
    CHECK(desk.state(s.receipt) == ar::RequestState::Received);
  }
  SECTION("a form token that is missing or not the cookie's is refused as an expired form") {
    const HttpReply no_cookie =
        server().post("/requests/" + s.receipt + "/withdraw",
                      {{"token", s.token}, {"form_token", page.form_token}, {"confirm", "yes"}});
    CHECK(no_cookie.status == 403);
    const HttpReply mismatch =
        server().post("/requests/" + s.receipt + "/withdraw",
                      {{"token", s.token}, {"form_token", std::string(64, 'a')}, {"confirm", "yes"}}, page.cookie);
    CHECK(mismatch.status == 403);
    CHECK(desk.state(s.receipt) == ar::RequestState::Received);
  }
  SECTION("without the confirmation box the page comes back with the reason") {
    const HttpReply r = act(s, page, "withdraw", {});
    CHECK(r.status == 400);
    CHECK_THAT(r.body, Catch::Contains("確認の欄にチェックを入れてください"));
    CHECK(desk.state(s.receipt) == ar::RequestState::Received);
  }
  SECTION("with everything it is withdrawn, confirmed, and cannot be withdrawn twice") {
    const HttpReply r = act(s, page, "withdraw", {{"confirm", "yes"}});
    CHECK(r.status == 200);
    CHECK_THAT(r.body, Catch::Contains("請求を取り下げました"));
    CHECK_THAT(r.body, Catch::Contains("/requests/" + s.receipt + "?token=" + s.token));
    CHECK(r.header("Cache-Control") == "no-store");
    CHECK(desk.state(s.receipt) == ar::RequestState::Withdrawn);
    const StatusPage after = status(s);
    CHECK_THAT(after.reply.body, Catch::Contains("取下げ"));
    CHECK_FALSE(offers(after, "withdraw"));
    const HttpReply twice = act(s, page, "withdraw", {{"confirm", "yes"}});
    CHECK(twice.status == 409);
    CHECK_THAT(twice.body, Catch::Contains("現在の状況ではできません"));
    check_nothing_personal(r);
    check_nothing_personal(twice);
  }
}

TEST_CASE("answering a correction starts the clock again; an empty answer or the wrong state is refused",
          "[request-status]") {
  Desk desk;
  const Submitted s = submit();
  const StatusPage page = status(s);
  // Not asked for yet: the step does not apply.
  CHECK(act(s, page, "correction", {{"answer", kPersonal[3]}}).status == 409);

  desk.request_correction(s.receipt);
  const StatusPage asked = status(s);
  CHECK_THAT(asked.reply.body, Catch::Contains("補正中（期限の計算を停止中）"));
  const HttpReply empty = act(s, asked, "correction", {{"answer", "  "}});
  CHECK(empty.status == 400);
  CHECK_THAT(empty.body, Catch::Contains("内容を記入してください"));
  CHECK(desk.state(s.receipt) == ar::RequestState::Correcting);

  // Written on two lines: the browser sends CRLF.
  const HttpReply r = act(s, asked, "correction", {{"answer", kPersonal[3] + "\r\n二行目"}});
  CHECK(r.status == 200);
  CHECK_THAT(r.body, Catch::Contains("補正の回答を受け付けました"));
  check_nothing_personal(r);
  CHECK(desk.state(s.receipt) == ar::RequestState::Received);
  // Staff read the answer on the request's history; the requester's page does not show it.
  const auto events = desk.events(s.receipt);
  REQUIRE_FALSE(events.empty());
  CHECK(events.back().event == "submit_correction");
  CHECK(events.back().note == kPersonal[3] + "\n二行目");
  const StatusPage resumed = status(s);
  CHECK_THAT(resumed.reply.body, Catch::Contains("補正"));
  CHECK(resumed.reply.body.find("補正中（期限の計算を停止中）") == std::string::npos);
  check_nothing_personal(resumed.reply);
}

TEST_CASE("an appeal is lodged after notice within the window, and refused before notice or after the window",
          "[request-status]") {
  Desk desk;
  const Submitted s = submit();
  const StatusPage before = status(s);
  CHECK(act(s, before, "appeal", {{"reason", kPersonal[4]}}).status == 409);

  desk.decide_and_notify(s.receipt);
  const StatusPage notified = status(s);
  REQUIRE(offers(notified, "appeal"));
  CHECK(act(s, notified, "appeal", {}).status == 400);  // the reasons are required
  const HttpReply r = act(s, notified, "appeal", {{"reason", kPersonal[4]}});
  CHECK(r.status == 200);
  CHECK_THAT(r.body, Catch::Contains("審査請求を受け付けました"));
  check_nothing_personal(r);
  CHECK(desk.state(s.receipt) == ar::RequestState::Appealed);
  CHECK(desk.store.get(s.receipt).appeal_in_time);

  // A decision notified long ago: the window has closed, online appeals are refused.
  const Submitted old = submit();
  desk.decide_and_notify(old.receipt);
  {
    auto st = desk.catalog.db().prepare(
        "UPDATE requests SET decided_on = '2020-01-06', notified_on = '2020-01-07' WHERE receipt = ?");
    st.bind(1, old.receipt).run();
    st.reset();
  }
  const StatusPage late = status(old);
  CHECK_FALSE(offers(late, "appeal"));
  CHECK_THAT(late.reply.body, Catch::Contains("審査請求の期間は令和2年4月7日（火） (2020-04-07)に終了しました"));
  // A form kept from before, posted now.
  StatusPage kept = late;
  kept.form_token = notified.form_token;
  kept.cookie = notified.cookie;
  const HttpReply refused = act(old, kept, "appeal", {{"reason", kPersonal[4]}});
  CHECK(refused.status == 409);
  CHECK_THAT(refused.body, Catch::Contains("審査請求の期間が過ぎている"));
  CHECK(desk.state(old.receipt) == ar::RequestState::Notified);
}

TEST_CASE("the requester's steps keep an English page English and put nothing personal in the log",
          "[request-status]") {
  Desk desk;
  const Submitted s = submit();
  desk.request_correction(s.receipt);
  const StatusPage page = status(s, "&lang=en");
  CHECK(std::regex_search(page.reply.body, std::regex("action=\"/requests/R[0-9-]+/correction\\?lang=en\"")));
  CHECK_THAT(page.reply.body, Catch::Contains("Answer the request for correction"));
  const HttpReply r =
      server().post("/requests/" + s.receipt + "/correction?lang=en",
                    {{"token", s.token}, {"form_token", page.form_token}, {"answer", kPersonal[3]}}, page.cookie);
  CHECK(r.status == 200);
  CHECK_THAT(r.body, Catch::Contains("Your answer to the correction was received"));
  CHECK_THAT(r.body, Catch::Contains("?token=" + s.token + "&amp;lang=en"));

  const std::string log = server().log();
  for (const auto& marker : kPersonal) {
    INFO(marker);
    CHECK(log.find(marker) == std::string::npos);
  }
  CHECK(log.find(s.token) == std::string::npos);
}

TEST_CASE("staff pages rendered in English link to English pages", "[request-status][staff-lang]") {
  const Submitted s = submit();
  // Without a session the way to the login page keeps the language.
  const HttpReply redirect = server().get("/staff/requests?lang=en");
  CHECK(redirect.status == 303);
  CHECK_THAT(redirect.header("Location"), Catch::EndsWith("&lang=en"));
  const HttpReply form = server().get("/staff/login?next=%2Fstaff%2Frequests%3Flang%3Den&lang=en");
  REQUIRE(form.status == 200);
  CHECK_THAT(form.body, Catch::Contains("action=\"/staff/login?lang=en\""));
  const auto login_token = form.cookie("monjo_login");
  REQUIRE(login_token);
  const HttpReply signed_in = server().post(
      "/staff/login?lang=en",
      {{"login_token", *login_token}, {"name", "off1"}, {"password", kOfficerPassword}, {"next", "/staff/?lang=en"}},
      "monjo_login=" + *login_token);
  REQUIRE(signed_in.status == 303);
  CHECK(signed_in.header("Location") == "/staff/?lang=en");
  const std::string cookie = "monjo_session=" + *signed_in.cookie("monjo_session");

  for (const std::string& target : std::vector<std::string>{"/staff/?lang=en", "/staff/requests?lang=en",
                                                            "/staff/requests/" + s.receipt + "?lang=en"}) {
    INFO(target);
    const HttpReply page = server().get(target, cookie);
    REQUIRE(page.status == 200);
    CHECK_THAT(page.body, Catch::Contains("<html lang=\"en\""));
    // Every link and form into the staff side (and to the public statistics) stays English.
    const std::regex staff_ref("(href|action)=\"(/staff[^\"]*|/stats[^\"]*)\"");
    int seen = 0;
    for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), staff_ref); it != std::sregex_iterator();
         ++it) {
      const std::string url = (*it)[2];
      if (url.find("lang=ja") != std::string::npos) continue;  // the language switch
      INFO(url);
      CHECK(std::regex_search(url, std::regex("[?&](amp;)?lang=en")));
      ++seen;
    }
    CHECK(seen > 2);
  }
  // And the Japanese pages stay plain.
  const HttpReply ja = server().get("/staff/requests", cookie);
  REQUIRE(ja.status == 200);
  CHECK_THAT(ja.body, Catch::Contains("href=\"/staff/requests/" + s.receipt + "\""));
  // Deadlines in 和暦 with 西暦 beside them.
  CHECK(std::regex_search(ja.body,
                          std::regex("令和[0-9元]+年[0-9]+月[0-9]+日（.{3}） \\(20[0-9]{2}-[0-9]{2}-[0-9]{2}\\)")));
}
