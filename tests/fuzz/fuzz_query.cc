// libFuzzer: the query parser and search of archive/search/search.h on arbitrary query
// text, over a public index built once from tests/fixtures/catalog/small.xml. A
// query is answered or refused with archive::InputError; nothing else escapes.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "archive/search/search.h"
#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "web/http/text.h"

namespace {

std::unique_ptr<monjo::archive::Searcher> searcher;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string dir = "/tmp/monjo-fuzz-query-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/index");
  monjo::archive::Catalog catalog(dir + "/catalog.sqlite");
  monjo::indexer::import_files(catalog, {MONJO_FIXTURES "/catalog/small.xml"}, {});
  monjo::indexer::rebuild_indexes(catalog, dir);
  searcher = std::make_unique<monjo::archive::Searcher>(dir, monjo::archive::IndexSide::Public);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  monjo::archive::SearchRequest req;
  req.query.assign(reinterpret_cast<const char*>(data), size);
  if (!monjo::web::valid_utf8(req.query)) return 0;  // the web layer refuses it first
  try {
    searcher->search(req);
    req.sort = monjo::archive::SortOrder::DateDescending;
    req.page = 3;
    searcher->search(req);
  } catch (const monjo::archive::InputError&) {
  }
  return 0;
}
