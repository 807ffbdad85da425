// `monjo review`: lists the restrictions due for review, one record at a time with
// what a reviewer needs, and the catalog changes that notified 全部利用 decisions
// call for; `--apply ID…` (or `--all`) opens the chosen ones with a reason, `--keep
// ID --until DATE` keeps one with a new review date (archive/requests/review.h).
#include <algorithm>
#include <iostream>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/catalog.h"
#include "archive/requests/review.h"
#include "archive/staff/audit.h"
#include "indexer/index_writer.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

namespace {

archive::Ymd parse_day(const std::string& option, const std::string& text) {
  auto parsed = archive::Ymd::parse_iso(text);
  if (!parsed || !parsed->valid()) throw archive::InputError(option + " \"" + text + "\" is not a date (YYYY-MM-DD)");
  return *parsed;
}

void print_due(const archive::LapsedRestriction& l) {
  std::cout << l.until << "\t" << l.id << "\t" << archive::access_name(l.status) << "\t"
            << archive::join_spaces(l.grounds) << "\t" << l.title << "\n";
  if (!l.reason.empty()) std::cout << "\treason: " << l.reason << "\n";
  for (const auto& d : l.decisions) {
    std::cout << "\tdecision " << d.receipt << " on " << (d.decided_on.empty() ? d.notified_on : d.decided_on) << ": "
              << d.decision;
    if (!d.review_after.empty()) std::cout << " (review from " << d.review_after << ")";
    std::cout << "\n";
  }
}

}  // namespace

