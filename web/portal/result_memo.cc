// Responses kept beside cached search results (web/portal/result_memo.h).
#include "web/portal/result_memo.h"

#include <cstdio>

namespace monjo::web {

std::string ResultMemo::key(const archive::SearchResult* result, const std::string& variant) {
  char buf[2 * sizeof(void*) + 4];
  std::snprintf(buf, sizeof buf, "%p\n", static_cast<const void*>(result));
  return buf + variant;
}

std::shared_ptr<const std::string> ResultMemo::get(const std::shared_ptr<const archive::SearchResult>& result,
                                                   const std::string& variant) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key(result.get(), variant));
  if (it == entries_.end() || it->second.result.lock() != result) return nullptr;
  return it->second.body;
}

void ResultMemo::put(const std::shared_ptr<const archive::SearchResult>& result, const std::string& variant,
                     std::shared_ptr<const std::string> body) {
  // Held by the result cache too (more than the caller's reference)?
  if (!result || !body || result.use_count() < 2 || body->size() > max_bytes_ / 4) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (bytes_ + body->size() > max_bytes_) {
    // Drop what belongs to evicted results first, everything if that is not enough.
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->second.result.expired()) {
        bytes_ -= it->second.body->size();
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
    if (bytes_ + body->size() > max_bytes_) {
      entries_.clear();
      bytes_ = 0;
    }
  }
  const std::string k = key(result.get(), variant);
  auto it = entries_.find(k);
  if (it != entries_.end()) bytes_ -= it->second.body->size();
  bytes_ += body->size();
  entries_[k] = Entry{result, std::move(body)};
}

}  // namespace monjo::web
