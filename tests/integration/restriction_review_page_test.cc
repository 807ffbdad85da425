// /staff/review over real HTTP (docs/staff.md, "Reviewing restrictions on the web"):
// the real `monjo serve` on the small fixture under faketime on 2034-01-15, so that
// fx-v3-002 (until 2020-03-31) is due, fx-v3-003 (2034-03-31) is due within three
// months, and fx-v3-001 is held by a 一部利用 decision whose review date was set by hand
// to 2034-03-01. The archivist opens the due one and its withheld words are publicly
// searchable at once; keeps another and it leaves the list; a held record, a missing
// reason and a date not after today are refused with what was typed and nothing
// changes; a supervisor changes a record's class; officers and admins get 403.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <vector>

#include "harness.h"
#include "serve_harness.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using monjo::test::percent_encode;
using monjo::test::run_monjo;
using monjo::test::Server;
using nlohmann::json;
using Fields = std::vector<std::pair<std::string, std::string>>;

std::string access_of(const Server& s, const std::string& id) {
  const HttpReply r = s.get("/api/records/" + id);
  REQUIRE(r.status == 200);
  return json::parse(r.body)["access"];
}

long public_hits(const Server& s, const std::string& word) {
  const HttpReply r = s.get("/api/search?q=" + percent_encode(word));
  REQUIRE(r.status == 200);
  return json::parse(r.body)["total"].get<long>();
}

std::string review_audit(const Server& s) {
  auto r = run_monjo({"--data", s.data_dir(), "audit", "list", "--action", "catalog.review"});
  REQUIRE(r.status == 0);
  return r.out;
}

bool listed(const std::string& body, const std::string& id) {
  return body.find("id=\"r-" + id + "\"") != std::string::npos;
}

}  // namespace

