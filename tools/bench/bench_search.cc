// bench_search: the in-process side of tools/bench. Subcommands:
//   export   writes the public view of every record (records.tsv) and a Groonga load
//            script (records.grn) from a data dir's catalog, for the peers
//   monjo    query latency over queries.tsv and recall over variants.tsv with
//            archive::Searcher on the public (or staff) index
//   fts5     loads records.tsv into SQLite FTS5 (trigram) and runs the same sets
//   groonga  runs the same sets through a `groonga DB` child process
//   urls     prints the HTTP paths of the query set for wrk (monjo API, monjo page,
//            Groonga's /d/select)
// Every subcommand prints machine-readable `latency`, `recall` and `load` lines that
// tools/bench/run.sh collects into one side-by-side table.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "archive/base/errors.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_versions.h"
#include "archive/dates/japanese_date.h"
#include "archive/search/search.h"
#include "indexer/record_edits.h"
#include "tools/bench/bench_set.h"
#include "tools/bench/peers.h"
#include "tools/bench/relevance.h"

namespace monjo::bench {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// CPU time of this thread in ms: on a shared machine the wall-clock tail is mostly
// time spent waiting for a core, which this leaves out.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Timing {
  double wall_ms = 0;
  double cpu_ms = -1;  // < 0: not measured
};

// At most this many records are checked per variant pair, spread over the collection.
constexpr size_t kRecallCap = 25;

struct Sets {
  std::string queries, variants, records;
  int runs = 20;
  int warmup = 2;
  bool verbose = false;
};

void add_set_options(CLI::App* cmd, Sets& s) {
  cmd->add_option("--queries", s.queries, "queries.tsv")->check(CLI::ExistingFile);
  cmd->add_option("--variants", s.variants, "variants.tsv (needs --records)")->check(CLI::ExistingFile);
  cmd->add_option("--records", s.records, "records.tsv written by `bench_search export`")->check(CLI::ExistingFile);
  cmd->add_option("--runs", s.runs, "Timed passes over the query set")->check(CLI::Range(1, 10000));
  cmd->add_option("--warmup", s.warmup, "Untimed passes first")->check(CLI::Range(0, 100));
  cmd->add_flag("--verbose", s.verbose, "List recall misses and per-query results on stderr");
}

const char* mode_name(Mode m) {
  return m == Mode::Lean ? "lean" : "full";
}

// Runs `run` over the whole set, warm-up passes first, then timed passes in the set's
// order (round robin, so that no query is timed straight after itself).
void time_set(const std::vector<BenchQuery>& queries, const Sets& s, const std::string& engine, const std::string& mode,
              const std::function<Timing(const BenchQuery&)>& run) {
  for (int pass = 0; pass < s.warmup; ++pass)
    for (const auto& q : queries) run(q);
  LatencyTable wall, cpu;
  bool have_cpu = false;
  for (int pass = 0; pass < s.runs; ++pass) {
    for (const auto& q : queries) {
      Timing t = run(q);
      wall.add(q, t.wall_ms);
      if (t.cpu_ms >= 0) {
        cpu.add(q, t.cpu_ms);
        have_cpu = true;
      }
    }
  }
  wall.print(engine, mode);
  if (have_cpu) cpu.print(engine + "-cpu", mode);
}

// Times `work` in wall-clock and thread CPU time.
template <typename F>
Timing timed(F&& work) {
  double cpu = thread_cpu_ms();
  auto t = Clock::now();
  work();
  Timing out;
  out.wall_ms = ms_since(t);
  out.cpu_ms = thread_cpu_ms() - cpu;
  return out;
}

