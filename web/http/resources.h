// Files compiled into the binary (templates, static assets, message catalogs) by
// web/http/embed_resources.cmake, looked up by their path under web/ ("static/style.css").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monjo::web {

struct EmbeddedResource {
  const char* path;
  std::string_view data;
};

// Defined in the generated source.
const std::vector<EmbeddedResource>& embedded_resources();

// The bytes of an embedded file, or nullopt.
std::optional<std::string_view> find_resource(std::string_view path);
// Same, but a missing file is a build error surfacing at run time: throws.
std::string_view resource(std::string_view path);

}  // namespace monjo::web
