// The JSON API (docs/portal.md): /api/search with the parameters of /search (plus
// facets=0 and snippets=0 to skip the work, and size up to 50), /api/records/{id}
// with the public view. Built from the public Searcher and public_records.h only.
#include <nlohmann/json.hpp>

#include <memory>

#include "archive/catalog/catalog.h"
#include "archive/search/search.h"
#include "archive/search/search_json.h"
#include "web/portal/handlers.h"
#include "web/portal/public_records.h"
#include "web/portal/result_memo.h"
#include "web/portal/search_params.h"

namespace monjo::web {

using archive::date_json;
using nlohmann::json;

namespace {

json record_json(const archive::PublicRecord& r) {
  json j = {{"id", r.id},
            {"level", archive::level_name(r.level)},
            {"title", r.title},
            {"date", date_json(r.date_text, r.date)},
            {"callNumber", r.call_number},
            {"department", r.department},
            {"extent", r.extent},
            {"access", archive::access_name(r.access)},
            {"grounds", r.grounds}};
  if (r.access == archive::AccessStatus::Open) {
    j["description"] = r.description;
    j["scope"] = r.scope;
    j["history"] = r.history;
    j["creator"] = r.creator;
    json names = json::array();
    for (const auto& n : r.names) names.push_back({{"type", n.type}, {"text", n.text}});
    j["names"] = names;
  }
  return j;
}

// The JSON of each result the result cache holds (web/portal/result_memo.h).
ResultMemo& api_json_memo() {
  static ResultMemo memo(32 << 20);
  return memo;
}

}  // namespace

std::unique_ptr<Response> handle_api_search(const RequestContext& ctx) {
  ParsedSearch parsed = parse_search(ctx, ctx.get_int_param("size", 20, 1, archive::kMaxPageSize));
  parsed.request.facets = ctx.get_bool_param("facets", true);
  parsed.request.snippets = ctx.get_bool_param("snippets", true);
  const auto shared = run_search(ctx, parsed.request);
  const archive::SearchResult& result = *shared;
  // Notices come from the form, not the result: only answers without any are kept.
  const bool memo = parsed.form.notice_keys.empty();
  // Facet labels are in the request's language.
  const std::string variant = lang_code(ctx.lang());
  if (memo) {
    if (auto body = api_json_memo().get(shared, variant)) {
      auto r = Response::json(*body);
      r->header("Access-Control-Allow-Origin", "*");
      return r;
    }
  }

  json out = archive::search_result_json(result, parsed.request.facets, parsed.request.snippets, ctx.messages());
  // A federated portal (archive/search/federation.h): each hit's archive and where its
  // record is read, and the archives' counts.
  if (ctx.services().federation && !ctx.services().federation->empty()) {
    const bool en = ctx.lang() == Lang::En;
    for (size_t i = 0; i < result.hits.size(); ++i) {
      const auto* a = ctx.services().archive_of(result.hits[i].archive);
      if (!a) continue;
      auto& hit = out["hits"][i];
      hit["archive"] = a->key;
      hit["archiveName"] = a->name_in(en);
      hit["recordUrl"] =
          a->portal.empty() ? ctx.base_url() + "/records/" + result.hits[i].id : a->record_url(result.hits[i].id);
    }
    if (auto it = result.facets.find(archive::kArchiveFilter); it != result.facets.end() && out.contains("facets")) {
      json list = json::array();
      for (const auto& v : it->second) {
        const auto* a = ctx.services().archive_of(v.value);
        list.push_back({{"value", v.value}, {"label", a ? a->name_in(en) : v.value}, {"count", v.count}});
      }
      out["facets"][archive::kArchiveFilter] = list;
    }
  }
  json notices = json::array();
  for (const auto& n : parsed.form.notice_keys) notices.push_back(n);
  if (!notices.empty()) out["notices"] = notices;
  auto body = std::make_shared<const std::string>(out.dump());
  if (memo) api_json_memo().put(shared, variant, body);
  auto r = Response::json(*body);
  r->header("Access-Control-Allow-Origin", "*");
  return r;
}

std::unique_ptr<Response> handle_api_record(const RequestContext& ctx) {
  // A read replica answers from the public index's views (docs/scaling.md).
  if (ctx.services().replica && !ctx.services().searcher) throw Unavailable("the public index is not available");
  if (!ctx.services().replica && !ctx.services().catalog) throw Unavailable("the catalog is not available");
  const RecordPage rp = ctx.services().replica ? load_record_page(*ctx.services().searcher, ctx.path_param("id"))
                                               : load_record_page(*ctx.services().catalog, ctx.path_param("id"));
  json j = record_json(rp.record);
  json path = json::array();
  for (const auto& a : rp.ancestors)
    path.push_back({{"id", a.id}, {"title", a.title}, {"level", archive::level_name(a.level)}});
  j["path"] = path;
  json children = json::array();
  for (const auto& c : rp.children) {
    children.push_back({{"id", c.id},
                        {"level", archive::level_name(c.level)},
                        {"title", c.title},
                        {"date", date_json(c.date_text, c.date)},
                        {"access", archive::access_name(c.access)}});
  }
  j["children"] = children;
  j["previous"] = rp.previous ? json(rp.previous->id) : json(nullptr);
  j["next"] = rp.next ? json(rp.next->id) : json(nullptr);
  auto r = Response::json(j.dump());
  r->header("Access-Control-Allow-Origin", "*");
  return r;
}

}  // namespace monjo::web