void recall_set(const Sets& s, const std::string& engine,
                const std::function<bool(const VariantPair&, const ExportedRecord&)>& found) {
  if (s.variants.empty()) return;
  if (s.records.empty()) throw std::runtime_error("--variants needs --records");
  auto records = read_records(s.records);
  RecallTable table;
  for (const auto& pair : read_variants(s.variants)) {
    auto expected = expected_records(records, pair, kRecallCap);
    if (expected.empty()) {
      std::cerr << "warning: variants: nothing in the records holds \"" << pair.expected << "\"; pair skipped\n";
      continue;
    }
    long misses = 0;
    for (const auto* r : expected) {
      bool ok = found(pair, *r);
      table.add(pair, ok);
      if (!ok && s.verbose && ++misses <= 3)
        std::cerr << engine << " misses: " << pair.query << " -> " << r->id << " (" << r->title << ")\n";
    }
  }
  table.print(engine);
}

// --- export -----------------------------------------------------------------------

std::string clean(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

int ymd_int(const archive::Ymd& d) {
  return d.y * 10000 + d.m * 100 + d.d;
}

void export_records(const std::string& data_dir, const std::string& out_dir) {
  archive::Catalog catalog(data_dir + "/catalog.sqlite", archive::Catalog::Mode::ReadOnly);
  std::ofstream tsv(out_dir + "/records.tsv", std::ios::binary);
  std::ofstream grn(out_dir + "/records.grn", std::ios::binary);
  if (!tsv || !grn) throw std::runtime_error("cannot write into " + out_dir);
  tsv << "# id\tlevel\tfonds\tdept\taccess\tstart\tend\tdecade\ttitle\tbody (public view)\n";
  // TokenBigram + NormalizerAuto, Groonga's usual setup for Japanese; the filter and facet columns get
  // indexes too, as monjo's boolean terms and value slots are indexed.
  grn << "table_create Records TABLE_HASH_KEY ShortText\n"
         "column_create Records title COLUMN_SCALAR Text\n"
         "column_create Records body COLUMN_SCALAR Text\n"
         "column_create Records level COLUMN_SCALAR ShortText\n"
         "column_create Records fonds COLUMN_SCALAR ShortText\n"
         "column_create Records dept COLUMN_SCALAR ShortText\n"
         "column_create Records access COLUMN_SCALAR ShortText\n"
         "column_create Records start COLUMN_SCALAR Int32\n"
         "column_create Records end COLUMN_SCALAR Int32\n"
         "column_create Records decade COLUMN_SCALAR ShortText\n"
         "table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram --normalizer NormalizerAuto\n"
         "column_create Terms records_title COLUMN_INDEX|WITH_POSITION Records title\n"
         "column_create Terms records_body COLUMN_INDEX|WITH_POSITION Records body\n"
         "table_create Keywords TABLE_HASH_KEY ShortText\n"
         "column_create Keywords records_level COLUMN_INDEX Records level\n"
         "column_create Keywords records_dept COLUMN_INDEX Records dept\n"
         "table_create Days TABLE_PAT_KEY Int32\n"
         "column_create Days records_start COLUMN_INDEX Records start\n"
         "column_create Days records_end COLUMN_INDEX Records end\n"
         "load --table Records\n[\n";

  std::vector<archive::Record> chain;  // ancestors of the record being visited
  long n = 0;
  catalog.for_each([&](const archive::Record& r) {
    while (!chain.empty() && chain.back().id != r.parent_id) chain.pop_back();
    std::vector<const archive::Record*> ptrs;
    for (const auto& a : chain) ptrs.push_back(&a);
    ptrs.push_back(&r);
    archive::PublicRecord p = archive::public_view(r, archive::effective_access(ptrs));
    std::string fonds = chain.empty() ? r.id : chain.front().id;

    std::string body;
    auto add = [&](const std::string& part) {
      if (part.empty()) return;
      if (!body.empty()) body += " / ";
      body += part;
    };
    add(p.call_number);
    add(p.department);
    add(p.date_text);
    if (p.access == archive::AccessStatus::Open) {
      add(p.creator);
      std::string names;
      for (const auto& name : p.names) names += (names.empty() ? "" : "、") + name.text;
      add(names);
      add(p.description);
      add(p.scope);
      add(p.history);
    }
    int start = p.date ? ymd_int(p.date->start) : 0, end = p.date ? ymd_int(p.date->end) : 0;
    std::string decade = p.date ? std::to_string(p.date->start.y / 10 * 10) : "";
    const char* level = archive::level_name(p.level);
    const char* access = archive::access_name(p.access);
    tsv << clean(p.id) << '\t' << level << '\t' << clean(fonds) << '\t' << clean(p.department) << '\t' << access << '\t'
        << start << '\t' << end << '\t' << decade << '\t' << clean(p.title) << '\t' << clean(body) << '\n';
    nlohmann::json row = {{"_key", p.id},   {"title", p.title},     {"body", body},     {"level", level},
                          {"fonds", fonds}, {"dept", p.department}, {"access", access}, {"start", start},
                          {"end", end},     {"decade", decade}};
    grn << (n++ ? ",\n" : "") << row.dump();
    if (r.level != archive::Level::Item) chain.push_back(r);
  });
  grn << "\n]\n";
  tsv.close();
  grn.close();
  if (!tsv || !grn) throw std::runtime_error("error writing into " + out_dir);
  std::cerr << "export: " << n << " records\n";
}

// --- monjo ------------------------------------------------------------------------

archive::SearchRequest monjo_request(const BenchQuery& q, const std::string& mode) {
  archive::SearchRequest req;
  req.query = q.query;
  if (!q.level.empty()) req.filter("level", q.level);
  if (!q.dept.empty()) req.filter("department", q.dept);
  if (!q.from.empty()) req.from = archive::parse_date_bound(q.from);
  if (!q.to.empty()) req.to = archive::parse_date_bound(q.to);
  // lean: like for like with the peers (top 10, no facets, no snippets);
  // facets: the same with the five facets; full: what the /search page asks for.
  req.page_size = mode == "full" ? 20 : 10;
  req.facets = mode != "lean";
  req.snippets = mode == "full";
  return req;
}

// With `shards` (--shard, repeated): the index as those parts (archive/search/index_parts.h),
// engine "monjo-parts"; with `per_part` as well, each query is also timed on each part
// alone and the slowest part's time reported (engine "monjo-slowest-part"): what as
// many machines, one part each, would take before the merge.
void run_monjo(const std::string& data_dir, bool staff, const std::vector<std::string>& shards, bool per_part,
               const Sets& s) {
  const archive::IndexSide side = staff ? archive::IndexSide::Staff : archive::IndexSide::Public;
  archive::Searcher searcher =
      shards.empty() ? archive::Searcher(data_dir, side) : archive::Searcher(shards, side, data_dir);
  const std::string engine = std::string(staff ? "monjo-staff" : "monjo") + (shards.empty() ? "" : "-parts");
  std::cerr << engine << ": " << searcher.document_count() << " documents"
            << (shards.empty() ? "" : " in " + std::to_string(shards.size()) + " parts") << "\n";
  std::vector<archive::Searcher> alone;
  if (per_part) {
    for (const auto& url : shards) alone.emplace_back(std::vector<std::string>{url}, side, data_dir);
  }
  if (!s.queries.empty()) {
    auto queries = read_queries(s.queries);
    for (const std::string mode : {"lean", "facets", "full"}) {
      time_set(queries, s, engine, mode, [&](const BenchQuery& q) {
        auto req = monjo_request(q, mode);
        long total = 0;
        Timing t = timed([&] { total = searcher.search(req).total; });
        if (s.verbose && mode == std::string("lean")) std::cerr << "monjo\t" << q.query << "\t" << total << "\n";
        return t;
      });
      if (alone.empty()) continue;
      time_set(queries, s, "monjo-slowest-part", mode, [&](const BenchQuery& q) {
        auto req = monjo_request(q, mode);
        Timing slowest{0, 0};
        for (auto& part : alone) {
          Timing t = timed([&] { part.search(req); });
          slowest.wall_ms = std::max(slowest.wall_ms, t.wall_ms);
          slowest.cpu_ms = std::max(slowest.cpu_ms, t.cpu_ms);
        }
        return slowest;
      });
    }
  }
  recall_set(s, engine, [&](const VariantPair& pair, const ExportedRecord& r) {
    archive::SearchRequest req;
    req.query = pair.query + " id:" + r.id;
    req.page_size = 1;
    req.facets = false;
    req.snippets = false;
    return searcher.search(req).total > 0;
  });
}

// --- peers ------------------------------------------------------------------------

std::vector<BenchQuery> comparable(const std::vector<BenchQuery>& all) {
  std::vector<BenchQuery> out;
  for (const auto& q : all)
    if (q.peer != "none") out.push_back(q);
  return out;
}

void run_fts5(const std::string& db_path, bool load, const Sets& s) {
  Fts5 fts(db_path);
  if (load) {
    if (s.records.empty()) throw std::runtime_error("--load needs --records");
    auto records = read_records(s.records);
    double secs = fts.load(records);
    std::printf("load\tfts5\t%zu\t%.3f\t%.0f\n", records.size(), secs, static_cast<double>(records.size()) / secs);
    std::fflush(stdout);
  }
  if (!s.queries.empty()) {
    auto queries = comparable(read_queries(s.queries));
    for (Mode mode : {Mode::Lean, Mode::Full}) {
      time_set(queries, s, "fts5", mode_name(mode), [&](const BenchQuery& q) {
        PeerQuery pq = translate(q);
        long total = 0;
        Timing t = timed([&] { total = fts.run(pq, mode); });
        if (s.verbose && mode == Mode::Lean) std::cerr << "fts5\t" << q.query << "\t" << total << "\n";
        return t;
      });
    }
  }
  recall_set(s, "fts5", [&](const VariantPair& pair, const ExportedRecord& r) {
    BenchQuery q;
    q.query = pair.query;
    return fts.matches(translate(q), r.row);
  });
}

void run_groonga(const std::string& bin, const std::string& db_path, const Sets& s) {
  Groonga groonga(bin, db_path);
  if (!s.queries.empty()) {
    auto queries = comparable(read_queries(s.queries));
    for (Mode mode : {Mode::Lean, Mode::Full}) {
      time_set(queries, s, "groonga", mode_name(mode), [&](const BenchQuery& q) {
        auto answer = groonga.run(translate(q), mode);
        if (s.verbose && mode == Mode::Lean) std::cerr << "groonga\t" << q.query << "\t" << answer.total << "\n";
        Timing t;
        t.wall_ms = answer.elapsed_ms;
        return t;
      });
    }
  }
  recall_set(s, "groonga", [&](const VariantPair& pair, const ExportedRecord& r) {
    BenchQuery q;
    q.query = pair.query;
    return groonga.matches(translate(q), r.id);
  });
}

// --- relevance ----------------------------------------------------------------------

// Topics are queries.tsv lines (tests/relevance/topics.tsv); topic N is line N
// ("T01" …), its judgments in the qrels. Each engine's top 100 is scored.
void run_relevance(const std::string& engine, const std::string& where, const std::string& groonga_bin,
                   const std::string& topics_path, const std::string& qrels_path, bool verbose) {
  const auto topics = read_queries(topics_path);
  const Qrels qrels = read_qrels(qrels_path);
  std::unique_ptr<archive::Searcher> searcher;
  std::unique_ptr<Groonga> groonga;
  if (engine == "groonga") {
    groonga = std::make_unique<Groonga>(groonga_bin, where);
  } else {
    searcher = std::make_unique<archive::Searcher>(where, archive::IndexSide::Public);
  }
  RelevanceTable table;
  for (size_t i = 0; i < topics.size(); ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "T%02zu", i + 1);
    const BenchQuery& q = topics[i];
    std::vector<std::string> ranked;
    if (groonga) {
      ranked = groonga->ranked(translate(q), 100);
    } else {
      for (int page = 1; page <= 2; ++page) {
        auto req = monjo_request(q, "lean");
        req.page_size = 50;
        req.page = page;
        const auto result = searcher->search(req);
        for (const auto& h : result.hits) ranked.push_back(h.id);
        if (result.total <= 50) break;
      }
    }
    auto it = qrels.find(id);
    const TopicScore s = score_topic(ranked, it == qrels.end() ? std::map<std::string, int>{} : it->second);
    if (verbose) {
      std::fprintf(stderr, "%s\t%s\t%s\tnDCG@10 %.3f\tR@100 %.3f\tRR %.3f\t%zu hits\n", engine.c_str(), id,
                   q.query.c_str(), s.ndcg10, s.recall100, s.rr, ranked.size());
    }
    table.add(q.category, s);
  }
  table.print(engine);
}

