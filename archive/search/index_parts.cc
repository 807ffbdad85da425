#include "archive/search/index_parts.h"

#include <cstdlib>
#include <filesystem>

#include "archive/base/errors.h"

namespace monjo::archive {

namespace {

constexpr const char* kTcp = "tcp://";
// A remote part that takes longer than this for one operation is taken for down
// (Xapian::NetworkTimeoutError); connecting is given less, so a dead machine costs
// a search at most that long before it is left out.
constexpr unsigned kRemoteTimeoutMs = 10000;
constexpr unsigned kConnectTimeoutMs = 2000;

bool split_tcp(const std::string& url, std::string& host, unsigned& port) {
  if (url.rfind(kTcp, 0) != 0) return false;
  const std::string rest = url.substr(std::char_traits<char>::length(kTcp));
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return false;
  host = rest.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string digits = rest.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  const long p = std::strtol(digits.c_str(), nullptr, 10);
  if (p < 1 || p > 65535) return false;
  port = static_cast<unsigned>(p);
  return true;
}

}  // namespace

bool valid_part_url(const std::string& url) {
  std::string host;
  unsigned port = 0;
  if (url.rfind(kTcp, 0) == 0) return split_tcp(url, host, port);
  return !url.empty();
}

Xapian::Database open_index_part(const std::string& url) {
  std::string host;
  unsigned port = 0;
  if (split_tcp(url, host, port)) return Xapian::Remote::open(host, port, kRemoteTimeoutMs, kConnectTimeoutMs);
  if (url.rfind(kTcp, 0) == 0) throw InputError("not a part address (tcp://host:port): " + url);
  return Xapian::Database(url);
}

IndexParts::IndexParts(std::vector<std::string> urls) : urls_(std::move(urls)) {
  if (urls_.empty()) throw InputError("an index of parts needs at least one part");
  for (const auto& u : urls_) {
    if (!valid_part_url(u)) throw InputError("not a part address (tcp://host:port or a directory): " + u);
    parts_.push_back(Part{u, {}, false, {}, 0, {}});
  }
}

namespace {

// Where a directory part's path leads now ("" for a remote part or a missing path).
std::string resolved_of(const std::string& url) {
  if (url.rfind(kTcp, 0) == 0) return {};
  std::error_code ec;
  const auto real = std::filesystem::canonical(url, ec);
  return ec ? std::string() : real.string();
}

}  // namespace

bool IndexParts::try_open(Part& p) {
  try {
    p.resolved = resolved_of(p.url);
    p.db = open_index_part(p.url);
    (void)p.db.get_doccount();
    p.open = true;
    ++p.epoch;
  } catch (const Xapian::Error&) {
    p.db = Xapian::Database();
    p.open = false;
    p.retry_at = Clock::now() + kRetryAfter;
  }
  return p.open;
}

void IndexParts::combine() {
  std::vector<size_t> all(parts_.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  combined_ = combined_of(all, order_);
}

Xapian::Database IndexParts::combined_of(const std::vector<size_t>& which, std::vector<size_t>& order) const {
  Xapian::Database out;
  order.clear();
  for (size_t i : which) {
    if (i >= parts_.size() || !parts_[i].open) continue;
    out.add_database(parts_[i].db);
    order.push_back(i);
  }
  return out;
}

void IndexParts::open_all() {
  for (auto& p : parts_) try_open(p);
  combine();
  if (open_count() == 0) throw Error("no part of the search index answers (" + urls_.front() + " …)");
}

bool IndexParts::refresh() {
  bool changed = false;
  const auto now = Clock::now();
  const bool reopen = now >= next_reopen_;
  if (reopen) next_reopen_ = now + kReopenEvery;
  for (auto& p : parts_) {
    if (p.open && !reopen) continue;
    if (p.open && p.resolved != resolved_of(p.url)) {
      // A directory part whose link a rebuild swapped (<data>/index/public): open anew.
      try_open(p);
      changed = true;
    } else if (p.open) {
      try {
        if (p.db.reopen()) {
          ++p.epoch;
          changed = true;
        }
      } catch (const Xapian::Error&) {
        p.open = false;
        p.db = Xapian::Database();
        p.retry_at = now + kRetryAfter;
        changed = true;
      }
    } else if (now >= p.retry_at && try_open(p)) {
      changed = true;
    }
  }
  if (changed) combine();
  return changed;
}

bool IndexParts::recover() {
  bool changed = false;
  for (auto& p : parts_) {
    if (!p.open) continue;
    try {
      p.db.keep_alive();
      continue;
    } catch (const Xapian::Error&) {
    }
    // An idle connection closed by the server (xapian-tcpsrv --idle-timeout) comes
    // back at once; a part that is down does not.
    try_open(p);
    changed = true;
  }
  if (changed) combine();
  return changed;
}

std::vector<std::string> IndexParts::missing() const {
  std::vector<std::string> out;
  for (const auto& p : parts_) {
    if (!p.open) out.push_back(p.url);
  }
  return out;
}

std::vector<int> IndexParts::missing_numbers() const {
  std::vector<int> out;
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (!parts_[i].open) out.push_back(static_cast<int>(i) + 1);
  }
  return out;
}

size_t IndexParts::open_count() const {
  size_t n = 0;
  for (const auto& p : parts_) n += p.open ? 1 : 0;
  return n;
}

std::string IndexParts::revision_id() const {
  std::string out;
  for (const auto& p : parts_) {
    out += p.url + (p.open ? " open " : " out ");
    if (p.open) {
      try {
        out += std::to_string(p.epoch) + ' ' + p.db.get_uuid() + ' ' + std::to_string(p.db.get_lastdocid());
      } catch (const Xapian::Error&) {
        out += "?";
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace monjo::archive
