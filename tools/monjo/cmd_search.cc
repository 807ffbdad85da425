// `monjo search [--staff] [--json] [--from D] [--to D] [--page N] [--<filter> V…] QUERY` and
// `monjo reindex`: the same engine as the portal.
#include <filesystem>
#include <iostream>
#include <map>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/dates/date_display.h"
#include "archive/dates/japanese_date.h"
#include "archive/dates/timestamp.h"
#include "archive/search/index_parts.h"
#include "archive/search/index_schema.h"
#include "archive/search/search.h"
#include "archive/search/search_json.h"
#include "archive/staff/audit.h"
#include "indexer/index_writer.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

namespace {

struct SearchOptions {
  std::vector<std::string> words;
  bool staff = false;
  bool json = false;
  std::string from, to, sort = "relevance";
  int page = 1;
  int size = 20;
  std::map<std::string, std::vector<std::string>> filters;  // by FilterDef::name
  bool no_facets = false;
  bool no_expand = false;
  std::vector<std::string> shards;  // --shard: the index as parts
  bool exact = false;
};

// A bound that is not a date says why, as the importer does for a catalog's dates:
// --from: date "Showa 65": Showa ended in year 64.
archive::DateInterval bound(const std::string& text, const char* which) {
  auto d = archive::parse_date_bound(text);
  if (d) return *d;
  auto why = archive::date_rejection(text);
  if (why && why->message.rfind("unrecognised", 0) != 0) {
    throw archive::InputError(std::string("--") + which + ": " + why->message);
  }
  throw archive::InputError(std::string("--") + which + " \"" + text +
                            "\" is not a date (和暦, 西暦 or a romanized era: Showa 30)");
}

// The indexes must follow the catalog: a mismatch is repaired, never served. The
// check reads only, so a read-only data directory whose indexes are current (a
// snapshot, a backup) is searched as it is.
void ensure_current(const std::string& data_dir) {
  {
    archive::Catalog catalog(catalog_path(data_dir), archive::Catalog::Mode::ReadOnly);
    if (indexer::indexes_current(catalog, data_dir)) return;
  }
  // An index that is there but cannot be read is damaged, not out of step: say so
  // rather than rebuild over what may be a failing disk.
  for (auto side : {archive::IndexSide::Public, archive::IndexSide::Staff}) {
    const std::string name = side == archive::IndexSide::Public ? "public" : "staff";
    std::error_code ec;
    const auto real = std::filesystem::canonical(std::filesystem::path(data_dir) / "index" / name, ec);
    if (ec || indexer::index_generation(data_dir, side)) continue;
    const std::string problem = archive::index_damage(real.string());
    if (!problem.empty()) {
      throw archive::IndexDamaged("the " + name + " search index is damaged (run `monjo reindex`)", problem);
    }
  }
  std::cerr << "note: the indexes did not match the catalog; rebuilding them\n";
  archive::Catalog catalog(catalog_path(data_dir));
  indexer::rebuild_indexes(catalog, data_dir);
}

void print_text(const archive::SearchResult& result) {
  // Past archive::kExactCountUpTo the total is an estimate, with Xapian's bounds.
  if (result.total_exact) {
    std::cout << result.total << " records";
  } else {
    std::cout << "about " << result.total << " records (between " << result.total_lower << " and " << result.total_upper
              << "; --exact counts them)";
  }
  if (result.query_date) std::cout << " (date: " << result.query_date->expression << ")";
  if (result.query_date_rejected) std::cout << " (searched as words: " << result.query_date_rejected->message << ")";
  if (result.incomplete()) {
    std::cout << " (incomplete: part";
    for (int n : result.missing_parts) std::cout << " " << n;
    std::cout << " of " << result.part_count << " not answering)";
  }
  std::cout << "\n";
  for (const auto& e : result.expansions) {
    std::cout << e.word << " を含む:";
    for (size_t i = 0; i < e.names.size(); ++i) std::cout << (i ? ", " : " ") << e.names[i];
    std::cout << "\n";
  }
  static constexpr const char* kKinds[] = {"reading", "without word", "without filter", "without dates"};
  for (const auto& s : result.suggestions) {
    std::cout << "suggestion (" << kKinds[static_cast<int>(s.kind)] << (s.dropped.empty() ? "" : ": " + s.dropped)
              << "): " << s.query << "\t" << (s.count_exact ? "" : "about ") << s.count << " records\n";
  }
  for (const auto& h : result.hits) {
    std::cout << h.id << "\t" << archive::level_name(h.level) << "\t" << h.title << "\t"
              << archive::display_date(h.date_text, h.date) << "\t" << archive::access_name(h.access) << "\n";
  }
}

}  // namespace

