#include "archive/catalog/catalog.h"

#include <sstream>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/access_judgements.h"

namespace monjo::archive {

extern const char* const kCatalogSql;

namespace {

struct Migration {
  int version;
  std::string sql;
};

// Splits schema/catalog.sql at its "-- migration N:" lines.
std::vector<Migration> migrations() {
  std::vector<Migration> result;
  std::istringstream in(kCatalogSql);
  std::string line;
  const std::string marker = "-- migration ";
  while (std::getline(in, line)) {
    if (line.compare(0, marker.size(), marker) == 0) {
      result.push_back({std::stoi(line.substr(marker.size())), {}});
      continue;
    }
    if (!result.empty()) {
      result.back().sql += line;
      result.back().sql += '\n';
    }
  }
  return result;
}

const char* const kRecordColumns =
    "id, level, parent_id, position, seq, call_number, title, public_title, creator, date_text, "
    "date_normal, date_start, date_end, department, history, scope, description, retention, extent, "
    "extent_pages, pages_from, pages_to, location, condition, note, access_status, access_grounds, "
    "access_until, access_reason";

// What the catalog reads: the stored columns, then the parent's call number
// (Record::parent_call_number).
const std::string kReadColumns = std::string(kRecordColumns) +
                                 ", (SELECT p.call_number FROM records AS p WHERE p.id = records.parent_id)";

std::optional<int> opt_int(const sql::Statement& st, int col) {
  auto v = st.opt_integer(col);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

Record read_row(const sql::Statement& st) {
  Record r;
  r.id = st.text(0);
  r.level = level_from_name(st.text(1)).value_or(Level::Item);
  r.parent_id = st.text(2);
  r.position = static_cast<int>(st.integer(3));
  r.seq = opt_int(st, 4);
  r.call_number = st.text(5);
  r.title = st.text(6);
  r.public_title = st.text(7);
  r.creator = st.text(8);
  r.date_text = st.text(9);
  r.date_normal = st.text(10);
  if (!st.is_null(11) && !st.is_null(12)) {
    auto start = Ymd::parse_iso(st.text(11));
    auto end = Ymd::parse_iso(st.text(12));
    if (start && end) r.date = DateInterval{*start, *end};
  }
  r.department = st.text(13);
  r.history = st.text(14);
  r.scope = st.text(15);
  r.description = st.text(16);
  r.retention = st.text(17);
  r.extent = st.text(18);
  r.extent_pages = opt_int(st, 19);
  r.pages_from = opt_int(st, 20);
  r.pages_to = opt_int(st, 21);
  r.location = st.text(22);
  r.condition = st.text(23);
  r.note = st.text(24);
  if (!st.is_null(25)) {
    Access a;
    a.status = access_from_name(st.text(25)).value_or(AccessStatus::Closed);
    a.grounds = split_spaces(st.text(26));
    a.until = st.text(27);
    a.reason = st.text(28);
    r.access = a;
  }
  r.parent_call_number = st.text(29);
  return r;
}

}  // namespace

int Catalog::latest_schema_version() {
  auto all = migrations();
  return all.empty() ? 0 : all.back().version;
}

void Catalog::migrate_to(sql::Database& db, int version) {
  auto st = db.prepare("PRAGMA user_version");
  st.step();
  int current = static_cast<int>(st.integer(0));
  st.reset();
  for (const auto& m : migrations()) {
    if (m.version <= current || m.version > version) continue;
    sql::Transaction tx(db);
    db.exec(m.sql.c_str());
    db.exec(("PRAGMA user_version = " + std::to_string(m.version)).c_str());
    tx.commit();
  }
}

Catalog::Catalog(const std::string& path, Mode mode) : db_(path, mode) {
  if (mode == Mode::ReadWrite) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = NORMAL");
    // A large import is one transaction, so the WAL grows to the size of the change;
    // let the checkpoint after it shrink the file back (64 MiB kept).
    db_.exec("PRAGMA journal_size_limit = 67108864");
    migrate_to(db_, latest_schema_version());
  } else {
    int version = schema_version();
    if (version == 0) throw Error("catalog " + path + " is empty: import a catalog first");
    if (version > latest_schema_version()) {
      throw Error("catalog " + path + " was written by a newer monjo (schema " + std::to_string(version) + ")");
    }
  }
}

Catalog::~Catalog() = default;

int Catalog::schema_version() {
  auto st = db_.prepare("PRAGMA user_version");
  st.step();
  int v = static_cast<int>(st.integer(0));
  st.reset();
  return v;
}

std::vector<Record> Catalog::query_records(const std::string& where, const std::string& key, long offset,
                                           long limit) {
  std::vector<Record> out;
  // A page (limit >= 0) is the same slice in the query of the records and in the
  // subqueries of their names and events.
  const bool paged = limit >= 0;
  const std::string order = paged ? " ORDER BY position, id LIMIT ?2 OFFSET ?3" : " ORDER BY position, id";
  auto bind_all = [&](sql::Statement& st) {
    st.bind(1, key);
    if (paged) {
      st.bind(2, static_cast<int64_t>(limit));
      st.bind(3, static_cast<int64_t>(offset));
    }
  };
  {
    auto st = db_.prepare("SELECT " + kReadColumns + " FROM records WHERE " + where + order);
    bind_all(st);
    while (st.step()) out.push_back(read_row(st));
    st.reset();
  }
  if (out.empty()) return out;
  // Names and preservation events for the whole batch, two queries in all.
  std::string sub = "SELECT id FROM records WHERE " + where + (paged ? order : std::string());
  auto attach = [&](const std::string& sql, auto&& add) {
    auto st = db_.prepare(sql);
    bind_all(st);
    size_t i = 0;
    while (st.step()) {
      std::string rid = st.text(0);
      if (i >= out.size() || out[i].id != rid) {
        i = 0;
        while (i < out.size() && out[i].id != rid) ++i;
        if (i == out.size()) continue;
      }
      add(out[i], st);
    }
    st.reset();
  };
  attach("SELECT record_id, type, text FROM names WHERE record_id IN (" + sub + ") ORDER BY record_id, position",
         [](Record& r, sql::Statement& st) {
           r.names.push_back({st.text(1), st.text(2)});
         });
  attach("SELECT record_id, type, date, text FROM preservation_events WHERE record_id IN (" + sub +
             ") ORDER BY record_id, position",
         [](Record& r, sql::Statement& st) {
           r.preservation.push_back({st.text(1), st.text(2), st.text(3)});
         });
  return out;
}

std::optional<Record> Catalog::get(const std::string& id) {
  auto rows = query_records("id = ?1", id);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

bool Catalog::exists(const std::string& id) {
  auto st = db_.prepare("SELECT 1 FROM records WHERE id = ?1");
  st.bind(1, id);
  bool found = st.step();
  st.reset();
  return found;
}

std::vector<Record> Catalog::children(const std::string& id) {
  return query_records("parent_id = ?1", id);
}

std::vector<Record> Catalog::children(const std::string& id, long offset, long limit) {
  return query_records("parent_id = ?1", id, offset, limit < 0 ? 0 : limit);
}

long Catalog::child_count(const std::string& id) {
  auto st = db_.prepare("SELECT count(*) FROM records WHERE parent_id = ?1");
  st.bind(1, id);
  st.step();
  long n = static_cast<long>(st.integer(0));
  st.reset();
  return n;
}

std::vector<OutlineRow> Catalog::outline(const std::string& id) {
  // Items are never joined on: only series have series and volumes below them.
  auto st = db_.prepare(
      "WITH RECURSIVE below(id, parent_id, level) AS ("
      " SELECT id, parent_id, level FROM records WHERE parent_id = ?1 AND level IN ('series', 'volume')"
      " UNION ALL"
      " SELECT r.id, r.parent_id, r.level FROM records r JOIN below b ON r.parent_id = b.id"
      " WHERE b.level = 'series' AND r.level IN ('series', 'volume'))"
      " SELECT id, parent_id, level FROM below");
  st.bind(1, id);
  std::vector<OutlineRow> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), level_from_name(st.text(2)).value_or(Level::Volume)});
  st.reset();
  return out;
}

