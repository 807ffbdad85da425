// Selection and accession (選別・移管・受入, docs/selection.md): a department's list of the
// records whose retention period ends (保存期間満了) is kept as a batch; an archivist marks
// each row 移管 (transfer), 廃棄 (destroy) or 保留 (undecided) with a criterion of the
// selection criteria table and a note; a second person approves the batch; the
// transferred rows become an accession (受入) whose volumes enter the catalog
// (indexer/accession.h). Decisions and approvals are append-only (schema/catalog.sql,
// migration 13): a change after approval is a correction, a new decision with its
// reason, approved in turn. Every change is in the audit trail.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "archive/base/messages.h"
#include "archive/base/sqlite.h"
#include "archive/dates/timestamp.h"
#include "archive/staff/roles.h"

namespace monjo::archive {

// ---- outcomes ----

enum class SelectionOutcome { Transfer, Destroy, Undecided };
struct OutcomeInfo {
  SelectionOutcome outcome;
  const char* code;  // "transfer"; its label is the message selection_outcome_transfer (移管)
};
const std::vector<OutcomeInfo>& selection_outcomes();
const char* outcome_name(SelectionOutcome outcome);
std::optional<SelectionOutcome> outcome_from_name(const std::string& code);
std::string outcome_message_key(SelectionOutcome outcome);  // "selection_outcome_transfer"

// ---- the criteria table (選別基準) ----

// One criterion: the grounds an archivist gives for a transfer (条例・規則の制定改廃 …) or
// for a destruction (定型的・軽易な文書 …).
struct SelectionCriterion {
  std::string code;  // [a-z0-9_]+
  SelectionOutcome applies_to = SelectionOutcome::Transfer;
  std::string label_ja;
  std::string label_en;
};

// The table in force: the defaults (labels from the message catalogs, key
// selection_criterion_<code>), or the city's own from DIR/selection-criteria.tsv, which
// replaces them whole (docs/selection.md, "Criteria").
class SelectionCriteria {
 public:
  static SelectionCriteria defaults();
  // Reads `path` when it exists: lines "code<TAB>transfer|destroy<TAB>日本語<TAB>English"
  // (English optional); every bad line is an InputError at path:line, all at once.
  static SelectionCriteria load(const std::string& path);
  static std::string path_for(const std::string& data_dir);  // DIR/selection-criteria.tsv
  static SelectionCriteria for_data_dir(const std::string& data_dir);

  const std::vector<SelectionCriterion>& all() const { return criteria_; }
  const SelectionCriterion* find(const std::string& code) const;
  // The criterion's label in `lang`; an unknown code (a table changed since) as itself.
  std::string label(const std::string& code, Lang lang) const;

 private:
  std::vector<SelectionCriterion> criteria_;
};

// The default criteria: code, outcome (labels in messages/<lang>.tsv).
struct DefaultCriterion {
  const char* code;
  SelectionOutcome applies_to;
};
const std::vector<DefaultCriterion>& default_selection_criteria();

// ---- batches, rows, decisions ----

// One row of a retention-expiry list (文書目録), as the list gives it.
struct RetentionRow {
  long source_row = 0;
  std::string department;
  std::string title;
  std::string created_year;  // 作成年度 as written
  std::string retention;     // 保存期間 as written
  int expiry_year = 0;       // 満了年度 (西暦 年度)
  std::string file_number;
  int quantity = 1;
  std::string notes;
};

struct SelectionDecision {
  int64_t id = 0;
  int position = 0;
  SelectionOutcome outcome = SelectionOutcome::Undecided;
  std::string criterion;
  std::string note;
  std::optional<int64_t> corrects;  // the approved decision this corrects
  std::string reason;               // of a correction
  std::string decided_by;
  std::string decided_at;  // UTC
};

struct SelectionRow {
  int position = 0;
  RetentionRow data;
  std::optional<SelectionDecision> latest;    // the newest decision, approved or not
  std::optional<SelectionDecision> in_force;  // the newest approved one
  // A decision not yet approved: the latest is newer than the one in force.
  bool pending() const { return latest && (!in_force || latest->id != in_force->id); }
  // The outcome the row has now: in force, else 保留.
  SelectionOutcome outcome() const { return in_force ? in_force->outcome : SelectionOutcome::Undecided; }
};

struct SelectionApproval {
  int64_t id = 0;
  int64_t last_decision = 0;
  std::string approved_by;
  std::string approved_role;
  std::string approved_at;  // UTC
  std::string comment;
};

struct SelectionBatch {
  int64_t id = 0;
  int fiscal_year = 0;
  std::string department;
  std::string source_file;
  std::string imported_by;
  std::string imported_at;
  std::vector<SelectionRow> rows;
  std::vector<SelectionApproval> approvals;  // oldest first
  std::vector<SelectionDecision> history;    // every decision, oldest first
  std::optional<int64_t> accession_id;
  bool approved() const { return !approvals.empty(); }
  // Who drafted the decisions no approval covers yet (none may approve them).
  std::set<std::string> pending_drafters() const;
  long pending() const;
  const SelectionRow* row(int position) const;
};

struct BatchSummary {
  int64_t id = 0;
  int fiscal_year = 0;
  std::string department;
  std::string source_file;
  std::string imported_at;
  long rows = 0;
  long transfer = 0;   // in force
  long destroy = 0;    // in force
  long undecided = 0;  // in force: 保留 or no decision
  long pending = 0;    // rows whose latest decision awaits approval
  bool approved = false;
  std::optional<int64_t> accession_id;
};

// ---- accessions ----

enum class AccessionItemStatus { Arrived, Missing, Extra };
const char* accession_item_status_name(AccessionItemStatus s);  // arrived, missing, extra

struct AccessionItem {
  int seq = 0;
  std::optional<int> position;  // the batch row; none for an extra item
  AccessionItemStatus status = AccessionItemStatus::Arrived;
  std::string title;
  std::string record_id;  // the volume made of it
};

struct Accession {
  int64_t id = 0;
  int64_t batch_id = 0;
  std::string parent_id;
  std::string location;
  std::string received_by;
  std::string received_at;  // UTC
  std::string received_on;  // ISO day in Japan
  std::vector<AccessionItem> items;
};

// ---- reports ----

struct SelectionReportRow {
  int fiscal_year = 0;
  std::string department;
  long listed = 0;
  long transferred = 0;
  long destroyed = 0;
  long undecided = 0;
  long accessions = 0;
  long catalogued = 0;  // volumes made by accessions
  long missing = 0;     // transferred rows that did not arrive
};
struct CriterionCount {
  int fiscal_year = 0;
  std::string criterion;
  SelectionOutcome outcome = SelectionOutcome::Transfer;
  long rows = 0;
};
struct SelectionReport {
  std::vector<SelectionReportRow> rows;  // by 年度 (newest first), then department
  std::vector<CriterionCount> criteria;  // by 年度 (newest first), then most used
  std::vector<int> fiscal_years;         // every 年度 with a batch, newest first
};

// ---- what the public does not see yet ----

// The volumes an accession made whose own access is still 要審査: the public index and
// the public pages leave them out, with everything below them, until an archivist
// opens them (docs/selection.md, "Accession"). Empty on a catalog older than
// migration 13 opened read-only.
std::set<std::string> held_back_ids(sql::Database& db);

// ---- the store ----

class SelectionStore {
 public:
  explicit SelectionStore(sql::Database& db);

