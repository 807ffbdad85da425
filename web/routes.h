// The portal's one routing table (STYLE: "One table for each fact"): method, path
// pattern, handler, required role. Staff routes (another issue) join the same table
// with their role. Errors thrown by handlers are mapped to status codes here and
// nowhere else: NotFound → 404 page, InputError → 400 page, Forbidden → 403,
// Unavailable → 503, anything else → 500 page with no internal detail.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "web/request_context.h"
#include "web/response.h"

namespace monjo::web {

enum class Role { Public, Archivist, Officer, Supervisor, Admin };

using Handler = std::unique_ptr<Response> (*)(const RequestContext&);

struct Route {
  const char* method;   // "GET" (HEAD is served by GET routes)
  const char* pattern;  // "/records/{id}": a {name} segment matches [A-Za-z0-9._-]{1,64}
  Handler handler;
  Role role;
};

const std::vector<Route>& routes();

// Finds the route, runs it and maps exceptions. Never throws. `error_log` receives
// the detail of unexpected errors (for stderr), never the client.
std::unique_ptr<Response> dispatch(RequestContext& ctx, std::string* error_log);

// Builds the 400/404/… page in the site layout (falls back to plain text if even
// that fails).
std::unique_ptr<Response> error_response(const RequestContext& ctx, int status,
                                         const std::string& detail_key = {});

}  // namespace monjo::web