std::vector<std::string> Catalog::child_ids(const std::string& id) {
  std::vector<std::string> out;
  auto st = db_.prepare("SELECT id FROM records WHERE parent_id = ?1 ORDER BY position, id");
  st.bind(1, id);
  while (st.step()) out.push_back(st.text(0));
  st.reset();
  return out;
}

std::vector<Record> Catalog::ancestors(const std::string& id) {
  std::vector<Record> chain;
  auto current = get(id);
  while (current && !current->parent_id.empty()) {
    auto parent = get(current->parent_id);
    if (!parent) break;
    chain.insert(chain.begin(), *parent);
    current = std::move(parent);
  }
  return chain;
}

void Catalog::visit_subtree(const Record& record, const std::function<void(const Record&)>& visit) {
  visit(record);
  if (record.level == Level::Item) return;
  for (const auto& child : children(record.id)) visit_subtree(child, visit);
}

void Catalog::for_each(const std::function<void(const Record&)>& visit) {
  for (const auto& id : fonds_ids()) for_each_in(id, visit);
}

void Catalog::for_each_in(const std::string& root_id, const std::function<void(const Record&)>& visit) {
  auto root = get(root_id);
  if (root) visit_subtree(*root, visit);
}

std::vector<std::string> Catalog::fonds_ids() {
  std::vector<std::string> out;
  auto st = db_.prepare("SELECT id FROM records WHERE parent_id IS NULL ORDER BY position, id");
  while (st.step()) out.push_back(st.text(0));
  st.reset();
  return out;
}

