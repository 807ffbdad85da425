// `monjo backup DEST` and `monjo restore SRC` (docs/operations.md). A backup is a
// data directory of its own: catalog.sqlite written by SQLite's online backup API
// (one read transaction, so one consistent snapshot while the server serves and
// other writers work), the two index directories the links point at, copied while
// holding the index writers' lock, monjo.conf, and MANIFEST. The indexes are copied
// at the catalog's generation when no writer is between its catalog commit and its
// index update; otherwise the MANIFEST says so and `monjo restore` rebuilds them.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "archive/staff/audit.h"
#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "archive/search/search.h"
#include "archive/dates/timestamp.h"
#include "indexer/index_writer.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

namespace {

namespace fs = std::filesystem;

// Copies the catalog at `from` into a new file `to` with SQLite's online backup.
void copy_catalog(const std::string& from, const std::string& to) {
  archive::sql::Database source(from, archive::sql::Database::Mode::ReadOnly);
  archive::sql::Database dest(to, archive::sql::Database::Mode::ReadWrite);
  sqlite3_backup* backup = sqlite3_backup_init(dest.handle(), "main", source.handle(), "main");
  if (!backup) throw archive::Error("cannot back up " + from + " to " + to + ": " + dest.last_error());
  // All pages in one step: one read transaction on the source, one snapshot.
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw archive::Error("cannot back up " + from + " to " + to + ": " + dest.last_error(rc));
}

void copy_tree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (!ec) fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) throw archive::Error("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
}

// Copies index/<side> (the directory its link points at) to dest/index/<side>.<gen>
// and points dest/index/<side> at it; returns the copied index's generation.
std::optional<uint64_t> copy_index(const std::string& data_dir, const std::string& dest, archive::IndexSide side) {
  const char* name = side == archive::IndexSide::Public ? "public" : "staff";
  std::error_code ec;
  const fs::path real = fs::canonical(fs::path(data_dir) / "index" / name, ec);
  if (ec) return std::nullopt;
  auto generation = indexer::index_generation(data_dir, side);
  const std::string dir_name = std::string(name) + "." + (generation ? std::to_string(*generation) : "0");
  copy_tree(real, fs::path(dest) / "index" / dir_name);
  std::error_code ignored;
  fs::remove(fs::path(dest) / "index" / (dir_name + "/flintlock"), ignored);
  fs::create_symlink(dir_name, fs::path(dest) / "index" / name, ec);
  if (ec) throw archive::Error("cannot create " + dest + "/index/" + name + ": " + ec.message());
  return generation;
}

bool empty_or_missing(const std::string& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || fs::is_empty(dir, ec);
}

// Copies DIR's catalog, indexes and configuration into the empty directory `dest`.
// Returns (catalog generation, both indexes at it).
std::pair<uint64_t, bool> copy_data_dir(const std::string& from, const std::string& dest) {
  std::error_code ec;
  fs::create_directories(fs::path(dest) / "index", ec);
  if (ec) throw archive::Error("cannot create " + dest + ": " + ec.message());
  uint64_t generation = 0;
  bool indexes_at_generation = false;
  // Under the writers' lock no index changes; the catalog snapshot is taken inside
  // it, so the two match unless a writer committed its catalog change and now
  // waits for this lock to update the indexes.
  indexer::with_writer_lock(from, [&] {
    copy_catalog(catalog_path(from), catalog_path(dest));
    {
      archive::sql::Database copy(catalog_path(dest), archive::sql::Database::Mode::ReadWrite);
      auto st = copy.prepare("SELECT value FROM meta WHERE key = 'generation'");
      if (st.step()) generation = static_cast<uint64_t>(std::stoull(st.text(0)));
      st.reset();
    }
    auto pub = copy_index(from, dest, archive::IndexSide::Public);
    auto staff = copy_index(from, dest, archive::IndexSide::Staff);
    indexes_at_generation = pub && staff && *pub == generation && *staff == generation;
  });
  if (fs::exists(fs::path(from) / "monjo.conf", ec)) {
    fs::copy_file(fs::path(from) / "monjo.conf", fs::path(dest) / "monjo.conf", ec);
    if (ec) throw archive::Error("cannot copy " + from + "/monjo.conf: " + ec.message());
  }
  return {generation, indexes_at_generation};
}

}  // namespace

void register_backup(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* backup = app.add_subcommand("backup", "Copy the data directory (catalog, indexes, monjo.conf) to DEST, live");
  auto dest = std::make_shared<std::string>();
  backup->add_option("DEST", *dest, "A new or empty directory")->required();
  backup->callback([&global, &run, dest] {
    run = [&global, dest] {
      require_catalog(global.data_dir);
      if (!empty_or_missing(*dest)) throw archive::InputError(*dest + " is not empty: back up into a new directory");
      const auto started = std::chrono::steady_clock::now();
      auto [generation, current] = copy_data_dir(global.data_dir, *dest);
      archive::Catalog copy(catalog_path(*dest));  // read-write: closing it leaves one file, no -wal
      const auto audit = archive::AuditTrail(copy.db()).verify();
      std::ofstream manifest(*dest + "/MANIFEST");
      manifest << "monjo backup\nfrom " << fs::absolute(global.data_dir).string() << "\nat "
               << archive::iso_utc(archive::now_seconds()) << "\ngeneration " << generation << "\nrecords "
               << copy.counts().total() << "\nindexes " << (current ? "at the catalog's generation" : "to be rebuilt")
               << "\naudit " << audit.entries << " entries, head " << audit.head_hash << "\n";
      manifest.close();
      if (!manifest) throw archive::Error("cannot write " + *dest + "/MANIFEST");
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::cout << "backed up " << copy.counts().total() << " records (generation " << generation << ", "
                << audit.entries << " audit entries) to " << *dest << " in " << secs << " s\n";
      if (!current) std::cout << "note: the indexes were not at the catalog's generation; restore rebuilds them\n";
      return 0;
    };
  });

  auto* restore = app.add_subcommand("restore", "Restore a backup (or any data directory) SRC into --data DIR");
  auto src = std::make_shared<std::string>();
  restore->add_option("SRC", *src, "A directory written by `monjo backup`")->required()->check(CLI::ExistingDirectory);
  restore->callback([&global, &run, src] {
    run = [&global, src] {
      require_catalog(*src);
      if (fs::exists(catalog_path(global.data_dir))) {
        throw archive::InputError(global.data_dir +
                                  " already holds a catalog: restore into a new data directory (then swap them)");
      }
      copy_data_dir(*src, global.data_dir);
      std::error_code ec;
      fs::remove(fs::path(global.data_dir) / "MANIFEST", ec);
      archive::Catalog catalog(catalog_path(global.data_dir));  // read-write: migrations, if the backup is older
      const auto audit = archive::AuditTrail(catalog.db()).verify();
      if (!audit.ok) {
        std::cerr << "warning: the restored audit trail is broken at entry " << audit.broken_seq.value_or(0) << ": "
                  << audit.why << "\n";
      }
      if (!indexer::indexes_current(catalog, global.data_dir)) {
        std::cerr << "note: the indexes did not match the catalog; rebuilding them\n";
        indexer::rebuild_indexes(catalog, global.data_dir);
      }
      std::cout << "restored " << catalog.counts().total() << " records (generation " << catalog.generation() << ", "
                << audit.entries << " audit entries) into " << global.data_dir << "\n";
      return audit.ok ? 0 : 1;
    };
  });
}

}  // namespace monjo::tools
