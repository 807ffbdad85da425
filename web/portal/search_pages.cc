// The home page (search box, the collection at a glance, the decade timeline) and
// the results page. Both ask only the public Searcher: facet counts and snippets
// come from the public index, so nothing withheld can be counted or shown.
#include <algorithm>

#include "archive/base/errors.h"
#include "archive/dates/era.h"
#include "archive/search/facet_labels.h"
#include "archive/search/index_schema.h"
#include "archive/search/search.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/handlers.h"
#include "web/portal/result_memo.h"
#include "web/portal/search_pages.h"
#include "web/portal/search_params.h"
#include "web/portal/views.h"

namespace monjo::web {

namespace {

archive::Searcher& searcher(const RequestContext& ctx) {
  if (!ctx.services().searcher) throw Unavailable("the public index is not available");
  return *ctx.services().searcher;
}

// Decade bars of the timeline as numbers for the SVG template (no user text).
mustache::data timeline_data(const RequestContext& ctx, const std::vector<archive::FacetValue>& decades) {
  // The Searcher gives the decades in order (FacetOrder::ByNumber).
  const auto& decade = *archive::index_schema::find_filter("decade");
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
    b.set("label", archive::facet_value_label(decade, d, ctx.messages()));
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

// Rendered results pages of the results the result cache holds (web/portal/result_memo.h).
ResultMemo& page_memo() {
  static ResultMemo memo(32 << 20);
  return memo;
}

}  // namespace

// --- the results page, part by part (web/portal/search_pages.h) ----------------------

std::string format_count(long n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string SearchPage::url(const std::vector<std::pair<std::string, std::string>>& add,
                            const std::pair<std::string, std::string>& remove, int page) const {
  return base + "?" + search_query(form, lang, add, remove, page);
}

namespace {

// Why a date past its era's end is none, in the page's language: "昭和は64年までです".
std::string era_ended_text(const RequestContext& ctx, const archive::DateRejection& r) {
  const archive::Era& era = archive::kEras[static_cast<size_t>(r.era)];
  return ctx.messages().format("date_era_ended", {{"era", ctx.lang() == Lang::En ? era.roman : era.name},
                                                  {"last", std::to_string(era.last_year)}});
}

}  // namespace

mustache::data notices_data(const RequestContext& ctx, const SearchPage& p) {
  mustache::data notices{mustache::data::type::list};
  for (const auto& key : p.form.notice_keys) notices.push_back(mustache::data("text", ctx.t(key)));
  for (const auto& [rejected, key] : {std::pair{&p.form.from_rejected, "notice_from_era_ended"},
                                      std::pair{&p.form.to_rejected, "notice_to_era_ended"}}) {
    if (!*rejected) continue;
    notices.push_back(mustache::data("text", ctx.messages().format(key, {{"date", (*rejected)->expression},
                                                                         {"why", era_ended_text(ctx, **rejected)}})));
  }
  if (p.result.incomplete()) {
    // A federated portal names the archives; an index in parts, the parts by number.
    const auto* federation = ctx.services().federation;
    const bool federated = federation && !federation->empty();
    std::string which;
    for (int n : p.result.missing_parts) {
      const bool named = federated && n >= 1 && static_cast<size_t>(n) <= federation->size();
      which += (which.empty() ? "" : ctx.t("expansion_separator")) +
               (named ? (*federation)[static_cast<size_t>(n) - 1].name_in(ctx.lang() == Lang::En) : std::to_string(n));
    }
    notices.push_back(mustache::data(
        "text", federated
                    ? ctx.messages().format("notice_archives_missing", {{"archives", which}})
                    : ctx.messages().format("notice_parts_missing",
                                            {{"parts", std::to_string(p.result.part_count)}, {"missing", which}})));
  }
  if (p.result.query_date) {
    notices.push_back(mustache::data(
        "text", ctx.messages().format("notice_query_date", {{"date", p.result.query_date->expression}})));
  }
  if (const auto& r = p.result.query_date_rejected) {
    notices.push_back(mustache::data(
        "text", r->era >= 0 ? ctx.messages().format("notice_query_date_era_ended",
                                                    {{"date", r->expression}, {"why", era_ended_text(ctx, *r)}})
                            : ctx.messages().format("notice_query_date_rejected", {{"date", r->expression}})));
  }
  return notices;
}

// The filters in force, each with the link that removes it.
mustache::data active_filters_data(const RequestContext& ctx, const SearchPage& p) {
  mustache::data active{mustache::data::type::list};
  for (const auto& f : p.form.filters) {
    if (f.first == archive::kArchiveFilter) {
      const auto* a = ctx.services().archive_of(f.second);
      if (!a) continue;
      mustache::data d;
      d.set("param", f.first);
      d.set("value", f.second);
      d.set("label", a->name_in(ctx.lang() == Lang::En));
      d.set("kind", ctx.t("facet_archive"));
      d.set("remove_url", p.url({}, f));
      active.push_back(d);
      continue;
    }
    const auto* def = archive::index_schema::find_filter_param(f.first);
    if (!def) continue;
    mustache::data d;
    d.set("param", f.first);
    d.set("value", f.second);
    d.set("label", archive::filter_value_label(*def, f.second, std::string(), ctx.messages()));
    d.set("kind", archive::filter_heading(*def, ctx.messages()));
    d.set("remove_url", p.url({}, f));
    active.push_back(d);
  }
  return active;
}

namespace {

mustache::data hits_data(const RequestContext& ctx, const SearchPage& p) {
  mustache::data hits{mustache::data::type::list};
  for (const auto& h : p.result.hits) {
    mustache::data d;
    d.set("id", h.id);
    // A federated portal: another archive's record is read on its own portal.
    const archive::FederatedArchive* owner = h.archive.empty() ? nullptr : ctx.services().archive_of(h.archive);
    auto record_url = [&](const std::string& id) {
      return owner && !owner->portal.empty() ? owner->record_url(id) : link(ctx, "/records/" + id);
    };
    d.set("url", record_url(h.id));
    if (owner) d.set("archive_name", owner->name_in(ctx.lang() == Lang::En));
    d.set("title", h.title);
    d.set("level_label", level_label(ctx, h.level));
    set_field(d, "date", date_display(ctx, h.date_text, h.date));
    set_field(d, "call_number", h.call_number);
    d.set("access", access_class(h.access));
    d.set("access_label", access_label(ctx, h.access));
    // 公開 on a volume is not "every item is open": say so, as its page does.
    d.set("has_withheld_items", h.withheld_items > 0);
    if (h.withheld_items > 0) {
      d.set("withheld_items_text",
            ctx.messages().format("hit_some_items_withheld", {{"n", format_count(h.withheld_items)}}));
    }
    // Pre-escaped by the Searcher (original text with <mark>): the one triple-mustache.
    set_field(d, "snippet_html", h.snippet_html);
    mustache::data path{mustache::data::type::list};
    for (const auto& [pid, ptitle] : h.path) {
      mustache::data pd;
      pd.set("url", record_url(pid));
      pd.set("title", ptitle);
      path.push_back(pd);
    }
    d.set("path", path);
    d.set("has_path", !h.path.empty());
    hits.push_back(d);
  }
  return hits;
}

// The facets in table order (archive/search/index_schema.h), each value a link that
// adds or removes it.
mustache::data facets_data(const RequestContext& ctx, const SearchPage& p) {
  mustache::data facets{mustache::data::type::list};
  // A federated portal: the archives first (archive/search/federation.h).
  if (auto it = p.result.facets.find(archive::kArchiveFilter); it != p.result.facets.end() && !it->second.empty()) {
    mustache::data f;
    f.set("name", archive::kArchiveFilter);
    f.set("heading", ctx.t("facet_archive"));
    mustache::data items{mustache::data::type::list};
    for (const auto& v : it->second) {
      const auto* a = ctx.services().archive_of(v.value);
      const std::pair<std::string, std::string> kv{archive::kArchiveFilter, v.value};
      const bool selected = std::find(p.form.filters.begin(), p.form.filters.end(), kv) != p.form.filters.end();
      mustache::data d;
      d.set("label", a ? a->name_in(ctx.lang() == Lang::En) : v.value);
      d.set("count", format_count(v.count));
      d.set("selected", selected);
      d.set("url", selected ? p.url({}, kv) : p.url({kv}));
      items.push_back(d);
    }
    f.set("items", items);
    facets.push_back(f);
  }
  for (const auto* def : archive::index_schema::kFacets) {
    auto it = p.result.facets.find(def->name);
    if (it == p.result.facets.end() || it->second.empty()) continue;
    mustache::data f;
    f.set("name", def->name);
    f.set("heading", archive::filter_heading(*def, ctx.messages()));
    mustache::data items{mustache::data::type::list};
    for (const auto& v : it->second) {
      const std::pair<std::string, std::string> kv{def->param, v.value};
      const bool selected = std::find(p.form.filters.begin(), p.form.filters.end(), kv) != p.form.filters.end();
      mustache::data d;
      d.set("label", archive::facet_value_label(*def, v, ctx.messages()));
      d.set("count", p.result.facets_exact
                         ? format_count(v.count)
                         : ctx.messages().format("facet_count_about", {{"count", format_count(v.count)}}));
      d.set("selected", selected);
      d.set("url", selected ? p.url({}, kv) : p.url({kv}));
      items.push_back(d);
    }
    f.set("items", items);
    facets.push_back(f);
  }
  return facets;
}

}  // namespace

// "1–20 of 1,234" or, with no hits on the page, the total alone; an estimated total
// (past archive::kExactCountUpTo) is "about 1,234" (「約1,234件」).
std::string count_text(const RequestContext& ctx, const archive::SearchResult& result) {
  const char* about = result.total_exact ? "" : "_about";
  if (result.hits.empty())
    return ctx.messages().format(std::string("results_total") + about, {{"total", format_count(result.total)}});
  const long first = static_cast<long>(result.page - 1) * std::max(1, result.page_size) + 1;
  const long last = first + static_cast<long>(result.hits.size()) - 1;
  return ctx.messages().format(
      std::string("results_count") + about,
      {{"total", format_count(result.total)}, {"first", format_count(first)}, {"last", format_count(last)}});
}

// Previous, a window of pages, next.
void set_pagination(mustache::data& page, const SearchPage& p) {
  const archive::SearchResult& result = p.result;
  const long page_size = std::max(1, result.page_size);
  const long pages = std::min<long>(archive::kMaxPage, (result.total + page_size - 1) / page_size);
  if (pages <= 1) return;
  mustache::data nav{mustache::data::type::list};
  const long lo = std::max<long>(1, result.page - 3), hi = std::min<long>(pages, result.page + 3);
  for (long n = lo; n <= hi; ++n) {
    mustache::data d;
    d.set("number", std::to_string(n));
    d.set("url", p.url({}, {}, static_cast<int>(n)));
    d.set("current", n == result.page);
    nav.push_back(d);
  }
  page.set("pages", nav);
  page.set("has_pages", true);
  if (result.page > 1) page.set("prev_url", p.url({}, {}, result.page - 1));
  if (result.page < pages) page.set("next_url", p.url({}, {}, result.page + 1));
}

namespace {

// The words of one suggestion (messages suggest_<kind>), and its link.
mustache::data suggestion_data(const RequestContext& ctx, const SearchPage& p, const archive::Suggestion& s) {
  using Kind = archive::Suggestion::Kind;
  SearchForm form = p.form;
  form.q = s.query;
  std::string text;
  const std::string count = s.count_exact
                                ? format_count(s.count)
                                : ctx.messages().format("facet_count_about", {{"count", format_count(s.count)}});
  switch (s.kind) {
    case Kind::Reading:
      text = ctx.messages().format("suggest_reading", {{"query", s.query}, {"count", count}});
      break;
    case Kind::DropWord:
      text = ctx.messages().format("suggest_drop_word", {{"word", s.dropped}, {"query", s.query}, {"count", count}});
      break;
    case Kind::DropFilter: {
      const auto* def = archive::index_schema::find_filter(s.dropped);
      if (def) {
        form.filters.erase(std::remove_if(form.filters.begin(), form.filters.end(),
                                          [&](const auto& f) { return f.first == def->param; }),
                           form.filters.end());
      }
      text = ctx.messages().format("suggest_drop_filter", {{"filter", ctx.t("facet_" + s.dropped)}, {"count", count}});
      break;
    }
    case Kind::DropDates:
      form.from.clear();
      form.to.clear();
      text = ctx.messages().format("suggest_drop_dates", {{"count", count}});
      break;
  }
  mustache::data d;
  d.set("text", text);
  d.set("url", p.base + "?" + search_query(form, p.lang));
  return d;
}

}  // namespace

void set_expansions(const RequestContext& ctx, mustache::data& page, const SearchPage& p) {
  if (p.result.expansions.empty() && p.result.romanized.empty()) return;
  mustache::data list{mustache::data::type::list};
  for (const auto& r : p.result.romanized) {
    mustache::data d;
    d.set("text", ctx.messages().format("expansion_romanized", {{"word", r.word}, {"kana", r.kana}}));
    list.push_back(d);
  }
  for (const auto& e : p.result.expansions) {
    std::string names;
    for (const auto& n : e.names) names += (names.empty() ? "" : ctx.t("expansion_separator")) + n;
    mustache::data d;
    d.set("text", ctx.messages().format("expansion_includes", {{"word", e.word}, {"names", names}}));
    list.push_back(d);
  }
  SearchForm only = p.form;
  only.expand = false;
  page.set("expansions", list);
  page.set("has_expansions", true);
  page.set("without_expansion_url", p.base + "?" + search_query(only, p.lang));
}

// Nothing matched: the spelling suggestion and the same words without filters.
void set_no_results_help(mustache::data& page, const SearchPage& p) {
  if (p.result.total != 0) return;
  if (!p.result.corrected_query.empty()) {
    SearchForm corrected = p.form;
    corrected.q = p.result.corrected_query;
    page.set("suggestion", p.result.corrected_query);
    page.set("suggestion_url", p.base + "?" + search_query(corrected, p.lang));
  }
  if (!p.form.filters.empty() || !p.form.from.empty() || !p.form.to.empty()) {
    SearchForm bare;
    bare.q = p.form.q;
    bare.sort = p.form.sort;
    page.set("without_filters_url", p.base + "?" + search_query(bare, p.lang));
  }
}

void set_suggestions(const RequestContext& ctx, mustache::data& page, const SearchPage& p) {
  if (p.result.total != 0 || p.result.suggestions.empty()) return;
  mustache::data list{mustache::data::type::list};
  for (const auto& s : p.result.suggestions) list.push_back(suggestion_data(ctx, p, s));
  page.set("suggestions", list);
}

namespace {

mustache::data search_page_data(const RequestContext& ctx, const SearchPage& p) {
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
  // A total from some parts only is marked as such (the notice above says which).
  page.set("count_text", count_text(ctx, p.result) + (p.result.incomplete() ? ctx.t("results_incomplete") : ""));
  if (!p.result.total_exact) page.set("exact_url", p.url({{"exact", "1"}}));
  page.set("has_results", !p.result.hits.empty());
  page.set("no_results", p.result.total == 0);
  page.set("past_end", p.result.total > 0 && p.result.hits.empty());
  page.set("hits", hits_data(ctx, p));
  const mustache::data facets = facets_data(ctx, p);
  page.set("facets", facets);
  page.set("has_facets", !facets.is_empty_list());
  set_pagination(page, p);
  set_no_results_help(page, p);
  set_suggestions(ctx, page, p);
  set_expansions(ctx, page, p);
  return page;
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
        d.set("title", archive::facet_value_label(*archive::index_schema::find_filter("fonds"), f, ctx.messages()));
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
  const auto shared = run_search(ctx, parsed.request);
  const SearchPage p{parsed.form, *shared, explicit_lang(ctx)};
  // A page is made of the result, the language, the site's address and the request
  // target; a signed-in officer's page also carries their menu and CSRF token, so
  // only anonymous pages are kept.
  std::string variant;
  if (!ctx.session()) {
    variant = std::string(lang_code(ctx.lang())) + '\n' + ctx.base_url() + '\n' + ctx.path() + '?' + ctx.raw_query();
    if (auto body = page_memo().get(shared, variant)) return Response::html(*body);
  }
  PageHead head;
  head.title = p.form.q.empty() ? ctx.t("search_title") : ctx.messages().format("search_title_q", {{"q", p.form.q}});
  head.noindex = true;
  auto body = std::make_shared<const std::string>(render_page(ctx, "search", search_page_data(ctx, p), head));
  if (!variant.empty()) page_memo().put(shared, variant, body);
  return Response::html(*body);
}

}  // namespace monjo::web