void register_review(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand(
      "review", "List the restrictions due for review; open chosen ones (--apply ID… / --all) or keep one (--keep)");
  auto as_of = std::make_shared<std::string>();
  auto apply = std::make_shared<std::vector<std::string>>();
  auto apply_flag = std::make_shared<bool>(false);
  auto all = std::make_shared<bool>(false);
  auto reason = std::make_shared<std::string>();
  auto keep = std::make_shared<std::string>();
  auto until = std::make_shared<std::string>();
  cmd->add_option("--as-of", *as_of,
                  "Review as of this date (YYYY-MM-DD; default today; never later than today with --apply)");
  auto* apply_opt = cmd->add_option("--apply", *apply,
                                    "Open these records' lapsed restrictions and apply the decisions "
                                    "that opened them, then re-index")
                        ->expected(0, -1);
  cmd->add_flag("--all", *all, "With --apply: every restriction due and every pending decision change");
  cmd->add_option("--reason", *reason,
                  "Why the restrictions may be lifted, or kept (required with --apply and --keep)");
  cmd->add_option("--keep", *keep, "Keep this record withheld after review, with a new review date (--until)");
  cmd->add_option("--until", *until, "With --keep: the next review date (YYYY-MM-DD, after today)");
  cmd->callback([&global, &run, as_of, apply, apply_opt, apply_flag, all, reason, keep, until] {
    *apply_flag = apply_opt->count() > 0;
    apply->erase(std::remove(apply->begin(), apply->end(), std::string()), apply->end());
    run = [&global, as_of, apply, apply_flag, all, reason, keep, until] {
      require_catalog(global.data_dir);
      const archive::TimePoint now = archive::now_seconds();
      const archive::Ymd today = archive::japan_day(now);
      const archive::Ymd day = as_of->empty() ? today : parse_day("--as-of", *as_of);
      if (*all && !*apply_flag) throw archive::InputError("--all goes with --apply");
      if (*apply_flag && apply->empty() && !*all) {
        throw archive::InputError("--apply needs the ids of the records to open, or --all for every one due");
      }
      if (*apply_flag && !keep->empty()) throw archive::InputError("--apply and --keep are separate reviews");
      if (!until->empty() && keep->empty()) throw archive::InputError("--until goes with --keep");

      // Listing reads; applying and keeping change the catalog and the indexes.
      auto review = [&]() -> int {
        archive::Catalog catalog(catalog_path(global.data_dir));
        archive::AuditTrail audit(catalog.db());
        const archive::Actor actor = cli_actor();

        if (!keep->empty()) {
          if (until->empty()) throw archive::InputError("--keep needs --until, the next review date");
          auto record = catalog.get(*keep);
          if (!record) throw archive::NotFound("no record " + *keep);
          archive::Access access = record->access.value_or(archive::Access{});
          if (access.status == archive::AccessStatus::Open) {
            throw archive::InputError("record " + *keep + " states no restriction to keep");
          }
          access.until = parse_day("--until", *until).iso();
          access.reason = *reason;
          auto outcome = archive::keep_restriction(catalog, audit, *keep, access, *reason, actor, now);
          indexer::update_indexes(catalog, global.data_dir, outcome.root_ids, outcome.generation_before);
          std::cout << "kept " << *keep << " " << archive::access_name(access.status) << " until " << access.until
                    << "\n";
          return 0;
        }

        auto lapsed = archive::find_lapsed(catalog, day);
        for (const auto& l : lapsed) print_due(l);
        std::cout << lapsed.size() << " restriction" << (lapsed.size() == 1 ? "" : "s") << " due for review as of "
                  << day.iso() << "\n";
        auto decided = archive::find_decision_changes(catalog);
        for (const auto& c : decided) {
          std::cout << c.decided_on << "\t" << c.record_id << "\t"
                    << (c.missing ? "missing" : archive::access_name(c.status)) << "\t"
                    << archive::describe_decision_change(c) << "\t" << c.title << "\n";
        }
        std::cout << decided.size() << " catalog change" << (decided.size() == 1 ? "" : "s")
                  << " pending from decisions\n";
        if (!*apply_flag) return 0;

        // The chosen records: each must be due (its lapsed restriction) or have a
        // pending decision change; --all takes every one listed.
        std::vector<std::string> open_ids;
        std::vector<archive::DecisionChange> changes;
        if (*all) {
          for (const auto& l : lapsed) open_ids.push_back(l.id);
          changes = decided;
        } else {
          for (const auto& id : *apply) {
            bool known = false;
            for (const auto& l : lapsed) {
              if (l.id == id) {
                open_ids.push_back(id);
                known = true;
              }
            }
            for (const auto& c : decided) {
              if (c.record_id == id) {
                changes.push_back(c);
                known = true;
              }
            }
            if (!known) {
              throw archive::InputError("record " + id + " has no restriction due for review as of " + day.iso() +
                                        " and no pending decision change");
            }
          }
        }
        if (!open_ids.empty() && archive::trim(*reason).empty()) {
          throw archive::InputError("--reason is required: say why the restrictions can be lifted");
        }
        std::vector<std::string> roots;
        auto add_roots = [&roots](const std::vector<std::string>& more) {
          for (const auto& r : more) {
            if (std::find(roots.begin(), roots.end(), r) == roots.end()) roots.push_back(r);
          }
        };
        const uint64_t generation_before = catalog.generation();
        long lifted = 0, resolved = 0;
        if (!open_ids.empty()) {
          auto outcome = archive::open_restrictions(catalog, audit, open_ids, day, *reason, actor, now);
          lifted += outcome.lifted;
          add_roots(outcome.root_ids);
        }
        if (!changes.empty()) {
          auto outcome = archive::apply_decision_changes(catalog, audit, changes, actor, now);
          lifted += outcome.lifted;
          resolved = outcome.resolved;
          add_roots(outcome.root_ids);
        }
        indexer::update_indexes(catalog, global.data_dir, roots, generation_before);
        std::cout << "opened " << lifted << " record" << (lifted == 1 ? "" : "s") << "; they are now public\n";
        if (!changes.empty()) {
          std::cout << "applied " << resolved << " decision change" << (resolved == 1 ? "" : "s") << "\n";
        }
        return 0;
      };
      if (*apply_flag || !keep->empty()) return with_data_dir_lock(global.data_dir, "review", review);
      return review();
    };
  });
}

}  // namespace monjo::tools
