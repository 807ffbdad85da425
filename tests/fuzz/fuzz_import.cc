// libFuzzer: every reader of `monjo import` (indexer/formats/registry.cc: catalog XML,
// spreadsheets — CSV and XLSX —, EAD) on arbitrary bytes, chosen by content as the
// importer chooses. Each must pass records on, report problems or throw
// archive::InputError — nothing else — and never crash, whatever the bytes (a zip
// with lying sizes, a CSV in no encoding, XML with entities).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "archive/base/errors.h"
#include "indexer/formats/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/monjo-fuzz-import-" + std::to_string(getpid());
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  monjo::archive::Problems problems;
  monjo::indexer::formats::ReadOptions options;
  options.max_file_bytes = 1 << 20;
  options.problems = &problems;
  try {
    const auto& reader = monjo::indexer::formats::reader_for(path, options);
    reader.read(path, options, [](monjo::indexer::formats::ReadItem&&) {});
  } catch (const monjo::archive::InputError&) {
  }
  return 0;
}
