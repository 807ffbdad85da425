// The catalog store (docs/search.md; docs/architecture.md, "The data directory"): SQLite is the source of truth for
// records, their names, access and preservation events. Schema and migrations come from schema/catalog.sql (compiled
// in). Writers replace whole subtrees in one transaction, so a file goes in whole or not at all.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archive/base/sqlite.h"
#include "archive/catalog/record.h"

namespace monjo::archive {

struct CatalogCounts {
  long fonds = 0;
  long series = 0;
  long volumes = 0;
  long items = 0;
  long total() const { return fonds + series + volumes + items; }
  long& of(Level level) {
    switch (level) {
      case Level::Fonds:
        return fonds;
      case Level::Series:
        return series;
      case Level::Volume:
        return volumes;
      case Level::Item:
        break;
    }
    return items;
  }
  long of(Level level) const { return const_cast<CatalogCounts*>(this)->of(level); }
};

// A record's datestamp for harvesting (OAI-PMH, docs/portal.md): the latest updated_at
// of the record and of its ancestors, because an ancestor's access change (review,
// a decision) changes what the record itself shows to the public.
struct RecordStamp {
  std::string id;
  std::string root_id;    // its fonds
  std::string datestamp;  // UTC, 2024-05-01T09:30:00Z
};

// Which stamps record_stamps() returns: [from, until] inclusive (UTC strings of the
// datestamp form; empty: unbounded), one fonds or all, ids after a resumption point.
struct StampQuery {
  std::string from;
  std::string until;
  std::string root_id;
  std::string after_id;
  int limit = 100;
};

// The preservation planning list (docs/staff.md, "Planning preservation"): which
// volumes preservation_plan() lists. Empty strings and 0 mean "no filter".
struct PreservationQuery {
  std::string root_id;                   // one fonds
  std::optional<std::string> condition;  // the condition as written; "" = none recorded
  int not_fumigated_since = 0;           // never fumigated, or last fumigation before this year
  int limit = 100;
  int offset = 0;
};

struct PreservationRow {
  std::string id;
  std::string title;
  std::string call_number;
  std::string root_id;
  std::string condition;
  std::string location;
  std::string last_fumigation;           // the latest "fumigation" event's date as written; "" = never
  std::vector<std::string> event_kinds;  // each kind of event it has had, in the order of its events
};

struct PreservationPlan {
  std::vector<PreservationRow> rows;  // never fumigated first, then oldest fumigation, then call number
  long total = 0;                     // rows without limit and offset
  // Volumes by condition ("" = none recorded) under the fonds filter only, most first.
  std::vector<std::pair<std::string, long>> by_condition;
};

// A series or volume below a record, as Catalog::outline() lists them.
struct OutlineRow {
  std::string id;
  std::string parent_id;
  Level level = Level::Volume;
};

// Whether a record of level `child` may be placed under one of level `parent`
// (docs/catalog-format.md: series under fonds or series, volumes under fonds or
// series, items under volumes).
bool may_hold(Level parent, Level child);

class Catalog {
 public:
  using Mode = sql::Database::Mode;
  // Opens (and, read-write, creates or migrates) <path>.
  explicit Catalog(const std::string& path, Mode mode = Mode::ReadWrite);
  ~Catalog();

  // The number of the last migration in schema/catalog.sql.
  static int latest_schema_version();
  int schema_version();
  // Applies migrations up to `version` (tests use it to build an old catalog).
  static void migrate_to(sql::Database& db, int version);

  // --- reading ---------------------------------------------------------------
  std::optional<Record> get(const std::string& id);
  bool exists(const std::string& id);
  // Children in catalog order.
  std::vector<Record> children(const std::string& id);
  std::vector<std::string> child_ids(const std::string& id);
  // At most `limit` children from the `offset`-th (0-based), in catalog order.
  std::vector<Record> children(const std::string& id, long offset, long limit);
  long child_count(const std::string& id);
  // The series and volumes below `id` at any depth (items left out), each after its
  // parent: what the browse pages count without reading whole records.
  std::vector<OutlineRow> outline(const std::string& id);
  // Ancestors from the fonds down to the parent (not including the record).
  std::vector<Record> ancestors(const std::string& id);
  // Every record, depth-first in catalog order (parents before children).
  void for_each(const std::function<void(const Record&)>& visit);
  // Records of one fonds subtree, depth-first.
  void for_each_in(const std::string& root_id, const std::function<void(const Record&)>& visit);
  std::vector<std::string> fonds_ids();
  CatalogCounts counts();
  // The id of the record that holds a call number, if any.
  std::optional<std::string> id_for_call_number(const std::string& call_number);
  // The root (fonds) id of the subtree that holds `id`, if the id exists.
  std::optional<std::string> root_of(const std::string& id);

  // Records whose datestamp lies in the range, in id order (byte order), at most
  // `limit` of them, each after `after_id`.
  std::vector<RecordStamp> record_stamps(const StampQuery& query);
  // How many records record_stamps() would return with no limit and no after_id.
  long count_record_stamps(const StampQuery& query);
  // One record's datestamp, if the id exists.
  std::optional<RecordStamp> record_stamp(const std::string& id);
  // A lower bound of every datestamp (empty when the catalog is empty).
  std::string earliest_datestamp();

  // The volumes for planning fumigation and other preservation work.
  PreservationPlan preservation_plan(const PreservationQuery& query);

  // --- writing ---------------------------------------------------------------
  // Deletes `id` and all its descendants. Returns how many records went.
  long delete_subtree(const std::string& id);
  // Inserts one record; its parent must already be present (or it is a fonds).
  // A record held by a judgement keeps the access the hold demands
  // (archive/catalog/access_judgements.h), whatever `record` states; the note says what
  // was kept, for the importer to print.
  std::optional<std::string> insert(const Record& record);
  // Rewrites one record's own fields, names and preservation events in place (its
  // id, level and parent stay: children are untouched). Holds apply as for insert();
  // a change of access is kept in access_history with `actor` and `note`.
  std::optional<std::string> update(const Record& record, const std::string& actor, const std::string& note);
  // Moves a series, volume or item with its descendants to the end of another parent
  // (their fonds and inherited access follow). InputError when the level may not
  // go there (may_hold) or the parent is inside the record's own subtree.
  void move(const std::string& id, const std::string& new_parent_id);
  // Sets a record's stated access (used by review and decisions); the old value is
  // kept in access_history with the actor and note.
  void set_access(const std::string& id, const std::optional<Access>& access, const std::string& actor,
                  const std::string& note);

  // A counter bumped by every change that the indexes must follow; the indexes
  // record the generation they were built from (docs/search.md: never serve a mismatch).
  uint64_t generation();
  void bump_generation();

  sql::Database& db() { return db_; }

 private:
  // `where` binds `key` as ?1; limit >= 0 returns that page of the rows only.
  std::vector<Record> query_records(const std::string& where, const std::string& key, long offset = 0,
                                    long limit = -1);
  void visit_subtree(const Record& record, const std::function<void(const Record&)>& visit);
  std::string root_for_parent(const std::string& parent_id);
  const Record& under_holds(const Record& record, Record& adjusted, std::optional<std::string>& held_note);
  void write_names_and_events(const Record& record);
  sql::Database db_;
  std::string cached_parent_;
  std::string cached_root_;
};

}  // namespace monjo::archive
