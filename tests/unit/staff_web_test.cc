// The staff side of the web layer in process: the routing table's role
// column against the permission table, the router's refusal when the staff stores
// are missing, form bodies, cookies and the intake rate limiter. The HTTP behaviour
// (sessions, CSRF, redirects) is tested against the real server in
// tests/integration/staff_http_test.cc.
#include <catch2/catch.hpp>

#include <chrono>

#include "archive/base/errors.h"
#include "archive/staff/roles.h"
#include "web/http/request_context.h"
#include "web/routes.h"
#include "web/staff/services.h"

using namespace monjo;
using monjo::web::RequestContext;
using monjo::web::Services;

TEST_CASE("the role column admits the public, any staff account, or the roles holding a permission", "[web][staff]") {
  using archive::Permission;
  using archive::Role;
  struct Row {
    web::Role column;
    Role role;
    bool allowed;
  };
  const Row rows[] = {
      {web::Role::Public(), Role::Citizen, true},
      {web::Role::Staff(), Role::Citizen, false},
      {web::Role::Staff(), Role::Archivist, true},
      {web::Role::Staff(), Role::Admin, true},
      {web::Role::With(Permission::ViewQueue), Role::Officer, true},
      {web::Role::With(Permission::ViewQueue), Role::Supervisor, true},
      {web::Role::With(Permission::ViewQueue), Role::Archivist, false},
      {web::Role::With(Permission::ViewQueue), Role::Admin, false},
      {web::Role::With(Permission::ViewAudit), Role::Officer, false},
      {web::Role::With(Permission::ManageUsers), Role::Admin, true},
      {web::Role::With(Permission::ManageUsers), Role::Supervisor, false},
  };
  for (const auto& row : rows) {
    INFO(archive::role_name(row.role));
    CHECK(row.column.allows(row.role) == row.allowed);
  }
  // The table and the permission table agree for every staff route and role.
  for (const auto& route : web::routes()) {
    if (route.role.kind != web::Role::Kind::Permission) continue;
    for (const auto& r : archive::roles()) {
      CHECK(route.role.allows(r.role) == archive::has_permission(r.role, route.role.permission));
    }
  }
}

TEST_CASE("without the staff stores a staff page answers 503, and every staff response is never cached",
          "[web][staff]") {
  struct Row {
    const char* target;
    int status;
  };
  // The login form needs no store until a session cookie comes with it.
  const Row rows[] = {{"/staff/requests", 503}, {"/staff/", 503}, {"/staff/login", 200}, {"/stats", 503}};
  for (const auto& row : rows) {
    INFO(row.target);
    RequestContext ctx("GET", row.target, {}, Services{});
    std::string log;
    const auto r = web::dispatch(ctx, &log);
    CHECK(r->status == row.status);
    bool no_store = false;
    for (const auto& [k, v] : r->headers) no_store = no_store || (k == "Cache-Control" && v == "no-store");
    CHECK(no_store == (std::string(row.target).rfind("/staff", 0) == 0));
  }
}

TEST_CASE("a path with GET and POST routes lists both when asked with another method", "[web][staff]") {
  RequestContext ctx("PUT", "/requests/new", {}, Services{});
  std::string log;
  const auto r = web::dispatch(ctx, &log);
  CHECK(r->status == 405);
  std::string allow;
  for (const auto& [k, v] : r->headers) {
    if (k == "Allow") allow = v;
  }
  CHECK(allow == "GET, HEAD, POST");
}

TEST_CASE("form bodies are decoded as UTF-8 fields; other bodies are kept raw", "[web][staff]") {
  RequestContext ctx("POST", "/staff/login", {}, Services{});
  ctx.set_body("application/x-www-form-urlencoded; charset=UTF-8",
               "name=+off1+&password=+secret+&record=a&record=&record=b&q=%E8%AD%B0");
  CHECK(ctx.get_form("name") == "off1");
  CHECK(ctx.get_form("password", "", true) == " secret ");  // passwords are not trimmed
  CHECK(ctx.get_form_all("record") == std::vector<std::string>{"a", "b"});
  CHECK(ctx.get_form("q") == "議");
  CHECK(ctx.get_form("missing", "dflt") == "dflt");
  CHECK(ctx.has_form("record"));

  CHECK_THROWS_AS(ctx.set_body("application/x-www-form-urlencoded", "a=%ZZ"), archive::InputError);
  CHECK_THROWS_AS(ctx.set_body("application/x-www-form-urlencoded", "a=%FF%FE"), archive::InputError);
  ctx.set_body("application/json", "{\"name\":\"x\"}");
  CHECK(ctx.body() == "{\"name\":\"x\"}");
  CHECK_FALSE(ctx.has_form("name"));
}

TEST_CASE("a cookie is found by its exact name", "[web][staff]") {
  RequestContext ctx("GET", "/", {{"cookie", "monjo_session_x=1; monjo_session=abc;theme=dark ; empty="}}, Services{});
  CHECK(ctx.cookie("monjo_session") == "abc");
  CHECK(ctx.cookie("theme") == "dark");
  CHECK(ctx.cookie("empty").empty());
  CHECK(ctx.cookie("monjo").empty());
  RequestContext none("GET", "/", {}, Services{});
  CHECK(none.cookie("monjo_session").empty());
}

TEST_CASE("the intake rate limiter allows a number of events per key within its window", "[web][staff]") {
  web::RateLimiter limiter(2, std::chrono::seconds(3600));
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(10);
  CHECK(limiter.allow("192.0.2.1", t0));
  CHECK(limiter.allow("192.0.2.1", t0 + std::chrono::minutes(1)));
  CHECK_FALSE(limiter.allow("192.0.2.1", t0 + std::chrono::minutes(2)));
  CHECK(limiter.allow("192.0.2.2", t0 + std::chrono::minutes(2)));  // another address
  // The first event leaves the window after an hour; then one more is allowed.
  CHECK(limiter.allow("192.0.2.1", t0 + std::chrono::minutes(61)));
  CHECK_FALSE(limiter.allow("192.0.2.1", t0 + std::chrono::minutes(61)));
}

TEST_CASE("line breaks in form fields arrive as LF whatever the browser sent", "[web][staff]") {
  RequestContext ctx("POST", "/staff/requests/R2026-000001", {}, Services{});
  ctx.set_body("application/x-www-form-urlencoded", "reason=%E4%B8%80%0D%0A%E4%BA%8C%0D%E4%B8%89%0A%E5%9B%9B");
  CHECK(ctx.get_form("reason") == "一\n二\n三\n四");
}
