// `monjo purge [--as-of DATE] [--dry-run]`: deletes the personal data of requesters
// whose request was finished more than the retention period ago
// ([ordinance] requester_data_retention_years in monjo.conf, default 5). The
// requests themselves stay, for the statistics; each purge is an audit entry.
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "archive/staff/audit.h"
#include "archive/dates/calendar.h"
#include "archive/catalog/catalog.h"
#include "archive/base/config.h"
#include "archive/dates/deadline.h"
#include "archive/base/errors.h"
#include "archive/requests/request_store.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

void register_purge(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("purge", "Delete requesters' personal data after the retention period");
  auto as_of = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  cmd->add_option("--as-of", *as_of, "Purge as of this date (YYYY-MM-DD; default today in Japan)");
  cmd->add_flag("--dry-run", *dry_run, "Only list the requests whose data would be purged");
  cmd->callback([&global, &run, as_of, dry_run] {
    run = [&global, as_of, dry_run] {
      require_catalog(global.data_dir);
      archive::Ymd day = archive::japan_day(archive::now_seconds());
      if (!as_of->empty()) {
        auto parsed = archive::Ymd::parse_iso(*as_of);
        if (!parsed || !parsed->valid())
          throw archive::InputError("--as-of \"" + *as_of + "\" is not a date (YYYY-MM-DD)");
        day = *parsed;
      }
      auto config = archive::Config::load(global.data_dir);
      auto keys = config.section("ordinance");
      auto ordinance = archive::ordinance_config_from_ini(keys);
      archive::DeadlineCalculator calc(ordinance, archive::ArchiveCalendar(archive::calendar_config_from_ini(keys)));
      // Closed on C, purgeable from C + N years (requester_data_purge_date): so every
      // request closed before the day after `day` − N years.
      archive::Ymd cutoff =
          archive::add_days(archive::add_months_clamped(day, -12 * ordinance.requester_data_retention_years), 1);

      archive::Catalog catalog(catalog_path(global.data_dir));
      archive::AuditTrail audit(catalog.db());
      archive::RequestStore requests(catalog.db(), audit, calc);
      archive::Actor actor = cli_actor();
      auto receipts = requests.purge_closed_before(cutoff, actor, *dry_run);
      for (const auto& r : receipts) std::cout << r << '\n';
      std::cout << (*dry_run ? "would purge" : "purged") << " the requester data of " << receipts.size() << " request"
                << (receipts.size() == 1 ? "" : "s") << " finished before " << cutoff.iso() << " (retention "
                << ordinance.requester_data_retention_years << " years as of " << day.iso() << ")\n";
      return 0;
    };
  });
}

}  // namespace monjo::tools
