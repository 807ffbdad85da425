// `monjo check` (docs/operations.md): is the data directory what it should be? The
// catalog against both indexes (each index whole, at the catalog's generation, with
// one document per record, a sample of documents as the writer would make them now),
// the audit chain, and no withheld text in the public index (every withheld field of
// a sample of restricted records looked up in that record's public document), and
// the archive's data files (readings.tsv, place-names.tsv) line by line.
#pragma once

#include <string>
#include <vector>

#include "archive/catalog/catalog.h"

namespace monjo::indexer {

struct Finding {
  // index.missing, index.damaged, index.generation, index.format, index.count, index.document,
  // index.held_back, public.withheld, data.file, audit.chain
  std::string kind;
  std::string what;  // one line for people
};

struct CheckOptions {
  int sample = 200;  // documents compared per index, and restricted records searched
};

struct CheckReport {
  std::vector<Finding> findings;
  long records = 0;
  long documents_compared = 0;
  long restricted_checked = 0;
  long withheld_fields_checked = 0;
  long audit_entries = 0;
  bool ok() const { return findings.empty(); }
  // True when a reindex repairs every finding (no audit.chain or data.file finding).
  bool reindex_repairs() const;
};

CheckReport check_data_dir(archive::Catalog& catalog, const std::string& data_dir, const CheckOptions& options);

}  // namespace monjo::indexer
