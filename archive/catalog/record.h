// A described record at one of the four levels of docs/catalog-format.md (ISAD(G) fonds, series,
// file = 簿冊 volume, item = 件名), as held in the catalog. Plain data: reading XML
// is indexer/'s job, storing it catalog.h's, deciding what the public sees
// access_policy.h's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/dates/date.h"

namespace monjo::archive {

enum class Level { Fonds, Series, Volume, Item };
const char* level_name(Level level);  // "fonds", "series", "volume", "item"
std::optional<Level> level_from_name(const std::string& name);

enum class AccessStatus { Open, Restricted, Review, Closed };
const char* access_name(AccessStatus status);  // "open", "restricted", "review", "closed"
std::optional<AccessStatus> access_from_name(const std::string& name);

// A record id as URLs and filters accept it: 1–64 of A–Z a–z 0–9 . _ -
bool valid_record_id(std::string_view id);

struct Name {
  std::string type;  // person | org | place
  std::string text;
};

struct Access {
  AccessStatus status = AccessStatus::Open;
  std::vector<std::string> grounds;  // subset of the grounds table (access_policy.h)
  std::string until;                 // ISO date or empty
  std::string reason;                // staff only
};

struct PreservationEvent {
  std::string type;  // fumigation | cleaning | repair | ... (docs/catalog-format.md)
  std::string date;  // ISO date as given (YYYY, YYYY-MM or YYYY-MM-DD)
  std::string text;
};

struct Record {
  std::string id;
  Level level = Level::Item;
  std::string parent_id;   // empty for a fonds
  int position = 0;        // order among its siblings, as in the file
  std::optional<int> seq;  // item/@seq

  std::string call_number;
  std::string title;
  std::string public_title;
  std::string creator;
  std::string date_text;             // as written
  std::string date_normal;           // @normal as written, or empty
  std::optional<DateInterval> date;  // parsed interval (from @normal when present)
  std::string department;
  std::string history;
  std::string scope;
  std::string description;
  std::string retention;
  std::string extent;
  std::optional<int> extent_pages;
  std::optional<int> pages_from;
  std::optional<int> pages_to;
  std::string location;   // staff only
  std::string condition;  // staff only
  std::vector<Name> names;
  std::string note;              // staff only
  std::optional<Access> access;  // as stated on this record; effective access is inherited
  std::vector<PreservationEvent> preservation;

  long source_line = 0;  // line in the imported file (diagnostics only; not stored)
  // The parent's call number, as the catalog reads it (not stored with the record):
  // what citable_number() derives an item's number from.
  std::string parent_call_number;
};

// The number a reader cites a record by (請求番号; docs/catalog-format.md, "Citable
// numbers"): its own callNumber when it has one; for an item without one, its volume's
// call number and its number in the volume (@seq, else its place in the 細目録),
// three digits at least: 歴1-0001 + seq 3 → 歴1-0001-003. Empty when neither gives one.
std::string citable_number(const Record& record);

}  // namespace monjo::archive
