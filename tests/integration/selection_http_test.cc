// The selection pages over real HTTP (web/staff/selection_pages.cc, docs/selection.md):
// an archivist uploads a department's list (a list with errors is refused with every
// row named and nothing stored), marks rows in bulk with criteria; the drafter cannot
// approve (the route and the store refuse), a supervisor does; an approved 廃棄 cannot
// be re-marked; the 廃棄 notice and the transfer receipt print and are audited; the
// accession makes 要審査 volumes the staff search finds and the public search does not,
// linked from their staff record page; a preservation event for all of them; the
// reports as a page and CSV; roles without the permissions are refused.
#include <catch2/catch.hpp>

#include <regex>

#include "harness.h"
#include "serve_harness.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using monjo::test::Server;
using Fields = std::vector<std::pair<std::string, std::string>>;

const char* const kBoundary = "----monjo-selection-boundary-9QfK2";

std::string multipart(const Fields& fields, const std::string& filename, const std::string& content) {
  std::string body;
  for (const auto& [k, v] : fields) {
    body +=
        std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  }
  body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
          "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n";
  body += std::string("--") + kBoundary + "--\r\n";
  return body;
}

HttpReply upload(const Server& s, const Server::Staff& who, const std::string& filename, const std::string& content) {
  return s.send("POST", "/staff/selection", who.cookie, multipart({{"csrf", who.csrf}}, filename, content),
                std::string("multipart/form-data; boundary=") + kBoundary);
}

const std::string kHeader = "担当課,簿冊名,作成年度,保存期間,満了年度,文書番号,数量,備考\n";

}  // namespace

