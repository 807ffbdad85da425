// The data directory (DESIGN §12): created on first write, holds catalog.sqlite,
// index/ and monjo.conf.
#pragma once

#include <string>

namespace monjo::tools {

std::string catalog_path(const std::string& data_dir);
// Creates the directory (and index/) if missing; throws archive::Error on failure.
void ensure_data_dir(const std::string& data_dir);
// Throws archive::Error with a helpful message when there is no catalog yet.
void require_catalog(const std::string& data_dir);

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
