// The portal's own guides: /guide (what the archive holds, how to search, browse and
// ask to use a record, for citizens) and /developers (the machine-readable routes with
// one example each), and the favicon at the address browsers ask for.
#include "archive/catalog/catalog.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/handlers.h"
#include "web/portal/views.h"
#include "web/sitemap.h"

namespace monjo::web {

std::unique_ptr<Response> handle_guide(const RequestContext& ctx) {
  PageHead head;
  head.title = ctx.t("guide_heading");
  head.meta.emplace_back("description", ctx.t("guide_lead"));
  head.canonical = ctx.base_url() + "/guide";
  return Response::html(render_page(ctx, "guide", mustache::data{}, head));
}

std::unique_ptr<Response> handle_developers(const RequestContext& ctx) {
  // The record example names a record that exists: the first one of the sitemap.
  std::string record_id;
  if (ctx.services().catalog && ctx.services().sitemap) {
    const auto refs = ctx.services().sitemap->refs(*ctx.services().catalog);
    if (!refs->empty()) record_id = refs->front().id;
  }
  struct Endpoint {
    const char* slug;
    const char* path;
    const char* what_key;
    std::string example;
  };
  const std::vector<Endpoint> endpoints = {
      {"search", "/api/search", "developers_api_search", "/api/search?q=" + url_encode(ctx.t("developers_example_query"))},
      {"record", "/api/records/{id}", "developers_api_record", record_id.empty() ? "" : "/api/records/" + record_id},
      {"oai", "/oai", "developers_oai", "/oai?verb=Identify"},
      {"sitemap", "/sitemap.xml", "developers_sitemap", "/sitemap.xml"},
  };
  mustache::data list{mustache::data::type::list};
  for (const auto& e : endpoints) {
    if (e.example.empty()) continue;
    mustache::data d;
    d.set("slug", e.slug);
    d.set("path", e.path);
    d.set("what", ctx.t(e.what_key));
    d.set("example", e.example);
    list.push_back(d);
  }
  mustache::data page;
  page.set("endpoints", list);
  PageHead head;
  head.title = ctx.t("developers_heading");
  head.meta.emplace_back("description", ctx.t("developers_lead"));
  head.canonical = ctx.base_url() + "/developers";
  return Response::html(render_page(ctx, "developers", page, head));
}

std::unique_ptr<Response> handle_favicon(const RequestContext& ctx) {
  return static_file_response(ctx, "favicon.svg");
}

}  // namespace monjo::web