TEST_CASE("the restriction review page opens, keeps and changes restrictions and refuses what it must",
          "[review-page][staff-http]") {
  Server s({}, "2034-01-15 03:00:00");
  const auto archivist = s.staff("arc1");
  const auto supervisor = s.staff("sup1");
  const auto officer = s.staff("off1");
  auto post = [&](const Server::Staff& who, const std::string& target, Fields fields) {
    fields.emplace_back("csrf", who.csrf);
    return s.post(target, fields, who.cookie);
  };

  // fx-v3-001 held by a decision until 2034-03-01 (set by hand, after the decision day).
  const auto req = monjo::test::submit_form(s, {"fx-v3-001"});
  const std::string base = "/staff/requests/" + req.receipt;
  REQUIRE(post(officer, base + "/events", {{"event", "accept"}}).status == 303);
  REQUIRE(post(officer, base + "/items/1",
               {{"decision", "partial"},
                {"grounds", "personal"},
                {"article", "条例第17条第1項第1号イ"},
                {"reason", "家族構成を含むため"},
                {"redaction_from_1", "2"},
                {"redaction_to_1", "3"},
                {"redaction_what_1", "家族の氏名"},
                {"review_category", "personal-general"},
                {"review_on", "2034-03-01"}})
              .status == 303);
  REQUIRE(post(officer, base + "/events", {{"event", "draft"}}).status == 303);
  REQUIRE(post(supervisor, base + "/events", {{"event", "approve"}}).status == 303);
  REQUIRE(post(officer, base + "/events", {{"event", "notify"}}).status == 303);

  // Due today: fx-v3-002 only, with its grounds, reason and 和暦 review date.
  const HttpReply due = s.get("/staff/review", archivist.cookie);
  REQUIRE(due.status == 200);
  CHECK(due.header("Cache-Control") == "no-store");
  CHECK(listed(due.body, "fx-v3-002"));
  CHECK_FALSE(listed(due.body, "fx-v3-003"));
  CHECK_FALSE(listed(due.body, "fx-v3-001"));
  CHECK(due.body.find("<a href=\"/staff/records/fx-v3-002\">fx-v3-002</a>") != std::string::npos);
  CHECK(due.body.find("理由解除 遺族の個人情報を含むため") != std::string::npos);
  CHECK(due.body.find("個人情報") != std::string::npos);
  CHECK(due.body.find("令和2年3月31日") != std::string::npos);
  CHECK(due.body.find("期限到来") != std::string::npos);
  CHECK(due.body.find("name=\"csrf\"") != std::string::npos);
  // Within three months: the held one (with its decision and date) and fx-v3-003.
  const HttpReply ahead = s.get("/staff/review?months=3", archivist.cookie);
  REQUIRE(ahead.status == 200);
  CHECK(listed(ahead.body, "fx-v3-001"));
  CHECK(listed(ahead.body, "fx-v3-003"));
  CHECK(ahead.body.find("決定 " + req.receipt + " により令和16年3月1日") != std::string::npos);
  CHECK(ahead.body.find("<a href=\"/staff/requests/" + req.receipt + "\">" + req.receipt + "</a>") !=
        std::string::npos);
  CHECK(ahead.body.find("一部利用") != std::string::npos);

  // Missing reason: refused, the choice kept, nothing changed.
  const HttpReply no_reason = post(archivist, "/staff/review/open", {{"id", "fx-v3-002"}, {"reason", " "}});
  CHECK(no_reason.status == 422);
  CHECK(no_reason.body.find("理由を記入してください。") != std::string::npos);
  CHECK(no_reason.body.find("value=\"fx-v3-002\" checked") != std::string::npos);
  CHECK(access_of(s, "fx-v3-002") == "restricted");
  CHECK(public_hits(s, "解除人名") == 0);
  CHECK(review_audit(s).find("fx-v3-002") == std::string::npos);

  // A held record: refused with the decision and its date, the reason kept.
  const HttpReply held =
      post(archivist, "/staff/review/open", {{"months", "3"}, {"id", "fx-v3-001"}, {"reason", "保留理由マーカー"}});
  CHECK(held.status == 409);
  CHECK(held.body.find("fx-v3-001 は公開できません") != std::string::npos);
  CHECK(held.body.find(req.receipt) != std::string::npos);
  CHECK(held.body.find("保留理由マーカー") != std::string::npos);
  CHECK(access_of(s, "fx-v3-001") == "restricted");
  CHECK(public_hits(s, "秘匿語甲") == 0);

  // Opened: the withheld words are publicly searchable as soon as the page answers.
  const HttpReply opened = post(archivist, "/staff/review/open", {{"id", "fx-v3-002"}, {"reason", "遺族の同意を得た"}});
  REQUIRE(opened.status == 303);
  const std::string back = opened.header("Location");
  CHECK(back.find("/staff/review?") == 0);
  CHECK(public_hits(s, "解除人名") == 1);
  CHECK(public_hits(s, "解除語戊") == 1);
  CHECK(access_of(s, "fx-v3-002") == "open");
  const HttpReply notice = s.get(back, archivist.cookie);
  CHECK(notice.body.find("1件を公開しました。") != std::string::npos);
  CHECK_FALSE(listed(notice.body, "fx-v3-002"));
  CHECK_THAT(review_audit(s), Catch::Contains("遺族の同意を得た"));

  // Keep: a date not after today is refused with what was typed; a later one keeps it.
  const HttpReply today =
      post(archivist, "/staff/review/keep",
           {{"months", "3"}, {"id", "fx-v3-003"}, {"until", "令和16年1月15日"}, {"reason", "継続理由"}});
  CHECK(today.status == 422);
  CHECK(today.body.find("今日より後の日付にしてください") != std::string::npos);
  CHECK(today.body.find("value=\"令和16年1月15日\"") != std::string::npos);
  CHECK(today.body.find("継続理由") != std::string::npos);
  const HttpReply kept =
      post(archivist, "/staff/review/keep",
           {{"months", "3"}, {"id", "fx-v3-003"}, {"until", "令和21年3月31日"}, {"reason", "取引先が存続"}});
  REQUIRE(kept.status == 303);
  const HttpReply after_keep = s.get(kept.header("Location"), archivist.cookie);
  CHECK(after_keep.body.find("fx-v3-003 の制限を続けます。") != std::string::npos);
  CHECK(after_keep.body.find("令和21年3月31日") != std::string::npos);
  CHECK_FALSE(listed(after_keep.body, "fx-v3-003"));
  CHECK(listed(after_keep.body, "fx-v3-001"));
  CHECK(access_of(s, "fx-v3-003") == "restricted");
  CHECK_THAT(review_audit(s), Catch::Contains("kept restricted until 2039-03-31; 取引先が存続"));

  // A supervisor may review too: fx-v3-001 becomes closed on more grounds.
  const HttpReply unchanged =
      post(supervisor, "/staff/review/change",
           {{"id", "fx-v3-001"}, {"status", "restricted"}, {"until", "2036-03-31"}, {"reason", "x"}});
  CHECK(unchanged.status == 422);
  CHECK(unchanged.body.find("区分も制限事由も変わっていません") != std::string::npos);
  const HttpReply changed = post(supervisor, "/staff/review/change",
                                 {{"id", "fx-v3-001"},
                                  {"status", "closed"},
                                  {"grounds", "personal"},
                                  {"grounds", "security"},
                                  {"until", "2036-03-31"},
                                  {"reason", "軍歴の記載が判明"}});
  REQUIRE(changed.status == 303);
  CHECK(access_of(s, "fx-v3-001") == "closed");
  CHECK(s.get(changed.header("Location"), supervisor.cookie).body.find("fx-v3-001 を「非公開」に変えました。") !=
        std::string::npos);
  CHECK_THAT(review_audit(s), Catch::Contains("changed restricted (personal) → closed (personal security)"));
  CHECK(public_hits(s, "秘匿語甲") == 0);

  // Officers and admins: 403, on the page and on every action.
  const auto admin = s.staff("adm1");
  for (const auto* who : {&officer, &admin}) {
    CHECK(s.get("/staff/review", who->cookie).status == 403);
    CHECK(post(*who, "/staff/review/open", {{"id", "fx-v3-003"}, {"reason", "x"}}).status == 403);
    CHECK(post(*who, "/staff/review/keep", {{"id", "fx-v3-003"}, {"until", "2040-01-01"}, {"reason", "x"}}).status ==
          403);
    CHECK(post(*who, "/staff/review/change",
               {{"id", "fx-v3-003"}, {"status", "closed"}, {"until", "2040-01-01"}, {"reason", "x"}})
              .status == 403);
    CHECK(post(*who, "/staff/review/decisions", {{"change", "1"}}).status == 403);
  }
  // Without the form token the router refuses.
  CHECK(s.post("/staff/review/open", {{"id", "fx-v3-003"}, {"reason", "x"}}, archivist.cookie).status == 403);
  CHECK(access_of(s, "fx-v3-003") == "restricted");

  // The dashboard and the menu link to the page for the roles that may use it.
  const HttpReply dash = s.get("/staff/", archivist.cookie);
  CHECK(dash.body.find("href=\"/staff/review\"") != std::string::npos);
  CHECK(dash.body.find("monjo review --apply") == std::string::npos);
  CHECK(s.get("/staff/", supervisor.cookie).body.find("href=\"/staff/review\"") != std::string::npos);
  CHECK(s.get("/staff/", officer.cookie).body.find("href=\"/staff/review\"") == std::string::npos);
  // The English page.
  const HttpReply en = s.get("/staff/review?lang=en&months=12", archivist.cookie);
  CHECK(en.body.find("Restriction review") != std::string::npos);
  CHECK(en.body.find("Nothing is due for review.") != std::string::npos);  // the rest are kept or changed
  CHECK(en.body.find("<input type=\"hidden\" name=\"lang\" value=\"en\">") != std::string::npos);
  const HttpReply en_refused = post(archivist, "/staff/review/open?lang=en", {{"id", "fx-v3-003"}, {"reason", ""}});
  CHECK(en_refused.body.find("State the reason.") != std::string::npos);
  CHECK(run_monjo({"--data", s.data_dir(), "audit", "verify"}).status == 0);
}

