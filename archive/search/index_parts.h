// An index split into parts (shards) and searched as one (docs/scaling.md, "Shards").
// Each part is a Xapian database: a local directory, or a remote one served by
// Xapian's own `xapian-tcpsrv` (tcp://host:port, opened with Xapian::Remote::open).
// The parts are combined with Database::add_database in the order given, so a part
// set built by `monjo reindex --shards N` (record k of the single index in part
// (k-1) mod N at document (k-1)/N+1) numbers its documents as the single index does:
// ranking, ties, totals, facets and paging come out the same.
//
// A part that does not answer is left out (never silently: missing() names it, and
// the search result says it is incomplete); it is tried again after a back-off and
// taken back when it answers.
#pragma once

#include <xapian.h>

#include <chrono>
#include <string>
#include <vector>

namespace monjo::archive {

// Opens one part: "tcp://host:port" through Xapian's remote backend, anything else as
// a local database directory. Throws Xapian errors.
Xapian::Database open_index_part(const std::string& url);

// Whether `url` names a part open_index_part can open ("tcp://host:port" with a port
// in 1..65535, or a non-empty path); the CLI checks its options with it.
bool valid_part_url(const std::string& url);

class IndexParts {
 public:
  using Clock = std::chrono::steady_clock;
  // How long a part that did not answer is left out before it is tried again.
  static constexpr std::chrono::milliseconds kRetryAfter{2000};
  // How often the open parts are asked for a new revision: over a remote part each
  // asking is a round trip, too dear for every search.
  static constexpr std::chrono::milliseconds kReopenEvery{1000};

  explicit IndexParts(std::vector<std::string> urls);

  // Opens every part (those that fail are left out and named by missing()).
  // Throws Error when no part answers.
  void open_all();
  // Picks up new revisions of the open parts (Database::reopen, at most every
  // kReopenEvery) and tries the parts that are out and due again. True when what
  // combined() holds changed.
  bool refresh();
  // After a Xapian::NetworkError from a search over combined(): each open part is
  // asked for a keep-alive, reopened once if it fails, and left out if that fails too.
  // True when a part was left out or reconnected (the search may be tried again).
  bool recover();

  // The open parts as one database, in the order given.
  const Xapian::Database& combined() const { return combined_; }
  // The open parts (their positions in urls()) in the order combined() holds them.
  const std::vector<size_t>& open_order() const { return order_; }
  // Part `i` (a position in urls()); only while it is open.
  const Xapian::Database& part(size_t i) const { return parts_[i].db; }
  // The open parts among `which` (positions in urls()) as one database; `order`
  // receives their positions in its order.
  Xapian::Database combined_of(const std::vector<size_t>& which, std::vector<size_t>& order) const;
  // The parts that are out, as given ("tcp://10.0.0.2:7001").
  std::vector<std::string> missing() const;
  // The same as numbers, 1 = the first part given.
  std::vector<int> missing_numbers() const;
  const std::vector<std::string>& urls() const { return urls_; }
  size_t open_count() const;
  // Changes whenever a part's revision or the set of open parts changes: part of
  // the result-cache key, so a partial result is not served once the part is back.
  std::string revision_id() const;

 private:
  struct Part {
    std::string url;
    Xapian::Database db;
    bool open = false;
    Clock::time_point retry_at{};
    unsigned long epoch = 0;  // bumped whenever this part's database is opened or moves on
    std::string resolved;     // a directory part: where its path led when opened (a rebuild swaps the link)
  };
  bool try_open(Part& p);
  void combine();

  std::vector<std::string> urls_;
  std::vector<Part> parts_;
  Xapian::Database combined_;
  std::vector<size_t> order_;
  Clock::time_point next_reopen_{};
};

}  // namespace monjo::archive
