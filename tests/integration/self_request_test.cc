// A request about oneself (本人利用, docs/requests.md "A request about oneself"),
// through a real `monjo serve` and the CLI: the intake's question, the identity
// check as a step of the workflow, the grant of the personal-information parts to
// this requester only — never another ground, never without the check — and what
// must not change for anyone else: the public index, the record's public view, its
// restriction and hold through later reviews. The notice's wording, the statistics
// and the audit trail too.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <vector>

#include "archive/dates/timestamp.h"
#include "archive/requests/request_store.h"
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
using Fields = std::vector<std::pair<std::string, std::string>>;

// A request through the form with the 本人 question answered.
monjo::test::Submitted submit_self(const Server& s, const std::vector<std::string>& records,
                                   const std::string& relation) {
  Fields fields = monjo::test::kRequester;
  for (const auto& id : records) fields.emplace_back("record", id);
  fields.emplace_back("method", "view");
  fields.emplace_back("self_relation", relation);
  fields.emplace_back("consent", "yes");
  const HttpReply r = s.post("/requests/new", fields);
  REQUIRE(r.status == 201);
  std::smatch m;
  REQUIRE(std::regex_search(r.body, m, std::regex("/requests/(R[0-9]{4}-[0-9]{6})\\?token=([0-9a-f]{64})")));
  return {m[1], m[2]};
}

struct Desk {
  const Server& s;
  Server::Staff officer = s.staff("off1");
  Server::Staff supervisor = s.staff("sup1");

  HttpReply post(const Server::Staff& who, const std::string& target, Fields fields) const {
    fields.emplace_back("csrf", who.csrf);
    return s.post(target, fields, who.cookie);
  }
};

// The partial-use decision on fx-v3-001 as it stands for anyone: the amount of the
// pension and the family are withheld on the personal-information ground.
Fields personal_partial(const std::string& self) {
  Fields f = {{"decision", "partial"},
              {"grounds", "personal"},
              {"article", "条例第17条第1項第1号イ"},
              {"reason", "個人の恩給額を含むため"},
              {"redaction_from_1", "3"},
              {"redaction_to_1", "4"},
              {"redaction_what_1", "恩給額・家族構成"}};
  if (!self.empty()) f.emplace_back("self_grounds", self);
  return f;
}

std::string audit_list(const Server& s) {
  auto r = run_monjo({"--data", s.data_dir(), "audit", "list"});
  REQUIRE(r.status == 0);
  return r.out;
}

}  // namespace

TEST_CASE("the intake asks whether the request is about oneself, and the review page shows the answer",
          "[self-request]") {
  Server s;
  const HttpReply form = s.get("/requests/new?record=fx-v3-001");
  REQUIRE(form.status == 200);
  CHECK_THAT(form.body, Catch::Contains("ご自身（本人）に関する記録の請求ですか"));
  CHECK_THAT(form.body, Catch::Contains("name=\"self_relation\" value=\"heir\""));
  CHECK_THAT(form.body, Catch::Contains("name=\"self_relation\" value=\"no\" checked"));
  CHECK_THAT(s.get("/requests/new?record=fx-v3-001&lang=en").body, Catch::Contains("Is this a request about yourself?"));

  // An answer outside the options is the form again with its error, nothing stored.
  Fields bad = monjo::test::kRequester;
  bad.insert(bad.end(), {{"record", "fx-v3-001"}, {"self_relation", "cousin"}, {"consent", "yes"}});
  const HttpReply refused = s.post("/requests/new", bad);
  CHECK(refused.status == 400);
  CHECK_THAT(refused.body, Catch::Contains("本人としての請求かどうかを、選択肢から選んでください。"));

  const auto heir = submit_self(s, {"fx-v3-001"}, "heir");
  const auto plain = submit_self(s, {"fx-v3-001"}, "no");
  Desk desk{s};
  const HttpReply page = s.get("/staff/requests/" + heir.receipt, desk.officer.cookie);
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("本人からの利用請求（本人確認）"));
  CHECK_THAT(page.body, Catch::Contains("<strong>相続人</strong>"));
  CHECK_THAT(page.body, Catch::Contains("本人確認はまだ記録されていません。"));
  // An heir shows what proves the relation too.
  CHECK_THAT(page.body, Catch::Contains("name=\"relation_document\""));
  const HttpReply other = s.get("/staff/requests/" + plain.receipt, desk.officer.cookie);
  CHECK(other.body.find("本人からの利用請求（本人確認）") == std::string::npos);
  CHECK(other.body.find("name=\"self_grounds\"") == std::string::npos);

  // The JSON intake takes the same answer.
  const json body = {{"records", {"fx-v3-001"}}, {"name", "甲"}, {"address", "乙"}, {"phone", "0"},
                     {"self_relation", "self"}, {"consent", true}};
  CHECK(s.send("POST", "/api/requests", "", body.dump(), "application/json").status == 201);
  json wrong = body;
  wrong["self_relation"] = "friend";
  const HttpReply api_refused = s.send("POST", "/api/requests", "", wrong.dump(), "application/json");
  CHECK(api_refused.status == 400);
  CHECK_THAT(api_refused.body, Catch::Contains("self_relation"));

  CHECK_THAT(audit_list(s), Catch::Contains("self=heir"));
}