TEST_CASE("the review page carries out a 全部利用 decision's catalog change", "[review-page][staff-http]") {
  Server s({}, "2034-01-15 03:00:00");
  const auto archivist = s.staff("arc1");
  const auto supervisor = s.staff("sup1");
  const auto officer = s.staff("off1");
  auto post = [&](const Server::Staff& who, const std::string& target, Fields fields) {
    fields.emplace_back("csrf", who.csrf);
    return s.post(target, fields, who.cookie);
  };
  // fx-v1-003 is 要審査 in the catalog; a 全部利用 decision leaves a pending change.
  const auto req = monjo::test::submit_form(s, {"fx-v1-003"});
  const std::string base = "/staff/requests/" + req.receipt;
  REQUIRE(post(officer, base + "/events", {{"event", "accept"}}).status == 303);
  REQUIRE(post(officer, base + "/items/1", {{"decision", "full"}}).status == 303);
  REQUIRE(post(officer, base + "/events", {{"event", "draft"}}).status == 303);
  REQUIRE(post(supervisor, base + "/events", {{"event", "approve"}}).status == 303);
  REQUIRE(post(officer, base + "/events", {{"event", "notify"}}).status == 303);
  CHECK(access_of(s, "fx-v1-003") == "review");

  const HttpReply page = s.get("/staff/review", archivist.cookie);
  REQUIRE(page.status == 200);
  CHECK(page.body.find(req.receipt) != std::string::npos);
  CHECK(page.body.find("全部利用") != std::string::npos);
  CHECK(post(archivist, "/staff/review/decisions", {}).status == 422);
  const HttpReply applied = post(archivist, "/staff/review/decisions", {{"change", "1"}});
  REQUIRE(applied.status == 303);
  CHECK(access_of(s, "fx-v1-003") == "open");
  CHECK(s.get(applied.header("Location"), archivist.cookie).body.find("1件の決定を目録に反映しました。") !=
        std::string::npos);
  auto audit = run_monjo({"--data", s.data_dir(), "audit", "list", "--action", "catalog.decision"});
  CHECK_THAT(audit.out, Catch::Contains(req.receipt));
}