CatalogCounts Catalog::counts() {
  CatalogCounts c;
  auto st = db_.prepare("SELECT level, count(*) FROM records GROUP BY level");
  while (st.step()) {
    auto level = level_from_name(st.text(0));
    long n = static_cast<long>(st.integer(1));
    if (!level) continue;
    c.of(*level) = n;
  }
  st.reset();
  return c;
}

std::optional<std::string> Catalog::id_for_call_number(const std::string& call_number) {
  auto st = db_.prepare("SELECT id FROM records WHERE call_number = ?1");
  st.bind(1, call_number);
  std::optional<std::string> out;
  if (st.step()) out = st.text(0);
  st.reset();
  return out;
}

std::optional<std::string> Catalog::root_of(const std::string& id) {
  auto st = db_.prepare("SELECT root_id FROM records WHERE id = ?1");
  st.bind(1, id);
  std::optional<std::string> out;
  if (st.step()) out = st.text(0);
  st.reset();
  return out;
}

long Catalog::delete_subtree(const std::string& id) {
  cached_parent_.clear();
  auto root = root_of(id);
  if (!root) return 0;
  if (*root == id) {
    // A whole fonds: one indexed delete; names and events follow by cascade.
    auto count = db_.prepare("SELECT count(*) FROM records WHERE root_id = ?1");
    count.bind(1, id);
    count.step();
    long n = static_cast<long>(count.integer(0));
    count.reset();
    auto del = db_.prepare("DELETE FROM records WHERE root_id = ?1");
    del.bind(1, id);
    del.run();
    return n;
  }
  auto count = db_.prepare(
      "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT r.id FROM records r JOIN sub ON r.parent_id = sub.id) "
      "SELECT count(*) FROM sub");
  count.bind(1, id);
  count.step();
  long n = static_cast<long>(count.integer(0));
  count.reset();
  auto del = db_.prepare("DELETE FROM records WHERE id = ?1");  // descendants go by ON DELETE CASCADE
  del.bind(1, id);
  del.run();
  return n;
}

std::string Catalog::root_for_parent(const std::string& parent_id) {
  if (parent_id == cached_parent_) return cached_root_;
  auto root = root_of(parent_id);
  if (!root) throw Error("record's parent " + parent_id + " is not in the catalog");
  cached_parent_ = parent_id;
  cached_root_ = *root;
  return *root;
}

// What a judgement withholds stays withheld, whatever is written: the record as the
// holds on it and on its parent let it be, with a note saying what was kept.
bool may_hold(Level parent, Level child) {
  switch (child) {
    case Level::Fonds:
      return false;
    case Level::Series:
      return parent == Level::Fonds || parent == Level::Series;
    case Level::Volume:
      return parent == Level::Fonds || parent == Level::Series;
    case Level::Item:
      return parent == Level::Volume;
  }
  return false;
}

const Record& Catalog::under_holds(const Record& record, Record& adjusted, std::optional<std::string>& held_note) {
  const Record* rp = &record;
  if (auto hold = find_hold(db_, record.id)) {
    Access kept = access_under_hold(*hold, record.access);
    const bool same = record.access && record.access->status == kept.status && record.access->until == kept.until;
    if (!same) {
      adjusted = record;
      adjusted.access = kept;
      rp = &adjusted;
      held_note = "kept " + std::string(access_name(kept.status)) + " until " + kept.until + " by " + hold->describe();
    }
  } else if (record.access && record.access->status == AccessStatus::Open && !record.parent_id.empty()) {
    if (auto parent_hold = find_hold(db_, record.parent_id)) {
      adjusted = record;
      adjusted.access.reset();  // inherits what the judgement on its parent withholds
      rp = &adjusted;
      held_note = "inherits the restriction of " + record.parent_id + " by " + parent_hold->describe();
    }
  }
  return *rp;
}

