// The rest of the staff side: a record's full view with its withheld fields
// (audited), the audit trail with the chain's verification (supervisors, admins),
// staff accounts (admins: list, add, disable), and the statistics as CSV.
#include <sstream>

#include "archive/base/errors.h"
#include "archive/staff/audit.h"
#include "archive/staff/users.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/staff/handlers.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

constexpr int kAuditPage = 100;

std::unique_ptr<Response> users_page(const RequestContext& ctx, const std::string& error, const std::string& done,
                                     int status) {
  mustache::data page;
  page.set("csrf", ctx.session()->csrf_token);
  set_field(page, "error", error);
  set_field(page, "done", done);
  mustache::data rows{mustache::data::type::list};
  for (const auto& u : staff_services(ctx).users->list()) {
    mustache::data d;
    d.set("name", u.name);
    d.set("role_label", role_label(ctx, u.role));
    d.set("active", u.active);
    d.set("created", time_text(ctx, u.created_at));
    d.set("is_me", u.name == ctx.session()->user);
    rows.push_back(d);
  }
  page.set("users", rows);
  mustache::data roles{mustache::data::type::list};
  for (const auto& r : archive::roles()) {
    if (!r.staff) continue;
    mustache::data d;
    d.set("code", r.code);
    d.set("label", role_label(ctx, r.role));
    roles.push_back(d);
  }
  page.set("roles", roles);
  page.set("min_password", std::to_string(archive::kMinPasswordBytes));
  PageHead head;
  head.title = ctx.t("staff_users");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_users", page, head), status);
}

}  // namespace

std::unique_ptr<Response> handle_staff_record(const RequestContext& ctx) {
  const auto full = load_full_record(ctx, ctx.path_param("id"));
  if (!full) throw archive::NotFound(ctx.path_param("id"));
  audit_record_view(ctx, *full, "record page");
  mustache::data page = full_record_data(ctx, *full);
  page.set("can_edit", archive::has_permission(ctx.session()->role, archive::Permission::EditCatalog));
  page.set("edit_url", link(ctx, "/staff/records/" + full->record.id + "/edit"));
  page.set("is_volume", full->record.level == archive::Level::Volume);
  page.set("items_url", link(ctx, "/staff/records/" + full->record.id + "/items"));
  page.set("history_url", link(ctx, "/staff/records/" + full->record.id + "/history"));
  // A fonds is what the import replaces and the export writes (web/staff/import_pages.cc).
  page.set("can_export", full->record.level == archive::Level::Fonds &&
                             archive::has_permission(ctx.session()->role, archive::Permission::Import));
  page.set("export_url", "/staff/export?" + query_string({{"fonds", full->record.id}, {"lang", explicit_lang(ctx)}}));
  page.set("import_url", link(ctx, "/staff/import"));
  add_create_move_links(ctx, full->record, page);
  add_selection_links(ctx, full->record.id, page);
  PageHead head;
  head.title = full->record.title;
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_record", page, head));
}

std::unique_ptr<Response> handle_staff_audit(const RequestContext& ctx) {
  archive::AuditTrail& audit = *staff_services(ctx).audit;
  archive::AuditFilter filter;
  filter.actor = ctx.get_param("actor");
  filter.action = ctx.get_param("action");
  filter.target = ctx.get_param("target");
  const int page_no = ctx.get_int_param("page", 1, 1, 100000);
  const long total = audit.count(filter);
  const archive::VerifyResult verify = audit.verify();

  mustache::data page;
  page.set("verify_ok", verify.ok);
  page.set("verify_entries", std::to_string(verify.entries));
  page.set("verify_head", verify.head_hash);
  page.set("verify_why", verify.why);
  page.set("verify_seq", verify.broken_seq ? std::to_string(*verify.broken_seq) : std::string());
  page.set("actor", filter.actor);
  page.set("action", filter.action);
  page.set("target", filter.target);
  page.set("total", std::to_string(total));
  mustache::data rows{mustache::data::type::list};
  for (const auto& e : audit.list(filter, kAuditPage, (page_no - 1) * kAuditPage)) {
    mustache::data d;
    d.set("seq", std::to_string(e.seq));
    d.set("at", time_text(ctx, e.at));
    d.set("at_iso", e.at);
    d.set("actor", e.actor);
    d.set("role", e.role);
    d.set("action", e.action);
    d.set("target", e.target);
    d.set("detail", e.detail);
    rows.push_back(d);
  }
  page.set("rows", rows);
  auto page_link = [&](int n) {
    return link(ctx, "/staff/audit?" + query_string({{"actor", filter.actor},
                                                     {"action", filter.action},
                                                     {"target", filter.target},
                                                     {"page", std::to_string(n)}}));
  };
  if (page_no > 1) set_field(page, "prev_url", page_link(page_no - 1));
  if (static_cast<long>(page_no) * kAuditPage < total) set_field(page, "next_url", page_link(page_no + 1));
  PageHead head;
  head.title = ctx.t("staff_audit");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_audit", page, head));
}

