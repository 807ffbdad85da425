#include "archive/requests/reading_room.h"

#include <algorithm>
#include <cstdio>

#include "archive/base/config.h"
#include "archive/base/strings.h"

namespace monjo::archive {

namespace {

constexpr int kMinutesPerDay = 24 * 60;

// "10:00" → 600; -1 when malformed.
int parse_hhmm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || h * 60 + m > kMinutesPerDay) return -1;
  return h * 60 + m;
}

std::string hhmm(int minutes, const char* separator) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%s%02d", minutes / 60, separator, minutes % 60);
  return buf;
}

ReadingSlot slot_of(int start, int end) {
  return ReadingSlot{hhmm(start, ""), start, end};
}

// Minutes after midnight in Japan at `now`.
int japan_minute(TimePoint now) {
  const auto since = std::chrono::duration_cast<std::chrono::minutes>(now - japan_midnight(japan_day(now)));
  return static_cast<int>(since.count());
}

// "12–13, 20": the pages a 一部利用 decision masks.
std::string redaction_pages(const std::vector<Redaction>& redactions) {
  std::string out;
  for (const auto& r : redactions) {
    if (!out.empty()) out += ", ";
    out += std::to_string(r.page_from);
    if (r.page_to != r.page_from) out += "\u2013" + std::to_string(r.page_to);
  }
  return out;
}