// --- urls -------------------------------------------------------------------------

void print_urls(const std::string& queries_path, const std::string& target) {
  for (const auto& q : read_queries(queries_path)) {
    if (target == "groonga") {
      if (q.peer == "none") continue;
      std::cout << Groonga::select_path(translate(q), Mode::Lean) << "\n";
      continue;
    }
    std::string path = target == "monjo-api" ? "/api/search?facets=0&snippets=0&size=10&q=" : "/search?q=";
    path += url_encode(q.query);
    if (!q.level.empty()) path += "&level=" + url_encode(q.level);
    if (!q.dept.empty()) path += "&dept=" + url_encode(q.dept);
    if (!q.from.empty()) path += "&from=" + url_encode(q.from);
    if (!q.to.empty()) path += "&to=" + url_encode(q.to);
    if (target == "monjo-api" && q.peer == "none") continue;  // like for like with Groonga
    std::cout << path << "\n";
  }
}

// Save to searchable: one record edited through indexer::save_record (the staff
// editor's path: rules, version, audit, both indexes, catalog commit) and the time
// until the public Searcher finds its new title, for `runs` items spread over the
// catalog. Changes the data directory: run it on a copy.
void run_edit(const std::string& data_dir, int runs) {
  std::vector<std::string> ids;
  {
    archive::Catalog catalog(data_dir + "/catalog.sqlite", archive::Catalog::Mode::ReadOnly);
    std::vector<std::string> items;
    catalog.for_each([&](const archive::Record& r) {
      if (r.level == archive::Level::Item && r.public_title.empty()) items.push_back(r.id);
    });
    if (items.empty()) throw std::runtime_error("no items to edit");
    const size_t step = std::max<size_t>(1, items.size() / static_cast<size_t>(runs));
    for (size_t i = 0; i < items.size() && ids.size() < static_cast<size_t>(runs); i += step) ids.push_back(items[i]);
  }
  archive::Searcher searcher(data_dir, archive::IndexSide::Public);
  const archive::Actor actor{"bench", archive::Role::Archivist};
  std::vector<double> save_ms, searchable_ms;
  int n = 0;
  for (const auto& id : ids) {
    archive::Record r;
    {
      archive::Catalog catalog(data_dir + "/catalog.sqlite", archive::Catalog::Mode::ReadOnly);
      r = *catalog.get(id);
    }
    const std::string token = "monjoedit" + std::to_string(++n);
    const std::string base = archive::record_fingerprint(r);
    r.title += " " + token;
    const auto t0 = std::chrono::steady_clock::now();
    const auto out = indexer::save_record(data_dir, r, base, actor);
    const auto t1 = std::chrono::steady_clock::now();
    if (out.status != indexer::SaveOutcome::Status::Saved) throw std::runtime_error("save of " + id + " failed");
    archive::SearchRequest req;
    req.query = token;
    req.facets = false;
    req.snippets = false;
    while (searcher.search(req).total != 1) {
      if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(10)) throw std::runtime_error(id + " not found");
    }
    const auto t2 = std::chrono::steady_clock::now();
    save_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    searchable_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
  }
  for (const auto& [what, v] : {std::pair<const char*, std::vector<double>&>{"save", save_ms},
                                std::pair<const char*, std::vector<double>&>{"save-to-searchable", searchable_ms}}) {
    const Stats st = stats(v);
    std::printf("edit\tmonjo\t%s\t%zu\t%.3f\t%.3f\t%.3f\n", what, st.n, st.p50, st.p99, st.max);
  }
}

}  // namespace
}  // namespace monjo::bench