std::optional<std::string> Catalog::insert(const Record& record) {
  std::optional<std::string> held_note;
  Record adjusted;
  const Record& r = under_holds(record, adjusted, held_note);
  std::string root = r.parent_id.empty() ? r.id : root_for_parent(r.parent_id);
  auto st = db_.prepare(std::string("INSERT INTO records (") + kRecordColumns +
                        ", root_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                        "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)");
  st.bind(1, r.id).bind(2, level_name(r.level)).bind_opt(3, r.parent_id).bind(4, r.position).bind_opt(5, r.seq);
  st.bind_opt(6, r.call_number).bind(7, r.title).bind_opt(8, r.public_title).bind_opt(9, r.creator);
  st.bind_opt(10, r.date_text).bind_opt(11, r.date_normal);
  if (r.date) {
    st.bind(12, r.date->start.iso()).bind(13, r.date->end.iso());
  } else {
    st.bind_null(12).bind_null(13);
  }
  st.bind_opt(14, r.department).bind_opt(15, r.history).bind_opt(16, r.scope).bind_opt(17, r.description);
  st.bind_opt(18, r.retention).bind_opt(19, r.extent).bind_opt(20, r.extent_pages).bind_opt(21, r.pages_from);
  st.bind_opt(22, r.pages_to).bind_opt(23, r.location).bind_opt(24, r.condition).bind_opt(25, r.note);
  if (r.access) {
    st.bind(26, access_name(r.access->status)).bind_opt(27, join_spaces(r.access->grounds));
    st.bind_opt(28, r.access->until).bind_opt(29, r.access->reason);
  } else {
    st.bind_null(26).bind_null(27).bind_null(28).bind_null(29);
  }
  st.bind(30, root);
  st.run();
  write_names_and_events(r);
  return held_note;
}

void Catalog::write_names_and_events(const Record& r) {
  int pos = 0;
  for (const auto& n : r.names) {
    auto ns = db_.prepare("INSERT INTO names (record_id, position, type, text) VALUES (?1, ?2, ?3, ?4)");
    ns.bind(1, r.id).bind(2, pos++).bind(3, n.type).bind(4, n.text);
    ns.run();
  }
  pos = 0;
  for (const auto& e : r.preservation) {
    auto es = db_.prepare(
        "INSERT INTO preservation_events (record_id, position, type, date, text) VALUES (?1, ?2, ?3, ?4, ?5)");
    es.bind(1, r.id).bind(2, pos++).bind(3, e.type).bind_opt(4, e.date).bind_opt(5, e.text);
    es.run();
  }
}

void Catalog::move(const std::string& id, const std::string& new_parent_id) {
  auto record = get(id);
  if (!record) throw NotFound("no record " + id);
  auto parent = get(new_parent_id);
  if (!parent) throw InputError("no record " + new_parent_id + " to move " + id + " under");
  if (!may_hold(parent->level, record->level)) {
    throw InputError(std::string("a ") + level_name(record->level) + " cannot be placed under a " +
                     level_name(parent->level));
  }
  for (const auto& a : ancestors(new_parent_id)) {
    if (a.id == id) throw InputError("a record cannot be moved into its own subtree");
  }
  if (new_parent_id == id) throw InputError("a record cannot be moved into its own subtree");
  const std::string root = parent->parent_id.empty() ? parent->id : root_for_parent(parent->id);
  auto last = db_.prepare("SELECT coalesce(max(position), -1) + 1 FROM records WHERE parent_id = ?1");
  last.bind(1, new_parent_id);
  last.step();
  const int64_t position = last.integer(0);
  last.reset();
  auto up = db_.prepare(
      "UPDATE records SET parent_id = ?2, position = ?3, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
      "WHERE id = ?1");
  up.bind(1, id).bind(2, new_parent_id).bind(3, position);
  up.run();
  auto roots = db_.prepare(
      "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT r.id FROM records r JOIN sub ON r.parent_id = sub.id) "
      "UPDATE records SET root_id = ?2 WHERE id IN (SELECT id FROM sub)");
  roots.bind(1, id).bind(2, root);
  roots.run();
  cached_parent_.clear();
}

