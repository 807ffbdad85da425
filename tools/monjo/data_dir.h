// The data directory (docs/architecture.md, "The data directory"): created on first write, holds catalog.sqlite,
// index/ and monjo.conf.
#pragma once

#include <functional>
#include <string>

#include "archive/staff/roles.h"

namespace monjo::tools {

std::string catalog_path(const std::string& data_dir);

// Whoever runs `monjo` on the data directory acts as an administrator, named after
// the operating-system user in the audit trail ("cli:alice").
archive::Actor cli_actor();
// Creates the directory (and index/) if missing; throws archive::Error on failure.
void ensure_data_dir(const std::string& data_dir);
// Throws archive::Error with a helpful message when there is no catalog yet.
void require_catalog(const std::string& data_dir);
// Runs a command's change holding the data directory's one write lock
// (indexer::with_writer_lock); while another writer holds it, says so on stderr and
// waits.
int with_data_dir_lock(const std::string& data_dir, const char* command, const std::function<int()>& change);

// Prints "label: 42% (12.3 MiB / 29.1 MiB)" on a terminal, overwriting the line.
class Progress {
 public:
  explicit Progress(std::string label);
  ~Progress();
  void update(unsigned long long done, unsigned long long total);
  void set_label(std::string label);

 private:
  std::string label_;
  bool tty_;
  int last_percent_ = -1;
  bool shown_ = false;
};

}  // namespace monjo::tools
