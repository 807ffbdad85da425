// libFuzzer: the catalog XML reader (indexer/formats/native_reader.h) on arbitrary bytes. It
// must accept or throw archive::InputError, nothing else, and never crash.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "archive/base/errors.h"
#include "indexer/formats/native_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/monjo-fuzz-catalog-" + std::to_string(getpid()) + ".xml";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  monjo::indexer::formats::ReadOptions options;
  options.max_file_bytes = 1 << 20;
  try {
    monjo::indexer::formats::native_reader().read(path, options, [](monjo::indexer::formats::ReadItem&&) {});
  } catch (const monjo::archive::InputError&) {
  }
  return 0;
}
