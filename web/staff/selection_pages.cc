// Selection and accession on the staff pages (docs/selection.md): the batches of
// retention-expiry lists and the upload of a new one (every problem of a refused list
// named by row), a batch's rows with their decisions and the bulk marking of the rows
// ticked (移管 / 廃棄 / 保留, a criterion of the table in force, a note), the
// correction of an approved row, the approval by a second person, the printable
// 廃棄同意の通知 and transfer receipt (each print in the audit trail), the accession
// of the transferred rows and a preservation event for all its volumes, and the
// reports per 年度 and department as tables, charts and CSV.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "archive/base/config.h"
#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_rules.h"
#include "archive/dates/date_display.h"
#include "archive/dates/japanese_date.h"
#include "archive/selection/selection.h"
#include "archive/staff/audit.h"
#include "indexer/accession.h"
#include "indexer/retention_list.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/requests/chart.h"
#include "web/staff/handlers.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

namespace fs = std::filesystem;
using archive::SelectionOutcome;

std::string catalog_file(const RequestContext& ctx) {
  return staff_services(ctx).data_dir + "/catalog.sqlite";
}

archive::SelectionCriteria criteria_of(const RequestContext& ctx) {
  return archive::SelectionCriteria::for_data_dir(staff_services(ctx).data_dir);
}

// A 年度 by the display rule: "令和5年度 (2023–2024)" / "FY Reiwa 5 (2023–2024)".
std::string year_label(const RequestContext& ctx, int fy) {
  const std::string wareki = archive::format_wareki(archive::Ymd{fy, 4, 1});  // 令和5年4月1日
  const size_t nen = wareki.find("年");
  const std::string text = nen == std::string::npos ? std::to_string(fy) + "年度" : wareki.substr(0, nen) + "年度";
  return date_display(ctx, text, archive::try_parse_date(text));
}

std::string outcome_label(const RequestContext& ctx, SelectionOutcome o) {
  return ctx.t(archive::outcome_message_key(o));
}

int64_t batch_id_of(const RequestContext& ctx, const std::string& param = "batch") {
  const std::string& s = ctx.path_param(param);
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) {
    throw archive::NotFound("no batch " + s);
  }
  return std::stoll(s);
}

bool may(const RequestContext& ctx, archive::Permission p) {
  return ctx.session() && archive::has_permission(ctx.session()->role, p);
}

mustache::data criteria_options(const RequestContext& ctx, const archive::SelectionCriteria& criteria) {
  mustache::data groups{mustache::data::type::list};
  for (const SelectionOutcome o : {SelectionOutcome::Transfer, SelectionOutcome::Destroy}) {
    mustache::data g;
    g.set("label", outcome_label(ctx, o));
    mustache::data options{mustache::data::type::list};
    for (const auto& c : criteria.all()) {
      if (c.applies_to != o) continue;
      mustache::data d;
      d.set("code", c.code);
      d.set("label", criteria.label(c.code, ctx.lang()));
      options.push_back(d);
    }
    g.set("options", options);
    groups.push_back(g);
  }
  return groups;
}

mustache::data outcome_options(const RequestContext& ctx) {
  mustache::data list{mustache::data::type::list};
  for (const auto& o : archive::selection_outcomes()) {
    mustache::data d;
    d.set("code", o.code);
    d.set("label", outcome_label(ctx, o.outcome));
    list.push_back(d);
  }
  return list;
}

// ---- the list of batches and the upload ----

std::unique_ptr<Response> list_page(const RequestContext& ctx, const std::vector<std::string>& problems, int status) {
  archive::SelectionStore store(catalog_of(ctx).db());
  mustache::data page;
  mustache::data rows{mustache::data::type::list};
  const auto batches = store.list();
  for (const auto& s : batches) {
    mustache::data d;
    d.set("id", std::to_string(s.id));
    d.set("url", link(ctx, "/staff/selection/" + std::to_string(s.id)));
    d.set("year", year_label(ctx, s.fiscal_year));
    d.set("department", s.department);
    d.set("file", s.source_file);
    d.set("rows", std::to_string(s.rows));
    d.set("transfer", std::to_string(s.transfer));
    d.set("destroy", std::to_string(s.destroy));
    d.set("undecided", std::to_string(s.undecided));
    d.set("pending", std::to_string(s.pending));
    d.set("state", ctx.t(s.accession_id ? "selection_state_accessioned"
                         : s.pending    ? "selection_state_pending"
                         : s.approved   ? "selection_state_approved"
                                        : "selection_state_open"));
    rows.push_back(d);
  }
  page.set("batches", rows);
  page.set("has_batches", !batches.empty());
  page.set("can_import", may(ctx, archive::Permission::SelectRecords));
  page.set("csrf", ctx.session()->csrf_token);
  page.set("action", link(ctx, "/staff/selection"));
  page.set("reports_url", link(ctx, "/staff/selection/reports"));
  mustache::data errors{mustache::data::type::list};
  for (const auto& p : problems) errors.push_back(mustache::data(p));
  page.set("problems", errors);
  page.set("has_problems", !problems.empty());
  page.set("year", ctx.get_form("year"));
  page.set("department", ctx.get_form("department"));
  PageHead head;
  head.title = ctx.t("selection_title");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_selection", page, head), status);
}