TEST_CASE("no 本人 grant without a request about oneself and a recorded identity check", "[self-request]") {
  Server s;
  Desk desk{s};
  const auto heir = submit_self(s, {"fx-v3-001"}, "heir");
  const std::string base = "/staff/requests/" + heir.receipt;
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "accept"}}).status == 303);

  // Before the check: refused, with the reason, and nothing saved.
  const HttpReply early = desk.post(desk.officer, base + "/items/1", personal_partial("personal"));
  CHECK(early.status == 400);
  CHECK_THAT(early.body, Catch::Contains("本人に限り利用させる決定の前に、本人確認を記録してください。"));
  CHECK(s.get(base, desk.officer.cookie).body.find("decision-partial") == std::string::npos);

  // The check needs a document type, and for an heir the relation's document too.
  const HttpReply none = desk.post(desk.officer, base + "/identity", {});
  CHECK(none.status == 400);
  CHECK_THAT(none.body, Catch::Contains("確認した本人確認書類の種類を選んでください。"));
  const HttpReply half = desk.post(desk.officer, base + "/identity", {{"identity_document", "drivers_licence"}});
  CHECK(half.status == 400);
  CHECK_THAT(half.body, Catch::Contains("資格を証する書類の種類も選んでください。"));
  const HttpReply unknown = desk.post(desk.officer, base + "/identity",
                                      {{"identity_document", "family_register"}, {"relation_document", "drivers_licence"}});
  CHECK(unknown.status == 400);
  // An archivist may not record it (the route's permission).
  const auto archivist = s.staff("arc1");
  CHECK(desk.post(archivist, base + "/identity",
                  {{"identity_document", "drivers_licence"}, {"relation_document", "family_register"}})
            .status == 403);
  CHECK(audit_list(s).find("request.identity_check") == std::string::npos);

  const HttpReply checked = desk.post(desk.officer, base + "/identity",
                                      {{"identity_document", "drivers_licence"}, {"relation_document", "family_register"}});
  REQUIRE(checked.status == 303);
  const HttpReply page = s.get(base, desk.officer.cookie);
  CHECK_THAT(page.body, Catch::Contains("<dd>運転免許証</dd>"));
  CHECK_THAT(page.body, Catch::Contains("<dd>戸籍謄本・除籍謄本など</dd>"));
  CHECK_THAT(page.body, Catch::Contains("<dd>off1</dd>"));
  CHECK(page.body.find("本人確認はまだ記録されていません。") == std::string::npos);
  CHECK_THAT(page.body, Catch::Contains("本人確認"));  // the history's event

  REQUIRE(desk.post(desk.officer, base + "/items/1", personal_partial("personal")).status == 303);
  CHECK_THAT(s.get(base, desk.officer.cookie).body,
             Catch::Contains("本人からの利用請求であるため、個人情報の部分は請求者に限り利用させる"));

  // A request not about oneself cannot get one, even with a check nobody can record.
  const auto plain = monjo::test::submit_form(s, {"fx-v3-001"});
  const std::string other = "/staff/requests/" + plain.receipt;
  REQUIRE(desk.post(desk.officer, other + "/events", {{"event", "accept"}}).status == 303);
  const HttpReply not_self = desk.post(desk.officer, other + "/items/1", personal_partial("personal"));
  CHECK(not_self.status == 400);
  CHECK_THAT(not_self.body, Catch::Contains("この請求は本人からの利用請求ではありません。"));
  CHECK(desk.post(desk.officer, other + "/identity", {{"identity_document", "passport"}}).status == 409);

  // The audit trail names the document types, never a number (no field takes one).
  const std::string audit = audit_list(s);
  CHECK_THAT(audit, Catch::Contains("request.identity_check"));
  CHECK_THAT(audit, Catch::Contains("relation=heir identity_document=drivers_licence relation_document=family_register"));
  CHECK_THAT(audit, Catch::Contains("fx-v3-001 partial grounds=personal self_grounds=personal"));
}