  // A new batch of the list's rows (at least one); "selection.import" in the audit
  // trail. Joins the caller's transaction when one is open.
  int64_t create_batch(int fiscal_year, const std::string& department, const std::string& source_file,
                       const std::vector<RetentionRow>& rows, const Actor& actor, TimePoint at = now_seconds());

  std::optional<SelectionBatch> batch(int64_t id);
  // Newest first; a 年度 of 0: every year.
  std::vector<BatchSummary> list(int fiscal_year = 0);

  // Marks rows with one outcome, criterion and note (a draft until approved).
  // InputError: an unknown row, a criterion that is not in `criteria` or is for the
  // other outcome, a transfer or destruction without a criterion. Conflict: a row
  // whose decision in force is 移管 or 廃棄 (changing it is a correction) or that
  // is in an accession. Needs Permission::SelectRecords. One audit entry.
  void mark(int64_t batch_id, const std::vector<int>& positions, SelectionOutcome outcome, const std::string& criterion,
            const std::string& note, const SelectionCriteria& criteria, const Actor& actor,
            TimePoint at = now_seconds());

  // A correction of a row's approved 移管 or 廃棄: a new decision naming the one it
  // corrects, with a reason (required), a draft until approved like any other.
  // Conflict when the row has no such decision in force or is in an accession.
  void correct(int64_t batch_id, int position, SelectionOutcome outcome, const std::string& criterion,
               const std::string& note, const std::string& reason, const SelectionCriteria& criteria,
               const Actor& actor, TimePoint at = now_seconds());

  // Approves every decision of the batch not yet approved. Forbidden: a role without
  // Permission::ApproveSelection, or an approver who drafted one of them (the drafter
  // never approves). Conflict: nothing to approve. The audit entry lists every
  // decision approved: row, outcome, criterion, drafter, note.
  SelectionApproval approve(int64_t batch_id, const std::string& comment, const Actor& actor,
                            TimePoint at = now_seconds());

  // "selection.notice" in the audit trail: who printed which notice of the batch
  // (kind "destroy": 廃棄同意の通知, "transfer": the transfer receipt) and its rows.
  void record_notice(int64_t batch_id, const std::string& kind, const std::vector<int>& positions, const Actor& actor,
                     TimePoint at = now_seconds());

  // Accessions: written by indexer/accession.cc inside its catalog transaction.
  int64_t add_accession(const Accession& accession);
  std::optional<Accession> accession(int64_t id);
  std::optional<Accession> accession_of_batch(int64_t batch_id);
  // The accession that made `record_id`, with the item.
  std::optional<std::pair<Accession, AccessionItem>> accession_of_record(const std::string& record_id);

  SelectionReport report();

 private:
  void add_decision(int64_t batch_id, int position, SelectionOutcome outcome, const std::string& criterion,
                    const std::string& note, std::optional<int64_t> corrects, const std::string& reason,
                    const Actor& actor, TimePoint at);
  void check_criterion(SelectionOutcome outcome, const std::string& criterion, const SelectionCriteria& criteria);
  sql::Database& db_;
};

}  // namespace monjo::archive
