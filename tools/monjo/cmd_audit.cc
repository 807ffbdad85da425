// `monjo audit verify` and `monjo audit list`: the audit trail from the command line.
// verify exits 1 at the first broken link, so a cron job can alert on it, and prints
// the head hash so that it can be written down outside the machine.
#include <iostream>

#include "archive/staff/audit.h"
#include "archive/catalog/catalog.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

void register_audit(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("audit", "Verify or list the audit trail");
  cmd->require_subcommand(1);

  auto* verify = cmd->add_subcommand("verify", "Check the hash chain; exit 1 at the first broken link");
  verify->callback([&global, &run] {
    run = [&global] {
      require_catalog(global.data_dir);
      archive::Catalog catalog(catalog_path(global.data_dir), archive::Catalog::Mode::ReadOnly);
      archive::AuditTrail audit(catalog.db());
      auto result = audit.verify();
      if (!result.ok) {
        std::cout << "audit trail broken at entry " << *result.broken_seq << " ("
                  << archive::audit_break_name(result.kind) << "): " << result.why << "\n";
        return 1;
      }
      std::cout << "audit trail intact: " << result.entries << " entr" << (result.entries == 1 ? "y" : "ies") << "\n";
      if (!result.head_hash.empty()) std::cout << "head: " << result.head_hash << "\n";
      return 0;
    };
  });

  auto* list = cmd->add_subcommand("list", "List audit entries, newest first (tab-separated)");
  auto limit = std::make_shared<int>(50);
  auto filter = std::make_shared<archive::AuditFilter>();
  list->add_option("--limit", *limit, "At most this many entries (default 50, at most 1000)")
      ->check(CLI::Range(1, 1000));
  list->add_option("--actor", filter->actor, "Only this actor");
  list->add_option("--action", filter->action, "Only this action, or a prefix ending in '.' (request.)");
  list->add_option("--target", filter->target, "Only entries about this user, receipt or record");
  list->callback([&global, &run, limit, filter] {
    run = [&global, limit, filter] {
      require_catalog(global.data_dir);
      archive::Catalog catalog(catalog_path(global.data_dir), archive::Catalog::Mode::ReadOnly);
      archive::AuditTrail audit(catalog.db());
      for (const auto& e : audit.list(*filter, *limit)) {
        std::cout << e.seq << '\t' << e.at << '\t' << e.actor << '\t' << e.role << '\t' << e.action << '\t' << e.target
                  << '\t' << e.detail << '\n';
      }
      return 0;
    };
  });
  // --data after the nested subcommand too: `monjo audit verify --data DIR`.
  for (auto* sub : cmd->get_subcommands({})) {
    sub->add_option("--data", global.data_dir, "Data directory (default $MONJO_DATA, else ./var)");
  }
}

}  // namespace monjo::tools
