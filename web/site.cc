// The site's plumbing routes: /healthz, /robots.txt, the sitemap (an index of
// files of at most 50,000 URLs, record ids only) and the embedded static assets.
#include <nlohmann/json.hpp>

#include <filesystem>

#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "archive/search/search.h"
#include "web/portal/handlers.h"
#include "web/http/resources.h"
#include "web/sitemap.h"
#include "web/http/templates.h"

namespace monjo::web {

std::shared_ptr<const std::vector<RecordRef>> SitemapCache::refs(archive::Catalog& catalog) {
  const uint64_t gen = catalog.generation();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!refs_ || gen != generation_) {
    refs_ = std::make_shared<const std::vector<RecordRef>>(load_all_refs(catalog));
    generation_ = gen;
  }
  return refs_;
}

namespace {

std::shared_ptr<const std::vector<RecordRef>> sitemap_refs(const RequestContext& ctx) {
  if (!ctx.services().catalog || !ctx.services().sitemap) throw Unavailable("the catalog is not available");
  return ctx.services().sitemap->refs(*ctx.services().catalog);
}

size_t part_count(size_t urls) {
  return urls == 0 ? 1 : (urls + kSitemapUrlsPerFile - 1) / kSitemapUrlsPerFile;
}

}  // namespace

// 200 when the public index on disk reads back whole and is served; 503 with what
// is wrong otherwise (no index, a damaged one), also while the workers still answer
// from the last good revision ("serving": true), so that a monitor notices.
std::unique_ptr<Response> handle_healthz(const RequestContext& ctx) {
  nlohmann::json j = {{"status", "ok"}};
  int status = 200;
  archive::IndexHealth health;
  if (ctx.services().searcher) {
    health = ctx.services().searcher->health();
  } else if (ctx.services().catalog) {
    const auto data_dir = std::filesystem::path(ctx.services().catalog->db().path()).parent_path().string();
    health = archive::index_health(data_dir, archive::IndexSide::Public);
    if (health.ok) health.problem = "index/public: not open";
    health.ok = false;
  } else {
    health.ok = false;
    health.problem = "catalog: not open";
  }
  if (health.serving) {
    j["documents"] = health.documents;
    j["generation"] = health.generation;
  }
  if (!health.ok) {
    j["status"] = !ctx.services().searcher && health.problem.find("missing") != std::string::npos ? "no index"
                  : health.serving ? "degraded"
                                   : "index damaged";
    j["problem"] = health.problem;
    j["serving"] = health.serving;
    status = 503;
  }
  auto r = Response::json(j.dump(), status);
  r->header("Cache-Control", "no-store");
  return r;
}

std::unique_ptr<Response> handle_robots(const RequestContext& ctx) {
  std::string body =
      "User-agent: *\n"
      "Disallow: /search\n"
      "Disallow: /api/\n"
      "Disallow: /requests/\n"
      "Disallow: /staff/\n"
      "Sitemap: " +
      ctx.base_url() + "/sitemap.xml\n";
  return Response::text(std::move(body), "text/plain; charset=utf-8");
}

std::unique_ptr<Response> handle_sitemap_index(const RequestContext& ctx) {
  const auto refs = sitemap_refs(ctx);
  mustache::data parts{mustache::data::type::list};
  for (size_t i = 1; i <= part_count(refs->size()); ++i) {
    parts.push_back(mustache::data("loc", ctx.base_url() + "/sitemaps/" + std::to_string(i) + ".xml"));
  }
  mustache::data d;
  d.set("parts", parts);
  return Response::text(render_template("sitemap_index", d), "application/xml; charset=utf-8");
}

std::unique_ptr<Response> handle_sitemap_part(const RequestContext& ctx) {
  const std::string& name = ctx.path_param("part");
  const auto refs = sitemap_refs(ctx);
  size_t n = 0;
  const auto dot = name.find(".xml");
  if (dot == std::string::npos || dot + 4 != name.size() || dot == 0 || dot > 6) throw archive::NotFound(name);
  for (size_t i = 0; i < dot; ++i) {
    if (name[i] < '0' || name[i] > '9') throw archive::NotFound(name);
    n = n * 10 + static_cast<size_t>(name[i] - '0');
  }
  if (n < 1 || n > part_count(refs->size())) throw archive::NotFound(name);
  const size_t begin = (n - 1) * kSitemapUrlsPerFile;
  const size_t end = std::min(refs->size(), begin + kSitemapUrlsPerFile);
  // Built with plain appends: ids are [A-Za-z0-9._-] and the base URL is checked,
  // so nothing here needs escaping, and a template would be slow for 50,000 rows.
  std::string body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  const std::string base = ctx.base_url();
  for (size_t i = begin; i < end; ++i) {
    const auto& r = (*refs)[i];
    body += "<url><loc>" + base + "/records/" + r.id + "</loc>";
    if (r.level == archive::Level::Fonds) body += "<priority>1.0</priority>";
    body += "</url>\n";
  }
  body += "</urlset>\n";
  return Response::text(std::move(body), "application/xml; charset=utf-8");
}

std::unique_ptr<Response> handle_static(const RequestContext& ctx) {
  return static_file_response(ctx, ctx.path_param("file"));
}

std::unique_ptr<Response> static_file_response(const RequestContext& ctx, const std::string& file) {
  const auto bytes = find_resource("static/" + file);
  if (!bytes) throw archive::NotFound(file);
  std::string type = "application/octet-stream";
  auto ends_with = [&](const char* ext) {
    const std::string e(ext);
    return file.size() >= e.size() && file.compare(file.size() - e.size(), e.size(), e) == 0;
  };
  if (ends_with(".css"))
    type = "text/css; charset=utf-8";
  else if (ends_with(".js"))
    type = "text/javascript; charset=utf-8";
  else if (ends_with(".svg"))
    type = "image/svg+xml";
  else if (ends_with(".png"))
    type = "image/png";
  else if (ends_with(".ico"))
    type = "image/x-icon";
  auto r = Response::text(std::string(*bytes), type);
  // A versioned URL (?v=hash, from static_url) never changes content: cache for a year.
  const std::string versioned = static_url(file);
  const std::string etag =
      "\"" + versioned.substr(versioned.find("?v=") == std::string::npos ? 0 : versioned.find("?v=") + 3) + "\"";
  r->header("ETag", etag);
  if (!ctx.get_param("v").empty()) {
    r->header("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    r->header("Cache-Control", "public, max-age=3600");
  }
  if (ctx.header("if-none-match") == etag) {
    r->status = 304;
    r->body.clear();
  }
  return r;
}

}  // namespace monjo::web