TEST_CASE("selection on the staff pages: import, mark, approve, notices, accession, reports", "[selection-http]") {
  Server s;
  const auto arc = s.staff("arc1");
  const auto sup = s.staff("sup1");
  const auto off = s.staff("off1");

  // A list with errors: every row named, nothing stored.
  HttpReply bad = upload(s, arc, "総務課.csv",
                         kHeader + "総務課,,平成25年度,10年,令和5年度,,1,\n総務課,綴,平成25年度,10年,いつか,,1,\n");
  CHECK(bad.status == 400);
  CHECK_THAT(bad.body, Catch::Contains("総務課.csv:2: 簿冊名: empty"));
  CHECK_THAT(bad.body, Catch::Contains("総務課.csv:3: 満了年度:"));
  CHECK(bad.body.find("/uploads/") == std::string::npos);  // the saved file's name is not shown
  CHECK_THAT(s.get("/staff/selection", arc.cookie).body, Catch::Contains("選別リストはまだありません"));

  // An officer may neither see nor import lists.
  CHECK(s.get("/staff/selection", off.cookie).status == 403);
  CHECK(upload(s, off, "x.csv", kHeader).status == 403);

  HttpReply good = upload(s, arc, "総務課.csv",
                          kHeader +
                              "総務課,防災会議録綴,平成25年度,10年,令和5年度,総-1,1,\n"
                              "総務課,庶務雑件綴,平成30年度,5年,令和5年度,総-2,2,\n"
                              "総務課,旅費精算綴,平成30年度,5年,令和5年度,総-3,1,\n"
                              "総務課,例規改正綴,平成25年度,10年,令和5年度,総-4,1,\n");
  REQUIRE(good.status == 303);
  const std::string batch_url = good.header("Location").substr(0, good.header("Location").find('?'));
  CHECK(batch_url == "/staff/selection/1");
  HttpReply page = s.get(batch_url, arc.cookie);
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("防災会議録綴"));
  CHECK_THAT(page.body, Catch::Contains("令和5年度"));
  CHECK_THAT(page.body, Catch::Contains("条例・規則等の制定改廃"));  // the criteria table

  // Bulk marking: two rows destroyed, two transferred.
  HttpReply m1 = s.post(batch_url + "/mark",
                        {{"csrf", arc.csrf},
                         {"rows", "2"},
                         {"rows", "3"},
                         {"outcome", "destroy"},
                         {"criterion", "routine"},
                         {"note", "定型的な庶務"}},
                        arc.cookie);
  CHECK(m1.status == 303);
  CHECK(s.post(batch_url + "/mark",
               {{"csrf", arc.csrf}, {"rows", "1"}, {"outcome", "transfer"}, {"criterion", "disaster"}}, arc.cookie)
            .status == 303);
  CHECK(s.post(batch_url + "/mark",
               {{"csrf", arc.csrf}, {"rows", "4"}, {"outcome", "transfer"}, {"criterion", "ordinance"}}, arc.cookie)
            .status == 303);
  // A criterion for the other outcome, no rows, no CSRF token.
  HttpReply wrong =
      s.post(batch_url + "/mark",
             {{"csrf", arc.csrf}, {"rows", "1"}, {"outcome", "transfer"}, {"criterion", "routine"}}, arc.cookie);
  CHECK(wrong.status == 400);
  CHECK_THAT(wrong.body, Catch::Contains("criterion routine is for destroy"));
  CHECK(s.post(batch_url + "/mark", {{"csrf", arc.csrf}, {"outcome", "destroy"}, {"criterion", "routine"}}, arc.cookie)
            .status == 400);
  CHECK(s.post(batch_url + "/mark", {{"rows", "1"}, {"outcome", "undecided"}}, arc.cookie).status == 403);

  // The supervisor's dashboard counts the list awaiting approval.
  CHECK_THAT(s.get("/staff/", sup.cookie).body,
             Catch::Contains("<span class=\"count-number selection-awaiting\">1</span>"));
  // The drafter cannot approve: the archivist's role has no approval, and a supervisor
  // sees the form.
  CHECK(s.post(batch_url + "/approve", {{"csrf", arc.csrf}}, arc.cookie).status == 403);
  page = s.get(batch_url, sup.cookie);
  CHECK_THAT(page.body, Catch::Contains("選別を承認する"));
  CHECK(page.body.find("廃棄同意の通知") == std::string::npos);  // nothing approved yet
  HttpReply approved = s.post(batch_url + "/approve", {{"csrf", sup.csrf}, {"comment", "審議会了承"}}, sup.cookie);
  REQUIRE(approved.status == 303);
  page = s.get(batch_url, arc.cookie);
  CHECK_THAT(page.body, Catch::Contains("審議会了承"));
  CHECK(s.post(batch_url + "/approve", {{"csrf", sup.csrf}}, sup.cookie).status == 409);

  // An approved 廃棄 cannot be re-marked; a correction needs its reason.
  HttpReply again =
      s.post(batch_url + "/mark",
             {{"csrf", arc.csrf}, {"rows", "2"}, {"outcome", "transfer"}, {"criterion", "city_history"}}, arc.cookie);
  CHECK(again.status == 409);
  CHECK(s.post(batch_url + "/correct",
               {{"csrf", arc.csrf}, {"rows", "2"}, {"outcome", "transfer"}, {"criterion", "city_history"}}, arc.cookie)
            .status == 400);

  // The notices: the 廃棄 list for the department, the transfer receipt; each print audited.
  HttpReply notice = s.get(batch_url + "/notices/destroy", sup.cookie);
  REQUIRE(notice.status == 200);
  CHECK_THAT(notice.body, Catch::Contains("廃棄同意の通知"));
  CHECK_THAT(notice.body, Catch::Contains("庶務雑件綴"));
  CHECK_THAT(notice.body, Catch::Contains("旅費精算綴"));
  CHECK(notice.body.find("防災会議録綴") == std::string::npos);
  CHECK_THAT(notice.body, Catch::Contains("定型的・軽易な事務"));
  HttpReply receipt = s.get(batch_url + "/notices/transfer", arc.cookie);
  CHECK(receipt.status == 200);
  CHECK_THAT(receipt.body, Catch::Contains("防災会議録綴"));
  CHECK(s.get(batch_url + "/notices/other", arc.cookie).status == 404);
  HttpReply audit = s.get("/staff/audit?action=selection.", sup.cookie);
  CHECK_THAT(audit.body, Catch::Contains("selection.notice"));
  CHECK_THAT(audit.body, Catch::Contains("selection.approve"));

  // The accession: one row did not arrive, one came unlisted.
  HttpReply form = s.get(batch_url + "/accession", arc.cookie);
  REQUIRE(form.status == 200);
  CHECK_THAT(form.body, Catch::Contains("受2023-"));
  CHECK(s.get(batch_url + "/accession", sup.cookie).status == 403);
  HttpReply acc = s.post(batch_url + "/accession",
                         {{"csrf", arc.csrf},
                          {"parent", "fx-gikai"},
                          {"prefix", "受2023-"},
                          {"location", "書庫3"},
                          {"access", "review"},
                          {"missing", "4"},
                          {"extra", "一覧外の綴"}},
                         arc.cookie);
  REQUIRE(acc.status == 303);
  const std::string acc_url = acc.header("Location");
  INFO("accession at " << acc_url);
  HttpReply acc_page = s.get(acc_url, arc.cookie);
  REQUIRE(acc_page.status == 200);
  CHECK_THAT(acc_page.body, Catch::Contains("到着 1件・未着 1件・一覧外 1件"));
  CHECK_THAT(acc_page.body, Catch::Contains("受2023-0001"));
  CHECK_THAT(acc_page.body, Catch::Contains("要審査"));
  std::smatch link;
  REQUIRE(std::regex_search(acc_page.body, link, std::regex("href=\"/staff/records/([A-Za-z0-9._-]+)\">防災会議録綴")));
  const std::string volume = link[1];

  // Staff search finds it; the public search and the public record page do not show it.
  CHECK_THAT(s.get("/staff/search?q=防災会議録綴", arc.cookie).body, Catch::Contains(volume));
  const HttpReply pub = s.get("/search?q=防災会議録綴");
  CHECK(pub.body.find(volume) == std::string::npos);
  CHECK(s.get("/api/search?q=%E9%98%B2%E7%81%BD%E4%BC%9A%E8%AD%B0%E9%8C%B2%E7%B6%B4").body.find(volume) ==
        std::string::npos);
  // Nor do the public pages: its own page, its series' listing, the sitemap, OAI-PMH.
  CHECK(s.get("/records/" + volume).status == 404);
  CHECK(s.get("/api/records/" + volume).status == 404);
  const HttpReply series = s.get("/series/fx-gikai");
  CHECK(series.status == 200);
  CHECK(series.body.find("防災会議録綴") == std::string::npos);
  CHECK(s.get("/fonds/fx-sagamihara").body.find("防災会議録綴") == std::string::npos);
  CHECK(s.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").body.find(volume) == std::string::npos);
  CHECK(s.get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:monjo:" + volume).body.find("防災会議録綴") ==
        std::string::npos);

  // The staff record page links the accession and the selection decision.
  HttpReply record = s.get("/staff/records/" + volume, arc.cookie);
  REQUIRE(record.status == 200);
  CHECK_THAT(record.body, Catch::Contains("受入 第1号"));
  CHECK_THAT(record.body, Catch::Contains("選別リスト第1号 第1行: 移管（災害・事件）選別者 arc1・承認者 sup1"));

  // A くん蒸 on arrival for the whole accession.
  HttpReply ev =
      s.post(acc_url + "/events",
             {{"csrf", arc.csrf}, {"type", "fumigation"}, {"date", "2024-05-10"}, {"text", "到着時"}}, arc.cookie);
  REQUIRE(ev.status == 303);
  CHECK_THAT(s.get(ev.header("Location"), arc.cookie).body, Catch::Contains("1冊に保存処置を記録しました"));
  CHECK(s.post(acc_url + "/events", {{"csrf", arc.csrf}, {"type", "polish"}, {"date", "2024"}}, arc.cookie).status ==
        400);
  // Accessioned once.
  HttpReply twice =
      s.post(batch_url + "/accession", {{"csrf", arc.csrf}, {"parent", "fx-gikai"}, {"prefix", "受"}}, arc.cookie);
  CHECK(twice.status == 409);

  // Reports: page and CSV.
  HttpReply reports = s.get("/staff/selection/reports", sup.cookie);
  REQUIRE(reports.status == 200);
  CHECK_THAT(reports.body, Catch::Contains("<svg class=\"chart\""));
  CHECK_THAT(reports.body, Catch::Contains("総務課"));
  HttpReply csv = s.get("/staff/selection/reports.csv", sup.cookie);
  CHECK_THAT(csv.body, Catch::Contains("2023,総務課,4,2,2,0,1,1,1"));
  CHECK_THAT(csv.body, Catch::Contains("2023,routine,"));
  CHECK(s.get("/staff/selection/reports", off.cookie).status == 403);
}
