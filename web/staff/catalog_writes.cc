// See catalog_writes.h.
#include "web/staff/catalog_writes.h"

#include <iostream>
#include <mutex>

#include "archive/catalog/catalog.h"
#include "indexer/index_writer.h"

namespace monjo::web {

namespace {
std::mutex index_write_mutex;
}

bool reindex_after_change(const std::string& data_dir, const std::vector<std::string>& ids,
                          uint64_t generation_before) {
  std::lock_guard<std::mutex> lock(index_write_mutex);
  try {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    indexer::update_indexes(catalog, data_dir, ids, generation_before);
    return true;
  } catch (const std::exception& e) {
    std::cerr << "monjo serve: the indexes could not follow a catalog change (" << e.what()
              << "); the next import, reindex or start repairs them\n"
              << std::flush;
    return false;
  }
}

void repair_indexes_if_behind(const std::string& data_dir) {
  std::lock_guard<std::mutex> lock(index_write_mutex);
  archive::Catalog catalog(data_dir + "/catalog.sqlite");
  if (catalog.counts().total() == 0 || indexer::indexes_current(catalog, data_dir)) return;
  std::cerr << "monjo serve: the indexes are behind the catalog; rebuilding them\n" << std::flush;
  indexer::update_indexes(catalog, data_dir, {}, std::nullopt);
}

}  // namespace monjo::web
