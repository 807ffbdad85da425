// `monjo import`: validated files go into the catalog in one SQLite transaction
// (all files whole, or nothing), then both indexes follow (indexer/index_writer.h).
// Each file is read by the reader of its format, chosen by content from the table of
// indexer/formats/registry.cc.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "archive/catalog/catalog.h"
#include "indexer/formats/format.h"

namespace monjo::indexer {

struct ImportResult {
  archive::CatalogCounts before;
  archive::CatalogCounts after;
  archive::CatalogCounts read;     // records read from the files, per level
  std::vector<std::string> roots;  // fonds subtrees that changed
  std::vector<std::string> notes;  // e.g. records moved from another fonds
  uint64_t generation_before = 0;  // the catalog generation before this import
};

struct ImportOptions {
  formats::ReadOptions read;
  // Called with the file name before each file is read (progress display).
  std::function<void(const std::string& file)> on_file;
  // Called now and then (every 256 records) with the records read so far.
  std::function<void(long records)> on_records;
  // Called inside the import's transaction, after the records are in: an audit
  // entry written here commits (or rolls back) with them.
  std::function<void(const ImportResult&)> before_commit;
  // When set, called instead of committing, with the transaction still open and its
  // pages already written out (sqlite3_db_cacheflush, so the commit itself writes
  // next to nothing): it brings the indexes up to date from the uncommitted change
  // and calls `commit` once they are built (indexer::update_indexes). If it throws,
  // the transaction rolls back and the catalog is as it was.
  std::function<void(const ImportResult&, const std::function<void()>& commit)> commit_with;
};

// Reads and validates every file, replacing each fonds (and any record re-imported
// under a new parent) by what the files say. Throws InputError(file, line) and
// leaves the catalog unchanged on any error, a file in no known format included.
ImportResult import_files(archive::Catalog& catalog, const std::vector<std::string>& files,
                          const ImportOptions& options);

}  // namespace monjo::indexer
