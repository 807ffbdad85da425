// Judgements of a record's access and the holds they place. A notified use-request
// decision and a reviewer's decision are judgements; the latest one of a record is
// in force. One that withholds (一部利用 → restricted, 利用させない → closed, a review
// that keeps the restriction) sets the record's stated access from itself — grounds,
// reason, and `until` = its review date — and places a hold: until a later judgement
// takes it away, nothing may open the record or shorten its restriction. The import
// keeps what a hold demands (Catalog::insert), `monjo review` refuses to open a held
// record before its review date, and triggers in schema/catalog.sql (migration 7)
// refuse any other write that would break a hold. docs/requests.md, "Review".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/base/sqlite.h"
#include "archive/catalog/record.h"
#include "archive/dates/date.h"
#include "archive/dates/timestamp.h"

namespace monjo::archive {

enum class JudgementSource { Decision, Review };
const char* judgement_source_name(JudgementSource s);  // "decision", "review"

struct Judgement {
  std::string record_id;
  JudgementSource source = JudgementSource::Decision;
  std::string ref;                                  // a decision's receipt
  AccessStatus outcome = AccessStatus::Restricted;  // Open lifts; the others withhold
  std::vector<std::string> grounds;
  std::string reason;            // staff only
  std::optional<Ymd> review_on;  // required when it withholds
  Ymd decided_on;                // the day in Japan
  std::string actor;
};

// The hold on a record: its latest judgement, when that withholds.
struct Hold {
  std::string record_id;
  long long judgement_id = 0;
  std::string source;  // "decision", "review", "migration"
  std::string ref;     // receipt
  AccessStatus outcome = AccessStatus::Restricted;
  std::vector<std::string> grounds;
  std::string reason;
  std::string review_on;   // ISO: the first day it may be reviewed
  std::string decided_on;  // ISO
  // "R2026-000123 (2026-12-01)" or "review (2031-04-01)", for messages.
  std::string describe() const;
};

std::optional<Hold> find_hold(sql::Database& db, const std::string& record_id);

// The access a write of `stated` must give a record under `hold`: a withholding
// statement keeps its status and reason with `until` no earlier than the review
// date (an empty `until`, no end, stays); anything else (open, or nothing stated)
// becomes the hold's own access.
Access access_under_hold(const Hold& hold, const std::optional<Access>& stated);

// Records `j` as the record's latest judgement. A withholding one (review_on
// required, after decided_on) becomes the hold and the record's stated access (its
// old access kept in access_history), and a descendant that states `open` falls
// back to inheriting it; an open one removes the hold and leaves opening the record
// to the caller. Returns true when the catalog's records changed (the caller bumps
// the generation once and re-indexes). Call inside a transaction.
bool record_judgement(sql::Database& db, const Judgement& j, TimePoint now = now_seconds());

// Sets a record's stated access, keeping the old one in access_history with the
// actor and note (Catalog::set_access is this). Throws NotFound for an unknown id.
void write_access(sql::Database& db, const std::string& id, const std::optional<Access>& access,
                  const std::string& actor, const std::string& note);

// The catalog generation, and its bump (Catalog::generation and bump_generation
// are these).
uint64_t read_catalog_generation(sql::Database& db);
void bump_catalog_generation(sql::Database& db);

// A notified decision on a record, for the review listing.
struct DecisionOnRecord {
  std::string receipt;
  std::string decision;  // "full", "partial", "none"
  std::string decided_on;
  std::string notified_on;
  std::string review_after;
};
// Every notified decision on the record, oldest first.
std::vector<DecisionOnRecord> decisions_on(sql::Database& db, const std::string& record_id);

}  // namespace monjo::archive