std::string random_name() {
  std::random_device rd;
  std::ostringstream s;
  s << std::hex << rd() << rd();
  return s.str();
}

// The importer's messages name the saved file; the archivist knows the name they uploaded.
std::string as_uploaded(std::string text, const std::string& saved, const std::string& uploaded) {
  for (size_t pos = text.find(saved); pos != std::string::npos; pos = text.find(saved, pos)) {
    text.replace(pos, saved.size(), uploaded);
    pos += uploaded.size();
  }
  return text;
}

// ---- a batch ----

std::unique_ptr<Response> batch_page(const RequestContext& ctx, int64_t id, const std::string& error, int status) {
  archive::SelectionStore store(catalog_of(ctx).db());
  const auto b = store.batch(id);
  if (!b) throw archive::NotFound("no batch");
  const auto criteria = criteria_of(ctx);
  const std::string base = "/staff/selection/" + std::to_string(id);
  mustache::data page;
  page.set("id", std::to_string(id));
  page.set("year", year_label(ctx, b->fiscal_year));
  page.set("department", b->department);
  page.set("file", b->source_file);
  page.set("imported", time_text(ctx, b->imported_at) + " · " + b->imported_by);
  page.set("csrf", ctx.session()->csrf_token);
  page.set("list_url", link(ctx, "/staff/selection"));
  const bool can_mark = may(ctx, archive::Permission::SelectRecords) && !b->accession_id;
  page.set("can_mark", can_mark);
  page.set("mark_action", link(ctx, base + "/mark"));
  page.set("correct_action", link(ctx, base + "/correct"));
  page.set("approve_action", link(ctx, base + "/approve"));
  page.set("outcomes", outcome_options(ctx));
  page.set("criteria", criteria_options(ctx, criteria));
  set_field(page, "error", error);
  const std::string done = ctx.get_param("done");
  if (done == "imported" || done == "marked" || done == "approved" || done == "corrected") {
    page.set("done", ctx.t("selection_done_" + done));
    page.set("has_done", true);
  }
  mustache::data rows{mustache::data::type::list};
  long transfer = 0, destroy = 0;
  bool any_correctable = false;
  for (const auto& r : b->rows) {
    mustache::data d;
    d.set("position", std::to_string(r.position));
    d.set("source_row", std::to_string(r.data.source_row));
    d.set("title", r.data.title);
    d.set("created", r.data.created_year);
    d.set("retention", r.data.retention);
    d.set("expiry", year_label(ctx, r.data.expiry_year));
    set_field(d, "file_number", r.data.file_number);
    d.set("quantity", std::to_string(r.data.quantity));
    set_field(d, "notes", r.data.notes);
    const SelectionOutcome o = r.outcome();
    d.set("outcome", archive::outcome_name(o));
    d.set("outcome_label", outcome_label(ctx, o));
    if (r.in_force) {
      set_field(d, "criterion", r.in_force->criterion.empty() ? "" : criteria.label(r.in_force->criterion, ctx.lang()));
      set_field(d, "note", r.in_force->note);
      d.set("decided_by", r.in_force->decided_by);
      d.set("has_decided_by", true);
    }
    if (r.pending()) {
      const auto& l = *r.latest;
      d.set("pending", true);
      d.set("draft_label", outcome_label(ctx, l.outcome));
      set_field(d, "draft_criterion", l.criterion.empty() ? "" : criteria.label(l.criterion, ctx.lang()));
      set_field(d, "draft_note", l.note);
      d.set("draft_by", l.decided_by);
      set_field(d, "draft_reason", l.reason);
      d.set("draft_is_correction", l.corrects.has_value());
    }
    const bool settled = r.in_force && o != SelectionOutcome::Undecided;
    d.set("selectable", can_mark && !settled);
    d.set("correctable", can_mark && settled);
    any_correctable = any_correctable || (can_mark && settled);
    if (o == SelectionOutcome::Transfer) ++transfer;
    if (o == SelectionOutcome::Destroy) ++destroy;
    rows.push_back(d);
  }
  page.set("rows", rows);
  page.set("any_correctable", any_correctable);
  mustache::data correctable{mustache::data::type::list};
  for (const auto& r : b->rows) {
    if (!can_mark || !r.in_force || r.outcome() == SelectionOutcome::Undecided) continue;
    mustache::data d;
    d.set("position", std::to_string(r.position));
    d.set("title", r.data.title);
    correctable.push_back(d);
  }
  page.set("correctable_rows", correctable);
  // The approval.
  const auto drafters = b->pending_drafters();
  const bool pending = b->pending() > 0 || !drafters.empty();
  page.set("pending", pending);
  page.set("pending_count", std::to_string(b->pending()));
  const bool approver = may(ctx, archive::Permission::ApproveSelection);
  const bool own = drafters.count(ctx.session()->user) > 0;
  page.set("can_approve", approver && pending && !own);
  page.set("own_drafts", approver && pending && own);
  mustache::data approvals{mustache::data::type::list};
  for (const auto& a : b->approvals) {
    mustache::data d;
    d.set("by", a.approved_by);
    d.set("role", role_label(ctx, archive::role_from_name(a.approved_role).value_or(archive::Role::Supervisor)));
    d.set("at", time_text(ctx, a.approved_at));
    set_field(d, "comment", a.comment);
    approvals.push_back(d);
  }
  page.set("approvals", approvals);
  page.set("has_approvals", !b->approvals.empty());
  // The notices, once something is approved.
  page.set("has_destroy_notice", b->approved() && destroy > 0);
  page.set("destroy_notice_url", link(ctx, base + "/notices/destroy"));
  page.set("has_transfer_notice", b->approved() && transfer > 0);
  page.set("transfer_notice_url", link(ctx, base + "/notices/transfer"));
  // The accession.
  if (b->accession_id) {
    page.set("has_accession", true);
    page.set("accession_url", link(ctx, "/staff/accessions/" + std::to_string(*b->accession_id)));
    page.set("accession_id", std::to_string(*b->accession_id));
  } else {
    page.set("can_accession", transfer > 0 && may(ctx, archive::Permission::EditCatalog));
    page.set("accession_form_url", link(ctx, base + "/accession"));
  }
  // Every decision, oldest first: who decided what and why.
  mustache::data history{mustache::data::type::list};
  for (const auto& d : b->history) {
    mustache::data h;
    h.set("position", std::to_string(d.position));
    h.set("outcome_label", outcome_label(ctx, d.outcome));
    set_field(h, "criterion", d.criterion.empty() ? "" : criteria.label(d.criterion, ctx.lang()));
    set_field(h, "note", d.note);
    set_field(h, "reason", d.reason);
    h.set("by", d.decided_by);
    h.set("at", time_text(ctx, d.decided_at));
    history.push_back(h);
  }
  page.set("history", history);
  page.set("has_history", !b->history.empty());
  PageHead head;
  head.title = ctx.t("selection_batch_title") + " " + std::to_string(id);
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_selection_batch", page, head), status);
}

