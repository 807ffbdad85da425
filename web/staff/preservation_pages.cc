// The preservation planning list (docs/staff.md, "Planning preservation"): the
// volumes for planning the year's くん蒸 and other preservation work, never fumigated
// first, then the oldest last fumigation (Catalog::preservation_plan), with filters by
// fonds, condition and "not fumigated since", the count by condition, paging, and the
// same list as CSV for Excel. Condition and location are staff-only fields: each view
// and each download leaves "preservation.view" in the audit trail.
#include <sstream>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_rules.h"
#include "archive/dates/japanese_date.h"
#include "archive/staff/audit.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/staff/handlers.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

constexpr int kPlanPageSize = 100;
// The condition select's value for "no condition recorded".
constexpr const char* kNoCondition = "-";

struct PlanForm {
  std::string fonds;
  std::string condition;  // as in the select: "" any, kNoCondition, or the text
  int since = 0;
  int page = 1;
};

PlanForm read_form(const RequestContext& ctx) {
  PlanForm f;
  f.fonds = ctx.get_param("fonds");
  f.condition = ctx.get_param("condition");
  const std::string since = ctx.get_param("since");
  if (!since.empty()) f.since = ctx.get_int_param("since", 0, 1000, 9999);
  f.page = ctx.get_int_param("page", 1, 1, 1000000);
  return f;
}

archive::PreservationQuery query_of(const PlanForm& f) {
  archive::PreservationQuery q;
  q.root_id = f.fonds;
  if (f.condition == kNoCondition)
    q.condition = "";
  else if (!f.condition.empty())
    q.condition = f.condition;
  q.not_fumigated_since = f.since;
  return q;
}

// The filters as query parameters (the language too), for the paging and CSV links.
std::vector<std::pair<std::string, std::string>> form_params(const RequestContext& ctx, const PlanForm& f) {
  std::vector<std::pair<std::string, std::string>> p;
  if (!f.fonds.empty()) p.emplace_back("fonds", f.fonds);
  if (!f.condition.empty()) p.emplace_back("condition", f.condition);
  if (f.since) p.emplace_back("since", std::to_string(f.since));
  if (!explicit_lang(ctx).empty()) p.emplace_back("lang", explicit_lang(ctx));
  return p;
}

std::string url_with(const std::string& path, std::vector<std::pair<std::string, std::string>> params, int page = 1) {
  if (page > 1) params.emplace_back("page", std::to_string(page));
  const std::string qs = query_string(params);
  return qs.empty() ? path : path + "?" + qs;
}

std::string kind_label(const RequestContext& ctx, const std::string& code) {
  return archive::is_preservation_kind(code) ? ctx.t(archive::preservation_message_key(code)) : code;
}

std::string condition_label(const RequestContext& ctx, const std::string& condition) {
  return condition.empty() ? ctx.t("preservation_plan_no_condition") : condition;
}

void audit_view(const RequestContext& ctx, const std::string& what) {
  const archive::Actor me = actor_of(ctx);
  staff_services(ctx).audit->append(me.id, archive::role_name(me.role), "preservation.view",
                                    ctx.get_param("fonds").empty() ? "all" : ctx.get_param("fonds"),
                                    what + (ctx.raw_query().empty() ? "" : "?" + ctx.raw_query()));
}

}  // namespace

