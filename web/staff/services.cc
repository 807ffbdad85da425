#include "web/staff/services.h"

namespace monjo::web {

bool RateLimiter::allow(const std::string& key, std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Forget idle keys now and then so the map cannot grow without bound.
  if (events_.size() > 10000) {
    for (auto it = events_.begin(); it != events_.end();) {
      if (it->second.empty() || now - it->second.back() > window_)
        it = events_.erase(it);
      else
        ++it;
    }
  }
  auto& times = events_[key];
  while (!times.empty() && now - times.front() > window_) times.pop_front();
  if (static_cast<int>(times.size()) >= limit_) return false;
  times.push_back(now);
  return true;
}

}  // namespace monjo::web