void Catalog::set_access(const std::string& id, const std::optional<Access>& access, const std::string& actor,
                         const std::string& note) {
  write_access(db_, id, access, actor, note);
}

std::optional<std::string> Catalog::update(const Record& record, const std::string& actor, const std::string& note) {
  auto current = get(record.id);
  if (!current) throw NotFound("no record " + record.id);
  if (current->level != record.level || current->parent_id != record.parent_id) {
    throw Error("internal error: update() does not move a record or change its level");
  }
  std::optional<std::string> held_note;
  Record adjusted;
  const Record& r = under_holds(record, adjusted, held_note);
  auto st = db_.prepare(
      "UPDATE records SET seq = ?2, call_number = ?3, title = ?4, public_title = ?5, creator = ?6, date_text = ?7, "
      "date_normal = ?8, date_start = ?9, date_end = ?10, department = ?11, history = ?12, scope = ?13, "
      "description = ?14, retention = ?15, extent = ?16, extent_pages = ?17, pages_from = ?18, pages_to = ?19, "
      "location = ?20, condition = ?21, note = ?22, position = ?23, "
      "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1");
  st.bind(1, r.id).bind_opt(2, r.seq).bind_opt(3, r.call_number).bind(4, r.title).bind_opt(5, r.public_title);
  st.bind_opt(6, r.creator).bind_opt(7, r.date_text).bind_opt(8, r.date_normal);
  if (r.date) {
    st.bind(9, r.date->start.iso()).bind(10, r.date->end.iso());
  } else {
    st.bind_null(9).bind_null(10);
  }
  st.bind_opt(11, r.department).bind_opt(12, r.history).bind_opt(13, r.scope).bind_opt(14, r.description);
  st.bind_opt(15, r.retention).bind_opt(16, r.extent).bind_opt(17, r.extent_pages).bind_opt(18, r.pages_from);
  st.bind_opt(19, r.pages_to).bind_opt(20, r.location).bind_opt(21, r.condition).bind_opt(22, r.note);
  st.bind(23, r.position);
  st.run();
  auto same_access = [](const std::optional<Access>& a, const std::optional<Access>& b) {
    if (!a || !b) return !a && !b;
    return a->status == b->status && a->grounds == b->grounds && a->until == b->until && a->reason == b->reason;
  };
  if (!same_access(current->access, r.access)) write_access(db_, r.id, r.access, actor, note);
  auto del_names = db_.prepare("DELETE FROM names WHERE record_id = ?1");
  del_names.bind(1, r.id);
  del_names.run();
  auto del_events = db_.prepare("DELETE FROM preservation_events WHERE record_id = ?1");
  del_events.bind(1, r.id);
  del_events.run();
  write_names_and_events(r);
  return held_note;
}

namespace {

// Every record with its datestamp. The stamps of fonds, series and volumes come from
// a walk down the tree (a small share of the records); an item takes the later of its
// own and its parent's. ?3 limits it to one fonds ('' for all).
const char* const kStampsSql =
    "WITH RECURSIVE branch(id, stamp) AS ("
    " SELECT id, updated_at FROM records WHERE parent_id IS NULL AND (?3 = '' OR id = ?3)"
    " UNION ALL"
    " SELECT r.id, max(r.updated_at, b.stamp) FROM records r JOIN branch b ON r.parent_id = b.id"
    " WHERE r.level <> 'item') "
    "SELECT id, root_id, stamp FROM ("
    " SELECT r.id AS id, r.root_id AS root_id, coalesce(s.stamp, max(r.updated_at, p.stamp)) AS stamp"
    " FROM records r LEFT JOIN branch s ON s.id = r.id LEFT JOIN branch p ON p.id = r.parent_id"
    " WHERE r.id > ?4 AND (?3 = '' OR r.root_id = ?3)) "
    "WHERE (?1 = '' OR stamp >= ?1) AND (?2 = '' OR stamp <= ?2)";

}  // namespace

std::vector<RecordStamp> Catalog::record_stamps(const StampQuery& q) {
  std::vector<RecordStamp> out;
  auto st = db_.prepare(std::string(kStampsSql) + " ORDER BY id LIMIT ?5");
  st.bind(1, q.from).bind(2, q.until).bind(3, q.root_id).bind(4, q.after_id).bind(5, q.limit);
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2)});
  st.reset();
  return out;
}

