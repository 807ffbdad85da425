// The 細目録 editor over real HTTP (web/staff/item_table.cc): an archivist saves a
// volume's table that adds three rows, edits one, deletes one and reorders, and the
// public search follows at once; an invalid date in one row is refused with that
// row's message and nothing changes; an officer's post is 403; a table made before
// someone else's save is refused with the rows that changed; only a volume has one.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
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
using monjo::test::HttpReply;
using monjo::test::Server;

const Server& server() {
  static Server s;
  return s;
}

const char* const kColumns[] = {"seq", "title", "date", "pages_from", "pages_to", "description", "note"};

// The table on a page as its form would send it: the form's own fields, then one
// map per row (a row starts at its hidden "item" field).
struct Table {
  std::string csrf;
  std::string base;
  std::vector<std::map<std::string, std::string>> rows;
};

Table table_of(const std::string& html) {
  Table t;
  std::vector<std::string> deleted;
  for (const auto& [k, v] : monjo::test::form_fields(html)) {
    if (k == "csrf") t.csrf = v;
    if (k == "base") t.base = v;
    if (k == "item") t.rows.emplace_back();
    if (k == "delete") deleted.push_back(v);
    if (!t.rows.empty() && k != "csrf" && k != "base" && k != "delete") t.rows.back()[k] = v;
  }
  for (auto& row : t.rows) {
    for (const auto& id : deleted) {
      if (row["item"] == id) row["delete"] = id;
    }
  }
  return t;
}

Fields fields_of(const Table& t) {
  Fields f = {{"csrf", t.csrf}, {"base", t.base}};
  for (const auto& row : t.rows) {
    auto at = [&](const char* k) {
      auto it = row.find(k);
      return it == row.end() ? std::string() : it->second;
    };
    f.emplace_back("item", at("item"));
    f.emplace_back("item_base", at("item_base"));
    for (const char* c : kColumns) f.emplace_back(c, at(c));
    if (!at("delete").empty()) f.emplace_back("delete", at("delete"));
  }
  return f;
}

std::map<std::string, std::string> new_row(const std::string& seq, const std::string& title, const std::string& date) {
  return {{"item", ""}, {"item_base", ""}, {"seq", seq}, {"title", title}, {"date", date}};
}

std::vector<std::string> item_ids(const Table& t) {
  std::vector<std::string> out;
  for (const auto& row : t.rows) {
    if (!row.at("item").empty()) out.push_back(row.at("item"));
  }
  return out;
}

long public_total(const std::string& q) {
  const HttpReply r = server().get("/api/search?" + monjo::test::form_encode({{"q", q}}));
  REQUIRE(r.status == 200);
  return nlohmann::json::parse(r.body).at("total").get<long>();
}

}  // namespace

TEST_CASE("an archivist's table adds three rows, edits, deletes and reorders, and the portal follows at once",
          "[item-table-http]") {
  const auto arc = server().staff("arc1");
  // The volume's staff page links to its table.
  const HttpReply record = server().get("/staff/records/fx-v1", arc.cookie);
  REQUIRE(record.status == 200);
  CHECK(record.body.find("href=\"/staff/records/fx-v1/items\"") != std::string::npos);

  const HttpReply page = server().get("/staff/records/fx-v1/items", arc.cookie);
  REQUIRE(page.status == 200);
  CHECK(page.body.find("<table class=\"item-table\"") != std::string::npos);
  CHECK(page.body.find("列の順序") != std::string::npos);
  Table t = table_of(page.body);
  REQUIRE(item_ids(t) == std::vector<std::string>{"fx-v1-001", "fx-v1-002", "fx-v1-003"});
  REQUIRE(t.rows.size() == 6);  // three items, three spare rows
  CHECK(public_total("公開語丁") == 1);

  Table next = t;
  next.rows.clear();
  next.rows.push_back(t.rows[2]);  // fx-v1-003 first
  auto edited = t.rows[1];
  edited["title"] = "國民學校移轉ニ關スル件";
  next.rows.push_back(edited);
  next.rows.push_back(new_row("4", "細目追加一", "昭和30年"));
  next.rows.push_back(new_row("5", "細目追加二", "昭和31年4月"));
  next.rows.push_back(new_row("6", "細目追加三", "1957年"));
  auto removed = t.rows[0];
  removed["delete"] = "fx-v1-001";
  next.rows.push_back(removed);
  next.rows.push_back(t.rows[3]);  // a spare row left blank

  const HttpReply saved = server().post("/staff/records/fx-v1/items", fields_of(next), arc.cookie);
  REQUIRE(saved.status == 303);
  const std::string location = saved.header("location");
  CHECK(location == "/staff/records/fx-v1/items?saved=5&added=3&changed=2&deleted=1");
  const HttpReply after = server().get(location, arc.cookie);
  CHECK(after.body.find("5行を保存しました（追加 3、修正 2、削除 1）") != std::string::npos);
  CHECK(item_ids(table_of(after.body)) ==
        std::vector<std::string>{"fx-v1-003", "fx-v1-002", "fx-v1-004", "fx-v1-005", "fx-v1-006"});

  // The public search finds the new titles and the edited one at once, not the deleted item.
  CHECK(public_total("細目追加一") == 1);
  CHECK(public_total("細目追加二") == 1);
  CHECK(public_total("細目追加三") == 1);
  CHECK(public_total("国民学校移転") == 1);
  CHECK(public_total("公開語丁") == 0);
  CHECK(server().get("/records/fx-v1-001").status == 404);
  const HttpReply added = server().get("/records/fx-v1-005");
  CHECK(added.status == 200);
  CHECK(added.body.find("細目追加二") != std::string::npos);
  CHECK(added.body.find("1956") != std::string::npos);
  // The audit trail has the save, with what it did.
  const auto sup = server().staff("sup1");
  const HttpReply audit = server().get("/staff/audit?action=record.item_table", sup.cookie);
  CHECK(audit.body.find("added 3, changed 2, deleted 1") != std::string::npos);
}

