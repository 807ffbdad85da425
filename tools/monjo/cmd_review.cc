// `monjo review [--as-of DATE] [--apply]`: restrictions whose `until` has passed, and
// the catalog changes that notified use-request decisions call for.
#include <algorithm>
#include <ctime>
#include <iostream>

#include "archive/audit.h"
#include "archive/catalog.h"
#include "archive/errors.h"
#include "archive/review.h"
#include "indexer/index_writer.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

namespace {
archive::Ymd today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}
}  // namespace

void register_review(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand(
      "review",
      "List (and with --apply lift) restrictions whose review date has passed, and apply what decisions opened");
  auto as_of = std::make_shared<std::string>();
  auto apply = std::make_shared<bool>(false);
  cmd->add_option("--as-of", *as_of, "Review as of this date (YYYY-MM-DD; default today)");
  cmd->add_flag("--apply", *apply, "Lift the lapsed restrictions, apply the decisions' catalog changes and re-index");
  cmd->callback([&global, &run, as_of, apply] {
    run = [&global, as_of, apply] {
      require_catalog(global.data_dir);
      archive::Ymd day = today();
      if (!as_of->empty()) {
        auto parsed = archive::Ymd::parse_iso(*as_of);
        if (!parsed || !parsed->valid())
          throw archive::InputError("--as-of \"" + *as_of + "\" is not a date (YYYY-MM-DD)");
        day = *parsed;
      }
      archive::Catalog catalog(catalog_path(global.data_dir));
      auto lapsed = archive::find_lapsed(catalog, day);
      for (const auto& l : lapsed) {
        std::cout << l.until << "\t" << l.id << "\t" << archive::access_name(l.status) << "\t";
        for (size_t i = 0; i < l.grounds.size(); ++i) std::cout << (i ? " " : "") << l.grounds[i];
        std::cout << "\t" << l.title << "\n";
      }
      std::cout << lapsed.size() << " restriction" << (lapsed.size() == 1 ? "" : "s") << " lapsed as of " << day.iso()
                << "\n";
      // Decisions judge restrictions too (issue 5 §5): what notified decisions opened.
      auto decided = archive::find_decision_changes(catalog);
      for (const auto& c : decided) {
        std::cout << c.decided_on << "\t" << c.record_id << "\t"
                  << (c.missing ? "missing" : archive::access_name(c.status)) << "\t"
                  << archive::describe_decision_change(c) << "\t" << c.title << "\n";
      }
      std::cout << decided.size() << " catalog change" << (decided.size() == 1 ? "" : "s")
                << " pending from decisions\n";
      if (*apply && (!lapsed.empty() || !decided.empty())) {
        archive::Actor actor = cli_actor();
        archive::AuditTrail audit(catalog.db());
        const uint64_t generation_before = catalog.generation();
        std::vector<std::string> roots;
        auto add_roots = [&roots](const std::vector<std::string>& more) {
          for (const auto& r : more) {
            if (std::find(roots.begin(), roots.end(), r) == roots.end()) roots.push_back(r);
          }
        };
        long lifted = 0;
        if (!lapsed.empty()) {
          std::string lifted_ids;
          for (const auto& l : lapsed) lifted_ids += (lifted_ids.empty() ? "" : " ") + l.id;
          auto outcome = archive::apply_review(catalog, lapsed, day, actor.id);
          audit.append(actor.id, archive::role_name(actor.role), "catalog.review", lifted_ids,
                       "lifted " + std::to_string(outcome.lifted) + " lapsed restrictions as of " + day.iso());
          lifted += outcome.lifted;
          add_roots(outcome.root_ids);
        }
        long restricted = 0, resolved = 0;
        if (!decided.empty()) {
          auto outcome = archive::apply_decision_changes(catalog, audit, decided, actor);
          lifted += outcome.lifted;
          restricted = outcome.restricted;
          resolved = outcome.resolved;
          add_roots(outcome.root_ids);
        }
        indexer::update_indexes(catalog, global.data_dir, roots, generation_before);
        std::cout << "lifted " << lifted << "; the records are now public\n";
        if (!decided.empty()) {
          std::cout << "applied " << resolved << " decision change" << (resolved == 1 ? "" : "s") << " (" << restricted
                    << " made restricted: their withheld parts stay withheld)\n";
        }
      }
      return 0;
    };
  });
}

}  // namespace monjo::tools
