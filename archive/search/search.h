// Search over the two Xapian indexes (DESIGN §6): the reader side, used by
// `monjo search` and by the portal. A Searcher opened on the public index can only
// ever return what the public index holds; the staff index holds everything.
// Xapian errors are caught once, at this boundary, and rethrown as monjo errors.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "archive/base/errors.h"
#include "archive/dates/japanese_date.h"
#include "archive/catalog/record.h"

namespace monjo::archive {

enum class IndexSide { Public, Staff };

// An index that cannot be read: damaged files or a failing disk. what() says which
// side and that `monjo reindex` rebuilds it; problem() names the file under the data
// directory and the cause ("index/public.3: EOF reading block 200"), for logs,
// /healthz and the command line.
class IndexDamaged : public Error {
 public:
  IndexDamaged(const std::string& message, std::string problem) : Error(message), problem_(std::move(problem)) {}
  const std::string& problem() const { return problem_; }

 private:
  std::string problem_;
};

// What Searcher::health() found.
struct IndexHealth {
  bool ok = true;            // the revision the index link points at reads back whole
  bool serving = false;      // a good revision is open and answers searches
  uint64_t generation = 0;   // the generation of the revision served
  long documents = 0;        // and its documents
  std::string problem;       // when !ok: the file under the data directory and the cause
};

// Checks one index directory with Xapian's structure check (every block of every
// table). Empty when it is whole, else the table and the cause. Shared by all
// Searchers of a process: the verdict is kept per directory until a file of it
// changes (size, times or inode), so asking again is a few stat() calls.
std::string index_damage(const std::string& dir);

// The same for <data_dir>/index/<side> without a Searcher (serving is false).
IndexHealth index_health(const std::string& data_dir, IndexSide side);

class SearchResultCache;  // archive/search/search_cache.h

enum class SortOrder { Relevance, DateAscending, DateDescending };

struct SearchRequest {
  std::string query;                 // free text; may contain field prefixes and a date expression
  std::optional<DateInterval> from;  // records overlapping [from.start, to.end]
  std::optional<DateInterval> to;
  std::vector<std::string> levels;       // "fonds" … "item"
  std::vector<std::string> fonds;        // fonds ids
  std::vector<std::string> series;       // series ids
  std::vector<std::string> departments;  // department names as catalogued
  std::vector<std::string> access;       // "open" …
  std::vector<std::string> decades;      // "1950" …
  SortOrder sort = SortOrder::Relevance;
  int page = 1;        // 1-based
  int page_size = 20;  // clamped to [1, kMaxPageSize]
  bool facets = true;
  bool snippets = true;
};

constexpr int kMaxPageSize = 50;

struct SearchHit {
  std::string id;
  Level level = Level::Item;
  std::string title;  // the side's title (public: publicTitle when present)
  std::string date_text;
  std::optional<DateInterval> date;
  std::string call_number;
  std::vector<std::pair<std::string, std::string>> path;  // (id, title) fonds → parent
  std::string snippet_html;                               // escaped original text with <mark>…</mark>
  AccessStatus access = AccessStatus::Open;
  double score = 0;
};

struct FacetValue {
  std::string value;  // term value (e.g. "1950", "庶務課", "item", "open", a fonds id)
  std::string label;  // display label (fonds title, decade "1950年代" …)
  long count = 0;
};

struct SearchResult {
  long total = 0;  // exact number of matching records
  int page = 1;
  int page_size = 20;
  std::vector<SearchHit> hits;
  std::map<std::string, std::vector<FacetValue>> facets;  // "decade", "department", "level", "access", "fonds"
  std::optional<QueryDate> query_date;                    // a date found in the query text and used as a filter
  std::string corrected_query;                            // a suggestion when nothing matched (may be empty)
};

class Searcher {
 public:
  // Opens `<data_dir>/index/public` or `<data_dir>/index/staff`.
  Searcher(const std::string& data_dir, IndexSide side);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  SearchResult search(const SearchRequest& request);
  // The same, shared rather than copied: with a result cache, a hit costs no copy
  // of the hits and facets.
  std::shared_ptr<const SearchResult> search_shared(const SearchRequest& request);
  // Reopens the database if the index generation changed; returns true if it did.
  // A new revision that cannot be read is not taken: the Searcher keeps answering
  // from the revision it has open (the last good one) and health() says why.
  bool refresh();
  // Whether the index on disk is whole (index_damage() of the revision the link
  // points at) and what is being served. Never throws.
  IndexHealth health();
  uint64_t generation() const;
  IndexSide side() const;
  long document_count() const;
  // Shares a result cache (archive/search/search_cache.h) with other Searchers of the
  // process, e.g. the portal's worker threads. Results are keyed by the request and
  // the index revision, so a change to the index is never hidden. Null: no cache.
  void set_result_cache(std::shared_ptr<SearchResultCache> cache);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace monjo::archive