void register_search(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("search", "Search the public index (or the staff index with --staff)");
  auto o = std::make_shared<SearchOptions>();
  cmd->add_option("QUERY", o->words, "Query words; an empty query with filters browses");
  cmd->add_flag("--staff", o->staff, "Search the staff index (everything, withheld text included)");
  cmd->add_flag("--json", o->json, "Print the JSON of /api/search");
  cmd->add_option("--from", o->from, "Records dated on or after (和暦 or 西暦: 大正12年, 1955-06)");
  cmd->add_option("--to", o->to, "Records dated on or before");
  cmd->add_option("--page", o->page, "Page (1-based)")->check(CLI::Range(1, archive::kMaxPage));
  cmd->add_option("--size", o->size, "Hits per page (at most " + std::to_string(archive::kMaxPageSize) + ")")
      ->check(CLI::Range(1, archive::kMaxPageSize));
  cmd->add_option("--sort", o->sort, "relevance, date or -date")->check(CLI::IsMember({"relevance", "date", "-date"}));
  for (const auto& def : archive::index_schema::kFilters) {
    const std::string name = def.name;
    cmd->add_option(std::string("--") + def.param, o->filters[name], def.help)
        ->check(
            [&def](const std::string& v) {
              return archive::index_schema::valid_filter_value(def, v) ? std::string()
                                                                       : "\"" + v + "\" is not a " + def.name;
            },
            def.param);
  }
  cmd->add_option("--shard", o->shards,
                  "Search the index as these parts (tcp://host:port of xapian-tcpsrv, or directories; "
                  "docs/scaling.md)")
      ->check([](const std::string& url) {
        return archive::valid_part_url(url) ? std::string() : "not tcp://host:port or a directory: " + url;
      })
      ->allow_extra_args(false);  // one part per --shard: the words after it are the query
  cmd->add_flag("--no-facets", o->no_facets, "Skip facet counts");
  cmd->add_flag("--exact", o->exact,
                "Count every match: exact total and facet counts past " + std::to_string(archive::kExactCountUpTo) +
                    " matches (slower for broad queries)");
  cmd->add_flag("--no-expand", o->no_expand,
                "Do not expand place names to their earlier and later names (<data>/place-names.tsv)");
  cmd->callback([&global, &run, o] {
    run = [&global, o] {
      // The staff-only filters name what the public index does not hold.
      for (const auto& def : archive::index_schema::kFilters) {
        if (!o->staff && !archive::index_schema::on_public_side(def) && !o->filters[def.name].empty()) {
          throw archive::InputError(std::string("--") + def.param +
                                    " is a staff-only filter: it needs --staff (the public index has no " + def.name +
                                    ")");
        }
      }
      require_catalog(global.data_dir);
      ensure_current(global.data_dir);
      archive::SearchRequest req;
      req.today = archive::japan_day(archive::now_seconds());
      for (const auto& w : o->words) req.query += (req.query.empty() ? "" : " ") + w;
      if (!o->from.empty()) req.from = bound(o->from, "from");
      if (!o->to.empty()) req.to = bound(o->to, "to");
      for (const auto& [name, values] : o->filters)
        for (const auto& v : values) req.filter(name, v);
      req.sort = o->sort == "date"    ? archive::SortOrder::DateAscending
                 : o->sort == "-date" ? archive::SortOrder::DateDescending
                                      : archive::SortOrder::Relevance;
      req.page = o->page;
      req.page_size = o->size;
      req.facets = !o->no_facets;
      req.expand_places = !o->no_expand;
      req.exact = o->exact;
      if (o->staff) {
        // A staff search reveals withheld text: it goes into the audit trail.
        archive::Catalog catalog(catalog_path(global.data_dir));
        archive::Actor actor = cli_actor();
        archive::AuditTrail(catalog.db())
            .append(actor.id, archive::role_name(actor.role), "search.staff", req.query, "monjo search --staff");
      }
      const archive::IndexSide side = o->staff ? archive::IndexSide::Staff : archive::IndexSide::Public;
      archive::Searcher searcher = o->shards.empty() ? archive::Searcher(global.data_dir, side)
                                                     : archive::Searcher(o->shards, side, global.data_dir);
      auto result = searcher.search(req);
      for (const auto& part : searcher.missing_parts())
        std::cerr << "monjo: index part not answering: " << part << "\n";
      if (o->json) {
        std::cout << archive::search_result_json(result, req.facets, req.snippets,
                                                 archive::Messages::get(archive::Lang::Ja))
                         .dump(2)
                  << "\n";
      } else {
        print_text(result);
      }
      return 0;
    };
  });
}

void register_reindex(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("reindex", "Rebuild both search indexes from the catalog");
  auto shards = std::make_shared<int>(0);
  cmd->add_option("--shards", *shards, "Also write each index as N parts under <data>/shards (docs/scaling.md)")
      ->check(CLI::Range(2, indexer::kMaxShards));
  cmd->callback([&global, &run, shards] {
    run = [&global, shards] {
      require_catalog(global.data_dir);
      archive::Catalog catalog(catalog_path(global.data_dir));
      Progress progress("reindex");
      auto report = [&](long done, long total) {
        progress.update(static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
      };
      if (*shards > 0) {
        indexer::rebuild_indexes_in_parts(catalog, global.data_dir, *shards, report);
      } else {
        indexer::rebuild_indexes(catalog, global.data_dir, report);
      }
      progress.set_label("");
      auto c = catalog.counts();
      std::cout << "reindexed " << c.total() << " records (generation " << catalog.generation() << ")\n";
      if (*shards > 0) {
        std::cout << "split into " << *shards << " parts: " << indexer::shards_dir(global.data_dir)
                  << "/{public,staff}/1 … " << *shards << "\n";
      }
      return 0;
    };
  });
}

}  // namespace monjo::tools
