// Catalog changes made from the staff pages that the search indexes must follow
// (a notified decision that restricts a record, a review). The change itself is
// made and committed by the core, which bumps the catalog generation; this brings
// both indexes to it (indexer::update_indexes), one writer at a time in this
// process. Should it fail — another process holding the index lock, a full disk —
// the generation protocol repairs the indexes on the next import, reindex or
// server start (docs/search.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace monjo::web {

// Re-indexes the fonds that hold `ids` after a change that moved the catalog on
// from `generation_before`. Returns false (and logs why) when it could not.
bool reindex_after_change(const std::string& data_dir, const std::vector<std::string>& ids,
                          uint64_t generation_before);

// Brings the indexes to the catalog's generation when they are behind it (a
// migration, or a change whose re-indexing failed); called once at start.
void repair_indexes_if_behind(const std::string& data_dir);

}  // namespace monjo::web