TEST_CASE("only the personal-information ground can be lifted for a request about oneself", "[self-request]") {
  Server s;
  Desk desk{s};
  const auto me = submit_self(s, {"fx-v3-001", "fx-v3-003", "fx-v4"}, "self");
  const std::string base = "/staff/requests/" + me.receipt;
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "accept"}}).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/identity", {{"identity_document", "my_number_card"}}).status == 303);

  // Another ground, posted as if the form offered it: refused by name.
  Fields security = personal_partial("security");
  const HttpReply forged = desk.post(desk.officer, base + "/items/1", security);
  CHECK(forged.status == 400);
  CHECK_THAT(forged.body, Catch::Contains("本人からの利用請求で外せるのは個人情報の事由だけです（「国の安全等」は外せません）。"));
  const HttpReply corporate = desk.post(desk.officer, base + "/items/2",
                                        {{"decision", "partial"}, {"grounds", "corporate"}, {"grounds", "personal"},
                                         {"article", "条例第17条第1項第1号ロ"}, {"reason", "法人の取引条件"},
                                         {"redaction_from_1", "30"}, {"redaction_what_1", "取引条件"},
                                         {"redaction_ground_1", "corporate"}, {"self_grounds", "corporate"}});
  CHECK(corporate.status == 400);
  CHECK_THAT(corporate.body, Catch::Contains("法人等情報"));

  // Several grounds: each redaction names its ground, and only the personal one is lifted.
  Fields mixed = {{"decision", "partial"}, {"grounds", "corporate"}, {"grounds", "personal"},
                  {"article", "条例第17条第1項第1号イ・ロ"}, {"reason", "法人の取引条件と個人の氏名"},
                  {"redaction_from_1", "30"}, {"redaction_what_1", "取引条件"},
                  {"redaction_from_2", "40"}, {"redaction_what_2", "地権者の氏名"},
                  {"self_grounds", "personal"}};
  const HttpReply unnamed = desk.post(desk.officer, base + "/items/2", mixed);
  CHECK(unnamed.status == 400);
  CHECK_THAT(unnamed.body, Catch::Contains("利用制限箇所ごとに制限事由を選んでください（1行目）"));
  mixed.insert(mixed.end(), {{"redaction_ground_1", "corporate"}, {"redaction_ground_2", "personal"}});
  REQUIRE(desk.post(desk.officer, base + "/items/2", mixed).status == 303);

  // A refusal on national security too stays a refusal for the person concerned.
  const HttpReply whole = desk.post(desk.officer, base + "/items/3",
                                    {{"decision", "none"}, {"grounds", "personal"}, {"grounds", "security"},
                                     {"article", "条例第17条第1項第1号イ・ハ"}, {"reason", "軍歴"},
                                     {"self_grounds", "personal"}});
  CHECK(whole.status == 400);
  CHECK_THAT(whole.body, Catch::Contains("本人に対しても全体が利用できません"));
  REQUIRE(desk.post(desk.officer, base + "/items/3",
                    {{"decision", "none"}, {"grounds", "personal"}, {"grounds", "security"},
                     {"article", "条例第17条第1項第1号イ・ハ"}, {"reason", "軍歴"}})
              .status == 303);
  // Full use has nothing to lift.
  const HttpReply full = desk.post(desk.officer, base + "/items/1", {{"decision", "full"}, {"self_grounds", "personal"}});
  CHECK(full.status == 400);
  CHECK_THAT(full.body, Catch::Contains("全部利用では、本人に限り利用させる部分はありません。"));
  REQUIRE(desk.post(desk.officer, base + "/items/1", personal_partial("personal")).status == 303);

  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "draft"}}).status == 303);
  REQUIRE(desk.post(desk.supervisor, base + "/events", {{"event", "approve"}}).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "notify"}}).status == 303);

  // The notice: item 2 keeps the corporate part withheld from the requester too.
  const HttpReply notice = s.get(base + "/notices/decision", desk.officer.cookie);
  REQUIRE(notice.status == 200);
  CHECK_THAT(notice.body, Catch::Contains("一部利用決定通知書"));
  CHECK_THAT(notice.body, Catch::Contains("取引条件"));
  CHECK(notice.body.find("地権者の氏名") == std::string::npos);  // lifted for the requester
  CHECK_THAT(notice.body, Catch::Contains("本人からの利用請求であるため"));
  // The records' restrictions are the decisions for anyone: fx-v3-003 still
  // withholds on both grounds, fx-v4 stays closed.
  for (const auto& [id, access] : {std::pair<std::string, std::string>{"fx-v3-003", "restricted"}, {"fx-v4", "closed"}}) {
    const json r = json::parse(s.get("/api/records/" + id).body);
    CHECK(r["access"] == access);
  }
}

