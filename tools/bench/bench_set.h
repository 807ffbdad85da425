// The benchmark's fixed inputs and its arithmetic: the query set (queries.tsv), the
// recall set (variants.tsv), the exported records the peers load (records.tsv), the
// translation of a monjo query into what Groonga and SQLite FTS5 understand, and the
// latency statistics every engine is reported with. Shared by bench_search's
// subcommands so that all engines run exactly the same queries.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace monjo::bench {

// One line of queries.tsv.
struct BenchQuery {
  std::string category;  // single, two, long, phrase, old, date, filter, field, boolean, latin, kana, browse
  std::string query;     // as typed into monjo's search box
  std::string level;     // filter, or empty
  std::string dept;      // filter, or empty
  std::string from;      // 和暦 or 西暦, or empty
  std::string to;
  std::string peer;  // same | translated | none (see queries.tsv)
  std::string note;
};
std::vector<BenchQuery> read_queries(const std::string& path);

// One line of variants.tsv: `query` must find every record whose public text
// contains `expected` (the other written form of the same word).
struct VariantPair {
  std::string kind;  // old-new, width, kana, small-kana, two-char
  std::string query;
  std::string expected;
};
std::vector<VariantPair> read_variants(const std::string& path);

// One line of records.tsv: the public view of a record (docs/architecture.md, "Invariants"), which is what
// the public index holds and so what the peers load for a like-for-like comparison.
struct ExportedRecord {
  long row = 0;  // 1-based line number; the FTS5 rowid
  std::string id, level, fonds, dept, access;
  int start = 0, end = 0;  // yyyymmdd, 0 when undated
  std::string decade;
  std::string title;
  std::string body;  // call number, department, date, and (open records) creator, names, description, scope, history
};
std::vector<ExportedRecord> read_records(const std::string& path);

// The records each variant pair must find: every record whose title or body holds
// `expected` literally, thinned to at most `cap` spread over the collection.
std::vector<const ExportedRecord*> expected_records(const std::vector<ExportedRecord>& records, const VariantPair& pair,
                                                    size_t cap);

// A monjo query rewritten for the peers. A date expression in the text becomes a
// [start, end] overlap filter, as monjo does; words, "phrases", OR, -word and
// title:word keep their meaning.
struct PeerQuery {
  struct Term {
    std::string text;
    bool title_only = false;
    bool negated = false;
    bool or_with_previous = false;
  };
  std::vector<Term> terms;
  std::string level, dept;
  int start_max = 0;  // records with start <= start_max (0: no bound)
  int end_min = 0;    // records with end >= end_min (0: no bound)
};
PeerQuery translate(const BenchQuery& q);
std::string groonga_query(const PeerQuery& q);   // --query syntax
std::string groonga_filter(const PeerQuery& q);  // --filter script syntax
std::string fts5_match(const PeerQuery& q);      // MATCH syntax; empty when no terms

std::string url_encode(const std::string& s);

// Latency statistics in milliseconds (nearest-rank percentiles).
struct Stats {
  size_t n = 0;
  double p50 = 0, p99 = 0, max = 0, mean = 0;
};
Stats stats(std::vector<double> samples_ms);

// Collects latencies per category and prints them as machine-readable lines
// `latency<TAB>engine<TAB>mode<TAB>category<TAB>n<TAB>p50<TAB>p99<TAB>max` plus a
// category "all" and, for the queries the peers also run, "comparable".
class LatencyTable {
 public:
  void add(const BenchQuery& q, double ms);
  void print(const std::string& engine, const std::string& mode) const;

 private:
  std::vector<std::pair<std::string, std::vector<double>>> by_category_;
  std::vector<double> all_, comparable_;
};

// Recall per kind, printed as `recall<TAB>engine<TAB>kind<TAB>found<TAB>expected`
// (kind "all" last).
class RecallTable {
 public:
  void add(const VariantPair& pair, bool found);
  void print(const std::string& engine) const;

 private:
  std::vector<std::pair<std::string, std::pair<long, long>>> by_kind_;
};

}  // namespace monjo::bench
