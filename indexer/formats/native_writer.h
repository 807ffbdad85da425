// `monjo export --format native`: the catalog written back in its own XML format
// (docs/catalog-format.md), so that import(export(catalog)) reproduces the catalog.
#pragma once

#include "indexer/formats/format.h"

namespace monjo::indexer::formats {

const Writer& native_writer();

}  // namespace monjo::indexer::formats
