// `monjo check [--sample N] [--repair]`: reports every finding of
// indexer::check_data_dir, one a line, and exits 1 when there is any. --repair
// rebuilds both indexes when that mends all findings (a broken audit chain is never
// "repaired": it is evidence) and checks again.
#include <iostream>

#include "archive/catalog/catalog.h"
#include "indexer/consistency.h"
#include "indexer/index_writer.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

namespace {

void print(const indexer::CheckReport& r) {
  for (const auto& f : r.findings) std::cout << f.kind << ": " << f.what << "\n";
  std::cout << (r.ok() ? "ok" : std::to_string(r.findings.size()) + " finding" + (r.findings.size() == 1 ? "" : "s"))
            << ": " << r.records << " records, " << r.documents_compared << " index documents compared, "
            << r.withheld_fields_checked << " withheld fields of " << r.restricted_checked
            << " restricted records looked up in the public index, " << r.audit_entries << " audit entries\n";
}

}  // namespace

void register_check(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("check", "Check the catalog against the indexes, the audit chain and the public index");
  auto options = std::make_shared<indexer::CheckOptions>();
  auto repair = std::make_shared<bool>(false);
  cmd->add_option("--sample", options->sample, "Documents compared per index, and restricted records looked up")
      ->check(CLI::Range(1, 10000000));
  cmd->add_flag("--repair", *repair, "Rebuild both indexes when that mends every finding, then check again");
  cmd->callback([&global, &run, options, repair] {
    run = [&global, options, repair] {
      require_catalog(global.data_dir);
      indexer::CheckReport report;
      {
        archive::Catalog catalog(catalog_path(global.data_dir), archive::Catalog::Mode::ReadOnly);
        report = indexer::check_data_dir(catalog, global.data_dir, *options);
      }
      print(report);
      if (report.ok() || !*repair) return report.ok() ? 0 : 1;
      if (!report.reindex_repairs()) {
        std::cout << "not repaired: a reindex does not mend these (a broken audit trail is evidence: restore it from a "
                     "backup; a bad data file is corrected by hand: docs/operations.md)\n";
        return 1;
      }
      archive::Catalog catalog(catalog_path(global.data_dir));
      indexer::rebuild_indexes(catalog, global.data_dir);
      std::cout << "rebuilt both indexes; checking again\n";
      report = indexer::check_data_dir(catalog, global.data_dir, *options);
      print(report);
      return report.ok() ? 0 : 1;
    };
  });
}

}  // namespace monjo::tools
