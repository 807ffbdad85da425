// HTML from templates (kainjow mustache, escaping by default): every page is
// web/<area>/templates/<name>.mustache rendered inside layout.mustache, which pulls it in as
// the partial {{>content}}. The layout gets the language, the message catalog as
// {{t.key}}, the language switch and the page's <head> metadata.
#pragma once

#include <kainjow/mustache.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "web/http/request_context.h"
#include "web/http/response.h"

namespace monjo::web {

namespace mustache = kainjow::mustache;

struct PageHead {
  std::string title;                                      // already localised; " — site name" is appended
  std::vector<std::pair<std::string, std::string>> meta;  // <meta name=… content=…>
  std::string canonical;                                  // absolute URL or empty
  std::string json_ld;                                    // serialized JSON, made safe with json_for_script()
  bool noindex = false;
};

// Sets `key` to `value` and "has_<key>" to whether it is non-empty. Templates test
// has_<key>, never a string, so an empty field can't fall through to an enclosing
// context's field of the same name (mustache looks names up the context stack).
void set_field(mustache::data& d, const std::string& key, const std::string& value);

// Renders `name` in the layout. Throws std::runtime_error on a template error.
std::string render_page(const RequestContext& ctx, const std::string& name, mustache::data page, const PageHead& head);
// Renders one template on its own (sitemaps, fragments).
std::string render_template(const std::string& name, const mustache::data& data);

// The error page for `status` (JSON under /api/).
std::unique_ptr<Response> render_error_page(const RequestContext& ctx, int status, const std::string& detail_key);

// The asset URL with a content hash, so it can be cached for long.
std::string static_url(const std::string& file);

}  // namespace monjo::web