std::vector<int> positions_of(const RequestContext& ctx) {
  std::vector<int> out;
  for (const auto& v : ctx.get_form_all("rows")) {
    if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) {
      throw BadRequest("bad row", "error_bad_request");
    }
    out.push_back(std::stoi(v));
  }
  return out;
}

std::unique_ptr<Response> back_to_batch(const RequestContext& ctx, int64_t id, const std::string& done) {
  const std::vector<std::pair<std::string, std::string>> q = {{"done", done}, {"lang", explicit_lang(ctx)}};
  return Response::redirect("/staff/selection/" + std::to_string(id) + "?" + query_string(q), 303);
}

// ---- notices ----

std::unique_ptr<Response> notice_page(const RequestContext& ctx) {
  const int64_t id = batch_id_of(ctx);
  const std::string& kind = ctx.path_param("kind");
  if (kind != "destroy" && kind != "transfer") throw archive::NotFound("no such notice");
  const SelectionOutcome wanted = kind == "destroy" ? SelectionOutcome::Destroy : SelectionOutcome::Transfer;
  const auto criteria = criteria_of(ctx);
  archive::Catalog catalog(catalog_file(ctx));
  archive::SelectionStore store(catalog.db());
  const auto b = store.batch(id);
  if (!b) throw archive::NotFound("no batch");
  if (!b->approved()) throw archive::Conflict("not approved");
  mustache::data page;
  mustache::data rows{mustache::data::type::list};
  std::vector<int> positions;
  std::set<std::string> approvers;
  int n = 0;
  for (const auto& r : b->rows) {
    if (r.outcome() != wanted) continue;
    positions.push_back(r.position);
    mustache::data d;
    d.set("n", std::to_string(++n));
    d.set("position", std::to_string(r.position));
    d.set("title", r.data.title);
    d.set("created", r.data.created_year);
    d.set("retention", r.data.retention);
    set_field(d, "file_number", r.data.file_number);
    d.set("quantity", std::to_string(r.data.quantity));
    d.set("criterion", criteria.label(r.in_force->criterion, ctx.lang()));
    set_field(d, "note", r.in_force->note);
    d.set("decided_by", r.in_force->decided_by);
    for (const auto& a : b->approvals) {
      if (a.last_decision >= r.in_force->id) {
        approvers.insert(a.approved_by);
        d.set("approved_by", a.approved_by);
        break;
      }
    }
    rows.push_back(d);
  }
  if (positions.empty()) throw archive::NotFound("no rows for this notice");
  store.record_notice(id, kind, positions, actor_of(ctx));
  page.set("rows", rows);
  page.set("count", std::to_string(positions.size()));
  page.set("is_destroy", wanted == SelectionOutcome::Destroy);
  page.set("title", ctx.t(wanted == SelectionOutcome::Destroy ? "selection_notice_destroy_title"
                                                              : "selection_notice_transfer_title"));
  page.set("lead", ctx.messages().format(wanted == SelectionOutcome::Destroy ? "selection_notice_destroy_lead"
                                                                             : "selection_notice_transfer_lead",
                                         {{"year", year_label(ctx, b->fiscal_year)}, {"n", std::to_string(n)}}));
  page.set("department", b->department);
  page.set("issuer", ctx.t("notice_issuer"));
  page.set("dated", notice_day(ctx, archive::japan_day(archive::now_seconds())));
  page.set("number", ctx.messages().format("selection_notice_number", {{"id", std::to_string(id)}}));
  std::string by;
  for (const auto& a : approvers) by += (by.empty() ? "" : "、") + a;
  page.set("approved_by", by);
  page.set("back_url", link(ctx, "/staff/selection/" + std::to_string(id)));
  PageHead head;
  head.title =
      ctx.t(wanted == SelectionOutcome::Destroy ? "selection_notice_destroy_title" : "selection_notice_transfer_title");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_selection_notice", page, head));
}

