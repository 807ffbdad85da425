// The reading room (閲覧室) after a decision (docs/requests.md, "After the decision"): a
// requester whose viewing (閲覧) was granted — 全部利用 or 一部利用, once notified —
// books a seat in one of the day's slots on an open day of the archive's calendar
// (archive/dates/calendar.h, the same closures the deadlines use), and may cancel it;
// staff print the day's retrieval list (出納リスト) of the volumes to fetch, in shelf
// order. The slots and seats are monjo.conf's [reading_room] (docs/requests.md).
//
// A slot never holds more bookings than it has seats: the count and the insert are
// one write transaction (BEGIN IMMEDIATE), so concurrent bookings queue behind each
// other on SQLite's write lock and the last seat goes to one of them only.
// Each booking and cancellation is an event of the request's history
// (request_events: "book", "cancel_booking") and an audit entry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/base/errors.h"
#include "archive/base/sqlite.h"
#include "archive/dates/calendar.h"
#include "archive/dates/timestamp.h"
#include "archive/requests/request_store.h"
#include "archive/staff/audit.h"

namespace monjo::archive {

// One slot of the reading room's day, in Japan time: "10:00-12:00". Its code is the
// start, "1000", which forms and the table store.
struct ReadingSlot {
  std::string code;      // "1000"
  int start_minute = 0;  // minutes after midnight JST
  int end_minute = 0;
  std::string label() const;  // "10:00–12:00"
};

struct ReadingRoomConfig {
  std::vector<ReadingSlot> slots;  // default 10:00-12:00, 13:00-15:00, 15:00-17:00
  int seats = 4;                   // bookings a slot takes
  int lead_days = 1;               // the earliest day is today + lead_days (the stacks need a day)
  int horizon_days = 60;           // the latest day is today + horizon_days
  ReadingRoomConfig();
  const ReadingSlot* find(const std::string& code) const;
};

// Reads the [reading_room] section: `slots = 10:00-12:00 13:00-15:00`, `seats = 4`,
// `lead_days = 1`, `horizon_days = 60`. Throws InputError naming the key on a
// malformed value (slots that overlap or are out of order included).
ReadingRoomConfig reading_room_config_from_ini(const std::map<std::string, std::string>& keys);

// Why a booking or a cancellation is refused. Each has a message
// booking_error_<code> in messages/<lang>.tsv.
enum class BookingProblem {
  NotGranted,     // no viewing granted (not notified, copies, nothing used in full or in part, finished)
  AlreadyBooked,  // the request holds a booking already: cancel it first
  UnknownSlot,
  Past,           // the day (or today's slot) has begun already
  TooSoon,        // before today + lead_days
  TooFar,         // after today + horizon_days
  Closed,         // the archive is closed that day
  BeforeUseDate,  // before the earliest use date (a third party's two weeks)
  Full,           // every seat of the slot is taken
  NoBooking,      // nothing to cancel
};
const char* booking_problem_code(BookingProblem p);  // "full"
// The problems that are about the request's present state (HTTP 409) rather than the
// choice of day and slot (400).
bool booking_problem_is_conflict(BookingProblem p);

class BookingRefused : public Error {
 public:
  BookingRefused(BookingProblem problem, const std::string& message) : Error(message), problem_(problem) {}
  BookingProblem problem() const { return problem_; }
  std::string code() const { return booking_problem_code(problem_); }

 private:
  BookingProblem problem_;
};

struct Booking {
  int64_t id = 0;
  std::string receipt;
  Ymd day;
  std::string slot;       // a slot code
  std::string booked_at;  // UTC
};

// One slot of one bookable day, for the status page's choice.
struct SlotAvailability {
  std::string slot;
  int booked = 0;
  int seats = 0;
  bool free() const { return booked < seats; }
};
struct BookableDay {
  Ymd day;
  std::vector<SlotAvailability> slots;
};

// One volume to fetch from the stacks: a requested volume, or the volume that holds a
// requested item. `items` are the requested 件名 inside it (empty when the volume itself
// was requested).
struct RetrievalItem {
  std::string record_id;
  std::string title;
  std::string call_number;
};
struct RetrievalRow {
  std::string volume_id;  // the record fetched ("" when the requested record is not in the catalog)
  std::string call_number;
  std::string location;  // 配架場所 as catalogued, "" when none
  std::string title;     // the volume's public title (the public view's, never a withheld one)
  std::vector<RetrievalItem> items;
  std::string receipt;
  std::string slot;
  bool partial = false;    // 一部利用: the withheld pages must be masked before the visit
  std::string redactions;  // "12–13, 20" pages to mask, for 一部利用
};
struct RetrievalList {
  Ymd day;
  std::vector<SlotAvailability> slots;  // bookings per slot that day
  std::vector<RetrievalRow> rows;       // in shelf order (shelf_order_less)
};

// The shelf order of the retrieval list (docs/staff.md, "The retrieval list"): by
// location compared as text whose digit runs count as numbers (第2書庫 < 第10書庫,
// 3-2-5 < 3-12-1), rows without a location last; then by call number the same way;
// then by slot and receipt.
bool shelf_order_less(const RetrievalRow& a, const RetrievalRow& b);
// Text with its digit runs compared as numbers (ASCII and full-width digits).
int natural_compare(const std::string& a, const std::string& b);

class ReadingRoom {
 public:
  ReadingRoom(sql::Database& db, AuditTrail& audit, RequestStore& requests, ReadingRoomConfig config);

  const ReadingRoomConfig& config() const { return config_; }
  const ArchiveCalendar& calendar() const { return requests_.calculator().calendar(); }

  // Whether the request may book now (nullopt) or the reason it may not (NotGranted).
  std::optional<BookingProblem> eligibility(const StoredRequest& r) const;
  // The open days from today + lead_days (and the earliest use date) to today +
  // horizon_days, each with its slots' bookings.
  std::vector<BookableDay> bookable_days(const std::optional<Ymd>& earliest_use, TimePoint now = now_seconds());
  // The request's booking that is not cancelled, if any (past ones included).
  std::optional<Booking> active_booking(const std::string& receipt);

  // The requester books (`token` proves it: NotFound otherwise, as the status page)
  // or cancels; BookingRefused says why not.
  Booking book(const std::string& receipt, const std::string& token, const Ymd& day, const std::string& slot,
               TimePoint now = now_seconds());
  void cancel(const std::string& receipt, const std::string& token, TimePoint now = now_seconds());

  // The day's bookings as a retrieval list (RecordUse permission). Locations are staff
  // only: each list leaves "reading.retrieval_list" in the audit trail.
  RetrievalList retrieval_list(const Ymd& day, const Actor& actor, TimePoint now = now_seconds());

 private:
  std::vector<SlotAvailability> slots_of(const Ymd& day);
  void record(const std::string& receipt, const std::string& state, const std::string& event, const std::string& note,
              TimePoint now);

  sql::Database& db_;
  AuditTrail& audit_;
  RequestStore& requests_;
  ReadingRoomConfig config_;
};

}  // namespace monjo::archive
