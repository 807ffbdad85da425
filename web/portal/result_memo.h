// What a response made from a cached search result looks like, kept as long as the
// result stays in the Searcher's result cache (archive/search/search_cache.h): a popular
// query then costs neither a search nor a JSON serialization nor a page rendering
// (those were most of a cached request's CPU). An entry is valid only while its
// result lives, which a weak pointer tells, so a freed result whose address is
// reused is never answered with another's response. Shared by the worker threads.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "archive/search/search.h"

namespace monjo::web {

class ResultMemo {
 public:
  // At most `max_bytes` of bodies are kept.
  explicit ResultMemo(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The body kept for this result and `variant` (what else the response depends
  // on, e.g. the language and the request target), or null.
  std::shared_ptr<const std::string> get(const std::shared_ptr<const archive::SearchResult>& result,
                                         const std::string& variant);
  // Keeps a body, but only for a result that the result cache holds too (a result
  // nobody else holds is gone after this request).
  void put(const std::shared_ptr<const archive::SearchResult>& result, const std::string& variant,
           std::shared_ptr<const std::string> body);

 private:
  struct Entry {
    std::weak_ptr<const archive::SearchResult> result;
    std::shared_ptr<const std::string> body;
  };
  static std::string key(const archive::SearchResult* result, const std::string& variant);

  size_t max_bytes_;
  size_t bytes_ = 0;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace monjo::web