std::unique_ptr<Response> handle_staff_users(const RequestContext& ctx) {
  return users_page(ctx, "", "", 200);
}

std::unique_ptr<Response> handle_staff_user_add(const RequestContext& ctx) {
  const std::string name = ctx.get_form("name");
  const auto role = archive::staff_role_from_name(ctx.get_form("role"));
  const std::string password = ctx.get_form("password", "", true);
  if (!role) return users_page(ctx, ctx.t("users_bad_role"), "", 400);
  try {
    staff_services(ctx).users->create_user(name, *role, password, actor_of(ctx));
  } catch (const archive::InputError& e) {
    return users_page(ctx, e.what(), "", 400);
  } catch (const archive::Conflict& e) {
    return users_page(ctx, e.what(), "", 409);
  }
  return users_page(ctx, "", ctx.messages().format("users_added", {{"name", name}}), 201);
}

std::unique_ptr<Response> handle_staff_user_disable(const RequestContext& ctx) {
  const std::string& name = ctx.path_param("name");
  if (name == ctx.session()->user) return users_page(ctx, ctx.t("users_not_self"), "", 409);
  staff_services(ctx).users->deactivate(name, actor_of(ctx));
  return Response::redirect(link(ctx, "/staff/users"), 303);
}

std::unique_ptr<Response> handle_staff_stats_csv(const RequestContext& ctx) {
  const int fy =
      ctx.get_int_param("year", archive::fiscal_year_of(archive::japan_day(archive::now_seconds())), 1900, 2999);
  const archive::RequestStatistics s = staff_services(ctx).requests->statistics(fy);
  std::ostringstream out;
  out << "fiscal_year,metric,key,value\r\n";
  auto row = [&](const std::string& metric, const std::string& key, long value) {
    out << fy << ',' << csv_cell(metric) << ',' << csv_cell(key) << ',' << value << "\r\n";
  };
  row("received", "", s.received);
  row("decided", "", s.decided);
  row("rejected", "", s.rejected);
  row("withdrawn", "", s.withdrawn);
  row("items_requested", "", s.items_requested);
  row("simple_viewings", "", s.simple_viewings);
  for (const auto& [k, v] : s.decisions_by_kind) row("decisions_by_kind", k, v);
  for (const auto& [k, v] : s.decisions_by_ground) row("decisions_by_ground", k, v);
  row("days_to_decision", "count", s.days_to_decision.count);
  out << fy << ",days_to_decision,median," << s.days_to_decision.median << "\r\n";
  row("days_to_decision", "p90", s.days_to_decision.p90);
  row("days_to_decision", "max", s.days_to_decision.max);
  row("within_limit", "", s.within_limit);
  row("extended", "", s.extended);
  row("special", "", s.special);
  row("late", "", s.late);
  row("third_party_consultations", "", s.third_party_consultations);
  row("copies", "", s.copies);
  row("copy_pages", "", s.copy_pages);
  row("restrictions_lifted", "", s.restrictions_lifted);
  row("appeals", "", s.appeals);
  row("appeals_granted_by_reconsideration", "", s.appeals_granted_by_reconsideration);
  row("appeals_withdrawn", "", s.appeals_withdrawn);
  for (const auto& [k, v] : s.rulings) row("rulings", k, v);
  row("self_requests", "", s.self_requests);
  for (const auto& [k, v] : s.self_requests_by_relation) row("self_requests_by_relation", k, v);
  row("self_grants", "", s.self_grants);
  auto r = Response::text(out.str(), "text/csv; charset=utf-8");
  r->header("Content-Disposition", "attachment; filename=\"monjo-stats-" + std::to_string(fy) + ".csv\"");
  return r;
}

}  // namespace monjo::web