// ---- accession ----

std::unique_ptr<Response> accession_form(const RequestContext& ctx, int64_t id, const std::string& error, int status) {
  archive::Catalog& catalog = catalog_of(ctx);
  archive::SelectionStore store(catalog.db());
  const auto b = store.batch(id);
  if (!b) throw archive::NotFound("no batch");
  if (b->accession_id) {
    return Response::redirect(link(ctx, "/staff/accessions/" + std::to_string(*b->accession_id)), 303);
  }
  mustache::data page;
  page.set("id", std::to_string(id));
  page.set("year", year_label(ctx, b->fiscal_year));
  page.set("department", b->department);
  page.set("csrf", ctx.session()->csrf_token);
  page.set("action", link(ctx, "/staff/selection/" + std::to_string(id) + "/accession"));
  page.set("batch_url", link(ctx, "/staff/selection/" + std::to_string(id)));
  set_field(page, "error", error);
  mustache::data rows{mustache::data::type::list};
  for (const auto& r : b->rows) {
    if (r.outcome() != SelectionOutcome::Transfer) continue;
    mustache::data d;
    d.set("position", std::to_string(r.position));
    d.set("title", r.data.title);
    d.set("quantity", std::to_string(r.data.quantity));
    set_field(d, "file_number", r.data.file_number);
    rows.push_back(d);
  }
  page.set("rows", rows);
  // The places volumes may go: every fonds and series.
  mustache::data parents{mustache::data::type::list};
  const std::string chosen = ctx.get_form("parent");
  for (const auto& fid : catalog.fonds_ids()) {
    const auto f = catalog.get(fid);
    if (!f) continue;
    mustache::data d;
    d.set("id", fid);
    d.set("label", f->title);
    d.set("selected", fid == chosen);
    parents.push_back(d);
    for (const auto& o : catalog.outline(fid)) {
      if (o.level != archive::Level::Series) continue;
      const auto s = catalog.get(o.id);
      mustache::data sd;
      sd.set("id", o.id);
      sd.set("label", std::string("— ") + (s ? s->title : o.id));
      sd.set("selected", o.id == chosen);
      parents.push_back(sd);
    }
  }
  page.set("parents", parents);
  page.set("prefix", ctx.has_form("prefix") ? ctx.get_form("prefix") : "受" + std::to_string(b->fiscal_year) + "-");
  page.set("location", ctx.get_form("location"));
  page.set("extra", ctx.get_form("extra"));
  mustache::data access{mustache::data::type::list};
  for (const auto s : {archive::AccessStatus::Review, archive::AccessStatus::Closed, archive::AccessStatus::Restricted,
                       archive::AccessStatus::Open}) {
    mustache::data d;
    d.set("code", archive::access_name(s));
    d.set("label", access_label(ctx, s));
    d.set("selected", ctx.get_form("access", "review") == archive::access_name(s));
    access.push_back(d);
  }
  page.set("access", access);
  PageHead head;
  head.title = ctx.t("accession_form_title");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_accession_form", page, head), status);
}

