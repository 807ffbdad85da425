// `monjo export --format native`: the catalog written back in the format of
// DESIGN §4, so that import(export(catalog)) reproduces the catalog.
#pragma once

#include <ostream>
#include <string>

#include "archive/catalog/catalog.h"

namespace monjo::indexer {

// Writes every fonds, or only `fonds_id` when it is not empty (NotFound if unknown).
void export_native(archive::Catalog& catalog, std::ostream& out, const std::string& fonds_id = {});

}  // namespace monjo::indexer
