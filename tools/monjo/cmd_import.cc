// `monjo import FILE…` and `monjo export`.
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "archive/base/config.h"
#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/staff/audit.h"
#include "indexer/formats/registry.h"
#include "indexer/import_plan.h"
#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

namespace {

namespace formats = indexer::formats;

// "Catalog XML files (…)": what each reader reads.
std::string reader_help() {
  std::string help;
  for (const auto* reader : formats::readers()) help += (help.empty() ? "" : "; ") + std::string(reader->help());
  return help;
}

std::string writer_help() {
  std::vector<std::string> helps;
  for (const auto* writer : formats::writers()) helps.emplace_back(writer->help());
  return formats::or_list(helps);
}

std::string by_level(const archive::CatalogCounts& c) {
  return std::to_string(c.total()) + " records (fonds " + std::to_string(c.fonds) + ", series " +
         std::to_string(c.series) + ", volumes " + std::to_string(c.volumes) + ", items " + std::to_string(c.items) +
         ")";
}

void print_counts(const char* label, const archive::CatalogCounts& c) {
  std::cout << label << by_level(c) << '\n';
}

// Ids listed per kind and fonds by `monjo import --check` before "… and N more".
constexpr size_t kCheckListed = 1000;

void print_planned(const char* kind, const std::vector<indexer::PlannedRecord>& records, long total) {
  for (const auto& r : records) {
    std::cout << "  " << kind << ' ' << archive::level_name(r.level) << ' ' << r.id;
    if (!r.changes.empty()) {
      std::string fields;
      for (const auto& c : r.changes) fields += (fields.empty() ? "" : ", ") + c.field;
      std::cout << ": " << fields;
    }
    std::cout << '\n';
  }
  if (total > static_cast<long>(records.size())) {
    std::cout << "  ... and " << total - static_cast<long>(records.size()) << " more to " << kind << '\n';
  }
}

// What `monjo import --check` prints: per fonds, the records to add, change and
// remove by level, with their ids; nothing is changed.
void print_plan(const indexer::ImportPlan& plan) {
  archive::CatalogCounts added, changed, removed;
  for (const auto& f : plan.fonds) {
    std::cout << "fonds " << f.id << (f.title.empty() ? "" : " (" + f.title + ")") << (f.is_new ? ", new" : "")
              << ":\n";
    std::cout << "  add " << by_level(f.added_by_level) << "\n  change " << by_level(f.changed_by_level)
              << "\n  remove " << by_level(f.removed_by_level) << "\n  unchanged " << f.unchanged << " records\n";
    print_planned("add", f.added_records, f.added);
    print_planned("change", f.changed_records, f.changed);
    print_planned("remove", f.removed_records, f.removed);
    for (auto level : {archive::Level::Fonds, archive::Level::Series, archive::Level::Volume, archive::Level::Item}) {
      added.of(level) += f.added_by_level.of(level);
      changed.of(level) += f.changed_by_level.of(level);
      removed.of(level) += f.removed_by_level.of(level);
    }
  }
  for (const auto& note : plan.result.notes) std::cout << "note: " << note << '\n';
  print_counts("read:    ", plan.result.read);
  std::cout << "would add " << by_level(added) << "\nwould change " << by_level(changed) << "\nwould remove "
            << by_level(removed) << "\nchecked: the files are valid; nothing was changed (run without --check to "
            << "import)\n";
}

// `monjo import --check`: the import run in its transaction and rolled back
// (indexer::plan_import). A data directory without a catalog is checked against an
// empty one made in a temporary directory, so that nothing is created.
int check_import(const std::string& data_dir, const std::vector<std::string>& files, long max_mib) {
  std::string dir = data_dir;
  std::string scratch;
  struct stat st {};
  if (stat(catalog_path(data_dir).c_str(), &st) != 0) {
    char tmpl[] = "/tmp/monjo-check-XXXXXX";
    const char* made = mkdtemp(tmpl);
    if (!made) throw archive::Error("cannot make a temporary directory for the check");
    scratch = dir = made;
  }
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      if (!path.empty()) std::filesystem::remove_all(path);
    }
  } cleanup{scratch};
  long limit = max_mib;
  if (limit <= 0) limit = scratch.empty() ? archive::Config::load(data_dir).get_long("import", "max_file_mib", 256) : 256;
  indexer::ImportOptions options;
  options.read.max_file_bytes = static_cast<uint64_t>(limit) * 1024 * 1024;
  Progress progress("check");
  options.on_file = [&](const std::string& file) { progress.set_label(file); };
  options.read.progress = [&](uint64_t done, uint64_t total) { progress.update(done, total); };
  auto plan = indexer::plan_import(dir, files, options, kCheckListed);
  progress.set_label("");
  print_plan(plan);
  return 0;
}

}  // namespace