std::unique_ptr<Response> accession_page(const RequestContext& ctx, int64_t id, const std::string& error, int status) {
  archive::Catalog& catalog = catalog_of(ctx);
  archive::SelectionStore store(catalog.db());
  const auto a = store.accession(id);
  if (!a) throw archive::NotFound("no accession");
  mustache::data page;
  page.set("id", std::to_string(id));
  page.set("batch_url", link(ctx, "/staff/selection/" + std::to_string(a->batch_id)));
  page.set("batch_id", std::to_string(a->batch_id));
  page.set("received", time_text(ctx, a->received_at) + " · " + a->received_by);
  const auto parent = catalog.get(a->parent_id);
  page.set("parent", parent ? parent->title : a->parent_id);
  page.set("parent_url", link(ctx, "/staff/records/" + a->parent_id));
  set_field(page, "location", a->location);
  set_field(page, "error", error);
  if (ctx.get_param("done") == "event") {
    page.set("has_done", true);
    page.set("done", ctx.messages().format("accession_event_done", {{"n", ctx.get_param("count")}}));
  }
  mustache::data items{mustache::data::type::list};
  long missing = 0, extra = 0, arrived = 0;
  for (const auto& i : a->items) {
    mustache::data d;
    d.set("seq", std::to_string(i.seq));
    set_field(d, "position", i.position ? std::to_string(*i.position) : std::string());
    d.set("title", i.title);
    d.set("status", archive::accession_item_status_name(i.status));
    d.set("status_label", ctx.t(std::string("accession_item_") + archive::accession_item_status_name(i.status)));
    if (!i.record_id.empty()) {
      const auto r = catalog.get(i.record_id);
      d.set("has_record", true);
      d.set("record_url", link(ctx, "/staff/records/" + i.record_id));
      d.set("record_id", i.record_id);
      set_field(d, "call_number", r ? r->call_number : std::string());
      d.set("access_label", r && r->access ? access_label(ctx, r->access->status) : std::string());
    }
    if (i.status == archive::AccessionItemStatus::Missing) ++missing;
    if (i.status == archive::AccessionItemStatus::Extra) ++extra;
    if (i.status == archive::AccessionItemStatus::Arrived) ++arrived;
    items.push_back(d);
  }
  page.set("items", items);
  page.set("summary", ctx.messages().format("accession_summary", {{"arrived", std::to_string(arrived)},
                                                                  {"missing", std::to_string(missing)},
                                                                  {"extra", std::to_string(extra)}}));
  page.set("has_flags", missing + extra > 0);
  page.set("can_event", may(ctx, archive::Permission::EditCatalog) && arrived > 0);
  page.set("csrf", ctx.session()->csrf_token);
  page.set("event_action", link(ctx, "/staff/accessions/" + std::to_string(id) + "/events"));
  page.set("today", archive::japan_day(archive::now_seconds()).iso());
  mustache::data kinds{mustache::data::type::list};
  for (const auto& k : archive::preservation_kinds()) {
    mustache::data d;
    d.set("code", k);
    d.set("label", ctx.t(archive::preservation_message_key(k)));
    d.set("selected", k == "fumigation");
    kinds.push_back(d);
  }
  page.set("kinds", kinds);
  PageHead head;
  head.title = ctx.t("accession_title") + " " + std::to_string(id);
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_accession", page, head), status);
}

// ---- reports ----

}  // namespace

