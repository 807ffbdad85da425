#include "web/routes.h"

#include <map>

#include "archive/errors.h"
#include "web/handlers.h"
#include "web/templates.h"
#include "web/text.h"

namespace monjo::web {

const std::vector<Route>& routes() {
  static const std::vector<Route> kRoutes = {
      {"GET", "/", handle_home, Role::Public},
      {"GET", "/search", handle_search, Role::Public},
      {"GET", "/records/{id}", handle_record, Role::Public},
      {"GET", "/fonds/{id}", handle_browse, Role::Public},
      {"GET", "/series/{id}", handle_browse, Role::Public},
      {"GET", "/requests/new", handle_request_new, Role::Public},
      {"GET", "/api/search", handle_api_search, Role::Public},
      {"GET", "/api/records/{id}", handle_api_record, Role::Public},
      {"GET", "/healthz", handle_healthz, Role::Public},
      {"GET", "/robots.txt", handle_robots, Role::Public},
      {"GET", "/sitemap.xml", handle_sitemap_index, Role::Public},
      {"GET", "/sitemaps/{part}", handle_sitemap_part, Role::Public},
      {"GET", "/static/{file}", handle_static, Role::Public},
  };
  return kRoutes;
}

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t pos = 1;
  while (pos <= path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    parts.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

// Matches a raw path against a pattern; each {param} segment is percent-decoded
// first and must then be a valid id, so "..%2f" or "%2e%2e/x" can never leave it.
bool match(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params) {
  if (pattern == "/") return path == "/";
  const auto pp = split_path(pattern);
  const auto sp = split_path(path);
  if (pp.size() != sp.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pp.size(); ++i) {
    const auto& p = pp[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      std::string value;
      try {
        value = url_decode(sp[i], false);
      } catch (const archive::InputError&) {
        return false;
      }
      if (!valid_record_id(value)) return false;
      found[p.substr(1, p.size() - 2)] = value;
    } else if (p != sp[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

std::unique_ptr<Response> error_response(const RequestContext& ctx, int status, const std::string& detail_key) {
  try {
    return render_error_page(ctx, status, detail_key);
  } catch (...) {
    return Response::text("error " + std::to_string(status) + "\n", "text/plain; charset=utf-8", status);
  }
}

std::unique_ptr<Response> dispatch(RequestContext& ctx, std::string* error_log) {
  const std::string method = ctx.method() == "HEAD" ? "GET" : ctx.method();
  bool path_known = false;
  try {
    for (const auto& route : routes()) {
      std::map<std::string, std::string> params;
      if (!match(route.pattern, ctx.path(), params)) continue;
      path_known = true;
      if (method != route.method) continue;
      if (route.role != Role::Public) return error_response(ctx, 403, "error_forbidden");
      ctx.set_path_params(std::move(params));
      return route.handler(ctx);
    }
    if (path_known) {
      auto r = error_response(ctx, 405, "error_method");
      r->header("Allow", "GET, HEAD");
      return r;
    }
    return error_response(ctx, 404, "error_not_found");
  } catch (const archive::NotFound&) {
    return error_response(ctx, 404, "error_not_found");
  } catch (const archive::InputError&) {
    return error_response(ctx, 400, "error_bad_request");
  } catch (const archive::Forbidden&) {
    return error_response(ctx, 403, "error_forbidden");
  } catch (const Unavailable& e) {
    if (error_log) *error_log = e.what();
    return error_response(ctx, 503, "error_unavailable");
  } catch (const std::exception& e) {
    if (error_log) *error_log = e.what();
    return error_response(ctx, 500, "error_internal");
  } catch (...) {
    if (error_log) *error_log = "unknown exception";
    return error_response(ctx, 500, "error_internal");
  }
}

}  // namespace monjo::web
