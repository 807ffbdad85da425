// A bounded, thread-safe LRU cache of search results, shared by the Searchers of
// one process (the portal's worker threads each own a Searcher; they share one
// cache). A result is stored under the index it was computed on (directory,
// revision, generation) and the whole request, so it is never served for another
// revision: after an import or a review the key changes and the old entries age
// out. Memory is bounded by an estimate of each result's size. Like Groonga's query
// cache, it is what makes a popular query cost a lookup (docs/performance.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "archive/search/search_request.h"

namespace monjo::archive {

class SearchResultCache {
 public:
  // `max_bytes` bounds the estimated size of all entries; 0 disables the cache.
  // Entries are spread over `shards` independently locked LRU lists.
  explicit SearchResultCache(size_t max_bytes, size_t shards = 8);

  // The cached result, or null.
  std::shared_ptr<const SearchResult> get(const std::string& key);
  // Stores a result (replacing one under the same key); a result larger than a
  // shard's share of the budget is not stored.
  void put(const std::string& key, std::shared_ptr<const SearchResult> result);

  struct Stats {
    size_t entries = 0;
    size_t bytes = 0;
    uint64_t hits = 0;
    uint64_t misses = 0;
  };
  Stats stats() const;
  size_t max_bytes() const { return max_bytes_; }

  // The estimated memory held by a result (strings, vectors, map nodes).
  static size_t estimate_bytes(const SearchResult& result);
  // Every field of a request that can change its result, in one string.
  static std::string request_key(const SearchRequest& request);

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const SearchResult> result;
    size_t bytes = 0;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index;
    size_t bytes = 0;
    uint64_t hits = 0;
    uint64_t misses = 0;
  };
  Shard& shard_for(const std::string& key);

  size_t max_bytes_;
  size_t shard_budget_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace monjo::archive