std::unique_ptr<Response> handle_staff_selection(const RequestContext& ctx) {
  return list_page(ctx, {}, 200);
}

std::unique_ptr<Response> handle_staff_selection_upload(const RequestContext& ctx) {
  const UploadedFile* file = ctx.file("file");
  if (!file || file->data.empty()) return list_page(ctx, {ctx.t("selection_no_file")}, 400);
  const std::string dir = staff_services(ctx).data_dir + "/uploads";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string ext = ".csv";
  const std::string& name = file->filename;
  if (name.size() > 5 &&
      (name.compare(name.size() - 5, 5, ".xlsx") == 0 || name.compare(name.size() - 5, 5, ".XLSX") == 0)) {
    ext = ".xlsx";
  }
  const std::string path = dir + "/selection-" + random_name() + ".upload" + ext;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << file->data;
    if (!out) throw std::runtime_error("cannot save the upload in " + dir);
  }
  indexer::RetentionListOptions options;
  const std::string year = archive::trim_typed(ctx.get_form("year"));
  std::vector<std::string> problems;
  if (!year.empty()) {
    if (const auto y = indexer::parse_fiscal_year(year)) {
      options.fiscal_year = *y;
    } else {
      problems.push_back(ctx.t("selection_bad_year") + " " + year);
    }
  }
  options.department = ctx.get_form("department");
  options.read.max_file_bytes = staff_services(ctx).max_import_bytes;
  const std::string shown = name.empty() ? "upload" : name;
  int64_t id = 0;
  if (problems.empty()) {
    try {
      id = indexer::import_retention_list(staff_services(ctx).data_dir, path, options, actor_of(ctx), shown);
    } catch (const archive::InputErrors& e) {
      for (const auto& p : e.problems()) problems.push_back(as_uploaded(p.where_what(), path, shown));
      if (e.more() > 0) problems.push_back("… " + std::to_string(e.more()));
    } catch (const archive::InputError& e) {
      problems.push_back(as_uploaded(e.where_what(), path, shown));
    }
  }
  fs::remove(path, ec);
  if (!problems.empty()) return list_page(ctx, problems, 400);
  return back_to_batch(ctx, id, "imported");
}

std::unique_ptr<Response> handle_staff_selection_batch(const RequestContext& ctx) {
  return batch_page(ctx, batch_id_of(ctx), {}, 200);
}

std::unique_ptr<Response> handle_staff_selection_mark(const RequestContext& ctx) {
  const int64_t id = batch_id_of(ctx);
  const auto outcome = archive::outcome_from_name(ctx.get_form("outcome"));
  if (!outcome) return batch_page(ctx, id, ctx.t("selection_choose_outcome"), 400);
  const std::vector<int> rows = positions_of(ctx);
  if (rows.empty()) return batch_page(ctx, id, ctx.t("selection_choose_rows"), 400);
  const std::string criterion = *outcome == SelectionOutcome::Undecided ? "" : ctx.get_form("criterion");
  try {
    archive::Catalog catalog(catalog_file(ctx));
    archive::SelectionStore(catalog.db())
        .mark(id, rows, *outcome, criterion, archive::trim_typed(ctx.get_form("note")), criteria_of(ctx),
              actor_of(ctx));
  } catch (const archive::Conflict& e) {
    return batch_page(ctx, id, e.what(), 409);
  } catch (const archive::InputError& e) {
    return batch_page(ctx, id, e.what(), 400);
  }
  return back_to_batch(ctx, id, "marked");
}

std::unique_ptr<Response> handle_staff_selection_correct(const RequestContext& ctx) {
  const int64_t id = batch_id_of(ctx);
  const auto outcome = archive::outcome_from_name(ctx.get_form("outcome"));
  if (!outcome) return batch_page(ctx, id, ctx.t("selection_choose_outcome"), 400);
  const std::vector<int> rows = positions_of(ctx);
  if (rows.size() != 1) return batch_page(ctx, id, ctx.t("selection_choose_rows"), 400);
  const std::string criterion = *outcome == SelectionOutcome::Undecided ? "" : ctx.get_form("criterion");
  try {
    archive::Catalog catalog(catalog_file(ctx));
    archive::SelectionStore(catalog.db())
        .correct(id, rows.front(), *outcome, criterion, archive::trim_typed(ctx.get_form("note")),
                 archive::trim_typed(ctx.get_form("reason")), criteria_of(ctx), actor_of(ctx));
  } catch (const archive::Conflict& e) {
    return batch_page(ctx, id, e.what(), 409);
  } catch (const archive::InputError& e) {
    return batch_page(ctx, id, e.what(), 400);
  }
  return back_to_batch(ctx, id, "corrected");
}

