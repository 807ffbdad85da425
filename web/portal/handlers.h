// Every handler of the public portal, one per route of routes.cc. Each parses its
// parameters, asks the core (public view / public searcher) and renders a template
// or JSON. Pages live in pages_*.cc, JSON in api.cc, the rest in site.cc.
#pragma once

#include <memory>
#include <string>

#include "web/http/request_context.h"
#include "web/http/response.h"

namespace monjo::web {

std::unique_ptr<Response> handle_home(const RequestContext& ctx);
std::unique_ptr<Response> handle_search(const RequestContext& ctx);
std::unique_ptr<Response> handle_record(const RequestContext& ctx);
std::unique_ptr<Response> handle_browse(const RequestContext& ctx);
std::unique_ptr<Response> handle_api_search(const RequestContext& ctx);
std::unique_ptr<Response> handle_api_record(const RequestContext& ctx);
std::unique_ptr<Response> handle_healthz(const RequestContext& ctx);
std::unique_ptr<Response> handle_robots(const RequestContext& ctx);
std::unique_ptr<Response> handle_sitemap_index(const RequestContext& ctx);
std::unique_ptr<Response> handle_sitemap_part(const RequestContext& ctx);
std::unique_ptr<Response> handle_static(const RequestContext& ctx);
std::unique_ptr<Response> handle_guide(const RequestContext& ctx);       // web/portal/guide_pages.cc
std::unique_ptr<Response> handle_developers(const RequestContext& ctx);  // web/portal/guide_pages.cc
std::unique_ptr<Response> handle_favicon(const RequestContext& ctx);     // /favicon.ico: web/static/favicon.svg
// An embedded web/static/ file with its type, ETag and caching (handle_static's answer).
std::unique_ptr<Response> static_file_response(const RequestContext& ctx, const std::string& file);
std::unique_ptr<Response> handle_oai(const RequestContext& ctx);  // web/portal/oai.cc: GET and POST /oai

}  // namespace monjo::web
