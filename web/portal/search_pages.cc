// The home page (search box, the collection at a glance, the decade timeline) and
// the results page. Both ask only the public Searcher: facet counts and snippets
// come from the public index, so nothing withheld can be counted or shown.
#include <algorithm>

#include "archive/base/errors.h"
#include "archive/search/search.h"
#include "web/portal/handlers.h"
#include "web/portal/result_memo.h"
#include "web/portal/search_params.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"

namespace monjo::web {

namespace {

archive::Searcher& searcher(const RequestContext& ctx) {
  if (!ctx.services().searcher) throw Unavailable("the public index is not available");
  return *ctx.services().searcher;
}

// Decade bars of the timeline as numbers for the SVG template (no user text).
mustache::data timeline_data(const RequestContext& ctx, std::vector<archive::FacetValue> decades) {
  std::sort(decades.begin(), decades.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
  long max_count = 1;
  for (const auto& d : decades) max_count = std::max(max_count, d.count);
  const int bar = 28, gap = 6, height = 120, label_h = 20, top = 16;
  mustache::data bars{mustache::data::type::list};
  int x = gap;
  for (const auto& d : decades) {
    const int h = std::max(2, static_cast<int>(d.count * height / max_count));
    mustache::data b;
    b.set("x", std::to_string(x));
    b.set("y", std::to_string(top + height - h));
    b.set("w", std::to_string(bar));
    b.set("h", std::to_string(h));
    b.set("tx", std::to_string(x + bar / 2));
    b.set("ty", std::to_string(top + height + 14));
    b.set("cy", std::to_string(top + height - h - 3));
    b.set("decade", d.value);
    b.set("label", d.label.empty() ? d.value : d.label);
    b.set("short", d.value.size() == 4 ? d.value.substr(2) : d.value);
    b.set("count", std::to_string(d.count));
    b.set("url", link(ctx, "/search?decade=" + url_encode(d.value)));
    bars.push_back(b);
    x += bar + gap;
  }
  mustache::data t;
  t.set("bars", bars);
  t.set("width", std::to_string(std::max(x, 100)));
  t.set("height", std::to_string(top + height + label_h + 4));
  t.set("has_bars", !decades.empty());
  return t;
}

std::string format_count(long n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string facet_label(const RequestContext& ctx, const std::string& facet, const archive::FacetValue& v) {
  if (facet == "level") {
    if (auto l = archive::level_from_name(v.value)) return level_label(ctx, *l);
  }
  if (facet == "access") {
    if (auto a = archive::access_from_name(v.value)) return access_label(ctx, *a);
  }
  if (facet == "decade" && ctx.lang() == Lang::En) return v.value + "s";
  return v.label.empty() ? v.value : v.label;
}

// Rendered results pages of the results the result cache holds (web/portal/result_memo.h).
ResultMemo& page_memo() {
  static ResultMemo memo(32 << 20);
  return memo;
}

}  // namespace

std::unique_ptr<Response> handle_home(const RequestContext& ctx) {
  mustache::data page;
  bool have_index = ctx.services().searcher != nullptr;
  if (have_index) {
    archive::SearchRequest req;
    req.page_size = 1;
    req.snippets = false;
    const auto result = searcher(ctx).search(req);
    page.set("total", format_count(result.total));
    mustache::data fonds{mustache::data::type::list};
    if (auto it = result.facets.find("fonds"); it != result.facets.end()) {
      for (const auto& f : it->second) {
        mustache::data d;
        d.set("title", f.label.empty() ? f.value : f.label);
        d.set("count", format_count(f.count));
        d.set("url", link(ctx, "/fonds/" + f.value));
        d.set("search_url", link(ctx, "/search?fonds=" + url_encode(f.value)));
        fonds.push_back(d);
      }
    }
    page.set("fonds", fonds);
    auto it = result.facets.find("decade");
    page.set("timeline",
             timeline_data(ctx, it == result.facets.end() ? std::vector<archive::FacetValue>{} : it->second));
  }
  page.set("have_index", have_index);
  PageHead head;
  head.meta.emplace_back("description", ctx.t("home_description"));
  head.canonical = ctx.base_url() + "/";
  return Response::html(render_page(ctx, "home", page, head));
}

std::unique_ptr<Response> handle_search(const RequestContext& ctx) {
  const ParsedSearch parsed = parse_search(ctx, 20);
  const SearchForm& form = parsed.form;
  const auto shared = run_search(ctx, parsed.request);
  const archive::SearchResult& result = *shared;
  const std::string lang = explicit_lang(ctx);
  // A page is made of the result, the language, the site's address and the request
  // target; a signed-in officer's page also carries their menu and CSRF token, so
  // only anonymous pages are kept.
  std::string variant;
  if (!ctx.session()) {
    variant = std::string(lang_code(ctx.lang())) + '\n' + ctx.base_url() + '\n' + ctx.path() + '?' + ctx.raw_query();
    if (auto body = page_memo().get(shared, variant)) return Response::html(*body);
  }

  mustache::data page;
  page.set("q", form.q);
  page.set("from", form.from);
  page.set("to", form.to);
  for (const char* s : {"relevance", "date", "date_desc"}) {
    page.set(std::string("sort_") + s, form.sort == s);
  }

  mustache::data notices{mustache::data::type::list};
  for (const auto& key : form.notice_keys) notices.push_back(mustache::data("text", ctx.t(key)));
  if (result.query_date) {
    notices.push_back(
        mustache::data("text", ctx.messages().format("notice_query_date", {{"date", result.query_date->expression}})));
  }
  page.set("notices", notices);
  page.set("has_notices", !notices.is_empty_list());

  mustache::data active{mustache::data::type::list};
  for (const auto& f : form.filters) {
    mustache::data d;
    std::string label = f.second;
    if (f.first == "level") {
      if (auto l = archive::level_from_name(f.second)) label = level_label(ctx, *l);
    } else if (f.first == "access") {
      if (auto a = archive::access_from_name(f.second)) label = access_label(ctx, *a);
    }
    d.set("param", f.first);
    d.set("value", f.second);
    d.set("label", label);
    d.set("kind", ctx.t("filter_" + f.first));
    d.set("remove_url", "/search?" + search_query(form, lang, {}, f));
    active.push_back(d);
  }
  page.set("active_filters", active);
  page.set("has_filters", !form.filters.empty());

  const long total = result.total;
  const int page_size = std::max(1, result.page_size);
  if (result.hits.empty()) {
    // No range to show: nothing matched, or the page is past the last one.
    page.set("count_text", ctx.messages().format("results_total", {{"total", format_count(total)}}));
  } else {
    const long first = static_cast<long>(result.page - 1) * page_size + 1;
    const long last = first + static_cast<long>(result.hits.size()) - 1;
    page.set("count_text", ctx.messages().format("results_count", {{"total", format_count(total)},
                                                                   {"first", format_count(first)},
                                                                   {"last", format_count(last)}}));
  }
  page.set("has_results", !result.hits.empty());
  page.set("no_results", total == 0);
  page.set("past_end", total > 0 && result.hits.empty());

  mustache::data hits{mustache::data::type::list};
  for (const auto& h : result.hits) {
    mustache::data d;
    d.set("id", h.id);
    d.set("url", link(ctx, "/records/" + h.id));
    d.set("title", h.title);
    d.set("level_label", level_label(ctx, h.level));
    set_field(d, "date", date_display(h.date_text, h.date));
    set_field(d, "call_number", h.call_number);
    d.set("access", access_class(h.access));
    d.set("access_label", access_label(ctx, h.access));
    // Pre-escaped by the Searcher (original text with <mark>): the one triple-mustache.
    set_field(d, "snippet_html", h.snippet_html);
    mustache::data path{mustache::data::type::list};
    for (const auto& [pid, ptitle] : h.path) {
      mustache::data p;
      p.set("url", link(ctx, "/records/" + pid));
      p.set("title", ptitle);
      path.push_back(p);
    }
    d.set("path", path);
    d.set("has_path", !h.path.empty());
    hits.push_back(d);
  }
  page.set("hits", hits);

  mustache::data facets{mustache::data::type::list};
  for (const auto& fp : facet_params()) {
    auto it = result.facets.find(fp.facet);
    if (it == result.facets.end() || it->second.empty()) continue;
    std::vector<archive::FacetValue> values = it->second;
    if (std::string(fp.facet) == "decade") {
      std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
    }
    mustache::data f;
    f.set("name", fp.facet);
    f.set("heading", ctx.t(fp.label_key));
    mustache::data items{mustache::data::type::list};
    for (const auto& v : values) {
      const std::pair<std::string, std::string> kv{fp.param, v.value};
      const bool selected = std::find(form.filters.begin(), form.filters.end(), kv) != form.filters.end();
      mustache::data d;
      d.set("label", facet_label(ctx, fp.facet, v));
      d.set("count", format_count(v.count));
      d.set("selected", selected);
      d.set("url", "/search?" + (selected ? search_query(form, lang, {}, kv) : search_query(form, lang, {kv})));
      items.push_back(d);
    }
    f.set("items", items);
    facets.push_back(f);
  }
  page.set("facets", facets);
  page.set("has_facets", !facets.is_empty_list());

  // Pagination: previous, a window of pages, next.
  const long pages = std::min<long>(kMaxPage, (total + page_size - 1) / page_size);
  if (pages > 1) {
    mustache::data nav{mustache::data::type::list};
    const long lo = std::max<long>(1, result.page - 3), hi = std::min<long>(pages, result.page + 3);
    for (long p = lo; p <= hi; ++p) {
      mustache::data d;
      d.set("number", std::to_string(p));
      d.set("url", "/search?" + search_query(form, lang, {}, {}, static_cast<int>(p)));
      d.set("current", p == result.page);
      nav.push_back(d);
    }
    page.set("pages", nav);
    page.set("has_pages", true);
    if (result.page > 1) page.set("prev_url", "/search?" + search_query(form, lang, {}, {}, result.page - 1));
    if (result.page < pages) page.set("next_url", "/search?" + search_query(form, lang, {}, {}, result.page + 1));
  }

  if (total == 0) {
    if (!result.corrected_query.empty()) {
      SearchForm corrected = form;
      corrected.q = result.corrected_query;
      page.set("suggestion", result.corrected_query);
      page.set("suggestion_url", "/search?" + search_query(corrected, lang));
    }
    if (!form.filters.empty() || !form.from.empty() || !form.to.empty()) {
      SearchForm bare;
      bare.q = form.q;
      bare.sort = form.sort;
      page.set("without_filters_url", "/search?" + search_query(bare, lang));
    }
  }

  PageHead head;
  head.title = form.q.empty() ? ctx.t("search_title") : ctx.messages().format("search_title_q", {{"q", form.q}});
  head.noindex = true;
  auto body = std::make_shared<const std::string>(render_page(ctx, "search", page, head));
  if (!variant.empty()) page_memo().put(shared, variant, body);
  return Response::html(*body);
}

}  // namespace monjo::web
