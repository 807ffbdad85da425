// What the use-request pages and the staff pages need besides the public catalog:
// the stores on a read-write connection to catalog.sqlite (the audit trail, staff
// accounts and sessions, use requests), owned one set per worker thread like the
// portal's Catalog, and what the whole process shares (the intake rate limit).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace monjo::archive {
class AuditTrail;
class UserStore;
class RequestStore;
class RestrictionPeriodTable;
class ReadingRoom;
struct CopyFeeTable;
}  // namespace monjo::archive

namespace monjo::web {

// At most `limit` events per key within `window` (a sliding window kept in memory;
// a restart forgets it, which is acceptable for a spam brake). Thread-safe.
class RateLimiter {
 public:
  RateLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  // Counts the event and says whether it is within the limit.
  bool allow(const std::string& key, std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  int limit_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> events_;
};

struct StaffServices {
  archive::AuditTrail* audit = nullptr;
  archive::UserStore* users = nullptr;
  archive::RequestStore* requests = nullptr;
  const archive::RestrictionPeriodTable* periods = nullptr;
  archive::ReadingRoom* reading_room = nullptr;      // bookings after a decision (archive/requests/reading_room.h)
  const archive::CopyFeeTable* copy_fees = nullptr;  // monjo.conf [copy_fees] (archive/requests/copy_fees.h)
  RateLimiter* intake_limit = nullptr;  // use requests per client address
  RateLimiter* check_limit = nullptr;   // "check my request" per client address
  RateLimiter* check_receipt_limit = nullptr;  // … and per receipt number typed
  std::string data_dir;                 // for re-indexing after a catalog change (web/staff/catalog_writes.h)
  // The largest catalog file the import page takes (monjo.conf [import] max_file_mib).
  uint64_t max_import_bytes = 256ull * 1024 * 1024;
};

}  // namespace monjo::web