TEST_CASE("a 本人 grant leaves the public index, the record's public view and its restriction unchanged",
          "[self-request][withheld]") {
  Server s;
  Desk desk{s};
  const std::vector<std::string> withheld = {"秘匿語甲", "秘匿人名"};
  auto public_side = [&] {
    std::string all;
    for (const std::string target : {"/records/fx-v3-001", "/api/records/fx-v3-001", "/records/fx-v3"}) {
      const HttpReply r = s.get(target);
      CHECK(r.status < 500);
      all += target + "\n" + r.body + "\n";
    }
    return all;
  };
  auto check_not_public = [&](const std::string& when) {
    INFO(when);
    for (const auto& word : withheld) {
      INFO(word);
      CHECK(json::parse(s.get("/api/search?q=" + percent_encode(word)).body)["total"].get<long>() == 0);
      CHECK(s.get("/search?q=" + percent_encode(word)).body.find("fx-v3-001") == std::string::npos);
      auto cli = run_monjo({"--data", s.data_dir(), "search", "--json", word});
      REQUIRE(cli.status == 0);
      CHECK(json::parse(cli.out)["total"].get<long>() == 0);
      CHECK(public_side().find(word) == std::string::npos);
      CHECK(s.get("/oai?verb=ListRecords&metadataPrefix=oai_dc").body.find(word) == std::string::npos);
    }
  };
  check_not_public("before");
  const std::string before = public_side();

  const auto heir = submit_self(s, {"fx-v3-001"}, "heir");
  const std::string base = "/staff/requests/" + heir.receipt;
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "accept"}}).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/identity",
                    {{"identity_document", "passport"}, {"relation_document", "family_register"}})
              .status == 303);
  REQUIRE(desk.post(desk.officer, base + "/items/1", personal_partial("personal")).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "draft"}}).status == 303);
  REQUIRE(desk.post(desk.supervisor, base + "/events", {{"event", "approve"}}).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "notify"}}).status == 303);

  check_not_public("after the notice");
  CHECK(public_side() == before);
  // The record's own restriction is as catalogued: same grounds, same `until`.
  auto exported = run_monjo({"--data", s.data_dir(), "export", "--format", "native"});
  REQUIRE(exported.status == 0);
  CHECK_THAT(exported.out, Catch::Contains("grounds=\"personal\" until=\"2044-03-31\""));

  // The notice: for this requester nothing is left withheld, and it says why and
  // that the general restriction is unchanged.
  const HttpReply notice = s.get(base + "/notices/decision", desk.officer.cookie);
  REQUIRE(notice.status == 200);
  CHECK_THAT(notice.body, Catch::Contains("利用決定通知書"));
  CHECK(notice.body.find("一部利用決定通知書") == std::string::npos);
  CHECK_THAT(notice.body, Catch::Contains("本人からの利用請求であるため、個人情報が記録されている部分についても請求者に限り利用させます。"));
  CHECK_THAT(notice.body, Catch::Contains("当該公文書の一般の利用の制限に変更はありません。"));
  CHECK_THAT(s.get(base + "/notices/decision?lang=en", desk.officer.cookie).body,
             Catch::Contains("Because this is a request about the requester"));
  // The requester's status page says the same.
  const HttpReply status = s.get("/requests/" + heir.receipt + "?token=" + heir.token);
  REQUIRE(status.status == 200);
  CHECK_THAT(status.body, Catch::Contains("本人からの利用請求であるため"));

  // No catalog change is left for a review to open, and later reviews keep it
  // withheld: the decision for anyone holds the record until its review date.
  auto listing = run_monjo({"--data", s.data_dir(), "review"});
  REQUIRE(listing.status == 0);
  CHECK(listing.out.find("fx-v3-001") == std::string::npos);
  const monjo::archive::Ymd today = monjo::archive::japan_day(monjo::archive::now_seconds());
  for (const long days : {0L, 1L, 365L}) {
    const std::string day = monjo::archive::add_days(today, days).iso();
    auto all = run_monjo_on(day, {"--data", s.data_dir(), "review", "--apply", "--all", "--reason", "定期見直し"});
    INFO(all.out << all.err);
    REQUIRE(all.status == 0);
    auto named = run_monjo_on(day, {"--data", s.data_dir(), "review", "--apply", "fx-v3-001", "--reason", "見直し"});
    CHECK(named.status != 0);
    check_not_public(day);
  }
  CHECK(json::parse(s.get("/api/records/fx-v3-001").body)["access"] == "restricted");
  CHECK_THAT(audit_list(s), Catch::Contains("self_grants=1"));
}