TEST_CASE("the review page lists a long review in pages of 50, and an action keeps its page", "[review-page][staff-http]") {
  monjo::test::TempDir work;
  const std::string sample = work.path() + "/sample.xml";
  REQUIRE(run_monjo({"sample", "--volumes", "30", "--out", sample}).status == 0);
  Server s({}, "2034-01-15 03:00:00", {sample});
  const auto archivist = s.staff("arc1");
  auto count_listed = [](const std::string& body) {
    long n = 0;
    for (size_t at = body.find("class=\"review-record\""); at != std::string::npos;
         at = body.find("class=\"review-record\"", at + 1)) {
      ++n;
    }
    return n;
  };
  const HttpReply first = s.get("/staff/review", archivist.cookie);
  REQUIRE(first.status == 200);
  CHECK(count_listed(first.body) == 50);
  CHECK(first.body.find("rel=\"next\"") != std::string::npos);
  CHECK(first.body.find("rel=\"prev\"") == std::string::npos);
  CHECK(first.body.find("1ページ目") != std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(first.body, m, std::regex("見直し期限の過ぎたもの ([0-9]+)件")));
  const long due = std::stol(m[1]);
  REQUIRE(due > 50);
  const long pages = (due + 49) / 50;

  const HttpReply last = s.get("/staff/review?page=" + std::to_string(pages), archivist.cookie);
  REQUIRE(last.status == 200);
  CHECK(count_listed(last.body) == due - (pages - 1) * 50);
  CHECK(last.body.find("rel=\"next\"") == std::string::npos);
  CHECK(last.body.find("rel=\"prev\"") != std::string::npos);
  // Past the end: the last page; not a number: 400.
  CHECK(count_listed(s.get("/staff/review?page=999", archivist.cookie).body) == due - (pages - 1) * 50);
  CHECK(s.get("/staff/review?page=x", archivist.cookie).status == 400);

  // A refusal on page 2 shows page 2 again; a keep there returns to page 2.
  const std::string second = s.get("/staff/review?page=2", archivist.cookie).body;
  REQUIRE(std::regex_search(second, m, std::regex("id=\"r-([^\"]+)\" aria-labelledby")));
  const std::string id = m[1];
  const HttpReply refused = s.post(
      "/staff/review/keep", {{"csrf", archivist.csrf}, {"page", "2"}, {"id", id}, {"until", "令和20年3月31日"}, {"reason", ""}},
      archivist.cookie);
  CHECK(refused.status == 422);
  CHECK(refused.body.find("2ページ目") != std::string::npos);
  const HttpReply kept = s.post(
      "/staff/review/keep",
      {{"csrf", archivist.csrf}, {"page", "2"}, {"id", id}, {"until", "令和20年3月31日"}, {"reason", "遺族存命"}},
      archivist.cookie);
  REQUIRE(kept.status == 303);
  CHECK(kept.header("Location").find("page=2") != std::string::npos);
}
