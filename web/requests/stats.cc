// The public statistics of use requests (docs/requests.md): per fiscal year (年度), the
// figures an archive's annual report needs, as SVG bar charts with a table each as
// their accessible form. Counts only: RequestStore::statistics() holds no personal
// data, and neither does this page.
#include <algorithm>

#include "archive/catalog/access_policy.h"
#include "archive/requests/request_store.h"
#include "web/requests/chart.h"
#include "web/requests/handlers.h"
#include "web/staff/views.h"
#include "web/http/templates.h"
#include "web/portal/views.h"

namespace monjo::web {

std::unique_ptr<Response> handle_stats(const RequestContext& ctx) {
  const int current = archive::fiscal_year_of(archive::japan_day(archive::now_seconds()));
  const int fy = ctx.get_int_param("year", current, 1900, current);
  const archive::RequestStatistics s = staff_services(ctx).requests->statistics(fy);
  const bool en = ctx.lang() == Lang::En;

  mustache::data page;
  page.set("year", std::to_string(fy));
  page.set("year_label", en ? "FY " + std::to_string(fy) : std::to_string(fy) + "年度");
  page.set("prev_url", link(ctx, "/stats?year=" + std::to_string(fy - 1)));
  if (fy < current)
    set_field(page, "next_url", link(ctx, "/stats?year=" + std::to_string(fy + 1)));
  else
    set_field(page, "next_url", "");

  mustache::data charts{mustache::data::type::list};
  charts.push_back(bar_chart("requests", ctx.t("stats_requests"),
                         {{ctx.t("stats_received"), s.received},
                          {ctx.t("stats_decided"), s.decided},
                          {ctx.t("stats_rejected"), s.rejected},
                          {ctx.t("stats_withdrawn"), s.withdrawn},
                          {ctx.t("stats_items"), s.items_requested},
                          {ctx.t("stats_simple_viewings"), s.simple_viewings}}));
  std::vector<ChartBar> kinds;
  for (const archive::Decision k : archive::decisions()) {
    auto it = s.decisions_by_kind.find(archive::decision_name(k));
    kinds.push_back({decision_label(ctx, k), it == s.decisions_by_kind.end() ? 0 : it->second});
  }
  charts.push_back(bar_chart("kinds", ctx.t("stats_by_kind"), kinds));
  std::vector<ChartBar> grounds;
  for (const auto& g : archive::restriction_grounds()) {
    auto it = s.decisions_by_ground.find(g.code);
    grounds.push_back({ground_label(ctx, g.code), it == s.decisions_by_ground.end() ? 0 : it->second});
  }
  charts.push_back(bar_chart("grounds", ctx.t("stats_by_ground"), grounds));
  charts.push_back(bar_chart("timeliness", ctx.t("stats_timeliness"),
                         {{ctx.t("stats_within_limit"), s.within_limit},
                          {ctx.t("stats_extended"), s.extended},
                          {ctx.t("stats_special"), s.special},
                          {ctx.t("stats_late"), s.late}}));
  std::vector<ChartBar> appeals = {{ctx.t("stats_appeals"), s.appeals},
                              {ctx.t("stats_appeals_reconsidered"), s.appeals_granted_by_reconsideration},
                              {ctx.t("stats_appeals_withdrawn"), s.appeals_withdrawn}};
  for (const archive::Ruling r : archive::rulings()) {
    auto it = s.rulings.find(archive::ruling_name(r));
    appeals.push_back({ctx.t("stats_ruling") + ruling_label(ctx, r), it == s.rulings.end() ? 0 : it->second});
  }
  charts.push_back(bar_chart("appeals", ctx.t("stats_appeals_title"), appeals));
  // Requests about oneself (本人利用), counted apart from the rest.
  std::vector<ChartBar> self = {{ctx.t("stats_self_requests"), s.self_requests}};
  for (const auto& rel : archive::self_relations()) {
    auto it = s.self_requests_by_relation.find(rel.code);
    self.push_back({ctx.t("stats_self_by") + ctx.t(std::string("self_relation_") + rel.code),
                    it == s.self_requests_by_relation.end() ? 0 : it->second});
  }
  self.push_back({ctx.t("stats_self_grants"), s.self_grants});
  charts.push_back(bar_chart("self", ctx.t("stats_self_title"), self));
  page.set("charts", charts);

  char median[32];
  std::snprintf(median, sizeof median, "%.1f", s.days_to_decision.median);
  page.set("days_count", std::to_string(s.days_to_decision.count));
  page.set("days_median", median);
  page.set("days_p90", std::to_string(s.days_to_decision.p90));
  page.set("days_max", std::to_string(s.days_to_decision.max));
  page.set("third_party", std::to_string(s.third_party_consultations));
  page.set("copies", std::to_string(s.copies));
  page.set("copy_pages", std::to_string(s.copy_pages));
  page.set("lifted", std::to_string(s.restrictions_lifted));

  PageHead head;
  head.title = ctx.t("stats_title");
  return Response::html(render_page(ctx, "stats", page, head));
}

}  // namespace monjo::web
