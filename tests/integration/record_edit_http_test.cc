// The record editor over real HTTP (web/staff/record_edits.cc): an archivist corrects
// a title in 旧字体 and a 和暦 date and the public portal finds the new title at once;
// restricting an item takes its words off every public surface in the same save; a
// form made from an old state is refused with what changed since; the history
// restores an earlier title; an officer cannot post an edit; the date check answers
// as the archivist types.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"
#include "html_form.h"
#include "serve_harness.h"
#include "staff_server.h"

namespace {

using monjo::test::Fields;
using monjo::test::form_fields;
using monjo::test::HttpReply;
using monjo::test::Server;

const Server& server() {
  static Server s;
  return s;
}

void set(Fields& f, const std::string& name, const std::string& value) {
  for (auto& [k, v] : f) {
    if (k == name) {
      v = value;
      return;
    }
  }
  f.emplace_back(name, value);
}

long public_total(const std::string& q) {
  const HttpReply r = server().get("/api/search?" + monjo::test::form_encode({{"q", q}}));
  REQUIRE(r.status == 200);
  return nlohmann::json::parse(r.body).at("total").get<long>();
}

}  // namespace

TEST_CASE("an archivist corrects a 旧字体 title and a 和暦 date and the portal finds the new title at once",
          "[record-edit-http]") {
  const auto arc = server().staff("arc1");
  const HttpReply form = server().get("/staff/records/fx-v1-002/edit", arc.cookie);
  REQUIRE(form.status == 200);
  CHECK(form.body.find("國民學校建設ニ關スル件") != std::string::npos);
  Fields f = form_fields(form.body);
  set(f, "title", "國民學校增築ニ關スル件");
  set(f, "date", "昭和十九年三月");
  const HttpReply saved = server().post("/staff/records/fx-v1-002", f, arc.cookie);
  REQUIRE(saved.status == 303);
  CHECK(saved.header("location").find("/staff/records/fx-v1-002/history") != std::string::npos);
  // 新字体 finds the 旧字体 title on the public side, the old title is gone.
  CHECK(public_total("国民学校増築") == 1);
  CHECK(public_total("title:建設") == 0);
  const HttpReply page = server().get("/records/fx-v1-002");
  CHECK(page.body.find("國民學校增築ニ關スル件") != std::string::npos);
  CHECK(page.body.find("1944") != std::string::npos);
  const HttpReply history = server().get("/staff/records/fx-v1-002/history", arc.cookie);
  CHECK(history.body.find("國民學校建設ニ關スル件") != std::string::npos);  // before
  CHECK(history.body.find("昭和十九年三月") != std::string::npos);          // after
}

TEST_CASE("restricting an item on the web takes its words off every public surface in one save",
          "[record-edit-http]") {
  const auto arc = server().staff("arc1");
  CHECK(public_total("公開語丁") == 1);
  // Every public surface: search, the record page, the API, OAI-PMH, the sitemap.
  auto everywhere = [] {
    std::string all = server().get("/records/fx-v1-001").body + server().get("/api/records/fx-v1-001").body +
                      server().get("/oai?verb=ListRecords&metadataPrefix=oai_dc").body;
    const std::string index = server().get("/sitemap.xml").body;
    static const std::regex part("/sitemaps/[^<\"]+");
    for (std::sregex_iterator it(index.begin(), index.end(), part), end; it != end; ++it) {
      all += server().get(it->str()).body;
    }
    return all;
  };
  REQUIRE(everywhere().find("公開語丁") != std::string::npos);
  REQUIRE(server().get("/oai?verb=ListRecords&metadataPrefix=oai_dc").body.find("公開語丁") != std::string::npos);
  Fields f = form_fields(server().get("/staff/records/fx-v1-001/edit", arc.cookie).body);
  set(f, "access.status", "restricted");
  f.emplace_back("access.grounds", "personal");
  set(f, "access.until", "2040-04-01");
  set(f, "access.reason", "個人の氏名を含む");
  REQUIRE(server().post("/staff/records/fx-v1-001", f, arc.cookie).status == 303);
  CHECK(public_total("公開語丁") == 0);
  const HttpReply page = server().get("/records/fx-v1-001");
  CHECK(page.status == 200);
  CHECK(page.body.find("公開語丁") == std::string::npos);
  CHECK(server().get("/api/records/fx-v1-001").body.find("公開語丁") == std::string::npos);
  CHECK(everywhere().find("公開語丁") == std::string::npos);
}

TEST_CASE("a second session's save over a record that changed is refused with the difference, and nothing changes",
          "[record-edit-http]") {
  const auto one = server().staff("arc1");
  const auto two = server().staff("arc1");
  Fields first = form_fields(server().get("/staff/records/fx-v2-001/edit", one.cookie).body);
  Fields second = form_fields(server().get("/staff/records/fx-v2-001/edit", two.cookie).body);
  set(first, "title", "第一の修正");
  REQUIRE(server().post("/staff/records/fx-v2-001", first, one.cookie).status == 303);
  set(second, "note", "第二の修正");
  const HttpReply refused = server().post("/staff/records/fx-v2-001", second, two.cookie);
  CHECK(refused.status == 409);
  CHECK(refused.body.find("第一の修正") != std::string::npos);  // what changed since
  CHECK(refused.body.find("第二の修正") != std::string::npos);  // what was typed is kept
  const HttpReply record = server().get("/staff/records/fx-v2-001", one.cookie);
  CHECK(record.body.find("第二の修正") == std::string::npos);
  // Saving the refused form again is a deliberate overwrite over the state it showed.
  const Fields again = form_fields(refused.body);
  CHECK(server().post("/staff/records/fx-v2-001", again, two.cookie).status == 303);
  CHECK(server().get("/staff/records/fx-v2-001", one.cookie).body.find("第二の修正") != std::string::npos);
}

