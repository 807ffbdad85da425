// Creating and moving records over real HTTP (web/staff/record_create.cc): an
// archivist creates a series under the fonds and a volume under it and the portal
// finds the volume's title at once; an id in use, an item, an impossible parent are
// refused beside their field with what was typed kept; a volume moved to another
// series shows the new path on its items' public pages and the move in its history;
// a move refused or made from an old state says why; an officer may do neither.
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

// The new-record form for `level` under `parent`, as a browser would send it.
Fields new_form(const monjo::test::Server::Staff& who, const std::string& level, const std::string& parent) {
  const HttpReply form = server().get(
      "/staff/records/new?" + monjo::test::form_encode({{"level", level}, {"parent", parent}}), who.cookie);
  REQUIRE(form.status == 200);
  return form_fields(form.body);
}

// The move form's fingerprint on a record's staff page.
std::string move_base(const monjo::test::Server::Staff& who, const std::string& id) {
  const HttpReply page = server().get("/staff/records/" + id, who.cookie);
  REQUIRE(page.status == 200);
  std::smatch m;
  const std::string body = page.body;
  REQUIRE(std::regex_search(body, m, std::regex(R"re(class="move-form">[\s\S]*?name="base" value="([^"]+)")re")));
  return m[1];
}

std::string breadcrumbs(const std::string& html) {
  const auto from = html.find("<nav class=\"breadcrumbs\"");
  if (from == std::string::npos) return {};
  return html.substr(from, html.find("</nav>", from) - from);
}

}  // namespace

TEST_CASE("an archivist creates a series and a volume under it and the portal finds the volume at once",
          "[record-create-http]") {
  const auto arc = server().staff("arc1");
  // The links: a fonds' page offers a series and a volume, the dashboard a fonds.
  const HttpReply fonds = server().get("/staff/records/fx-sagamihara", arc.cookie);
  CHECK(fonds.body.find("下位にシリーズを追加") != std::string::npos);
  CHECK(fonds.body.find("下位に簿冊を追加") != std::string::npos);
  CHECK(server().get("/staff/", arc.cookie).body.find("新しい出所（フォンド）を追加") != std::string::npos);
  CHECK(server().get("/staff/records/fx-v1", arc.cookie).body.find("下位にシリーズを追加") == std::string::npos);

  Fields s = new_form(arc, "series", "fx-sagamihara");
  set(s, "id", "fx-new-series");
  set(s, "title", "新設シリーズ");
  set(s, "access.status", "open");
  const HttpReply made = server().post("/staff/records/new", s, arc.cookie);
  REQUIRE(made.status == 303);
  CHECK(made.header("location").find("/staff/records/fx-new-series") != std::string::npos);

  Fields v = new_form(arc, "volume", "fx-new-series");
  set(v, "id", "fx-new-vol");
  set(v, "title", "新設簿冊試験綴");
  set(v, "date", "昭和三十年度");
  set(v, "callNumber", "NEW-001");
  const HttpReply vol = server().post("/staff/records/new", v, arc.cookie);
  REQUIRE(vol.status == 303);
  CHECK(vol.header("location").find("/staff/records/fx-new-vol") != std::string::npos);
  CHECK(public_total("新設簿冊試験綴") == 1);
  const HttpReply page = server().get("/records/fx-new-vol");
  REQUIRE(page.status == 200);
  CHECK(breadcrumbs(page.body).find("新設シリーズ") != std::string::npos);
  CHECK(page.body.find("1955") != std::string::npos);
  const HttpReply history = server().get("/staff/records/fx-new-vol/history", arc.cookie);
  CHECK(history.body.find("作成") != std::string::npos);
}

TEST_CASE("an id in use, an item, an impossible parent and a bad date are refused beside their field",
          "[record-create-http]") {
  const auto arc = server().staff("arc1");
  Fields v = new_form(arc, "volume", "fx-gikai");
  set(v, "id", "fx-v1");
  set(v, "title", "重複IDの簿冊");
  const HttpReply dup = server().post("/staff/records/new", v, arc.cookie);
  CHECK(dup.status == 422);
  CHECK(dup.body.find("id=\"e-id\"") != std::string::npos);
  CHECK(dup.body.find("fx-v1") != std::string::npos);
  CHECK(dup.body.find("重複IDの簿冊") != std::string::npos);  // what was typed is kept
  CHECK(public_total("重複IDの簿冊") == 0);

  set(v, "id", "fx-bad-date");
  set(v, "date", "昭和99年");
  const HttpReply date = server().post("/staff/records/new", v, arc.cookie);
  CHECK(date.status == 422);
  CHECK(date.body.find("id=\"e-date\"") != std::string::npos);
  CHECK(server().get("/staff/records/fx-bad-date", arc.cookie).status == 404);

  // The web makes no items (they belong in the volume's 細目録) and nothing where
  // its level may not go.
  CHECK(server().get("/staff/records/new?level=item&parent=fx-v1", arc.cookie).status == 400);
  CHECK(server().get("/staff/records/new?level=series&parent=fx-v1", arc.cookie).status == 400);
  CHECK(server().get("/staff/records/new?level=volume&parent=fx-nowhere", arc.cookie).status == 400);
  Fields item = v;
  set(item, "level", "item");
  set(item, "parent", "fx-v1");
  set(item, "id", "fx-v1-099");
  set(item, "date", "");
  CHECK(server().post("/staff/records/new", item, arc.cookie).status == 422);
  Fields series = v;
  set(series, "level", "series");
  set(series, "parent", "fx-v1");
  set(series, "id", "fx-series-in-volume");
  set(series, "date", "");
  const HttpReply under_volume = server().post("/staff/records/new", series, arc.cookie);
  CHECK(under_volume.status == 422);
  CHECK(under_volume.body.find("id=\"e-placement\"") != std::string::npos);
  CHECK(server().get("/staff/records/fx-v1-099", arc.cookie).status == 404);
  CHECK(server().get("/staff/records/fx-series-in-volume", arc.cookie).status == 404);
}

TEST_CASE("a volume moved to another series shows the new path on its items' pages and the move in its history",
          "[record-create-http]") {
  const auto arc = server().staff("arc1");
  CHECK(breadcrumbs(server().get("/records/fx-v1-002").body).find("會議録") != std::string::npos);
  const std::string base = move_base(arc, "fx-v1");
  // Under a volume: refused with the reason, nothing moves.
  const HttpReply refused =
      server().post("/staff/records/fx-v1/move", {{"csrf", arc.csrf}, {"base", base}, {"parent", "fx-v2"}}, arc.cookie);
  CHECK(refused.status == 422);
  CHECK(refused.body.find("fx-v2") != std::string::npos);
  CHECK(breadcrumbs(server().get("/records/fx-v1-002").body).find("會議録") != std::string::npos);

  const HttpReply moved = server().post("/staff/records/fx-v1/move",
                                        {{"csrf", arc.csrf}, {"base", base}, {"parent", "fx-heiji"}}, arc.cookie);
  REQUIRE(moved.status == 303);
  CHECK(moved.header("location").find("/staff/records/fx-v1/history") != std::string::npos);
  for (const char* item : {"/records/fx-v1-001", "/records/fx-v1-002"}) {
    const std::string crumbs = breadcrumbs(server().get(item).body);
    CHECK(crumbs.find("兵事") != std::string::npos);
    CHECK(crumbs.find("會議録") == std::string::npos);
  }
  const HttpReply history = server().get("/staff/records/fx-v1/history", arc.cookie);
  CHECK(history.body.find("移動") != std::string::npos);
  CHECK(history.body.find("fx-gikai-kaigiroku") != std::string::npos);  // before
  CHECK(history.body.find("fx-heiji") != std::string::npos);            // after

  // A form from before the move is refused: the record moved on.
  const HttpReply stale = server().post("/staff/records/fx-v1/move",
                                        {{"csrf", arc.csrf}, {"base", base}, {"parent", "fx-gikai"}}, arc.cookie);
  CHECK(stale.status == 409);
  CHECK(breadcrumbs(server().get("/records/fx-v1-002").body).find("兵事") != std::string::npos);
}

TEST_CASE("an officer can neither create nor move a record", "[record-create-http][security]") {
  const auto off = server().staff("off1");
  const auto arc = server().staff("arc1");
  CHECK(server().get("/staff/records/new?level=volume&parent=fx-gikai", off.cookie).status == 403);
  CHECK(server().get("/staff/records/fx-gikai", off.cookie).body.find("下位に簿冊を追加") == std::string::npos);
  CHECK(server().get("/staff/", off.cookie).body.find("新しい出所（フォンド）を追加") == std::string::npos);
  Fields v = new_form(arc, "volume", "fx-gikai");
  set(v, "csrf", off.csrf);
  set(v, "id", "fx-officer-vol");
  set(v, "title", "職員が作った簿冊");
  CHECK(server().post("/staff/records/new", v, off.cookie).status == 403);
  const std::string base = move_base(arc, "fx-v2");
  CHECK(server()
            .post("/staff/records/fx-v2/move", {{"csrf", off.csrf}, {"base", base}, {"parent", "fx-heiji"}}, off.cookie)
            .status == 403);
  // Without the session's token, an archivist's post is refused too.
  set(v, "csrf", "0000");
  CHECK(server().post("/staff/records/new", v, arc.cookie).status == 403);
  CHECK(server().get("/staff/records/fx-officer-vol", arc.cookie).status == 404);
  CHECK(public_total("職員が作った簿冊") == 0);
}