std::unique_ptr<Response> handle_staff_selection_approve(const RequestContext& ctx) {
  const int64_t id = batch_id_of(ctx);
  try {
    archive::Catalog catalog(catalog_file(ctx));
    archive::SelectionStore(catalog.db()).approve(id, archive::trim_typed(ctx.get_form("comment")), actor_of(ctx));
  } catch (const archive::Forbidden& e) {
    return batch_page(ctx, id, ctx.t("selection_own_drafts"), 403);
  } catch (const archive::Conflict& e) {
    return batch_page(ctx, id, e.what(), 409);
  }
  return back_to_batch(ctx, id, "approved");
}

std::unique_ptr<Response> handle_staff_selection_notice(const RequestContext& ctx) {
  return notice_page(ctx);
}

std::unique_ptr<Response> handle_staff_accession_form(const RequestContext& ctx) {
  return accession_form(ctx, batch_id_of(ctx), {}, 200);
}

std::unique_ptr<Response> handle_staff_accession_create(const RequestContext& ctx) {
  const int64_t id = batch_id_of(ctx);
  indexer::AccessionForm form;
  form.batch_id = id;
  form.parent_id = ctx.get_form("parent");
  form.call_number_prefix = ctx.get_form("prefix");
  form.location = ctx.get_form("location");
  for (const auto& v : ctx.get_form_all("missing")) {
    if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) {
      throw BadRequest("bad row", "error_bad_request");
    }
    form.missing.insert(std::stoi(v));
  }
  std::istringstream extra(ctx.get_form("extra"));
  for (std::string line; std::getline(extra, line);) {
    if (!archive::trim_typed(line).empty()) form.extra.push_back(line);
  }
  const auto access = archive::access_from_name(ctx.get_form("access", "review"));
  if (!access) throw BadRequest("bad access", "error_bad_request");
  form.access = *access;
  indexer::AccessionOutcome out;
  try {
    out = indexer::accession_batch(staff_services(ctx).data_dir, form, actor_of(ctx));
  } catch (const archive::InputError& e) {
    return accession_form(ctx, id, e.what(), 400);
  }
  return Response::redirect(link(ctx, "/staff/accessions/" + std::to_string(out.accession_id)), 303);
}

std::unique_ptr<Response> handle_staff_accession(const RequestContext& ctx) {
  return accession_page(ctx, batch_id_of(ctx, "id"), {}, 200);
}

std::unique_ptr<Response> handle_staff_accession_event(const RequestContext& ctx) {
  const int64_t id = batch_id_of(ctx, "id");
  archive::PreservationEvent event;
  event.type = ctx.get_form("type");
  event.date = archive::trim_typed(ctx.get_form("date"));
  event.text = archive::trim_typed(ctx.get_form("text"));
  long n = 0;
  try {
    n = indexer::record_accession_event(staff_services(ctx).data_dir, id, event, actor_of(ctx));
  } catch (const archive::InputError& e) {
    return accession_page(ctx, id, e.what(), 400);
  }
  const std::vector<std::pair<std::string, std::string>> q = {
      {"done", "event"}, {"count", std::to_string(n)}, {"lang", explicit_lang(ctx)}};
  return Response::redirect("/staff/accessions/" + std::to_string(id) + "?" + query_string(q), 303);
}