int main(int argc, char** argv) {
  using namespace monjo::bench;
  CLI::App app{"monjo search benchmark (tools/bench)"};
  app.require_subcommand(1);
  Sets sets;
  std::string data_dir, out_dir, db, groonga_bin = "groonga", target;
  bool staff = false, load = false;

  auto* exp = app.add_subcommand("export", "Write records.tsv and records.grn (public view) for the peers");
  exp->add_option("--data", data_dir, "monjo data dir")->required();
  exp->add_option("--out", out_dir, "Output directory")->required()->check(CLI::ExistingDirectory);

  auto* mon = app.add_subcommand("monjo", "Latency and recall of archive::Searcher");
  mon->add_option("--data", data_dir, "monjo data dir")->required();
  mon->add_flag("--staff", staff, "Use the staff index");
  std::vector<std::string> shards;
  bool per_part = false;
  mon->add_option("--shard", shards, "Search the index as these parts (tcp://host:port or directories)")
      ->allow_extra_args(false);
  mon->add_flag("--per-part", per_part, "Also time each query on each part alone (the slowest part's time)");
  add_set_options(mon, sets);

  auto* fts = app.add_subcommand("fts5", "Latency and recall of SQLite FTS5 (trigram)");
  fts->add_option("--db", db, "SQLite file")->required();
  fts->add_flag("--load", load, "(Re)load --records first and time it");
  add_set_options(fts, sets);

  auto* grn = app.add_subcommand("groonga", "Latency and recall of Groonga (TokenBigram, NormalizerAuto)");
  grn->add_option("--db", db, "Groonga database (loaded from records.grn)")->required();
  grn->add_option("--groonga-bin", groonga_bin, "groonga executable");
  add_set_options(grn, sets);

  int edit_runs = 50;
  auto* edit = app.add_subcommand("edit", "Save-to-searchable latency of the staff editor's save (changes --data)");
  edit->add_option("--data", data_dir, "monjo data dir (a copy: it is edited)")->required();
  edit->add_option("--runs", edit_runs, "Records edited")->check(CLI::Range(1, 10000));

  auto* urls = app.add_subcommand("urls", "Print the HTTP paths of the query set, one a line, for wrk");
  urls->add_option("--queries", sets.queries, "queries.tsv")->required()->check(CLI::ExistingFile);
  urls->add_option("--target", target, "monjo-api, monjo-page or groonga")
      ->required()
      ->check(CLI::IsMember({"monjo-api", "monjo-page", "groonga"}));

  std::string engine = "monjo", topics, qrels;
  auto* rel = app.add_subcommand("relevance", "nDCG@10, Recall@100, MRR and zero-result rate over tests/relevance");
  rel->add_option("--engine", engine, "monjo or groonga")->check(CLI::IsMember({"monjo", "groonga"}));
  rel->add_option("--data", data_dir, "monjo data dir (--engine monjo)");
  rel->add_option("--db", db, "Groonga database (--engine groonga)");
  rel->add_option("--groonga-bin", groonga_bin, "groonga executable");
  rel->add_option("--topics", topics, "topics.tsv")->required()->check(CLI::ExistingFile);
  rel->add_option("--qrels", qrels, "qrels.txt")->required()->check(CLI::ExistingFile);
  rel->add_flag("--verbose", sets.verbose, "Each topic's scores on stderr");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*exp) export_records(data_dir, out_dir);
    if (*mon) run_monjo(data_dir, staff, shards, per_part, sets);
    if (*fts) run_fts5(db, load, sets);
    if (*grn) run_groonga(groonga_bin, db, sets);
    if (*edit) run_edit(data_dir, edit_runs);
    if (*urls) print_urls(sets.queries, target);
    if (*rel) run_relevance(engine, engine == "groonga" ? db : data_dir, groonga_bin, topics, qrels, sets.verbose);
  } catch (const std::exception& e) {
    std::cerr << "bench_search: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
