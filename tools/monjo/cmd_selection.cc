// `monjo selection import|list|show|mark|approve|report`: retention-expiry lists and
// their selection from the command line (docs/selection.md). The command acts for a
// staff account named with --as (its role decides what it may do: an archivist
// imports and marks, a supervisor approves, never their own marks), so the audit
// trail names the person, as on the staff pages.
#include <iostream>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/catalog.h"
#include "archive/selection/selection.h"
#include "archive/staff/audit.h"
#include "archive/staff/users.h"
#include "indexer/retention_list.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

namespace {

archive::Actor account(archive::Catalog& catalog, const std::string& name) {
  if (name.empty()) throw archive::InputError("--as NAME: the staff account this is done for");
  archive::AuditTrail audit(catalog.db());
  archive::UserStore users(catalog.db(), audit);
  const auto user = users.find(name);
  if (!user || !user->active) throw archive::InputError("--as " + name + ": no active staff account of that name");
  return {user->name, user->role};
}

std::vector<int> parse_rows(const std::string& text) {
  // "1,3,5-8"
  std::vector<int> out;
  std::string t = text;
  for (char& c : t) {
    if (c == ',') c = ' ';
  }
  for (const auto& part : archive::split_spaces(t)) {
    const size_t dash = part.find('-');
    try {
      if (dash == std::string::npos) {
        out.push_back(std::stoi(part));
      } else {
        const int a = std::stoi(part.substr(0, dash));
        const int b = std::stoi(part.substr(dash + 1));
        if (b < a || b - a > 100000) throw std::invalid_argument("range");
        for (int i = a; i <= b; ++i) out.push_back(i);
      }
    } catch (const std::exception&) {
      throw archive::InputError("--rows \"" + text + "\": expected row numbers such as 1,3,5-8");
    }
  }
  if (out.empty()) throw archive::InputError("--rows: no row numbers");
  return out;
}

void print_batch(const archive::SelectionBatch& b, const archive::SelectionCriteria& criteria) {
  std::cout << "batch " << b.id << "\t" << b.fiscal_year << "年度\t" << b.department << "\t" << b.source_file << "\t"
            << (b.approved() ? "approved" : "not approved")
            << (b.pending() ? ", " + std::to_string(b.pending()) + " pending" : "") << "\n";
  for (const auto& r : b.rows) {
    std::cout << r.position << "\t" << archive::outcome_name(r.outcome());
    if (r.in_force && !r.in_force->criterion.empty()) {
      std::cout << " (" << criteria.label(r.in_force->criterion, archive::Lang::Ja) << ")";
    }
    if (r.pending())
      std::cout << "\tdraft: " << archive::outcome_name(r.latest->outcome) << " by " << r.latest->decided_by;
    std::cout << "\t" << r.data.title << "\t" << r.data.created_year << "\t" << r.data.retention << "\n";
  }
}

}  // namespace

