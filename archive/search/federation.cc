#include "archive/search/federation.h"

#include <filesystem>
#include <sstream>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/search/index_parts.h"

namespace monjo::archive {

std::string FederatedArchive::record_url(const std::string& id) const {
  std::string base = portal;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/records/" + id;
}

namespace {

bool valid_key(const std::string& key) {
  if (key.empty() || key.size() > 40) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::vector<FederatedArchive> federation_of(const Config& config) {
  std::vector<FederatedArchive> out;
  for (const auto& [key, value] : config.section("federation")) {
    auto bad = [&](const std::string& why) {
      return InputError("monjo.conf: [federation] " + key + ": " + why +
                        " (expected INDEX PORTAL NAME [| NAME_EN]: docs/scaling.md)");
    };
    if (!valid_key(key)) throw bad("a key is lower-case letters, digits, - and _");
    std::istringstream in(value);
    std::string index, portal, rest;
    in >> index >> portal;
    std::getline(in, rest);
    if (index.empty() || portal.empty() || trim(rest).empty()) throw bad("too few words");
    FederatedArchive a;
    a.key = key;
    a.index = index;
    if (a.index != "local" && !valid_part_url(a.index)) throw bad("not tcp://host:port, a directory or local");
    a.portal = portal == "-" ? std::string() : portal;
    if (!a.portal.empty() && a.portal.rfind("https://", 0) != 0 && a.portal.rfind("http://", 0) != 0) {
      throw bad("the portal is an http(s):// address or -");
    }
    const auto bar = rest.find('|');
    a.name = trim(bar == std::string::npos ? rest : rest.substr(0, bar));
    a.name_en = bar == std::string::npos ? std::string() : trim(rest.substr(bar + 1));
    if (a.name.empty()) throw bad("no name");
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::string> federation_parts(const std::vector<FederatedArchive>& archives, const std::string& data_dir) {
  std::vector<std::string> out;
  for (const auto& a : archives) {
    out.push_back(a.index == "local" ? (std::filesystem::path(data_dir) / "index" / "public").string() : a.index);
  }
  return out;
}

}  // namespace monjo::archive
