// What an approved decision withholds stays withheld. The case that once leaked, end
// to end through a real `monjo serve` and the CLI: a citizen asks for fx-v3-002,
// whose catalog restriction lapsed in 2020 and was never reviewed (an item of 昭和19年,
// so the 50-year category of personal information ended long ago); an officer
// decides 一部利用 withholding the person's name, the supervisor approves, the notice
// goes out. `monjo review --apply --all` on the day, the next day and a year later
// must leave the name out of public search, the record page, the API, OAI-PMH and
// the sitemap; only a review on or after the decision's own review date opens it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <vector>

#include "archive/dates/calendar.h"
#include "archive/dates/timestamp.h"
#include "harness.h"
#include "serve_harness.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using monjo::test::percent_encode;
using monjo::test::run_monjo;
using monjo::test::run_monjo_on;
using monjo::test::Server;
using nlohmann::json;

// The words only the withheld parts of fx-v3-002 hold.
const std::vector<std::string> kWithheld = {"解除語戊", "解除人名"};

std::string day_after(const monjo::archive::Ymd& day, long days) {
  return monjo::archive::add_days(day, days).iso();
}

// Every public surface, searched and read for the withheld words.
void check_withheld_everywhere(const Server& s, const std::string& when) {
  INFO("as of " << when);
  for (const auto& word : kWithheld) {
    INFO(word);
    const HttpReply api = s.get("/api/search?q=" + percent_encode(word));
    REQUIRE(api.status == 200);
    CHECK(json::parse(api.body)["total"].get<long>() == 0);
    const HttpReply page = s.get("/search?q=" + percent_encode(word));
    CHECK(page.status == 200);
    CHECK(page.body.find("fx-v3-002") == std::string::npos);
    for (const std::string target : {"/records/fx-v3-002", "/api/records/fx-v3-002", "/sitemap.xml", "/sitemaps/1.xml",
                                     "/oai?verb=ListRecords&metadataPrefix=oai_dc",
                                     "/oai?verb=ListRecords&metadataPrefix=oai_ead"}) {
      INFO(target);
      const HttpReply r = s.get(target);
      CHECK(r.status < 500);
      CHECK(r.body.find(word) == std::string::npos);
    }
    auto cli = run_monjo({"--data", s.data_dir(), "search", "--json", word});
    REQUIRE(cli.status == 0);
    CHECK(json::parse(cli.out)["total"].get<long>() == 0);
  }
  // Still listed, by its public title, as restricted.
  const HttpReply record = s.get("/api/records/fx-v3-002");
  REQUIRE(record.status == 200);
  CHECK(json::parse(record.body)["access"] == "restricted");
}

}  // namespace

