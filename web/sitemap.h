// The sitemap's list of record ids, shared by every worker and rebuilt only when
// the catalog generation changes (walking a million records per request would not do).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "web/portal/public_records.h"

namespace monjo::web {

// A sitemap file may list at most 50,000 URLs (sitemaps.org protocol).
constexpr size_t kSitemapUrlsPerFile = 50000;

class SitemapCache {
 public:
  std::shared_ptr<const std::vector<RecordRef>> refs(archive::Catalog& catalog);

 private:
  std::mutex mutex_;
  uint64_t generation_ = 0;
  std::shared_ptr<const std::vector<RecordRef>> refs_;
};

}  // namespace monjo::web
