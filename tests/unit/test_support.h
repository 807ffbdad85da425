// Shared by the unit tests: temporary directories and catalog files that clean up
// after themselves, and a plain record to build catalogs from.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "archive/catalog/record.h"

namespace monjo::test {

// A fresh directory under the system's temporary directory, removed with its contents.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& prefix = "monjo-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// The path of a catalog file that does not exist yet, in its own temporary directory
// (so its -wal and -shm files go with it).
struct TempDb {
  TempDir dir{"monjo-db"};
  std::string path = (dir.path / "catalog.sqlite").string();
};

// A record with an id, a level, a parent and the title "題 <id>".
inline archive::Record make_record(const std::string& id, archive::Level level, const std::string& parent) {
  archive::Record r;
  r.id = id;
  r.level = level;
  r.parent_id = parent;
  r.title = "題 " + id;
  return r;
}

}  // namespace monjo::test
