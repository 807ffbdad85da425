// Search over the two Xapian indexes (the layout: archive/search/index_schema.h): the reader side, used by
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
#include "archive/catalog/access_policy.h"
#include "archive/search/search_request.h"

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
  bool ok = true;           // the revision the index link points at reads back whole
  bool serving = false;     // a good revision is open and answers searches
  uint64_t generation = 0;  // the generation of the revision served
  long documents = 0;       // and its documents
  std::string problem;      // when !ok: the file under the data directory and the cause
};

// Checks one index directory with Xapian's structure check (every block of every
// table). Empty when it is whole, else the table and the cause. Shared by all
// Searchers of a process: the verdict is kept per directory until a file of it
// changes (size, times or inode), so asking again is a few stat() calls.
std::string index_damage(const std::string& dir);

// The same for <data_dir>/index/<side> without a Searcher (serving is false).
IndexHealth index_health(const std::string& data_dir, IndexSide side);

class SearchResultCache;  // archive/search/search_cache.h

// A record as the public index holds it (index_schema::StoredHit::view, docs/scaling.md):
// what a read replica's record page is made from.
struct IndexedView {
  PublicRecord record;
  std::vector<std::pair<std::string, std::string>> path;  // (id, title) fonds → parent
  long position = 0;                                      // among its siblings
};

class Searcher {
 public:
  // Opens `<data_dir>/index/public` or `<data_dir>/index/staff`.
  Searcher(const std::string& data_dir, IndexSide side);
  // Opens an index split into parts, searched as one (archive/search/index_parts.h):
  // each "tcp://host:port" (xapian-tcpsrv) or a directory. `data_dir` gives the
  // archive's data files (place names, readings); it need hold no index.
  Searcher(const std::vector<std::string>& parts, IndexSide side, const std::string& data_dir);
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
  // The record's view from its document; nullopt for an unknown id or an index
  // written before the view was kept (format 2 and older).
  std::optional<IndexedView> record(const std::string& id);
  // The children of a record with views, in catalog order.
  std::vector<IndexedView> children(const std::string& id);
  uint64_t generation() const;
  IndexSide side() const;
  long document_count() const;
  // A federated search (archive/search/federation.h): part i of an index of parts is
  // the archive labels[i]. Each hit then names its archive (SearchHit::archive),
  // SearchRequest::filters[kArchiveFilter] keeps the search to some archives, and
  // with facets, SearchResult::facets[kArchiveFilter] counts each archive's matches.
  void set_part_labels(std::vector<std::string> labels);
  // For an index of parts, those not answering now (empty otherwise).
  std::vector<std::string> missing_parts() const;
  // Shares a result cache (archive/search/search_cache.h) with other Searchers of the
  // process, e.g. the portal's worker threads. Results are keyed by the request and
  // the index revision, so a change to the index is never hidden. Null: no cache.
  void set_result_cache(std::shared_ptr<SearchResultCache> cache);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace monjo::archive