TEST_CASE("a name withheld by an approved decision stays withheld through every review until its review date",
          "[withheld][review]") {
  Server s;
  const auto officer = s.staff("off1");
  const auto supervisor = s.staff("sup1");
  auto post = [&](const Server::Staff& who, const std::string& target,
                  std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("csrf", who.csrf);
    return s.post(target, fields, who.cookie);
  };

  const auto req = monjo::test::submit_form(s, {"fx-v3-002"});
  const std::string base = "/staff/requests/" + req.receipt;
  REQUIRE(post(officer, base + "/events", {{"event", "accept"}}).status == 303);

  // The form says, before saving, that the category's period is over and which
  // review date the decision will get instead.
  const monjo::archive::Ymd today = monjo::archive::japan_day(monjo::archive::now_seconds());
  const std::string review_on = std::to_string(today.y + 6) + "-01-01";  // 5 years after, to 1 January
  const HttpReply form = s.get(base, officer.cookie);
  REQUIRE(form.status == 200);
  CHECK(form.body.find("この区分の期間は平成6年に満了しています。") != std::string::npos);  // 1944 + 50

  const HttpReply saved = post(officer, base + "/items/1",
                               {{"decision", "partial"},
                                {"grounds", "personal"},
                                {"article", "条例第17条第1項第1号イ"},
                                {"reason", "遺族の氏名を含むため"},
                                {"redaction_from_1", "13"},
                                {"redaction_to_1", "14"},
                                {"redaction_what_1", "遺族の氏名"},
                                {"review_category", "personal-general"}});
  REQUIRE(saved.status == 303);
  REQUIRE(post(officer, base + "/events", {{"event", "draft"}}).status == 303);
  // The notice is offered once the decision is approved, not while it is drafted.
  CHECK(s.get(base, officer.cookie).body.find("/notices/decision") == std::string::npos);
  REQUIRE(post(supervisor, base + "/events", {{"event", "approve"}}).status == 303);
  CHECK(s.get(base, officer.cookie).body.find("/notices/decision") != std::string::npos);
  REQUIRE(post(officer, base + "/events", {{"event", "notify"}}).status == 303);

  // The decision is the latest judgement: restricted until its own review date.
  auto listed = run_monjo({"--data", s.data_dir(), "export", "--format", "native"});
  REQUIRE(listed.status == 0);
  CHECK(listed.out.find("until=\"" + review_on + "\"") != std::string::npos);
  check_withheld_everywhere(s, "the decision day");

  for (const long days : {0L, 1L, 365L}) {
    const std::string day = day_after(today, days);
    auto review = run_monjo_on(day, {"--data", s.data_dir(), "review", "--apply", "--all", "--reason", "定期見直し"});
    INFO(review.out << review.err);
    REQUIRE(review.status == 0);
    CHECK(review.out.find("fx-v3-002") == std::string::npos);  // not due
    // Naming it is refused and changes nothing.
    auto named =
        run_monjo_on(day, {"--data", s.data_dir(), "review", "--apply", "fx-v3-002", "--reason", "定期見直し"});
    CHECK(named.status != 0);
    CHECK_THAT(named.err, Catch::Contains("fx-v3-002"));
    check_withheld_everywhere(s, day);
  }

  // A re-import of the fonds as catalogued before (the old lapsed `until`) keeps
  // what the decision demands, and says so.
  auto reimport = run_monjo({"--data", s.data_dir(), "import", monjo::test::fixture("catalog/small.xml")});
  REQUIRE(reimport.status == 0);
  CHECK_THAT(reimport.err, Catch::Contains("record fx-v3-002: kept restricted until " + review_on + " by " +
                                           req.receipt));
  check_withheld_everywhere(s, "after a re-import");

  // On its review date it is due, and a reviewer may open it.
  auto due = run_monjo_on(day_after(*monjo::archive::Ymd::parse_iso(review_on), 1), {"--data", s.data_dir(), "review"});
  REQUIRE(due.status == 0);
  CHECK_THAT(due.out, Catch::Contains("fx-v3-002"));
  CHECK_THAT(due.out, Catch::Contains("decision " + req.receipt));
  auto opened = run_monjo_on(day_after(*monjo::archive::Ymd::parse_iso(review_on), 1),
                             {"--data", s.data_dir(), "review", "--apply", "fx-v3-002", "--reason", "遺族の同意あり"});
  INFO(opened.err);
  REQUIRE(opened.status == 0);
  const HttpReply api = s.get("/api/search?q=" + percent_encode("解除人名"));
  CHECK(json::parse(api.body)["total"].get<long>() == 1);
  auto audit = run_monjo({"--data", s.data_dir(), "audit", "list", "--action", "catalog.review"});
  CHECK_THAT(audit.out, Catch::Contains("遺族の同意あり"));
  CHECK(run_monjo({"--data", s.data_dir(), "audit", "verify"}).status == 0);
}

TEST_CASE("a refused decision keeps what was typed and says what is wrong in the page's language",
          "[withheld][staff-http]") {
  Server s;
  const auto officer = s.staff("off1");
  const auto req = monjo::test::submit_form(s, {"fx-v3-002"});
  const std::string base = "/staff/requests/" + req.receipt;
  REQUIRE(s.post(base + "/events", {{"event", "accept"}, {"csrf", officer.csrf}}, officer.cookie).status == 303);
  const std::vector<std::pair<std::string, std::string>> typed = {{"csrf", officer.csrf},
                                                                  {"decision", "partial"},
                                                                  {"grounds", "personal"},
                                                                  {"article", ""},
                                                                  {"reason", "理由マーカー入力値"},
                                                                  {"redaction_from_1", "13"},
                                                                  {"redaction_what_1", "氏名マーカー入力値"},
                                                                  {"review_category", "corporate"},
                                                                  {"review_on", "平成元年1月8日"}};
  const HttpReply ja = s.post(base + "/items/1", typed, officer.cookie);
  CHECK(ja.status == 400);
  CHECK(ja.body.find("根拠条項を記入してください。") != std::string::npos);
  CHECK(ja.body.find("制限の区分「corporate」は、選んだ制限事由のものではありません。") != std::string::npos);
  CHECK(ja.body.find("再審査の時期（1989-01-08）は決定日") != std::string::npos);
  CHECK(ja.body.find("理由マーカー入力値") != std::string::npos);
  CHECK(ja.body.find("氏名マーカー入力値") != std::string::npos);
  CHECK(ja.body.find("value=\"平成元年1月8日\"") != std::string::npos);
  CHECK(ja.body.find("is not") == std::string::npos);  // no English in the Japanese page
  CHECK(ja.body.find("State the") == std::string::npos);

  const HttpReply en = s.post(base + "/items/1?lang=en", typed, officer.cookie);
  CHECK(en.status == 400);
  CHECK(en.body.find("State the legal article.") != std::string::npos);

  auto bad_date = typed;
  bad_date.back().second = "いつか";
  CHECK(s.post(base + "/items/1", bad_date, officer.cookie).body.find("「いつか」は日付として読めません") !=
        std::string::npos);
  // Nothing was saved.
  auto store = run_monjo({"--data", s.data_dir(), "audit", "list", "--action", "request.item_decision"});
  CHECK(store.out.find(req.receipt) == std::string::npos);
}
