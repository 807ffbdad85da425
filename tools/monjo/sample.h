// The sample collection behind `monjo sample` and `make demo`: a realistic catalog
// of the 相模原市 archive's historical public records in the format of docs/catalog-format.md
// (the pre-1941 villages, 相模原町, 相模原市 and the towns merged in 2006/2007).
// Deterministic for a seed, streamed in constant memory so that a collection a
// hundred times the first one (170,000 volumes, ~4 million records) can be written.
#pragma once

#include <cstdint>
#include <iosfwd>

namespace monjo::tools {

struct SampleOptions {
  int volumes = 1700;
  uint64_t seed = 1;
};

struct SampleStats {
  long fonds = 0;
  long series = 0;  // nested series included
  long volumes = 0;
  long items = 0;
};

// Writes the catalog XML (UTF-8) to `out`. The same options always give the same
// bytes, on any platform. Throws std::invalid_argument when volumes < 1.
SampleStats write_sample(std::ostream& out, const SampleOptions& options);

}  // namespace monjo::tools