void register_selection(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("selection", "Retention-expiry lists: import, mark 移管/廃棄/保留, approve, report");
  cmd->require_subcommand(1);
  auto as = std::make_shared<std::string>();

  auto* imp = cmd->add_subcommand("import", "Import a department's retention-expiry list (CSV or XLSX) as a batch");
  auto file = std::make_shared<std::string>();
  auto year = std::make_shared<int>(0);
  auto department = std::make_shared<std::string>();
  imp->add_option("FILE", *file, "The list (monjo template --kind retention writes its shape)")->required();
  imp->add_option("--year", *year, "The list's 年度 (default: the rows' 満了年度)");
  imp->add_option("--department", *department, "The department (default: the rows' own)");
  imp->add_option("--as", *as, "The staff account importing it (an archivist)");
  imp->callback([&global, &run, file, year, department, as] {
    run = [&global, file, year, department, as] {
      require_catalog(global.data_dir);
      archive::Actor actor;
      {
        archive::Catalog catalog(catalog_path(global.data_dir));
        actor = account(catalog, *as);
      }
      indexer::RetentionListOptions options;
      options.fiscal_year = *year;
      options.department = *department;
      const int64_t id = indexer::import_retention_list(global.data_dir, *file, options, actor);
      archive::Catalog catalog(catalog_path(global.data_dir), archive::Catalog::Mode::ReadOnly);
      const auto b = archive::SelectionStore(catalog.db()).batch(id);
      std::cout << "batch " << id << ": " << b->rows.size() << " rows of " << b->department << ", " << b->fiscal_year
                << "年度\n";
      return 0;
    };
  });

  auto* list = cmd->add_subcommand("list", "List the batches (newest first)");
  auto list_year = std::make_shared<int>(0);
  list->add_option("--year", *list_year, "Only this 年度");
  list->callback([&global, &run, list_year] {
    run = [&global, list_year] {
      require_catalog(global.data_dir);
      archive::Catalog catalog(catalog_path(global.data_dir), archive::Catalog::Mode::ReadOnly);
      for (const auto& s : archive::SelectionStore(catalog.db()).list(*list_year)) {
        std::cout << s.id << "\t" << s.fiscal_year << "\t" << s.department << "\t" << s.rows << " rows\ttransfer "
                  << s.transfer << "\tdestroy " << s.destroy << "\tundecided " << s.undecided << "\tpending "
                  << s.pending << "\t" << (s.approved ? "approved" : "not approved")
                  << (s.accession_id ? "\taccession " + std::to_string(*s.accession_id) : "") << "\n";
      }
      return 0;
    };
  });

  auto* show = cmd->add_subcommand("show", "Show a batch's rows and their decisions");
  auto show_id = std::make_shared<int64_t>(0);
  show->add_option("BATCH", *show_id, "The batch")->required();
  show->callback([&global, &run, show_id] {
    run = [&global, show_id] {
      require_catalog(global.data_dir);
      archive::Catalog catalog(catalog_path(global.data_dir), archive::Catalog::Mode::ReadOnly);
      const auto b = archive::SelectionStore(catalog.db()).batch(*show_id);
      if (!b) throw archive::NotFound("no selection batch " + std::to_string(*show_id));
      print_batch(*b, archive::SelectionCriteria::for_data_dir(global.data_dir));
      return 0;
    };
  });

  auto* mark = cmd->add_subcommand("mark", "Mark rows 移管 (transfer), 廃棄 (destroy) or 保留 (undecided)");
  auto mark_id = std::make_shared<int64_t>(0);
  auto rows = std::make_shared<std::string>();
  auto outcome = std::make_shared<std::string>();
  auto criterion = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  mark->add_option("BATCH", *mark_id, "The batch")->required();
  mark->add_option("--rows", *rows, "Row numbers: 1,3,5-8")->required();
  mark->add_option("--outcome", *outcome, "transfer, destroy or undecided")
      ->required()
      ->check(CLI::IsMember({"transfer", "destroy", "undecided"}));
  mark->add_option("--criterion", *criterion, "A code of the selection criteria (docs/selection.md)");
  mark->add_option("--note", *note, "The archivist's note");
  mark->add_option("--correct", *reason, "Correct an approved decision, for this reason (one row)");
  mark->add_option("--as", *as, "The staff account marking (an archivist)");
  mark->callback([&global, &run, mark_id, rows, outcome, criterion, note, reason, as] {
    run = [&global, mark_id, rows, outcome, criterion, note, reason, as] {
      require_catalog(global.data_dir);
      const auto criteria = archive::SelectionCriteria::for_data_dir(global.data_dir);
      const auto positions = parse_rows(*rows);
      archive::Catalog catalog(catalog_path(global.data_dir));
      const archive::Actor actor = account(catalog, *as);
      archive::SelectionStore store(catalog.db());
      const auto o = *archive::outcome_from_name(*outcome);
      if (!reason->empty()) {
        if (positions.size() != 1) throw archive::InputError("--correct corrects one row at a time");
        store.correct(*mark_id, positions.front(), o, *criterion, *note, *reason, criteria, actor);
      } else {
        store.mark(*mark_id, positions, o, *criterion, *note, criteria, actor);
      }
      std::cout << positions.size() << " row" << (positions.size() == 1 ? "" : "s") << " marked " << *outcome
                << " (to be approved)\n";
      return 0;
    };
  });

  auto* approve = cmd->add_subcommand("approve", "Approve a batch's decisions (not the drafter's own)");
  auto approve_id = std::make_shared<int64_t>(0);
  auto comment = std::make_shared<std::string>();
  approve->add_option("BATCH", *approve_id, "The batch")->required();
  approve->add_option("--comment", *comment, "The approver's comment");
  approve->add_option("--as", *as, "The staff account approving (a supervisor)");
  approve->callback([&global, &run, approve_id, comment, as] {
    run = [&global, approve_id, comment, as] {
      require_catalog(global.data_dir);
      archive::Catalog catalog(catalog_path(global.data_dir));
      const archive::Actor actor = account(catalog, *as);
      const auto a = archive::SelectionStore(catalog.db()).approve(*approve_id, *comment, actor);
      std::cout << "batch " << *approve_id << " approved by " << a.approved_by << " (approval " << a.id << ")\n";
      return 0;
    };
  });

  auto* report = cmd->add_subcommand("report",
                                     "Per 年度 and department: listed, transferred, destroyed, undecided, "
                                     "accessions (CSV)");
  report->callback([&global, &run] {
    run = [&global] {
      require_catalog(global.data_dir);
      archive::Catalog catalog(catalog_path(global.data_dir), archive::Catalog::Mode::ReadOnly);
      const auto r = archive::SelectionStore(catalog.db()).report();
      std::cout << "fiscal_year,department,listed,transferred,destroyed,undecided,accessions,catalogued,missing\n";
      for (const auto& row : r.rows) {
        std::cout << row.fiscal_year << "," << row.department << "," << row.listed << "," << row.transferred << ","
                  << row.destroyed << "," << row.undecided << "," << row.accessions << "," << row.catalogued << ","
                  << row.missing << "\n";
      }
      return 0;
    };
  });
}

}  // namespace monjo::tools