long Catalog::count_record_stamps(const StampQuery& q) {
  auto st = db_.prepare(std::string("SELECT count(*) FROM (") + kStampsSql + ")");
  st.bind(1, q.from).bind(2, q.until).bind(3, q.root_id).bind(4, "");
  st.step();
  long n = static_cast<long>(st.integer(0));
  st.reset();
  return n;
}

std::optional<RecordStamp> Catalog::record_stamp(const std::string& id) {
  auto st = db_.prepare(
      "WITH RECURSIVE up(id, parent_id, updated_at) AS ("
      " SELECT id, parent_id, updated_at FROM records WHERE id = ?1"
      " UNION ALL SELECT r.id, r.parent_id, r.updated_at FROM records r JOIN up ON r.id = up.parent_id) "
      "SELECT (SELECT root_id FROM records WHERE id = ?1), max(updated_at) FROM up");
  st.bind(1, id);
  std::optional<RecordStamp> out;
  if (st.step() && !st.is_null(1)) out = RecordStamp{id, st.text(0), st.text(1)};
  st.reset();
  return out;
}

std::string Catalog::earliest_datestamp() {
  auto st = db_.prepare("SELECT min(updated_at) FROM records");
  std::string out;
  if (st.step() && !st.is_null(0)) out = st.text(0);
  st.reset();
  return out;
}

namespace {

// The volumes of the planning list with their last fumigation. ?1 fonds (""), ?2 whether
// the condition filter applies, ?3 the condition, ?4 the year (0: none).
constexpr const char* kPlanSql =
    "WITH v AS (SELECT r.id, r.title, COALESCE(r.call_number, '') AS call_number, r.root_id,"
    " COALESCE(r.condition, '') AS condition, COALESCE(r.location, '') AS location,"
    " (SELECT max(e.date) FROM preservation_events e WHERE e.record_id = r.id AND e.type = 'fumigation')"
    " AS last_fumigation FROM records r WHERE r.level = 'volume' AND (?1 = '' OR r.root_id = ?1)"
    " AND (?2 = 0 OR COALESCE(r.condition, '') = ?3)) "
    "SELECT id, title, call_number, root_id, condition, location, COALESCE(last_fumigation, '') FROM v"
    " WHERE ?4 = 0 OR last_fumigation IS NULL OR substr(last_fumigation, 1, 4) < printf('%04d', ?4)";

}  // namespace

PreservationPlan Catalog::preservation_plan(const PreservationQuery& q) {
  PreservationPlan plan;
  auto bind = [&](sql::Statement& st) {
    st.bind(1, q.root_id).bind(2, q.condition ? 1 : 0).bind(3, q.condition.value_or("")).bind(4, q.not_fumigated_since);
  };
  {
    auto st = db_.prepare(std::string(kPlanSql) +
                          " ORDER BY last_fumigation IS NOT NULL, last_fumigation, call_number, id LIMIT ?5 OFFSET ?6");
    bind(st);
    st.bind(5, q.limit).bind(6, q.offset);
    while (st.step()) {
      PreservationRow row;
      row.id = st.text(0);
      row.title = st.text(1);
      row.call_number = st.text(2);
      row.root_id = st.text(3);
      row.condition = st.text(4);
      row.location = st.text(5);
      row.last_fumigation = st.text(6);
      plan.rows.push_back(std::move(row));
    }
    st.reset();
  }
  for (auto& row : plan.rows) {
    auto st =
        db_.prepare("SELECT type FROM preservation_events WHERE record_id = ?1 GROUP BY type ORDER BY min(position)");
    st.bind(1, row.id);
    while (st.step()) row.event_kinds.push_back(st.text(0));
    st.reset();
  }
  {
    auto st = db_.prepare(std::string("SELECT count(*) FROM (") + kPlanSql + ")");
    bind(st);
    st.step();
    plan.total = static_cast<long>(st.integer(0));
    st.reset();
  }
  {
    auto st = db_.prepare(
        "SELECT COALESCE(condition, ''), count(*) FROM records WHERE level = 'volume' AND (?1 = '' OR root_id = ?1)"
        " GROUP BY 1 ORDER BY 2 DESC, 1");
    st.bind(1, q.root_id);
    while (st.step()) plan.by_condition.emplace_back(st.text(0), static_cast<long>(st.integer(1)));
    st.reset();
  }
  return plan;
}

uint64_t Catalog::generation() {
  return read_catalog_generation(db_);
}

void Catalog::bump_generation() {
  bump_catalog_generation(db_);
}

}  // namespace monjo::archive
