// The staff review page and the intake form over real HTTP: one audit entry per view
// of a request that says what the page revealed, a confirmation before any step that
// cannot be undone (却下, 取下げ), and the medium asked for copies only.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using monjo::test::run_monjo;
using monjo::test::Server;
using Fields = std::vector<std::pair<std::string, std::string>>;

// The audit entries about `target`, newest first, one line each.
std::vector<std::string> audit_lines(const Server& s, const std::string& target) {
  auto r = run_monjo({"--data", s.data_dir(), "audit", "list", "--target", target, "--limit", "1000"});
  REQUIRE(r.status == 0);
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("one view of a request's staff page leaves one audit entry that says what it showed",
          "[request-ux][staff-http]") {
  Server s;
  const auto officer = s.staff("off1");
  const auto req = monjo::test::submit_form(s, {"fx-v1-001", "fx-v3-001"});
  const auto before = audit_lines(s, req.receipt);
  const auto record_before = audit_lines(s, "fx-v3-001");

  const HttpReply page = s.get("/staff/requests/" + req.receipt, officer.cookie);
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("個人名マーカー甲"));  // the requester's details are shown

  const auto after = audit_lines(s, req.receipt);
  REQUIRE(after.size() == before.size() + 1);
  CHECK_THAT(after.front(), Catch::Contains("\toff1\tofficer\trequest.view\t" + req.receipt +
                                            "\trequester=yes items=fx-v1-001,fx-v3-001 "
                                            "withheld=fx-v3-001:restricted decisions=0"));
  // The withheld record's view is in that one entry, not in one of its own.
  CHECK(audit_lines(s, "fx-v3-001").size() == record_before.size());
  // Nothing personal in the entry.
  CHECK(after.front().find("マーカー") == std::string::npos);
  CHECK(run_monjo({"--data", s.data_dir(), "audit", "verify"}).status == 0);
}

TEST_CASE("a step that cannot be undone needs its confirmation box on the staff page",
          "[request-ux][staff-http]") {
  Server s;
  const auto supervisor = s.staff("sup1");
  const auto req = monjo::test::submit_form(s, {"fx-v1-001"});
  const std::string base = "/staff/requests/" + req.receipt;
  auto post = [&](Fields fields) {
    fields.emplace_back("csrf", supervisor.csrf);
    return s.post(base + "/events", fields, supervisor.cookie);
  };

  const HttpReply page = s.get(base, supervisor.cookie);
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("data-event=\"reject\" class=\"button-danger\""));
  CHECK_THAT(page.body, Catch::Contains("取り消せない操作であることを確認しました"));
  CHECK_THAT(page.body, !Catch::Contains("data-event=\"accept\" class=\"button-danger\""));

  const auto before = audit_lines(s, req.receipt);
  const HttpReply unconfirmed = post({{"event", "reject"}});
  CHECK(unconfirmed.status == 400);
  CHECK_THAT(unconfirmed.body, Catch::Contains("確認の欄にチェックを入れてから"));
  CHECK_THAT(unconfirmed.body, Catch::Contains("state-received"));
  // Nothing changed: no request.reject entry (only the page's own view).
  const auto refused = audit_lines(s, req.receipt);
  for (const auto& line : refused) CHECK(line.find("request.reject") == std::string::npos);

  const HttpReply confirmed = post({{"event", "reject"}, {"confirm", "yes"}});
  CHECK(confirmed.status == 303);
  CHECK_THAT(s.get(base, supervisor.cookie).body, Catch::Contains("state-rejected"));
  CHECK_THAT(audit_lines(s, req.receipt).front(), Catch::Contains("request.view"));
  bool rejected = false;
  for (const auto& line : audit_lines(s, req.receipt)) rejected = rejected || line.find("request.reject") != std::string::npos;
  CHECK(rejected);
  CHECK(run_monjo({"--data", s.data_dir(), "audit", "verify"}).status == 0);
}

TEST_CASE("the medium is asked for copies only and ignored for viewing", "[request-ux][intake]") {
  Server s;
  const HttpReply form = s.get("/requests/new?record=fx-v1-001");
  REQUIRE(form.status == 200);
  // The medium's fieldset sits inside the method's, under the copy choice.
  const size_t copy = form.body.find("id=\"f-method-copy\"");
  const size_t medium = form.body.find("<fieldset class=\"copy-only\" id=\"f-medium\">");
  REQUIRE(copy != std::string::npos);
  REQUIRE(medium != std::string::npos);
  CHECK(copy < medium);
  CHECK_THAT(form.body, Catch::Contains("写しの交付を選んだときだけ選びます"));

  Fields fields = monjo::test::kRequester;
  fields.emplace_back("record", "fx-v1-001");
  fields.emplace_back("method", "view");
  fields.emplace_back("medium", "electronic");
  fields.emplace_back("consent", "yes");
  const HttpReply r = s.post("/requests/new", fields);
  REQUIRE(r.status == 201);
  std::smatch m;
  REQUIRE(std::regex_search(r.body, m, std::regex("/requests/(R[0-9]{4}-[0-9]{6})\\?token=([0-9a-f]{64})")));
  const HttpReply status = s.get("/requests/" + std::string(m[1]) + "?token=" + std::string(m[2]));
  REQUIRE(status.status == 200);
  CHECK_THAT(status.body, Catch::Contains("<dd>閲覧</dd>"));
  CHECK_THAT(status.body, !Catch::Contains("閲覧（"));

  // A copy still says its medium.
  const auto copied = monjo::test::submit_form(s, {"fx-v1-001"});
  CHECK_THAT(s.get("/requests/" + copied.receipt + "?token=" + copied.token).body,
             Catch::Contains("<dd>写しの交付（紙）</dd>"));
}

TEST_CASE("the citizen's withdrawal button is styled as dangerous and asks for confirmation",
          "[request-ux][request-status]") {
  Server s;
  const auto req = monjo::test::submit_form(s, {"fx-v1-001"});
  const HttpReply page = s.get("/requests/" + req.receipt + "?token=" + req.token);
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("name=\"confirm\" value=\"yes\" required"));
  CHECK_THAT(page.body, Catch::Contains("class=\"button-danger\""));
}