std::unique_ptr<Response> handle_staff_selection_reports(const RequestContext& ctx) {
  archive::SelectionStore store(catalog_of(ctx).db());
  const auto report = store.report();
  const auto criteria = criteria_of(ctx);
  mustache::data page;
  mustache::data years{mustache::data::type::list};
  for (const int fy : report.fiscal_years) {
    mustache::data y;
    y.set("year", year_label(ctx, fy));
    y.set("fy", std::to_string(fy));
    mustache::data rows{mustache::data::type::list};
    long listed = 0, transferred = 0, destroyed = 0, undecided = 0, accessions = 0, catalogued = 0;
    for (const auto& r : report.rows) {
      if (r.fiscal_year != fy) continue;
      mustache::data d;
      d.set("department", r.department);
      d.set("listed", std::to_string(r.listed));
      d.set("transferred", std::to_string(r.transferred));
      d.set("destroyed", std::to_string(r.destroyed));
      d.set("undecided", std::to_string(r.undecided));
      d.set("accessions", std::to_string(r.accessions));
      d.set("catalogued", std::to_string(r.catalogued));
      d.set("missing", std::to_string(r.missing));
      rows.push_back(d);
      listed += r.listed;
      transferred += r.transferred;
      destroyed += r.destroyed;
      undecided += r.undecided;
      accessions += r.accessions;
      catalogued += r.catalogued;
    }
    y.set("rows", rows);
    mustache::data charts{mustache::data::type::list};
    charts.push_back(bar_chart("outcomes-" + std::to_string(fy), ctx.t("selection_report_outcomes"),
                               {{ctx.t("selection_report_listed"), listed},
                                {outcome_label(ctx, SelectionOutcome::Transfer), transferred},
                                {outcome_label(ctx, SelectionOutcome::Destroy), destroyed},
                                {outcome_label(ctx, SelectionOutcome::Undecided), undecided},
                                {ctx.t("selection_report_catalogued"), catalogued}}));
    std::vector<ChartBar> used;
    for (const auto& c : report.criteria) {
      if (c.fiscal_year == fy) used.push_back({criteria.label(c.criterion, ctx.lang()), c.rows});
    }
    if (!used.empty()) {
      charts.push_back(bar_chart("criteria-" + std::to_string(fy), ctx.t("selection_report_criteria"), used));
    }
    y.set("charts", charts);
    (void)accessions;
    years.push_back(y);
  }
  page.set("years", years);
  page.set("has_years", !report.fiscal_years.empty());
  page.set("csv_url", link(ctx, "/staff/selection/reports.csv"));
  page.set("list_url", link(ctx, "/staff/selection"));
  PageHead head;
  head.title = ctx.t("selection_report_title");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_selection_reports", page, head));
}

std::unique_ptr<Response> handle_staff_selection_reports_csv(const RequestContext& ctx) {
  archive::SelectionStore store(catalog_of(ctx).db());
  const auto report = store.report();
  const auto criteria = criteria_of(ctx);
  std::ostringstream out;
  out << "\xEF\xBB\xBF";
  out << "fiscal_year,department,listed,transferred,destroyed,undecided,accessions,catalogued,missing\r\n";
  for (const auto& r : report.rows) {
    out << r.fiscal_year << ',' << csv_cell(r.department) << ',' << r.listed << ',' << r.transferred << ','
        << r.destroyed << ',' << r.undecided << ',' << r.accessions << ',' << r.catalogued << ',' << r.missing
        << "\r\n";
  }
  out << "\r\nfiscal_year,criterion,label,outcome,rows\r\n";
  for (const auto& c : report.criteria) {
    out << c.fiscal_year << ',' << csv_cell(c.criterion) << ',' << csv_cell(criteria.label(c.criterion, ctx.lang()))
        << ',' << archive::outcome_name(c.outcome) << ',' << c.rows << "\r\n";
  }
  auto r = Response::text(out.str(), "text/csv; charset=utf-8");
  r->header("Content-Disposition", "attachment; filename=\"monjo-selection.csv\"");
  return r;
}

void add_selection_links(const RequestContext& ctx, const std::string& record_id, mustache::data& page) {
  archive::SelectionStore store(catalog_of(ctx).db());
  const auto found = store.accession_of_record(record_id);
  if (!found) return;
  const auto& [acc, item] = *found;
  page.set("has_accession", true);
  page.set("accession_url", link(ctx, "/staff/accessions/" + std::to_string(acc.id)));
  page.set("accession_text",
           ctx.messages().format("record_accession_text",
                                 {{"id", std::to_string(acc.id)}, {"on", acc.received_on}, {"by", acc.received_by}}));
  page.set("selection_url", link(ctx, "/staff/selection/" + std::to_string(acc.batch_id)));
  const auto b = store.batch(acc.batch_id);
  if (!b || !item.position) return;
  const auto* row = b->row(*item.position);
  if (!row || !row->in_force) return;
  const auto criteria = criteria_of(ctx);
  std::string approved_by;
  for (const auto& a : b->approvals) {
    if (a.last_decision >= row->in_force->id) {
      approved_by = a.approved_by;
      break;
    }
  }
  page.set("selection_text", ctx.messages().format("record_selection_text",
                                                   {{"id", std::to_string(acc.batch_id)},
                                                    {"row", std::to_string(row->position)},
                                                    {"outcome", outcome_label(ctx, row->in_force->outcome)},
                                                    {"criterion", criteria.label(row->in_force->criterion, ctx.lang())},
                                                    {"by", row->in_force->decided_by},
                                                    {"approver", approved_by}}));
}

}  // namespace monjo::web
