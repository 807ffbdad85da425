// Selection and accession: the store (see selection.h).
#include "archive/selection/selection.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "archive/base/errors.h"
#include "archive/search/data_file.h"
#include "archive/staff/audit.h"

namespace monjo::archive {

// ---- outcomes ----

const std::vector<OutcomeInfo>& selection_outcomes() {
  static const std::vector<OutcomeInfo> kOutcomes = {
      {SelectionOutcome::Transfer, "transfer"},
      {SelectionOutcome::Destroy, "destroy"},
      {SelectionOutcome::Undecided, "undecided"},
  };
  return kOutcomes;
}

const char* outcome_name(SelectionOutcome outcome) {
  for (const auto& o : selection_outcomes()) {
    if (o.outcome == outcome) return o.code;
  }
  return "undecided";
}

std::optional<SelectionOutcome> outcome_from_name(const std::string& code) {
  for (const auto& o : selection_outcomes()) {
    if (code == o.code) return o.outcome;
  }
  return std::nullopt;
}

std::string outcome_message_key(SelectionOutcome outcome) {
  return std::string("selection_outcome_") + outcome_name(outcome);
}

const char* accession_item_status_name(AccessionItemStatus s) {
  switch (s) {
    case AccessionItemStatus::Arrived:
      return "arrived";
    case AccessionItemStatus::Missing:
      return "missing";
    case AccessionItemStatus::Extra:
      return "extra";
  }
  return "arrived";
}

namespace {

std::optional<AccessionItemStatus> item_status_from_name(const std::string& s) {
  for (auto v : {AccessionItemStatus::Arrived, AccessionItemStatus::Missing, AccessionItemStatus::Extra}) {
    if (s == accession_item_status_name(v)) return v;
  }
  return std::nullopt;
}

bool valid_code(const std::string& code) {
  if (code.empty() || code.size() > 40) return false;
  for (const char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

// ---- criteria ----

const std::vector<DefaultCriterion>& default_selection_criteria() {
  // The kinds of record most municipal archives' 選別基準 keep (docs/selection.md,
  // "Criteria", for their source), and the usual grounds for destruction.
  static const std::vector<DefaultCriterion> kDefaults = {
      {"ordinance", SelectionOutcome::Transfer},     // 条例・規則の制定改廃
      {"budget", SelectionOutcome::Transfer},        // 予算・決算
      {"assembly", SelectionOutcome::Transfer},      // 議会
      {"organization", SelectionOutcome::Transfer},  // 組織・機構・人事の基本
      {"planning", SelectionOutcome::Transfer},      // 総合計画・主要施策
      {"city_history", SelectionOutcome::Transfer},  // 市史に資する事業
      {"disaster", SelectionOutcome::Transfer},      // 災害・事件
      {"rights", SelectionOutcome::Transfer},        // 市民の権利義務・財産
      {"routine", SelectionOutcome::Destroy},        // 定型的・軽易な事務
      {"duplicate", SelectionOutcome::Destroy},      // 写し・他に原本あり
      {"summarized", SelectionOutcome::Destroy},     // 内容が他の簿冊に集約
  };
  return kDefaults;
}

SelectionCriteria SelectionCriteria::defaults() {
  SelectionCriteria c;
  for (const auto& d : default_selection_criteria()) {
    const std::string key = std::string("selection_criterion_") + d.code;
    c.criteria_.push_back({d.code, d.applies_to, text_ja(key), text_en(key)});
  }
  return c;
}

std::string SelectionCriteria::path_for(const std::string& data_dir) {
  return data_dir + "/selection-criteria.tsv";
}

SelectionCriteria SelectionCriteria::load(const std::string& path) {
  SelectionCriteria c;
  bool any = false;
  read_data_file(path, [&](const std::vector<std::string>& f, long line) {
    any = true;
    if (f.size() < 3 || f.size() > 4) {
      throw InputError("expected code<TAB>transfer|destroy<TAB>label[<TAB>English label], found " +
                           std::to_string(f.size()) + " fields",
                       path, line);
    }
    if (!valid_code(f[0])) throw InputError("criterion code \"" + f[0] + "\": use a-z, 0-9 and _", path, line);
    const auto outcome = outcome_from_name(f[1]);
    if (!outcome || *outcome == SelectionOutcome::Undecided) {
      throw InputError("criterion " + f[0] + ": \"" + f[1] + "\" is not transfer or destroy", path, line);
    }
    if (f[2].empty()) throw InputError("criterion " + f[0] + ": the label is empty", path, line);
    if (c.find(f[0])) throw InputError("criterion " + f[0] + " is listed twice", path, line);
    c.criteria_.push_back({f[0], *outcome, f[2], f.size() > 3 && !f[3].empty() ? f[3] : f[2]});
  });
  if (!any) return defaults();
  return c;
}

SelectionCriteria SelectionCriteria::for_data_dir(const std::string& data_dir) {
  return load(path_for(data_dir));
}

const SelectionCriterion* SelectionCriteria::find(const std::string& code) const {
  for (const auto& c : criteria_) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

std::string SelectionCriteria::label(const std::string& code, Lang lang) const {
  if (const auto* c = find(code)) return lang == Lang::Ja ? c->label_ja : c->label_en;
  return code;
}

// ---- batches ----

std::set<std::string> SelectionBatch::pending_drafters() const {
  const int64_t covered = approvals.empty() ? 0 : approvals.back().last_decision;
  std::set<std::string> out;
  for (const auto& d : history) {
    if (d.id > covered) out.insert(d.decided_by);
  }
  return out;
}

long SelectionBatch::pending() const {
  return static_cast<long>(std::count_if(rows.begin(), rows.end(), [](const SelectionRow& r) { return r.pending(); }));
}

const SelectionRow* SelectionBatch::row(int position) const {
  for (const auto& r : rows) {
    if (r.position == position) return &r;
  }
  return nullptr;
}

SelectionStore::SelectionStore(sql::Database& db) : db_(db) {}

namespace {

// Joins an open transaction (sqlite3_get_autocommit is 0 inside one), else opens one.
class MaybeTransaction {
 public:
  explicit MaybeTransaction(sql::Database& db) {
    if (sqlite3_get_autocommit(db.handle()) != 0) tx_.emplace(db);
  }
  void commit() {
    if (tx_) tx_->commit();
  }

 private:
  std::optional<sql::Transaction> tx_;
};

SelectionDecision decision_from(sql::Statement& st) {
  SelectionDecision d;
  d.id = st.integer(0);
  d.position = static_cast<int>(st.integer(1));
  d.outcome = outcome_from_name(st.text(2)).value_or(SelectionOutcome::Undecided);
  d.criterion = st.text(3);
  d.note = st.text(4);
  d.corrects = st.opt_integer(5);
  d.reason = st.text(6);
  d.decided_by = st.text(7);
  d.decided_at = st.text(8);
  return d;
}

void audit(sql::Database& db, const Actor& actor, const std::string& action, int64_t batch_id,
           const std::string& detail, TimePoint at) {
  AuditTrail(db).append(actor.id, role_name(actor.role), action, "selection batch " + std::to_string(batch_id), detail,
                        at);
}

void require(const Actor& actor, Permission p) {
  if (!has_permission(actor.role, p)) {
    throw Forbidden(std::string("the role ") + role_name(actor.role) + " may not " + permission_name(p));
  }
}

}  // namespace

int64_t SelectionStore::create_batch(int fiscal_year, const std::string& department, const std::string& source_file,
                                     const std::vector<RetentionRow>& rows, const Actor& actor, TimePoint at) {
  require(actor, Permission::SelectRecords);
  if (rows.empty()) throw InputError("the list has no rows", source_file);
  MaybeTransaction tx(db_);
  db_.prepare(
         "INSERT INTO selection_batches(fiscal_year, department, source_file, imported_by, imported_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, fiscal_year)
      .bind(2, department)
      .bind(3, source_file)
      .bind(4, actor.id)
      .bind(5, iso_utc(at))
      .run();
  const int64_t id = db_.last_insert_rowid();
  int position = 0;
  for (const auto& r : rows) {
    db_.prepare(
           "INSERT INTO selection_rows(batch_id, position, source_row, department, title, created_year, retention, "
           "expiry_year, file_number, quantity, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        .bind(1, id)
        .bind(2, ++position)
        .bind(3, static_cast<int64_t>(r.source_row))
        .bind(4, r.department)
        .bind(5, r.title)
        .bind(6, r.created_year)
        .bind(7, r.retention)
        .bind(8, r.expiry_year)
        .bind(9, r.file_number)
        .bind(10, r.quantity)
        .bind(11, r.notes)
        .run();
  }
  audit(db_, actor, "selection.import", id,
        nlohmann::json{
            {"fiscal_year", fiscal_year}, {"department", department}, {"file", source_file}, {"rows", rows.size()}}
            .dump(),
        at);
  tx.commit();
  return id;
}

std::optional<SelectionBatch> SelectionStore::batch(int64_t id) {
  auto st = db_.prepare(
      "SELECT fiscal_year, department, source_file, imported_by, imported_at FROM selection_batches WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  SelectionBatch b;
  b.id = id;
  b.fiscal_year = static_cast<int>(st.integer(0));
  b.department = st.text(1);
  b.source_file = st.text(2);
  b.imported_by = st.text(3);
  b.imported_at = st.text(4);
  st.reset();  // a statement left on a row would hold its read snapshot open
  auto ap = db_.prepare(
      "SELECT id, last_decision, approved_by, approved_role, approved_at, comment FROM selection_approvals "
      "WHERE batch_id = ?1 ORDER BY id");
  ap.bind(1, id);
  while (ap.step()) {
    b.approvals.push_back({ap.integer(0), ap.integer(1), ap.text(2), ap.text(3), ap.text(4), ap.text(5)});
  }
  const int64_t covered = b.approvals.empty() ? 0 : b.approvals.back().last_decision;
  auto rs = db_.prepare(
      "SELECT position, source_row, department, title, created_year, retention, expiry_year, file_number, quantity, "
      "notes FROM selection_rows WHERE batch_id = ?1 ORDER BY position");
  rs.bind(1, id);
  while (rs.step()) {
    SelectionRow r;
    r.position = static_cast<int>(rs.integer(0));
    r.data.source_row = static_cast<long>(rs.integer(1));
    r.data.department = rs.text(2);
    r.data.title = rs.text(3);
    r.data.created_year = rs.text(4);
    r.data.retention = rs.text(5);
    r.data.expiry_year = static_cast<int>(rs.integer(6));
    r.data.file_number = rs.text(7);
    r.data.quantity = static_cast<int>(rs.integer(8));
    r.data.notes = rs.text(9);
    b.rows.push_back(std::move(r));
  }
  auto ds = db_.prepare(
      "SELECT id, position, outcome, criterion, note, corrects, reason, decided_by, decided_at "
      "FROM selection_decisions WHERE batch_id = ?1 ORDER BY id");
  ds.bind(1, id);
  while (ds.step()) {
    SelectionDecision d = decision_from(ds);
    for (auto& r : b.rows) {
      if (r.position != d.position) continue;
      r.latest = d;
      if (d.id <= covered) r.in_force = d;
    }
    b.history.push_back(std::move(d));
  }
  auto acc = db_.prepare("SELECT id FROM accessions WHERE batch_id = ?1");
  acc.bind(1, id);
  if (acc.step()) b.accession_id = acc.integer(0);
  acc.reset();
  return b;
}

std::vector<BatchSummary> SelectionStore::list(int fiscal_year) {
  std::vector<int64_t> ids;
  auto st = db_.prepare("SELECT id FROM selection_batches WHERE ?1 = 0 OR fiscal_year = ?1 ORDER BY id DESC");
  st.bind(1, fiscal_year);
  while (st.step()) ids.push_back(st.integer(0));
  std::vector<BatchSummary> out;
  for (const int64_t id : ids) {
    const auto b = batch(id);
    if (!b) continue;
    BatchSummary s;
    s.id = b->id;
    s.fiscal_year = b->fiscal_year;
    s.department = b->department;
    s.source_file = b->source_file;
    s.imported_at = b->imported_at;
    s.rows = static_cast<long>(b->rows.size());
    for (const auto& r : b->rows) {
      switch (r.outcome()) {
        case SelectionOutcome::Transfer:
          ++s.transfer;
          break;
        case SelectionOutcome::Destroy:
          ++s.destroy;
          break;
        case SelectionOutcome::Undecided:
          ++s.undecided;
          break;
      }
    }
    s.pending = b->pending();
    s.approved = b->approved();
    s.accession_id = b->accession_id;
    out.push_back(std::move(s));
  }
  return out;
}

void SelectionStore::check_criterion(SelectionOutcome outcome, const std::string& criterion,
                                     const SelectionCriteria& criteria) {
  if (outcome == SelectionOutcome::Undecided) {
    if (!criterion.empty()) throw InputError("保留 (undecided) takes no criterion");
    return;
  }
  if (criterion.empty()) {
    throw InputError(std::string("a ") +
                     (outcome == SelectionOutcome::Transfer ? "transfer (移管)" : "destruction (廃棄)") +
                     " needs a criterion of the selection criteria");
  }
  const auto* c = criteria.find(criterion);
  if (!c) throw InputError("\"" + criterion + "\" is not in the selection criteria");
  if (c->applies_to != outcome) {
    throw InputError("criterion " + criterion + " is for " + outcome_name(c->applies_to) + ", not " +
                     outcome_name(outcome));
  }
}

void SelectionStore::add_decision(int64_t batch_id, int position, SelectionOutcome outcome,
                                  const std::string& criterion, const std::string& note,
                                  std::optional<int64_t> corrects, const std::string& reason, const Actor& actor,
                                  TimePoint at) {
  db_.prepare(
         "INSERT INTO selection_decisions(batch_id, position, outcome, criterion, note, corrects, reason, decided_by, "
         "decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
      .bind(1, batch_id)
      .bind(2, position)
      .bind(3, outcome_name(outcome))
      .bind(4, criterion)
      .bind(5, note)
      .bind_opt(6, corrects)
      .bind(7, reason)
      .bind(8, actor.id)
      .bind(9, iso_utc(at))
      .run();
}

void SelectionStore::mark(int64_t batch_id, const std::vector<int>& positions, SelectionOutcome outcome,
                          const std::string& criterion, const std::string& note, const SelectionCriteria& criteria,
                          const Actor& actor, TimePoint at) {
  require(actor, Permission::SelectRecords);
  MaybeTransaction tx(db_);
  const auto b = batch(batch_id);
  if (!b) throw NotFound("no selection batch " + std::to_string(batch_id));
  if (positions.empty()) throw InputError("no rows chosen");
  check_criterion(outcome, criterion, criteria);
  for (const int p : positions) {
    const SelectionRow* row = b->row(p);
    if (!row) throw InputError("batch " + std::to_string(batch_id) + " has no row " + std::to_string(p));
    if (row->in_force && row->in_force->outcome != SelectionOutcome::Undecided) {
      throw Conflict("row " + std::to_string(p) + " has an approved decision (" + outcome_name(row->in_force->outcome) +
                     "): changing it is a correction");
    }
  }
  if (b->accession_id) throw Conflict("batch " + std::to_string(batch_id) + " has been accessioned");
  for (const int p : positions) add_decision(batch_id, p, outcome, criterion, note, std::nullopt, "", actor, at);
  nlohmann::json rows = positions;
  audit(db_, actor, "selection.mark", batch_id,
        nlohmann::json{{"rows", rows}, {"outcome", outcome_name(outcome)}, {"criterion", criterion}, {"note", note}}
            .dump(),
        at);
  tx.commit();
}

void SelectionStore::correct(int64_t batch_id, int position, SelectionOutcome outcome, const std::string& criterion,
                             const std::string& note, const std::string& reason, const SelectionCriteria& criteria,
                             const Actor& actor, TimePoint at) {
  require(actor, Permission::SelectRecords);
  MaybeTransaction tx(db_);
  const auto b = batch(batch_id);
  if (!b) throw NotFound("no selection batch " + std::to_string(batch_id));
  const SelectionRow* row = b->row(position);
  if (!row) throw InputError("batch " + std::to_string(batch_id) + " has no row " + std::to_string(position));
  if (!row->in_force || row->in_force->outcome == SelectionOutcome::Undecided) {
    throw Conflict("row " + std::to_string(position) + " has no approved 移管 or 廃棄 to correct");
  }
  if (b->accession_id) throw Conflict("batch " + std::to_string(batch_id) + " has been accessioned");
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) throw InputError("a correction needs its reason");
  check_criterion(outcome, criterion, criteria);
  add_decision(batch_id, position, outcome, criterion, note, row->in_force->id, reason, actor, at);
  audit(db_, actor, "selection.correct", batch_id,
        nlohmann::json{{"row", position},
                       {"corrects", row->in_force->id},
                       {"was", outcome_name(row->in_force->outcome)},
                       {"outcome", outcome_name(outcome)},
                       {"criterion", criterion},
                       {"note", note},
                       {"reason", reason}}
            .dump(),
        at);
  tx.commit();
}

SelectionApproval SelectionStore::approve(int64_t batch_id, const std::string& comment, const Actor& actor,
                                          TimePoint at) {
  require(actor, Permission::ApproveSelection);
  MaybeTransaction tx(db_);
  const auto b = batch(batch_id);
  if (!b) throw NotFound("no selection batch " + std::to_string(batch_id));
  const int64_t covered = b->approvals.empty() ? 0 : b->approvals.back().last_decision;
  int64_t last = covered;
  for (const auto& d : b->history) last = std::max(last, d.id);
  if (last == covered) throw Conflict("batch " + std::to_string(batch_id) + " has no decision to approve");
  if (actor.id.empty()) throw Forbidden("the approver must be known");
  if (b->pending_drafters().count(actor.id)) {
    throw Forbidden("the drafter cannot approve their own decisions (batch " + std::to_string(batch_id) + ")");
  }
  SelectionApproval a;
  a.last_decision = last;
  a.approved_by = actor.id;
  a.approved_role = role_name(actor.role);
  a.approved_at = iso_utc(at);
  a.comment = comment;
  db_.prepare(
         "INSERT INTO selection_approvals(batch_id, last_decision, approved_by, approved_role, approved_at, comment) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, batch_id)
      .bind(2, a.last_decision)
      .bind(3, a.approved_by)
      .bind(4, a.approved_role)
      .bind(5, a.approved_at)
      .bind(6, a.comment)
      .run();
  a.id = db_.last_insert_rowid();
  // What the approval puts in force: each row's newest decision it covers.
  nlohmann::json approved = nlohmann::json::array();
  for (const auto& r : b->rows) {
    if (!r.pending()) continue;
    const auto& d = *r.latest;
    nlohmann::json j{{"row", r.position},        {"title", r.data.title},      {"outcome", outcome_name(d.outcome)},
                     {"criterion", d.criterion}, {"drafted_by", d.decided_by}, {"note", d.note}};
    if (d.corrects) {
      j["corrects"] = *d.corrects;
      j["reason"] = d.reason;
    }
    approved.push_back(std::move(j));
  }
  audit(db_, actor, "selection.approve", batch_id,
        nlohmann::json{{"approval", a.id}, {"comment", comment}, {"decisions", approved}}.dump(), at);
  tx.commit();
  return a;
}

void SelectionStore::record_notice(int64_t batch_id, const std::string& kind, const std::vector<int>& positions,
                                   const Actor& actor, TimePoint at) {
  nlohmann::json rows = positions;
  audit(db_, actor, "selection.notice", batch_id, nlohmann::json{{"kind", kind}, {"rows", rows}}.dump(), at);
}

// ---- accessions ----

int64_t SelectionStore::add_accession(const Accession& a) {
  db_.prepare(
         "INSERT INTO accessions(batch_id, parent_id, location, received_by, received_at, received_on) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, a.batch_id)
      .bind(2, a.parent_id)
      .bind(3, a.location)
      .bind(4, a.received_by)
      .bind(5, a.received_at)
      .bind(6, a.received_on)
      .run();
  const int64_t id = db_.last_insert_rowid();
  for (const auto& item : a.items) {
    db_.prepare(
           "INSERT INTO accession_items(accession_id, seq, position, status, title, record_id) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, id)
        .bind(2, item.seq)
        .bind_opt(3, item.position)
        .bind(4, accession_item_status_name(item.status))
        .bind(5, item.title)
        .bind_opt(6, item.record_id)
        .run();
  }
  return id;
}

std::optional<Accession> SelectionStore::accession(int64_t id) {
  auto st = db_.prepare(
      "SELECT batch_id, parent_id, location, received_by, received_at, received_on FROM accessions WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  Accession a;
  a.id = id;
  a.batch_id = st.integer(0);
  a.parent_id = st.text(1);
  a.location = st.text(2);
  a.received_by = st.text(3);
  a.received_at = st.text(4);
  a.received_on = st.text(5);
  st.reset();
  auto items = db_.prepare(
      "SELECT seq, position, status, title, record_id FROM accession_items WHERE accession_id = ?1 ORDER BY seq");
  items.bind(1, id);
  while (items.step()) {
    AccessionItem i;
    i.seq = static_cast<int>(items.integer(0));
    if (auto p = items.opt_integer(1)) i.position = static_cast<int>(*p);
    i.status = item_status_from_name(items.text(2)).value_or(AccessionItemStatus::Arrived);
    i.title = items.text(3);
    i.record_id = items.is_null(4) ? std::string() : items.text(4);
    a.items.push_back(std::move(i));
  }
  return a;
}

std::optional<Accession> SelectionStore::accession_of_batch(int64_t batch_id) {
  auto st = db_.prepare("SELECT id FROM accessions WHERE batch_id = ?1");
  st.bind(1, batch_id);
  if (!st.step()) return std::nullopt;
  const int64_t id = st.integer(0);
  st.reset();
  return accession(id);
}

std::optional<std::pair<Accession, AccessionItem>> SelectionStore::accession_of_record(const std::string& record_id) {
  auto st = db_.prepare("SELECT accession_id, seq FROM accession_items WHERE record_id = ?1");
  st.bind(1, record_id);
  if (!st.step()) return std::nullopt;
  const int64_t id = st.integer(0);
  const int seq = static_cast<int>(st.integer(1));
  st.reset();
  auto a = accession(id);
  if (!a) return std::nullopt;
  for (const auto& i : a->items) {
    if (i.seq == seq) return std::make_pair(*a, i);
  }
  return std::nullopt;
}

std::set<std::string> held_back_ids(sql::Database& db) {
  std::set<std::string> out;
  auto table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'accession_items'");
  const bool present = table.step();
  table.reset();
  if (!present) return out;
  auto st = db.prepare(
      "SELECT i.record_id FROM accession_items i JOIN records r ON r.id = i.record_id WHERE r.access_status = "
      "'review'");
  while (st.step()) out.insert(st.text(0));
  return out;
}

// ---- reports ----

SelectionReport SelectionStore::report() {
  SelectionReport out;
  std::map<std::pair<int, std::string>, SelectionReportRow> rows;
  std::map<std::tuple<int, std::string, SelectionOutcome>, long> criteria;
  std::set<int> years;
  for (const auto& s : list(0)) {
    const auto b = batch(s.id);
    if (!b) continue;
    years.insert(b->fiscal_year);
    auto& r = rows[{b->fiscal_year, b->department}];
    r.fiscal_year = b->fiscal_year;
    r.department = b->department;
    for (const auto& row : b->rows) {
      ++r.listed;
      switch (row.outcome()) {
        case SelectionOutcome::Transfer:
          ++r.transferred;
          break;
        case SelectionOutcome::Destroy:
          ++r.destroyed;
          break;
        case SelectionOutcome::Undecided:
          ++r.undecided;
          break;
      }
      if (row.in_force && !row.in_force->criterion.empty()) {
        ++criteria[{b->fiscal_year, row.in_force->criterion, row.in_force->outcome}];
      }
    }
    if (b->accession_id) {
      ++r.accessions;
      if (const auto a = accession(*b->accession_id)) {
        for (const auto& i : a->items) {
          if (!i.record_id.empty()) ++r.catalogued;
          if (i.status == AccessionItemStatus::Missing) ++r.missing;
        }
      }
    }
  }
  for (auto& [key, r] : rows) out.rows.push_back(r);
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const SelectionReportRow& a, const SelectionReportRow& b) {
    return a.fiscal_year > b.fiscal_year;
  });
  for (const auto& [key, n] : criteria) {
    out.criteria.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
  }
  std::stable_sort(out.criteria.begin(), out.criteria.end(), [](const CriterionCount& a, const CriterionCount& b) {
    return a.fiscal_year != b.fiscal_year ? a.fiscal_year > b.fiscal_year : a.rows > b.rows;
  });
  out.fiscal_years.assign(years.rbegin(), years.rend());
  return out;
}

}  // namespace monjo::archive
