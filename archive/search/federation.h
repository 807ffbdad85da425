// One portal over several archives' public indexes (docs/scaling.md, "Federation"):
// monjo.conf [federation] names each archive, where its public index is answered
// (its own xapian-tcpsrv, a replica, or this data directory's index) and its
// portal, to which its records link. The public Searcher then searches the indexes
// as parts of one (archive/search/index_parts.h) and tells each hit's archive.
#pragma once

#include <string>
#include <vector>

#include "archive/base/config.h"

namespace monjo::archive {

// The pseudo-filter of SearchRequest::filters that keeps a federated search to some
// archives (their keys), and the facet of SearchResult::facets that counts each
// archive's records; the URL parameter of /search and /api/search has the same name.
inline constexpr const char* kArchiveFilter = "archive";

struct FederatedArchive {
  std::string key;      // [federation] key: a-z, 0-9, -, _
  std::string index;    // tcp://host:port, a directory, or "local": <data>/index/public
  std::string portal;   // the archive's portal (https://…), "" for this portal
  std::string name;     // 相模原市立公文書館
  std::string name_en;  // Sagamihara City Archives ("" : the Japanese name)
  const std::string& name_in(bool english) const { return english && !name_en.empty() ? name_en : name; }
  // Where one of its records is read: its portal's /records/<id>, or this portal's.
  std::string record_url(const std::string& id) const;
};

// [federation] of `config`, in key order; empty when the section is absent. Each line
// is `key = INDEX PORTAL NAME [| NAME_EN]`, PORTAL "-" for this portal. Throws
// InputError naming the key on a malformed line.
std::vector<FederatedArchive> federation_of(const Config& config);

// The index addresses of `archives`, in order ("local" made a directory of data_dir).
std::vector<std::string> federation_parts(const std::vector<FederatedArchive>& archives, const std::string& data_dir);

}  // namespace monjo::archive
