// The site's one routing table (docs/requests.md, Routes): method, path
// pattern, handler, required role. The role column says who may use a route: the
// public, any signed-in staff member, or staff whose role holds a permission of
// archive/staff/roles.h's one permission table. The router enforces it before any
// handler runs: no session → 303 to /staff/login?next=…, a role without the
// permission → 403, a staff POST without the session's CSRF token → 403.
// Errors thrown by handlers are mapped to status codes here and nowhere else:
// NotFound → 404 page, InputError → 400 page (BadRequest → 400 with its own message), Forbidden → 403, Conflict → 409,
// Unavailable → 503, anything else → 500 page with no internal detail.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "archive/staff/roles.h"
#include "web/http/request_context.h"
#include "web/http/response.h"

namespace monjo::web {

// Who may use a route.
struct Role {
  // LocalOrStaff: a client on this machine's loopback (after --trust-proxy's reading
  // of X-Forwarded-For), or else any signed-in staff member.
  enum class Kind { Public, Staff, Permission, LocalOrStaff };
  Kind kind = Kind::Public;
  archive::Permission permission = archive::Permission::ViewQueue;  // for Kind::Permission

  static constexpr Role Public() { return {Kind::Public, archive::Permission::ViewQueue}; }
  static constexpr Role Staff() { return {Kind::Staff, archive::Permission::ViewQueue}; }
  static constexpr Role With(archive::Permission p) { return {Kind::Permission, p}; }
  static constexpr Role LocalOrStaff() { return {Kind::LocalOrStaff, archive::Permission::ViewQueue}; }
  bool is_public() const { return kind == Kind::Public; }
  bool allows(archive::Role role) const;
};

using Handler = std::unique_ptr<Response> (*)(const RequestContext&);

struct Route {
  const char* method;   // "GET" (HEAD is served by GET routes) or "POST"
  const char* pattern;  // "/records/{id}": a {name} segment matches [A-Za-z0-9._-]{1,64}
  Handler handler;
  Role role;
};

// The staff session cookie (HttpOnly, SameSite=Strict, Secure over TLS).
constexpr const char* kSessionCookie = "monjo_session";
// The CSRF form field of every staff form.
constexpr const char* kCsrfField = "csrf";

const std::vector<Route>& routes();

// Whether a read replica (`monjo serve --replica`, docs/scaling.md) serves the route
// itself; the others are the writer's.
bool served_on_replica(const Route& route);

// Finds the route, runs it and maps exceptions. Never throws. `error_log` receives
// the detail of unexpected errors (for stderr), never the client.
std::unique_ptr<Response> dispatch(RequestContext& ctx, std::string* error_log);

// Builds the 400/404/… page in the site layout (falls back to plain text if even
// that fails).
std::unique_ptr<Response> error_response(const RequestContext& ctx, int status, const std::string& detail_key = {});

}  // namespace monjo::web