TEST_CASE("the statistics count requests about oneself apart", "[self-request][stats]") {
  Server s;
  Desk desk{s};
  submit_self(s, {"fx-v3-001"}, "self");
  const auto heir = submit_self(s, {"fx-v3-001"}, "heir");
  monjo::test::submit_form(s, {"fx-v3-002"});
  const std::string base = "/staff/requests/" + heir.receipt;
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "accept"}}).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/identity",
                    {{"identity_document", "passport"}, {"relation_document", "family_register"}})
              .status == 303);
  REQUIRE(desk.post(desk.officer, base + "/items/1", personal_partial("personal")).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "draft"}}).status == 303);
  REQUIRE(desk.post(desk.supervisor, base + "/events", {{"event", "approve"}}).status == 303);

  const HttpReply csv = s.get("/staff/stats.csv", desk.officer.cookie);
  REQUIRE(csv.status == 200);
  const std::string fy = std::to_string(monjo::archive::fiscal_year_of(monjo::archive::japan_day(monjo::archive::now_seconds())));
  CHECK_THAT(csv.body, Catch::Contains(fy + ",received,,3\r\n"));
  CHECK_THAT(csv.body, Catch::Contains(fy + ",self_requests,,2\r\n"));
  CHECK_THAT(csv.body, Catch::Contains(fy + ",self_requests_by_relation,heir,1\r\n"));
  CHECK_THAT(csv.body, Catch::Contains(fy + ",self_requests_by_relation,self,1\r\n"));
  CHECK_THAT(csv.body, Catch::Contains(fy + ",self_grants,,1\r\n"));
  // The decision for anyone is counted as it is.
  CHECK_THAT(csv.body, Catch::Contains(fy + ",decisions_by_kind,partial,1\r\n"));

  const HttpReply page = s.get("/stats");
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("本人からの利用請求（受付）"));
  CHECK_THAT(page.body, Catch::Contains("本人に限り個人情報の部分を利用させた件数"));
  CHECK_THAT(s.get("/stats?lang=en").body, Catch::Contains("Requests about oneself"));
}

TEST_CASE("on a record the catalog shows, the decision for anyone still withholds from others", "[self-request]") {
  Server s;
  Desk desk{s};
  const auto me = submit_self(s, {"fx-v3-004"}, "self");
  const std::string base = "/staff/requests/" + me.receipt;
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "accept"}}).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/identity", {{"identity_document", "passport"}}).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/items/1",
                    {{"decision", "partial"}, {"grounds", "personal"}, {"article", "条例第17条第1項第1号イ"},
                     {"reason", "参加者の氏名"}, {"redaction_from_1", "81"}, {"redaction_what_1", "参加者の氏名"},
                     {"self_grounds", "personal"}})
              .status == 303);
  CHECK(json::parse(s.get("/api/records/fx-v3-004").body)["access"] == "open");
  CHECK(json::parse(s.get("/api/search?q=" + percent_encode("大野村字")).body)["total"].get<long>() > 0);
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "draft"}}).status == 303);
  REQUIRE(desk.post(desk.supervisor, base + "/events", {{"event", "approve"}}).status == 303);
  REQUIRE(desk.post(desk.officer, base + "/events", {{"event", "notify"}}).status == 303);
  // The requester may use it all; everyone else, as decided for anyone.
  CHECK(json::parse(s.get("/api/records/fx-v3-004").body)["access"] == "restricted");
  CHECK(json::parse(s.get("/api/search?q=" + percent_encode("大野村字")).body)["total"].get<long>() == 0);
  CHECK_THAT(s.get(base + "/notices/decision", desk.officer.cookie).body, Catch::Contains("利用決定通知書"));
}
