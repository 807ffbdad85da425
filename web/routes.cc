#include "web/routes.h"

#include <map>

#include "archive/base/errors.h"
#include "archive/search/search.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/metrics.h"
#include "web/portal/handlers.h"
#include "web/requests/handlers.h"
#include "web/staff/handlers.h"
#include "web/staff/services.h"

namespace monjo::web {

bool Role::allows(archive::Role role) const {
  switch (kind) {
    case Kind::Public:
      return true;
    case Kind::Staff:
    case Kind::LocalOrStaff:
      return archive::role_info(role).staff;
    case Kind::Permission:
      return archive::has_permission(role, permission);
  }
  return false;
}

const std::vector<Route>& routes() {
  using P = archive::Permission;
  static const std::vector<Route> kRoutes = {
      {"GET", "/", handle_home, Role::Public()},
      {"GET", "/search", handle_search, Role::Public()},
      {"GET", "/records/{id}", handle_record, Role::Public()},
      {"GET", "/fonds/{id}", handle_browse, Role::Public()},
      {"GET", "/series/{id}", handle_browse, Role::Public()},
      {"GET", "/requests/new", handle_request_new, Role::Public()},
      {"POST", "/requests/new", handle_request_submit, Role::Public()},
      // A fresh status link by mail; before "{receipt}", which would match "check".
      {"GET", "/requests/check", handle_request_check_form, Role::Public()},
      {"POST", "/requests/check", handle_request_check, Role::Public()},
      {"GET", "/requests/{receipt}", handle_request_status, Role::Public()},
      // The requester's own steps: the status token and a form token prove them.
      {"POST", "/requests/{receipt}/withdraw", handle_request_withdraw, Role::Public()},
      {"POST", "/requests/{receipt}/correction", handle_request_correction, Role::Public()},
      {"POST", "/requests/{receipt}/appeal", handle_request_appeal, Role::Public()},
      // The reading-room booking once viewing is granted (web/requests/next_step.cc).
      {"POST", "/requests/{receipt}/booking", handle_request_book, Role::Public()},
      {"POST", "/requests/{receipt}/booking/cancel", handle_request_cancel_booking, Role::Public()},
      {"GET", "/stats", handle_stats, Role::Public()},
      {"GET", "/api/search", handle_api_search, Role::Public()},
      {"GET", "/api/records/{id}", handle_api_record, Role::Public()},
      {"POST", "/api/requests", handle_api_request_submit, Role::Public()},
      {"GET", "/healthz", handle_healthz, Role::Public()},
      {"GET", "/metrics", handle_metrics, Role::LocalOrStaff()},
      {"GET", "/robots.txt", handle_robots, Role::Public()},
      {"GET", "/sitemap.xml", handle_sitemap_index, Role::Public()},
      {"GET", "/sitemaps/{part}", handle_sitemap_part, Role::Public()},
      {"GET", "/static/{file}", handle_static, Role::Public()},
      {"GET", "/favicon.ico", handle_favicon, Role::Public()},
      {"GET", "/guide", handle_guide, Role::Public()},
      {"GET", "/developers", handle_developers, Role::Public()},
      {"GET", "/oai", handle_oai, Role::Public()},
      {"POST", "/oai", handle_oai, Role::Public()},
      // Staff. The login form is public; everything after it needs a session.
      {"GET", "/staff/login", handle_staff_login_form, Role::Public()},
      {"POST", "/staff/login", handle_staff_login, Role::Public()},
      {"POST", "/staff/logout", handle_staff_logout, Role::Staff()},
      {"POST", "/staff/logout-everywhere", handle_staff_logout_everywhere, Role::Staff()},
      {"GET", "/staff", handle_staff_root, Role::Staff()},
      {"GET", "/staff/", handle_staff_dashboard, Role::Staff()},
      {"GET", "/staff/requests", handle_staff_queue, Role::With(P::ViewQueue)},
      {"GET", "/staff/requests/{receipt}", handle_staff_request, Role::With(P::ViewQueue)},
      {"POST", "/staff/requests/{receipt}/events", handle_staff_request_event, Role::With(P::ViewQueue)},
      {"POST", "/staff/requests/{receipt}/items/{position}", handle_staff_item_decision, Role::With(P::Decide)},
      {"POST", "/staff/requests/{receipt}/assign", handle_staff_assign, Role::With(P::Decide)},
      {"POST", "/staff/requests/{receipt}/extend", handle_staff_extend, Role::With(P::Decide)},
      {"POST", "/staff/requests/{receipt}/identity", handle_staff_identity_check, Role::With(P::Decide)},
      {"GET", "/staff/requests/{receipt}/notices/{kind}", handle_staff_notice, Role::With(P::ViewRequesterData)},
      // Creating and moving records (web/staff/record_create.cc); before "{id}", which
      // would match "new".
      {"GET", "/staff/records/new", handle_staff_record_new_form, Role::With(P::EditCatalog)},
      {"POST", "/staff/records/new", handle_staff_record_create, Role::With(P::EditCatalog)},
      {"POST", "/staff/records/{id}/move", handle_staff_record_move, Role::With(P::EditCatalog)},
      {"GET", "/staff/records/{id}", handle_staff_record, Role::With(P::ViewWithheld)},
      // The record editor (web/staff/record_edits.cc).
      {"GET", "/staff/records/{id}/edit", handle_staff_record_edit, Role::With(P::EditCatalog)},
      {"POST", "/staff/records/{id}", handle_staff_record_save, Role::With(P::EditCatalog)},
      {"GET", "/staff/records/{id}/history", handle_staff_record_history, Role::With(P::ViewWithheld)},
      {"POST", "/staff/records/{id}/restore", handle_staff_record_restore, Role::With(P::EditCatalog)},
      {"GET", "/staff/api/date", handle_staff_date_check, Role::Staff()},
      // A volume's 細目録 edited as one table (web/staff/item_table.cc).
      {"GET", "/staff/records/{id}/items", handle_staff_item_table, Role::With(P::EditCatalog)},
      {"POST", "/staff/records/{id}/items", handle_staff_item_table_save, Role::With(P::EditCatalog)},
      {"GET", "/staff/audit", handle_staff_audit, Role::With(P::ViewAudit)},
      {"GET", "/staff/users", handle_staff_users, Role::With(P::ManageUsers)},
      {"POST", "/staff/users", handle_staff_user_add, Role::With(P::ManageUsers)},
      {"POST", "/staff/users/{name}/disable", handle_staff_user_disable, Role::With(P::ManageUsers)},
      {"GET", "/staff/stats.csv", handle_staff_stats_csv, Role::With(P::ViewStatisticsDetail)},
      // The staff index, withheld text included (web/staff/search.cc).
      {"GET", "/staff/search", handle_staff_search, Role::With(P::ViewWithheld)},
      // The restriction review (web/staff/review_page.cc).
      {"GET", "/staff/review", handle_staff_review, Role::With(P::ReviewRestrictions)},
      {"POST", "/staff/review/open", handle_staff_review_open, Role::With(P::ReviewRestrictions)},
      {"POST", "/staff/review/keep", handle_staff_review_keep, Role::With(P::ReviewRestrictions)},
      {"POST", "/staff/review/change", handle_staff_review_change, Role::With(P::ReviewRestrictions)},
      {"POST", "/staff/review/decisions", handle_staff_review_decisions, Role::With(P::ReviewRestrictions)},
      // Import with a preview first, and export (web/staff/import_pages.cc). The export
      // also needs ViewWithheld for anything but a format's public view.
      {"GET", "/staff/import", handle_staff_import_form, Role::With(P::Import)},
      {"POST", "/staff/import", handle_staff_import_upload, Role::With(P::Import)},
      {"GET", "/staff/import/{token}", handle_staff_import_status, Role::With(P::Import)},
      {"POST", "/staff/import/{token}/preview", handle_staff_import_preview, Role::With(P::Import)},
      {"POST", "/staff/import/{token}/confirm", handle_staff_import_confirm, Role::With(P::Import)},
      {"GET", "/staff/export", handle_staff_export, Role::With(P::Import)},
      // The day's retrieval list of the reading room (web/staff/reading_room.cc).
      {"GET", "/staff/reading-room", handle_staff_reading_room, Role::With(P::RecordUse)},
      // The preservation planning list (web/staff/preservation_pages.cc).
      {"GET", "/staff/preservation", handle_staff_preservation, Role::With(P::ViewWithheld)},
      {"GET", "/staff/preservation.csv", handle_staff_preservation_csv, Role::With(P::ViewWithheld)},
      // Selection of retention-expiry lists and accession (web/staff/selection_pages.cc);
      // the reports before "{batch}", which would match "reports".
      {"GET", "/staff/selection", handle_staff_selection, Role::With(P::ViewSelection)},
      {"POST", "/staff/selection", handle_staff_selection_upload, Role::With(P::SelectRecords)},
      {"GET", "/staff/selection/reports", handle_staff_selection_reports, Role::With(P::ViewSelection)},
      {"GET", "/staff/selection/reports.csv", handle_staff_selection_reports_csv, Role::With(P::ViewSelection)},
      {"GET", "/staff/selection/{batch}", handle_staff_selection_batch, Role::With(P::ViewSelection)},
      {"POST", "/staff/selection/{batch}/mark", handle_staff_selection_mark, Role::With(P::SelectRecords)},
      {"POST", "/staff/selection/{batch}/correct", handle_staff_selection_correct, Role::With(P::SelectRecords)},
      {"POST", "/staff/selection/{batch}/approve", handle_staff_selection_approve, Role::With(P::ApproveSelection)},
      {"GET", "/staff/selection/{batch}/notices/{kind}", handle_staff_selection_notice, Role::With(P::ViewSelection)},
      {"GET", "/staff/selection/{batch}/accession", handle_staff_accession_form, Role::With(P::EditCatalog)},
      {"POST", "/staff/selection/{batch}/accession", handle_staff_accession_create, Role::With(P::EditCatalog)},
      {"GET", "/staff/accessions/{id}", handle_staff_accession, Role::With(P::ViewSelection)},
      {"POST", "/staff/accessions/{id}/events", handle_staff_accession_event, Role::With(P::EditCatalog)},
  };
  return kRoutes;
}

// The routes a read replica serves (docs/scaling.md), from its replicated public
// index alone; every other route is the writer's, which has the catalog and the
// staff stores: a replica sends it there (307) or, with no writer configured,
// answers 503. A new route is the writer's until it is listed here.
bool served_on_replica(const Route& route) {
  static const char* const kOnReplica[] = {
      "/",           "/search",     "/api/search",    "/records/{id}", "/api/records/{id}", "/healthz",
      "/metrics",    "/robots.txt", "/static/{file}", "/favicon.ico",  "/guide",            "/developers"};
  for (const char* p : kOnReplica)
    if (std::string(route.pattern) == p) return true;
  return false;
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

namespace {

// A writer's route asked of a read replica: 307 (the method and body are kept) to the
// same target on the writer, or 503 saying so when monjo.conf names no writer.
std::unique_ptr<Response> to_writer(const RequestContext& ctx) {
  const std::string& writer = ctx.services().writer_url;
  if (writer.empty()) return error_response(ctx, 503, "error_replica_no_writer");
  std::string target = ctx.path();
  if (!ctx.raw_query().empty()) target += "?" + ctx.raw_query();
  auto r = Response::redirect(writer + target, 307);
  r->header("Cache-Control", "no-store");
  return r;
}

// The staff session for the browser's cookie, if it is live.
std::optional<archive::Session> find_session(const RequestContext& ctx) {
  const std::string token = ctx.cookie(kSessionCookie);
  if (token.empty() || !ctx.services().staff) return std::nullopt;
  return ctx.services().staff->users->session_for(token);
}

// Applies the route's role column; returns a response when the request may not go on.
std::unique_ptr<Response> guard(RequestContext& ctx, const Route& route) {
  if (route.role.is_public()) return nullptr;
  if (route.role.kind == Role::Kind::LocalOrStaff && is_loopback_address(ctx.client_ip())) return nullptr;
  if (!ctx.services().staff) throw Unavailable("the staff services are not available");
  auto session = find_session(ctx);
  if (!session) {
    // A GET comes back after login; a POST without a session is not replayed.
    std::string next = ctx.path();
    if (!ctx.raw_query().empty()) next += "?" + ctx.raw_query();
    // The login page keeps an explicitly chosen language (?lang=en).
    const std::string lang = ctx.get_param("lang").empty() ? "" : std::string("&lang=") + lang_code(ctx.lang());
    if (ctx.method() != "POST") return Response::redirect("/staff/login?next=" + url_encode(next) + lang, 303);
    return Response::redirect("/staff/login" + (lang.empty() ? std::string() : "?" + lang.substr(1)), 303);
  }
  if (!route.role.allows(session->role)) return error_response(ctx, 403, "error_forbidden");
  if (ctx.method() == "POST" && !archive::UserStore::check_csrf(*session, ctx.get_form(kCsrfField))) {
    return error_response(ctx, 403, "error_csrf");
  }
  ctx.set_session(std::move(session));
  return nullptr;
}

std::unique_ptr<Response> route_request(RequestContext& ctx) {
  const std::string method = ctx.method() == "HEAD" ? "GET" : ctx.method();
  std::string allowed;
  for (const auto& route : routes()) {
    std::map<std::string, std::string> params;
    if (!match(route.pattern, ctx.path(), params)) continue;
    if (ctx.route().empty()) ctx.set_route(route.pattern);
    if (method != route.method) {
      if (allowed.find(route.method) == std::string::npos) {
        allowed += allowed.empty() ? "" : ", ";
        allowed += std::string(route.method) == "GET" ? "GET, HEAD" : route.method;
      }
      continue;
    }
    ctx.set_route(route.pattern);
    ctx.set_path_params(std::move(params));
    if (ctx.services().replica && !served_on_replica(route)) return to_writer(ctx);
    if (auto refused = guard(ctx, route)) return refused;
    return route.handler(ctx);
  }
  if (!allowed.empty()) {
    auto r = error_response(ctx, 405, "error_method");
    r->header("Allow", allowed);
    return r;
  }
  return error_response(ctx, 404, "error_not_found");
}

// Runs the route and maps exceptions to statuses, in this one place.
std::unique_ptr<Response> run_mapped(RequestContext& ctx, std::string* error_log) {
  try {
    return route_request(ctx);
  } catch (const archive::NotFound&) {
    return error_response(ctx, 404, "error_not_found");
  } catch (const BadRequest& e) {
    return error_response(ctx, 400, e.detail_key);
  } catch (const archive::InputError&) {
    return error_response(ctx, 400, "error_bad_request");
  } catch (const archive::Forbidden&) {
    return error_response(ctx, 403, "error_forbidden");
  } catch (const archive::Conflict&) {
    return error_response(ctx, 409, "error_conflict");
  } catch (const Unavailable& e) {
    if (error_log) *error_log = e.what();
    return error_response(ctx, 503, "error_unavailable");
  } catch (const archive::IndexDamaged& e) {
    if (error_log) *error_log = std::string(e.what()) + ": " + e.problem();
    return error_response(ctx, 503, "error_unavailable");
  } catch (const std::exception& e) {
    if (error_log) *error_log = e.what();
    return error_response(ctx, 500, "error_internal");
  } catch (...) {
    if (error_log) *error_log = "unknown exception";
    return error_response(ctx, 500, "error_internal");
  }
}

}  // namespace

std::unique_ptr<Response> dispatch(RequestContext& ctx, std::string* error_log) {
  auto r = run_mapped(ctx, error_log);
  // Staff pages (and the login form) hold data no cache may keep.
  if (ctx.path() == "/staff" || ctx.path().rfind("/staff/", 0) == 0) {
    bool has = false;
    for (const auto& h : r->headers) has = has || h.first == "Cache-Control";
    if (!has) r->header("Cache-Control", "no-store");
  }
  return r;
}

}  // namespace monjo::web