void register_import(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("import", "Validate catalog files (catalog XML, EAD 2002/EAD3, CSV, XLSX), then upsert them into the catalog and indexes");
  auto files = std::make_shared<std::vector<std::string>>();
  auto max_mib = std::make_shared<long>(0);
  auto check = std::make_shared<bool>(false);
  cmd->add_option("FILE", *files, reader_help())->required()->check(CLI::ExistingFile);
  cmd->add_option("--max-size", *max_mib,
                  "Refuse files larger than this many MiB (default 256, or import.max_file_mib)");
  cmd->add_flag("--check", *check,
                "Validate the files and print what the import would add, change and remove (by level, with ids); "
                "change nothing");
  cmd->callback([&global, &run, files, max_mib, check] {
    run = [&global, files, max_mib, check] {
      if (*check) return check_import(global.data_dir, *files, *max_mib);
      ensure_data_dir(global.data_dir);
      return with_data_dir_lock(global.data_dir, "import", [&]() -> int {
        auto config = archive::Config::load(global.data_dir);
        indexer::ImportOptions options;
        long limit = *max_mib > 0 ? *max_mib : config.get_long("import", "max_file_mib", 256);
        options.read.max_file_bytes = static_cast<uint64_t>(limit) * 1024 * 1024;
        Progress progress("import");
        options.on_file = [&](const std::string& file) { progress.set_label(file); };
        options.read.progress = [&](uint64_t done, uint64_t total) { progress.update(done, total); };
        auto started = std::chrono::steady_clock::now();
        archive::Catalog catalog(catalog_path(global.data_dir));
        options.before_commit = [&](const indexer::ImportResult& r) {
          archive::Actor actor = cli_actor();
          std::string names;
          for (const auto& f : *files) names += (names.empty() ? "" : " ") + f;
          archive::AuditTrail(catalog.db())
              .append(actor.id, archive::role_name(actor.role), "catalog.import", names,
                      indexer::import_audit_detail(r));
        };
        // The catalog commits only once both indexes are built: a full disk, a
        // read-only directory or an I/O error leaves the catalog as it was.
        double catalog_secs = 0;
        bool rebuilt = false;
        const bool had_indexes = indexer::index_generation(global.data_dir, archive::IndexSide::Public).has_value();
        options.commit_with = [&](const indexer::ImportResult& r, const std::function<void()>& commit) {
          catalog_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          progress.set_label("index");
          rebuilt =
              indexer::update_indexes(catalog, global.data_dir, r.roots, r.generation_before, commit) && had_indexes;
        };
        auto result = indexer::import_files(catalog, *files, options);
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        progress.set_label("");
        if (rebuilt) std::cerr << "note: the indexes did not match the catalog; both were rebuilt\n";
        for (const auto& note : result.notes) std::cerr << "note: " << note << '\n';
        print_counts("read:    ", result.read);
        print_counts("catalog: ", result.after);
        std::cout << "imported " << result.read.total() << " records from " << files->size() << " file"
                  << (files->size() == 1 ? "" : "s") << " in " << secs << " s (catalog " << catalog_secs
                  << " s, indexes " << secs - catalog_secs << " s; " << static_cast<long>(result.read.total() / secs)
                  << " records/s)\n";
        return 0;
      });
    };
  });
}

void register_export(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("export", "Write the catalog (XML, EAD, CSV or XLSX) to stdout or a file");
  // The table's first writer is the default.
  auto format = std::make_shared<std::string>(formats::writers().front()->name());
  auto fonds = std::make_shared<std::string>();
  cmd->add_option("--format", *format, writer_help())->check(CLI::IsMember(formats::writer_names()));
  cmd->add_option("--fonds", *fonds, "Only this fonds");
  auto out_path = std::make_shared<std::string>();
  cmd->add_option("--out", *out_path, "Write to this file (default stdout; xlsx is not written to a terminal)");
  auto public_view = std::make_shared<bool>(false);
  const std::string public_writers = formats::or_list(formats::public_view_writer_names());
  cmd->add_flag("--public", *public_view, public_writers + ": only what the public may see (a finding aid to publish)");
  cmd->callback([&global, &run, format, fonds, public_view, public_writers, out_path] {
    run = [&global, format, fonds, public_view, public_writers, out_path] {
      require_catalog(global.data_dir);
      archive::Catalog catalog(catalog_path(global.data_dir), archive::Catalog::Mode::ReadOnly);
      std::ios::sync_with_stdio(false);
      const formats::Writer& writer = *formats::find_writer(*format);  // --format is checked against the table
      if (*public_view && !writer.has_public_view()) {
        throw archive::InputError("--public is an option of --format " + public_writers);
      }
      formats::WriteOptions options;
      options.fonds_id = *fonds;
      options.public_view = *public_view;
      options.site_name = [&global] { return archive::Config::load(global.data_dir).get("site", "name"); };
      std::ofstream file;
      std::ostream& out = output_to(*out_path, writer.binary(), file);
      try {
        writer.write(catalog, options, out);
        out.flush();
        if (!out) throw archive::Error("cannot write " + (out_path->empty() ? std::string("stdout") : *out_path));
      } catch (...) {
        // No half-written file is left behind.
        if (file.is_open()) {
          file.close();
          std::filesystem::remove(*out_path);
        }
        throw;
      }
      return 0;
    };
  });
}

}  // namespace monjo::tools
