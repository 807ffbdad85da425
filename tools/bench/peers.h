// The two peers monjo is compared with: SQLite FTS5 with the trigram
// tokenizer, run in process through the SQLite library, and Groonga (TokenBigram +
// NormalizerAuto), run as a `groonga DB` child process whose own per-command
// elapsed time is what we report, so both peers are timed without process start-up
// or transport, like monjo's in-process Searcher.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tools/bench/bench_set.h"

struct sqlite3;

namespace monjo::bench {

// What each engine does for one query in each mode:
//   lean: top 10 ids and titles by relevance, plus the total count (what /api/search
//         returns with facets=0&snippets=0).
//   full: top 20 with snippets and the five facets (what the /search page needs).
enum class Mode { Lean, Full };

class Fts5 {
 public:
  explicit Fts5(const std::string& db_path);
  ~Fts5();
  Fts5(const Fts5&) = delete;
  Fts5& operator=(const Fts5&) = delete;

  // Creates the table and inserts every record in one transaction; returns seconds.
  double load(const std::vector<ExportedRecord>& records);
  // Runs one query; returns the total count.
  long run(const PeerQuery& q, Mode mode);
  // Whether the query's text matches the record with this rowid.
  bool matches(const PeerQuery& q, long row);

 private:
  long count(const std::string& sql, const PeerQuery& q, long row = 0);
  sqlite3* db_ = nullptr;
};

class Groonga {
 public:
  // Starts `groonga_bin db_path` with its standard input and output on pipes.
  Groonga(const std::string& groonga_bin, const std::string& db_path);
  ~Groonga();
  Groonga(const Groonga&) = delete;
  Groonga& operator=(const Groonga&) = delete;

  struct Answer {
    long total = 0;
    double elapsed_ms = 0;  // Groonga's own figure from the response header
  };
  Answer run(const PeerQuery& q, Mode mode);
  bool matches(const PeerQuery& q, const std::string& key);
  // The keys of the first `n` records by relevance (the relevance benchmark).
  std::vector<std::string> ranked(const PeerQuery& q, int n);
  // The URL path of the like-for-like query, for Groonga's HTTP server and for stdin.
  static std::string select_path(const PeerQuery& q, Mode mode);

 private:
  Answer command(const std::string& line);
  int to_child_ = -1;
  int from_child_ = -1;
  int pid_ = -1;
  std::string buffer_;
};

}  // namespace monjo::bench
