// Staff sign-in (docs/staff.md) over archive/staff/users.h. The login form carries a
// pre-session token that must equal a cookie set with the form (double submit: a
// cross-site page can post the form but cannot read or set the cookie). A session
// starts only after a good password and always with a new token; a token the
// browser already held is ended (rotation), so a planted cookie never becomes
// authenticated. The session cookie is HttpOnly and SameSite=Strict, and Secure
// when the request came over TLS (monjo serve --secure-cookies, or --trust-proxy
// with X-Forwarded-Proto: https). Wrong passwords are throttled by the store.
#include <ctime>

#include "archive/base/crypto.h"
#include "archive/staff/users.h"
#include "web/routes.h"
#include "web/staff/handlers.h"
#include "web/staff/views.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"

namespace monjo::web {

namespace {

constexpr const char* kLoginCookie = "monjo_login";
constexpr const char* kLoginField = "login_token";

// Only a path on our own staff side: never "//evil.example" or a backslash trick.
std::string safe_next(const std::string& next) {
  if (next.rfind("/staff", 0) != 0 || next.find("//") != std::string::npos || next.find('\\') != std::string::npos ||
      next.size() > 1000 || !valid_utf8(next)) {
    return "/staff/";
  }
  for (const char c : next) {
    if (static_cast<unsigned char>(c) < 0x20) return "/staff/";
  }
  return next;
}

std::unique_ptr<Response> login_page(const RequestContext& ctx, const std::string& next, const std::string& name,
                                     const std::string& error, int status) {
  const std::string token = archive::random_token_hex(32);
  mustache::data page;
  page.set("next", next);
  page.set("login_token", token);
  page.set("name", name);
  set_field(page, "error", error);
  PageHead head;
  head.title = ctx.t("login_title");
  head.noindex = true;
  auto r = Response::html(render_page(ctx, "staff_login", page, head), status);
  r->header("Set-Cookie", cookie_header(kLoginCookie, token, "/staff/login", "Strict", ctx.secure(), 3600));
  return r;
}

std::string clock_text(archive::TimePoint t) {
  // Shown in Japan time, which is what staff read on their clocks.
  const std::time_t secs = std::chrono::system_clock::to_time_t(t) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M", &tm);
  return buf;
}

// Where to go after signing in: `next`, in the language the login page was in.
std::string onward(const RequestContext& ctx, const std::string& next) {
  const bool has_lang = next.find("?lang=") != std::string::npos || next.find("&lang=") != std::string::npos;
  return has_lang ? next : link(ctx, next);
}

std::unique_ptr<Response> clear_session(const RequestContext& ctx) {
  auto r = Response::redirect(link(ctx, "/staff/login"), 303);
  r->header("Set-Cookie", cookie_header(kSessionCookie, "", "/", "Strict", ctx.secure(), 0));
  return r;
}

}  // namespace

std::unique_ptr<Response> handle_staff_login_form(const RequestContext& ctx) {
  const std::string next = safe_next(ctx.get_param("next", "/staff/"));
  const std::string token = ctx.cookie(kSessionCookie);
  if (!token.empty() && staff_services(ctx).users->session_for(token))
    return Response::redirect(onward(ctx, next), 303);
  return login_page(ctx, next, "", "", 200);
}

std::unique_ptr<Response> handle_staff_login(const RequestContext& ctx) {
  StaffServices& staff = staff_services(ctx);
  const std::string next = safe_next(ctx.get_form("next", "/staff/"));
  const std::string expected = ctx.cookie(kLoginCookie);
  if (expected.empty() || !archive::constant_time_equal(expected, ctx.get_form(kLoginField))) {
    return error_response(ctx, 403, "error_csrf");
  }
  const std::string name = ctx.get_form("name");
  const std::string password = ctx.get_form("password", "", true);
  const archive::AuthResult result = staff.users->authenticate(name, password, ctx.client_ip());
  if (result.outcome == archive::AuthOutcome::Throttled) {
    const std::string when = result.retry_after ? clock_text(*result.retry_after) : std::string("--:--");
    return login_page(ctx, next, name, ctx.messages().format("login_throttled", {{"time", when}}), 429);
  }
  if (!result.ok()) return login_page(ctx, next, name, ctx.t("login_failed"), 401);

  const archive::NewSession made = staff.users->create_session(result.user->name, ctx.client_ip(),
                                                               archive::now_seconds(), ctx.cookie(kSessionCookie));
  auto r = Response::redirect(onward(ctx, next), 303);
  r->header("Set-Cookie", cookie_header(kSessionCookie, made.token, "/", "Strict", ctx.secure()));
  r->header("Set-Cookie", cookie_header(kLoginCookie, "", "/staff/login", "Strict", ctx.secure(), 0));
  return r;
}

std::unique_ptr<Response> handle_staff_logout(const RequestContext& ctx) {
  staff_services(ctx).users->logout(ctx.cookie(kSessionCookie));
  return clear_session(ctx);
}

std::unique_ptr<Response> handle_staff_logout_everywhere(const RequestContext& ctx) {
  const archive::Actor me = actor_of(ctx);
  staff_services(ctx).users->logout_everywhere(me.id, me);
  return clear_session(ctx);
}

std::unique_ptr<Response> handle_staff_root(const RequestContext& ctx) {
  return Response::redirect(link(ctx, "/staff/"), 301);
}

}  // namespace monjo::web