std::unique_ptr<Response> handle_staff_preservation(const RequestContext& ctx) {
  const PlanForm f = read_form(ctx);
  archive::PreservationQuery q = query_of(f);
  q.limit = kPlanPageSize;
  q.offset = (f.page - 1) * kPlanPageSize;
  audit_view(ctx, "/staff/preservation");
  archive::Catalog& catalog = catalog_of(ctx);
  const archive::PreservationPlan plan = catalog.preservation_plan(q);

  mustache::data page;
  mustache::data fonds{mustache::data::type::list};
  for (const auto& id : catalog.fonds_ids()) {
    const auto r = catalog.get(id);
    mustache::data d;
    d.set("value", id);
    d.set("label", r ? r->title : id);
    d.set("selected", id == f.fonds);
    fonds.push_back(d);
  }
  page.set("fonds", fonds);
  mustache::data conditions{mustache::data::type::list};
  mustache::data summary{mustache::data::type::list};
  for (const auto& [condition, n] : plan.by_condition) {
    const std::string value = condition.empty() ? kNoCondition : condition;
    mustache::data d;
    d.set("value", value);
    d.set("label", condition_label(ctx, condition));
    d.set("count", std::to_string(n));
    d.set("selected", value == f.condition);
    conditions.push_back(d);
    summary.push_back(d);
  }
  page.set("conditions", conditions);
  page.set("summary", summary);
  page.set("has_summary", !plan.by_condition.empty());
  page.set("since", f.since ? std::to_string(f.since) : std::string());

  mustache::data rows{mustache::data::type::list};
  for (const auto& row : plan.rows) {
    mustache::data d;
    d.set("id", row.id);
    d.set("url", link(ctx, "/staff/records/" + row.id));
    d.set("title", row.title);
    set_field(d, "call_number", row.call_number);
    d.set("fonds", row.root_id);
    set_field(d, "condition", row.condition);
    set_field(d, "location", row.location);
    set_field(d, "last_fumigation", event_day(ctx, row.last_fumigation));
    std::string kinds;
    for (const auto& k : row.event_kinds) kinds += (kinds.empty() ? "" : "、") + kind_label(ctx, k);
    set_field(d, "kinds", kinds);
    rows.push_back(d);
  }
  page.set("rows", rows);
  page.set("has_rows", !plan.rows.empty());
  page.set("count_text", ctx.messages().format("preservation_plan_count",
                                               {{"n", std::to_string(plan.total)},
                                                {"from", std::to_string(plan.rows.empty() ? 0 : q.offset + 1)},
                                                {"to", std::to_string(q.offset + plan.rows.size())}}));
  const auto params = form_params(ctx, f);
  page.set("has_prev", f.page > 1);
  page.set("prev_url", url_with("/staff/preservation", params, f.page - 1));
  page.set("has_next", q.offset + static_cast<long>(plan.rows.size()) < plan.total);
  page.set("next_url", url_with("/staff/preservation", params, f.page + 1));
  page.set("has_paging", f.page > 1 || plan.total > kPlanPageSize);
  page.set("page_text", ctx.messages().format("page_n", {{"n", std::to_string(f.page)}}));
  page.set("csv_url", url_with("/staff/preservation.csv", params));
  page.set("reset_url", link(ctx, "/staff/preservation"));
  PageHead head;
  head.title = ctx.t("preservation_plan_title");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_preservation", page, head));
}

std::unique_ptr<Response> handle_staff_preservation_csv(const RequestContext& ctx) {
  const PlanForm f = read_form(ctx);
  archive::PreservationQuery q = query_of(f);
  q.limit = -1;  // the whole list
  audit_view(ctx, "/staff/preservation.csv");
  const archive::PreservationPlan plan = catalog_of(ctx).preservation_plan(q);
  std::ostringstream out;
  out << "\xEF\xBB\xBF";  // UTF-8 BOM: Excel reads the file as UTF-8
  bool first = true;
  for (const char* key :
       {"record_id", "call_number", "preservation_plan_col_title", "preservation_plan_col_fonds",
        "preservation_plan_col_condition", "preservation_plan_col_location", "preservation_plan_col_last",
        "preservation_plan_col_last_written", "preservation_plan_col_kinds"}) {
    out << (first ? "" : ",") << csv_cell(ctx.t(key));
    first = false;
  }
  out << "\r\n";
  for (const auto& row : plan.rows) {
    std::string kinds;
    for (const auto& k : row.event_kinds) kinds += (kinds.empty() ? "" : "、") + kind_label(ctx, k);
    out << csv_cell(row.id) << ',' << csv_cell(row.call_number) << ',' << csv_cell(row.title) << ','
        << csv_cell(row.root_id) << ',' << csv_cell(row.condition) << ',' << csv_cell(row.location) << ','
        << csv_cell(event_day(ctx, row.last_fumigation)) << ',' << csv_cell(row.last_fumigation) << ','
        << csv_cell(kinds) << "\r\n";
  }
  auto r = Response::text(out.str(), "text/csv; charset=utf-8");
  r->header("Content-Disposition", "attachment; filename=\"monjo-preservation.csv\"");
  return r;
}

}  // namespace monjo::web