TEST_CASE("an invalid date in row 2 is refused with that row's message and the table changes nothing",
          "[item-table-http]") {
  const auto arc = server().staff("arc1");
  Table t = table_of(server().get("/staff/records/fx-v2/items", arc.cookie).body);
  REQUIRE(item_ids(t).size() == 3);
  const std::string title_before = t.rows[0]["title"];
  t.rows[0]["title"] = "変わってはならない題名";
  t.rows[1]["date"] = "昭和99年";
  t.rows[3] = new_row("4", "加わってはならない件", "平成2年");
  const HttpReply r = server().post("/staff/records/fx-v2/items", fields_of(t), arc.cookie);
  CHECK(r.status == 422);
  // The importer's words for that text, in row 2's date cell.
  const HttpReply date =
      server().get("/staff/api/date?" + monjo::test::form_encode({{"text", "昭和99年"}}), arc.cookie);
  const std::string said = nlohmann::json::parse(date.body).at("text");
  const std::string prefix = "読み取れません：";
  REQUIRE(said.rfind(prefix, 0) == 0);
  const std::string body = monjo::test::unescape(r.body);
  std::smatch m;
  REQUIRE(std::regex_search(body, m, std::regex(R"re(<p class="field-error" id="e-2-date">([^<]*)</p>)re")));
  CHECK(m[1] == said.substr(prefix.size()));
  CHECK(body.find("aria-describedby=\"e-2-date\"") != std::string::npos);
  CHECK(body.find("どの行も保存していません") != std::string::npos);
  // Every other row's date is shown as read, in 和暦 with 西暦 beside it.
  CHECK(body.find("読み取り：平成2年1月1日 (1990-01-01)") != std::string::npos);
  // What was typed is kept; nothing was saved.
  CHECK(body.find("変わってはならない題名") != std::string::npos);
  CHECK(public_total("変わってはならない題名") == 0);
  CHECK(public_total("加わってはならない件") == 0);
  const Table now = table_of(server().get("/staff/records/fx-v2/items", arc.cookie).body);
  CHECK(now.rows[0].at("title") == title_before);
  CHECK(item_ids(now).size() == 3);
}

TEST_CASE("a table made before someone else's save is refused with the rows that changed", "[item-table-http]") {
  const auto one = server().staff("arc1");
  const auto two = server().staff("arc1");
  Table first = table_of(server().get("/staff/records/fx-v3/items", one.cookie).body);
  Table second = table_of(server().get("/staff/records/fx-v3/items", two.cookie).body);
  first.rows[1]["note"] = "第一の修正";
  REQUIRE(server().post("/staff/records/fx-v3/items", fields_of(first), one.cookie).status == 303);
  second.rows[3]["title"] = "第二の修正";
  const HttpReply refused = server().post("/staff/records/fx-v3/items", fields_of(second), two.cookie);
  CHECK(refused.status == 409);
  CHECK(refused.body.find("2行目（fx-v3-002）が変更されました") != std::string::npos);
  CHECK(refused.body.find("第一の修正") != std::string::npos);  // what changed since
  CHECK(refused.body.find("第二の修正") != std::string::npos);  // what was typed is kept
  CHECK(table_of(server().get("/staff/records/fx-v3/items", one.cookie).body).rows[3].at("title") != "第二の修正");
  // Saving the refused table again is a deliberate overwrite over the state it showed.
  const Table again = table_of(refused.body);
  CHECK(server().post("/staff/records/fx-v3/items", fields_of(again), two.cookie).status == 303);
  CHECK(table_of(server().get("/staff/records/fx-v3/items", one.cookie).body).rows[3].at("title") == "第二の修正");
}

TEST_CASE("an officer cannot open or post a table, and only a volume has one", "[item-table-http][security]") {
  const auto off = server().staff("off1");
  const auto arc = server().staff("arc1");
  CHECK(server().get("/staff/records/fx-v4/items", off.cookie).status == 403);
  Table t = table_of(server().get("/staff/records/fx-v4/items", arc.cookie).body);
  t.csrf = off.csrf;
  t.rows[2] = new_row("3", "職員が加えた件", "");
  CHECK(server().post("/staff/records/fx-v4/items", fields_of(t), off.cookie).status == 403);
  // A forged form without the session's token changes nothing either.
  t.csrf = "0000";
  CHECK(server().post("/staff/records/fx-v4/items", fields_of(t), arc.cookie).status == 403);
  CHECK(item_ids(table_of(server().get("/staff/records/fx-v4/items", arc.cookie).body)).size() == 2);
  // The officer's record page has no link to it; an item, a series or an unknown id has no table.
  CHECK(server().get("/staff/records/fx-v4", off.cookie).body.find("/items\"") == std::string::npos);
  CHECK(server().get("/staff/records/fx-v4-001", arc.cookie).body.find("/items\"") == std::string::npos);
  CHECK(server().get("/staff/records/fx-v4-001/items", arc.cookie).status == 404);
  CHECK(server().get("/staff/records/fx-heiji/items", arc.cookie).status == 404);
  CHECK(server().get("/staff/records/no-such/items", arc.cookie).status == 404);
  CHECK(server().get("/staff/records/fx-v4/items").status == 303);  // signed out: the login page
}
