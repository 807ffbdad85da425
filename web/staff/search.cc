// The staff search (docs/staff.md, "Searching everything"): the portal's query
// language and page parts (web/portal/search_params.h, search_pages.h) over the
// STAFF index, with the staff-only filters of index_schema::kFilters (restriction
// grounds, location, preservation, review date). Every hit that is not open is
// marked as carrying withheld text and links to the full staff view. Each page view
// leaves "search.staff" in the audit trail, as `monjo search --staff` does.
#include <algorithm>

#include "archive/search/facet_labels.h"
#include "archive/search/index_schema.h"
#include "archive/search/search.h"
#include "archive/staff/audit.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/search_pages.h"
#include "web/portal/search_params.h"
#include "web/portal/views.h"
#include "web/staff/handlers.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

namespace schema = archive::index_schema;

constexpr int kStaffPageSize = 20;

std::shared_ptr<const archive::SearchResult> run_staff_search(const RequestContext& ctx,
                                                              const archive::SearchRequest& request) {
  if (!ctx.services().staff_searcher) throw Unavailable("the staff index is not available");
  try {
    return ctx.services().staff_searcher->search_shared(request);
  } catch (const archive::InputError& e) {
    throw BadRequest(e.what(), "error_query_syntax");
  }
}

mustache::data hits_data(const RequestContext& ctx, const SearchPage& p) {
  mustache::data hits{mustache::data::type::list};
  for (const auto& h : p.result.hits) {
    mustache::data d;
    d.set("id", h.id);
    d.set("url", link(ctx, "/staff/records/" + h.id));
    d.set("public_url", link(ctx, "/records/" + h.id));
    d.set("title", h.title);
    d.set("level_label", level_label(ctx, h.level));
    set_field(d, "date", date_display(ctx, h.date_text, h.date));
    set_field(d, "call_number", h.call_number);
    d.set("access", access_class(h.access));
    d.set("access_label", access_label(ctx, h.access));
    d.set("withheld", h.access != archive::AccessStatus::Open);
    // Pre-escaped by the Searcher (original text with <mark>): the one triple-mustache.
    set_field(d, "snippet_html", h.snippet_html);
    mustache::data path{mustache::data::type::list};
    for (const auto& [pid, ptitle] : h.path) {
      mustache::data pd;
      pd.set("url", link(ctx, "/staff/records/" + pid));
      pd.set("title", ptitle);
      path.push_back(pd);
    }
    d.set("path", path);
    d.set("has_path", !h.path.empty());
    hits.push_back(d);
  }
  return hits;
}

mustache::data facet_item(const RequestContext& ctx, const SearchPage& p, const schema::FilterDef& def,
                          const archive::FacetValue& v, bool counted) {
  const std::pair<std::string, std::string> kv{def.param, v.value};
  const bool selected = std::find(p.form.filters.begin(), p.form.filters.end(), kv) != p.form.filters.end();
  mustache::data d;
  d.set("label", archive::facet_value_label(def, v, ctx.messages()));
  if (counted) d.set("count", format_count(v.count));
  d.set("counted", counted);
  d.set("selected", selected);
  d.set("url", selected ? p.url({}, kv) : p.url({kv}));
  return d;
}

// Every row of the table, in its order: a facet with its counts, or (grounds,
// preservation, review date: several values a record, or a range) the values to
// choose from. Series are chosen from the record pages, as on the portal.
mustache::data facets_data(const RequestContext& ctx, const SearchPage& p) {
  mustache::data facets{mustache::data::type::list};
  for (const auto& def : schema::kFilters) {
    mustache::data items{mustache::data::type::list};
    if (def.slot != schema::kNoSlot) {
      auto it = p.result.facets.find(def.name);
      if (it == p.result.facets.end()) continue;
      for (const auto& v : it->second) items.push_back(facet_item(ctx, p, def, v, true));
    } else {
      for (const auto& value : schema::filter_choices(def))
        items.push_back(facet_item(ctx, p, def, archive::FacetValue{value, "", 0}, false));
    }
    if (items.is_empty_list()) continue;
    mustache::data f;
    f.set("name", def.name);
    f.set("heading", archive::filter_heading(def, ctx.messages()));
    f.set("staff_only", !schema::on_public_side(def));
    f.set("items", items);
    facets.push_back(f);
  }
  return facets;
}

mustache::data staff_search_data(const RequestContext& ctx, const SearchPage& p) {
  mustache::data page;
  page.set("q", p.form.q);
  page.set("from", p.form.from);
  page.set("to", p.form.to);
  for (const char* s : {"relevance", "date", "date_desc"}) page.set(std::string("sort_") + s, p.form.sort == s);
  const mustache::data notices = notices_data(ctx, p);
  page.set("notices", notices);
  page.set("has_notices", !notices.is_empty_list());
  page.set("active_filters", active_filters_data(ctx, p));
  page.set("has_filters", !p.form.filters.empty());
  page.set("count_text", count_text(ctx, p.result));
  page.set("has_results", !p.result.hits.empty());
  page.set("no_results", p.result.total == 0);
  page.set("past_end", p.result.total > 0 && p.result.hits.empty());
  page.set("hits", hits_data(ctx, p));
  const mustache::data facets = facets_data(ctx, p);
  page.set("facets", facets);
  page.set("has_facets", !facets.is_empty_list());
  set_pagination(page, p);
  set_no_results_help(page, p);
  return page;
}

}  // namespace

std::unique_ptr<Response> handle_staff_search(const RequestContext& ctx) {
  ParsedSearch parsed = parse_search(ctx, kStaffPageSize, archive::IndexSide::Staff);
  parsed.request.today = archive::japan_day(archive::now_seconds());
  // The search reveals withheld text: one entry per request, before the answer.
  const archive::Actor me = actor_of(ctx);
  staff_services(ctx).audit->append(me.id, archive::role_name(me.role), "search.staff", parsed.request.query,
                                    "/staff/search?" + ctx.raw_query());
  const auto shared = run_staff_search(ctx, parsed.request);
  const SearchPage p{parsed.form, *shared, explicit_lang(ctx), "/staff/search"};
  PageHead head;
  head.title =
      p.form.q.empty() ? ctx.t("staff_search_title") : ctx.messages().format("staff_search_title_q", {{"q", p.form.q}});
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_search", staff_search_data(ctx, p), head));
}

}  // namespace monjo::web
