#include "tools/monjo/data_dir.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "indexer/index_writer.h"
#include "archive/base/errors.h"
#include "tools/monjo/commands.h"

namespace monjo::tools {

std::string catalog_path(const std::string& data_dir) {
  return data_dir + "/catalog.sqlite";
}

archive::Actor cli_actor() {
  const char* user = std::getenv("USER");
  return {std::string("cli:") + (user && *user ? user : "unknown"), archive::Role::Admin};
}

void ensure_data_dir(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir + "/index", ec);
  if (ec) throw archive::Error("cannot create data directory " + data_dir + ": " + ec.message());
}

void require_catalog(const std::string& data_dir) {
  struct stat st {};
  if (stat(catalog_path(data_dir).c_str(), &st) != 0) {
    throw archive::Error("no catalog in " + data_dir + " (run `monjo import FILE` first, or pass --data DIR)");
  }
}

Progress::Progress(std::string label) : label_(std::move(label)), tty_(stderr_is_tty()) {}

Progress::~Progress() {
  if (shown_) std::fputc('\n', stderr);
}

void Progress::set_label(std::string label) {
  if (shown_) std::fputc('\n', stderr);
  shown_ = false;
  last_percent_ = -1;
  label_ = std::move(label);
}

void Progress::update(unsigned long long done, unsigned long long total) {
  if (!tty_ || total == 0) return;
  int percent = static_cast<int>(done * 100 / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  shown_ = true;
  std::fprintf(stderr, "\r%s: %3d%% (%.1f / %.1f MiB)", label_.c_str(), percent, done / 1048576.0, total / 1048576.0);
  std::fflush(stderr);
}

int with_data_dir_lock(const std::string& data_dir, const char* command, const std::function<int()>& change) {
  const std::string name = command;
  indexer::on_writer_wait([name] {
    std::cerr << "monjo " << name << ": another writer (an import, a review or a save on the staff pages) is changing "
              << "the data directory; waiting for it to finish\n"
              << std::flush;
  });
  int rc = 0;
  indexer::with_writer_lock(data_dir, [&] { rc = change(); });
  return rc;
}

}  // namespace monjo::tools