TEST_CASE("a bad date or review date is refused beside its field with the importer's words", "[record-edit-http]") {
  const auto arc = server().staff("arc1");
  Fields f = form_fields(server().get("/staff/records/fx-v2-002/edit", arc.cookie).body);
  const std::string title_before = [&] {
    for (const auto& [k, v] : f)
      if (k == "title") return v;
    return std::string();
  }();
  set(f, "title", "変わってはならない");
  set(f, "date", "昭和99年");
  set(f, "access.status", "closed");
  set(f, "access.until", "2030-02-30");
  const HttpReply r = server().post("/staff/records/fx-v2-002", f, arc.cookie);
  CHECK(r.status == 422);
  CHECK(r.body.find("id=\"e-date\"") != std::string::npos);
  CHECK(r.body.find("&quot;2030-02-30&quot; is not a date (YYYY-MM-DD)") != std::string::npos);
  CHECK(r.body.find("変わってはならない") != std::string::npos);  // kept in the form
  CHECK(server().get("/records/fx-v2-002").body.find(title_before) != std::string::npos);
}

TEST_CASE("the history restores an earlier title as a new version", "[record-edit-http]") {
  const auto arc = server().staff("arc1");
  Fields f = form_fields(server().get("/staff/records/fx-v2-003/edit", arc.cookie).body);
  std::string original;
  for (const auto& [k, v] : f)
    if (k == "title") original = v;
  set(f, "title", "誤った題名");
  REQUIRE(server().post("/staff/records/fx-v2-003", f, arc.cookie).status == 303);
  CHECK(public_total("誤った題名") == 1);
  const HttpReply history = server().get("/staff/records/fx-v2-003/history", arc.cookie);
  std::smatch m;
  REQUIRE(std::regex_search(history.body, m, std::regex(R"re(name="base" value="([0-9a-f]+)")re")));
  const HttpReply restored = server().post("/staff/records/fx-v2-003/restore",
                                           {{"csrf", arc.csrf}, {"base", m[1]}, {"version", "1"}}, arc.cookie);
  REQUIRE(restored.status == 303);
  CHECK(public_total("誤った題名") == 0);
  const HttpReply after = server().get("/staff/records/fx-v2-003/history", arc.cookie);
  CHECK(after.body.find(original) != std::string::npos);
  // A stale history page's restore is refused.
  CHECK(
      server()
          .post("/staff/records/fx-v2-003/restore", {{"csrf", arc.csrf}, {"base", m[1]}, {"version", "2"}}, arc.cookie)
          .status == 409);
}

TEST_CASE("an officer may read the catalogue but an edit posted as one is 403 and changes nothing",
          "[record-edit-http][security]") {
  const auto off = server().staff("off1");
  const auto arc = server().staff("arc1");
  CHECK(server().get("/staff/records/fx-v1-003/edit", off.cookie).status == 403);
  CHECK(server().get("/staff/records/fx-v1-003/history", off.cookie).status == 200);
  Fields f = form_fields(server().get("/staff/records/fx-v1-003/edit", arc.cookie).body);
  set(f, "csrf", off.csrf);
  set(f, "title", "職員が書き換えた");
  CHECK(server().post("/staff/records/fx-v1-003", f, off.cookie).status == 403);
  // A forged form without the session's token changes nothing either.
  set(f, "csrf", "0000");
  CHECK(server().post("/staff/records/fx-v1-003", f, arc.cookie).status == 403);
  CHECK(public_total("職員が書き換えた") == 0);
  // Signed out: the login page.
  CHECK(server().get("/staff/records/fx-v1-003/edit").status == 303);
}

TEST_CASE("the date check reads a 和暦 date as the importer does and says what is wrong", "[record-edit-http]") {
  const auto arc = server().staff("arc1");
  auto ask = [&](const std::string& q) {
    const HttpReply r = server().get("/staff/api/date?" + q, arc.cookie);
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.body);
  };
  auto ok = ask(monjo::test::form_encode({{"text", "昭和30年度"}}));
  CHECK(ok.at("ok") == true);
  CHECK(ok.at("start") == "1955-04-01");
  CHECK(ok.at("end") == "1956-03-31");
  CHECK(ok.at("text").get_ref<const std::string&>().find("昭和30年4月1日") != std::string::npos);
  auto bad = ask(monjo::test::form_encode({{"text", "昭和99年"}}));
  CHECK(bad.at("ok") == false);
  CHECK(bad.at("text").get_ref<const std::string&>().rfind("読み取れません", 0) == 0);
  auto en = ask("lang=en&" + monjo::test::form_encode({{"text", "昭和99年"}}));
  CHECK(en.at("text").get_ref<const std::string&>().rfind("Not a date", 0) == 0);
  CHECK(server().get("/staff/api/date?text=x").status == 303);  // staff only
}