bool is_digit_at(const std::string& s, size_t i, int& value, size_t& width) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= '0' && c <= '9') {
    value = c - '0';
    width = 1;
    return true;
  }
  // Full-width digits U+FF10–U+FF19: EF BC 90 … EF BC 99.
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
    const unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d >= 0x90 && d <= 0x99) {
      value = d - 0x90;
      width = 3;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string ReadingSlot::label() const {
  return hhmm(start_minute, ":") + "\u2013" + hhmm(end_minute, ":");
}

ReadingRoomConfig::ReadingRoomConfig() : slots{slot_of(600, 720), slot_of(780, 900), slot_of(900, 1020)} {}

const ReadingSlot* ReadingRoomConfig::find(const std::string& code) const {
  for (const auto& s : slots) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

ReadingRoomConfig reading_room_config_from_ini(const std::map<std::string, std::string>& keys) {
  ReadingRoomConfig c;
  if (auto it = keys.find("slots"); it != keys.end()) {
    c.slots.clear();
    for (const std::string& word : split_spaces(it->second)) {
      const auto dash = word.find('-');
      const int start = dash == std::string::npos ? -1 : parse_hhmm(word.substr(0, dash));
      const int end = dash == std::string::npos ? -1 : parse_hhmm(word.substr(dash + 1));
      if (start < 0 || end <= start) {
        throw InputError("[reading_room] slots: expected HH:MM-HH:MM, not \"" + word + "\"");
      }
      if (!c.slots.empty() && start < c.slots.back().end_minute) {
        throw InputError("[reading_room] slots: \"" + word + "\" overlaps or precedes the slot before it");
      }
      c.slots.push_back(slot_of(start, end));
    }
    if (c.slots.empty()) throw InputError("[reading_room] slots: at least one slot is needed");
  }
  c.seats = static_cast<int>(section_number(keys, "reading_room", "seats", c.seats, 1, 1000));
  c.lead_days = static_cast<int>(section_number(keys, "reading_room", "lead_days", c.lead_days, 0, 365));
  c.horizon_days =
      static_cast<int>(section_number(keys, "reading_room", "horizon_days", c.horizon_days, c.lead_days, 730));
  return c;
}

const char* booking_problem_code(BookingProblem p) {
  switch (p) {
    case BookingProblem::NotGranted:
      return "not_granted";
    case BookingProblem::AlreadyBooked:
      return "already_booked";
    case BookingProblem::UnknownSlot:
      return "unknown_slot";
    case BookingProblem::Past:
      return "past";
    case BookingProblem::TooSoon:
      return "too_soon";
    case BookingProblem::TooFar:
      return "too_far";
    case BookingProblem::Closed:
      return "closed";
    case BookingProblem::BeforeUseDate:
      return "before_use_date";
    case BookingProblem::Full:
      return "full";
    case BookingProblem::NoBooking:
      return "no_booking";
  }
  return "unknown";
}

bool booking_problem_is_conflict(BookingProblem p) {
  return p == BookingProblem::NotGranted || p == BookingProblem::AlreadyBooked || p == BookingProblem::Full ||
         p == BookingProblem::NoBooking;
}

int natural_compare(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    int da = 0, db = 0;
    size_t wa = 0, wb = 0;
    const bool na = is_digit_at(a, i, da, wa);
    const bool nb = is_digit_at(b, j, db, wb);
    if (na && nb) {
      // Compare whole digit runs by value (leading zeros ignored), then go on.
      unsigned long long va = 0, vb = 0;
      while (i < a.size() && is_digit_at(a, i, da, wa)) {
        va = va * 10 + static_cast<unsigned>(da);
        i += wa;
      }
      while (j < b.size() && is_digit_at(b, j, db, wb)) {
        vb = vb * 10 + static_cast<unsigned>(db);
        j += wb;
      }
      if (va != vb) return va < vb ? -1 : 1;
      continue;
    }
    const unsigned char ca = static_cast<unsigned char>(a[i]);
    const unsigned char cb = static_cast<unsigned char>(b[j]);
    if (ca != cb) return ca < cb ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

bool shelf_order_less(const RetrievalRow& a, const RetrievalRow& b) {
  if (a.location.empty() != b.location.empty()) return !a.location.empty();
  if (int c = natural_compare(a.location, b.location)) return c < 0;
  if (int c = natural_compare(a.call_number, b.call_number)) return c < 0;
  if (a.slot != b.slot) return a.slot < b.slot;
  if (a.receipt != b.receipt) return a.receipt < b.receipt;
  return a.volume_id < b.volume_id;
}

ReadingRoom::ReadingRoom(sql::Database& db, AuditTrail& audit, RequestStore& requests, ReadingRoomConfig config)
    : db_(db), audit_(audit), requests_(requests), config_(std::move(config)) {}

std::optional<BookingProblem> ReadingRoom::eligibility(const StoredRequest& r) const {
  // Viewing that a notified decision granted, until the request is finished.
  if (r.method != UseMethod::View || !r.notified_on) return BookingProblem::NotGranted;
  if (r.state != RequestState::Notified && r.state != RequestState::Used) return BookingProblem::NotGranted;
  const bool granted = std::any_of(r.items.begin(), r.items.end(), [](const RequestItem& i) {
    return i.decided && i.decision.decision != Decision::NoUse;
  });
  if (!granted) return BookingProblem::NotGranted;
  return std::nullopt;
}

std::vector<SlotAvailability> ReadingRoom::slots_of(const Ymd& day) {
  std::map<std::string, int> booked;
  auto st =
      db_.prepare("SELECT slot, count(*) FROM reading_bookings WHERE day = ? AND cancelled_at IS NULL GROUP BY slot");
  st.bind(1, day.iso());
  while (st.step()) booked[st.text(0)] = static_cast<int>(st.integer(1));
  st.reset();
  std::vector<SlotAvailability> out;
  for (const auto& s : config_.slots) out.push_back({s.code, booked[s.code], config_.seats});
  return out;
}

std::vector<BookableDay> ReadingRoom::bookable_days(const std::optional<Ymd>& earliest_use, TimePoint now) {
  const Ymd today = japan_day(now);
  Ymd first = add_days(today, config_.lead_days);
  if (earliest_use && first < *earliest_use) first = *earliest_use;
  const Ymd last = add_days(today, config_.horizon_days);
  const int minute = japan_minute(now);
  std::vector<BookableDay> out;
  for (Ymd day = first; day <= last; day = add_days(day, 1)) {
    if (calendar().is_closed(day)) continue;
    BookableDay d{day, slots_of(day)};
    if (day == today) {
      // With lead_days = 0, today's slots that have begun are gone.
      d.slots.erase(
          std::remove_if(d.slots.begin(), d.slots.end(),
                         [&](const SlotAvailability& s) { return config_.find(s.slot)->start_minute <= minute; }),
          d.slots.end());
      if (d.slots.empty()) continue;
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<Booking> ReadingRoom::active_booking(const std::string& receipt) {
  auto st = db_.prepare(
      "SELECT id, receipt, day, slot, booked_at FROM reading_bookings WHERE receipt = ? AND cancelled_at IS NULL "
      "ORDER BY day DESC, slot DESC LIMIT 1");
  st.bind(1, receipt);
  std::optional<Booking> out;
  if (st.step()) {
    auto day = Ymd::parse_iso(st.text(2));
    if (day) out = Booking{st.integer(0), st.text(1), *day, st.text(3), st.text(4)};
  }
  st.reset();
  return out;
}

void ReadingRoom::record(const std::string& receipt, const std::string& state, const std::string& event,
                         const std::string& note, TimePoint now) {
  // The request's history, as RequestStore records an extension: an event without a
  // change of state.
  auto st = db_.prepare(
      "INSERT INTO request_events(receipt, from_state, event, to_state, actor, role, at, on_day, note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, receipt).bind(2, state).bind(3, event).bind(4, state).bind(5, receipt);
  st.bind(6, role_name(Role::Citizen)).bind(7, iso_utc(now)).bind(8, japan_day(now).iso()).bind(9, note).run();
  st.reset();
  audit_.append("requester", role_name(Role::Citizen), "request." + event, receipt, note, now);
}

Booking ReadingRoom::book(const std::string& receipt, const std::string& token, const Ymd& day,
                          const std::string& slot_code, TimePoint now) {
  if (!requests_.token_matches(receipt, token)) throw NotFound("no request " + receipt + " with this token");
  const Ymd today = japan_day(now);
  const ReadingSlot* slot = config_.find(slot_code);
  if (!slot) throw BookingRefused(BookingProblem::UnknownSlot, "no reading-room slot \"" + slot_code + "\"");
  if (day < today || (day == today && slot->start_minute <= japan_minute(now))) {
    throw BookingRefused(BookingProblem::Past, day.iso() + " " + slot->label() + " has begun already");
  }
  if (day < add_days(today, config_.lead_days)) {
    throw BookingRefused(BookingProblem::TooSoon,
                         "the reading room is booked at least " + std::to_string(config_.lead_days) + " day(s) ahead");
  }
  if (add_days(today, config_.horizon_days) < day) {
    throw BookingRefused(BookingProblem::TooFar,
                         "the reading room is booked at most " + std::to_string(config_.horizon_days) + " days ahead");
  }
  if (auto why = calendar().closure_reason(day)) {
    throw BookingRefused(BookingProblem::Closed, "the archive is closed on " + day.iso() + " (" + *why + ")");
  }

  // The seat count and the insert in one write transaction: BEGIN IMMEDIATE takes the
  // write lock first, so two bookings of the last seat cannot both see it free.
  sql::Transaction tx(db_);
  const StoredRequest r = requests_.get(receipt);
  if (auto problem = eligibility(r)) {
    throw BookingRefused(*problem, "request " + receipt + " has no viewing to book");
  }
  if (r.earliest_use && day < *r.earliest_use) {
    throw BookingRefused(BookingProblem::BeforeUseDate, "use may begin on " + r.earliest_use->iso());
  }
  if (auto held = active_booking(receipt); held && today <= held->day) {
    throw BookingRefused(BookingProblem::AlreadyBooked,
                         "request " + receipt + " has a booking on " + held->day.iso() + " already");
  }
  {
    auto st = db_.prepare("SELECT count(*) FROM reading_bookings WHERE day = ? AND slot = ? AND cancelled_at IS NULL");
    st.bind(1, day.iso()).bind(2, slot->code);
    st.step();
    const int64_t taken = st.integer(0);
    st.reset();
    if (taken >= config_.seats) {
      throw BookingRefused(BookingProblem::Full, day.iso() + " " + slot->label() + " is fully booked");
    }
  }
  Booking b{0, receipt, day, slot->code, iso_utc(now)};
  auto ins = db_.prepare("INSERT INTO reading_bookings(receipt, day, slot, booked_at) VALUES (?, ?, ?, ?)");
  ins.bind(1, receipt).bind(2, day.iso()).bind(3, slot->code).bind(4, b.booked_at).run();
  ins.reset();
  b.id = db_.last_insert_rowid();
  record(receipt, state_name(r.state), "book", day.iso() + " " + slot->label(), now);
  tx.commit();
  return b;
}

void ReadingRoom::cancel(const std::string& receipt, const std::string& token, TimePoint now) {
  if (!requests_.token_matches(receipt, token)) throw NotFound("no request " + receipt + " with this token");
  const Ymd today = japan_day(now);
  sql::Transaction tx(db_);
  const StoredRequest r = requests_.get(receipt);
  auto held = active_booking(receipt);
  if (!held || held->day < today) throw BookingRefused(BookingProblem::NoBooking, "no booking to cancel");
  const ReadingSlot* slot = config_.find(held->slot);
  const int start = slot ? slot->start_minute : 0;
  if (held->day == today && start <= japan_minute(now)) {
    throw BookingRefused(BookingProblem::Past, "the booked slot has begun already");
  }
  auto st = db_.prepare("UPDATE reading_bookings SET cancelled_at = ? WHERE id = ?");
  st.bind(1, iso_utc(now)).bind(2, held->id).run();
  st.reset();
  record(receipt, state_name(r.state), "cancel_booking", held->day.iso() + " " + (slot ? slot->label() : held->slot),
         now);
  tx.commit();
}

RetrievalList ReadingRoom::retrieval_list(const Ymd& day, const Actor& actor, TimePoint now) {
  if (!has_permission(actor.role, Permission::RecordUse)) {
    throw Forbidden(actor.id + " (" + role_name(actor.role) + ") lacks the permission " +
                    permission_name(Permission::RecordUse));
  }
  RetrievalList out;
  out.day = day;
  out.slots = slots_of(day);
  std::vector<std::pair<std::string, std::string>> bookings;  // (receipt, slot)
  {
    auto st = db_.prepare(
        "SELECT receipt, slot FROM reading_bookings WHERE day = ? AND cancelled_at IS NULL ORDER BY slot, receipt");
    st.bind(1, day.iso());
    while (st.step()) bookings.emplace_back(st.text(0), st.text(1));
    st.reset();
  }
  for (const auto& [receipt, slot] : bookings) {
    const StoredRequest r = requests_.get(receipt);
    // One row per volume of a booking: items of one volume are fetched together.
    std::map<std::string, size_t> row_of_volume;
    for (const auto& item : r.items) {
      if (!item.decided || item.decision.decision == Decision::NoUse) continue;
      // Up from the requested record to its volume (itself when it is one).
      std::string id = item.decision.record_id;
      std::optional<RetrievalItem> requested_item;
      RetrievalRow row;
      for (int depth = 0; depth < 8 && !id.empty(); ++depth) {
        auto st = db_.prepare(
            "SELECT level, parent_id, COALESCE(call_number, ''), COALESCE(location, ''), "
            "COALESCE(NULLIF(public_title, ''), title) FROM records WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) {
          st.reset();
          break;
        }
        const std::string level = st.text(0);
        const std::string parent = st.text(1);
        const std::string call_number = st.text(2), location = st.text(3), title = st.text(4);
        st.reset();
        if (level == "item" && !requested_item) {
          requested_item = RetrievalItem{id, title, call_number};
          id = parent;
          continue;
        }
        row.volume_id = id;
        row.call_number = call_number;
        row.location = location;
        row.title = title;
        break;
      }
      if (row.volume_id.empty()) {
        // Not in the catalog any more (a request outlives a re-import): listed by its id.
        row.call_number = item.decision.record_id;
      }
      const std::string key = row.volume_id.empty() ? "?" + item.decision.record_id : row.volume_id;
      auto found = row_of_volume.find(key);
      RetrievalRow* target = nullptr;
      if (found == row_of_volume.end()) {
        row.receipt = receipt;
        row.slot = slot;
        row_of_volume[key] = out.rows.size();
        out.rows.push_back(std::move(row));
        target = &out.rows.back();
      } else {
        target = &out.rows[found->second];
      }
      if (requested_item) target->items.push_back(*requested_item);
      if (item.decision.decision == Decision::PartialUse) {
        target->partial = true;
        const std::string pages = redaction_pages(item.decision.redactions);
        if (!pages.empty()) target->redactions += (target->redactions.empty() ? "" : ", ") + pages;
      }
    }
  }
  std::sort(out.rows.begin(), out.rows.end(), shelf_order_less);
  sql::Transaction tx(db_);
  audit_.append(actor.id, role_name(actor.role), "reading.retrieval_list", day.iso(),
                "bookings=" + std::to_string(bookings.size()) + " volumes=" + std::to_string(out.rows.size()), now);
  tx.commit();
  return out;
}

}  // namespace monjo::archive
