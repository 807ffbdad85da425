// Lookup over the embedded files (see resources.h).
#include "web/http/resources.h"

#include <stdexcept>
#include <unordered_map>

namespace monjo::web {

namespace {
const std::unordered_map<std::string_view, std::string_view>& resource_map() {
  static const auto kMap = [] {
    std::unordered_map<std::string_view, std::string_view> m;
    for (const auto& r : embedded_resources()) m.emplace(r.path, r.data);
    return m;
  }();
  return kMap;
}
}  // namespace

std::optional<std::string_view> find_resource(std::string_view path) {
  const auto& m = resource_map();
  auto it = m.find(path);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::string_view resource(std::string_view path) {
  auto r = find_resource(path);
  if (!r) throw std::logic_error("resource not embedded: " + std::string(path));
  return *r;
}

}  // namespace monjo::web
