// The handlers of the staff side (login, dashboard, queue, review, notices, full
// record view, audit trail, accounts), one per route of web/routes.cc. Page pieces
// shared with the citizen's side of use requests are in views.h.
#pragma once

#include <memory>

#include "archive/catalog/record.h"
#include "web/http/request_context.h"
#include "web/http/response.h"
#include "web/http/templates.h"

namespace monjo::web {

// Sessions (auth.cc).
std::unique_ptr<Response> handle_staff_login_form(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_login(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_logout(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_logout_everywhere(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_root(const RequestContext& ctx);

// The officers' workflow (requests.cc) and its notices (notices.cc).
std::unique_ptr<Response> handle_staff_dashboard(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_queue(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_request(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_request_event(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_item_decision(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_assign(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_extend(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_identity_check(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_notice(const RequestContext& ctx);

// Records, audit trail, accounts, statistics CSV (admin.cc).
std::unique_ptr<Response> handle_staff_record(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_audit(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_users(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_user_add(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_user_disable(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_stats_csv(const RequestContext& ctx);

// Editing records, their history and restore, the date check (record_edits.cc).
std::unique_ptr<Response> handle_staff_record_edit(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_record_save(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_record_history(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_record_restore(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_date_check(const RequestContext& ctx);

// A volume's 細目録 as one table of inputs (item_table.cc).
std::unique_ptr<Response> handle_staff_item_table(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_item_table_save(const RequestContext& ctx);

// The staff index's search with the staff-only filters (search.cc).
std::unique_ptr<Response> handle_staff_search(const RequestContext& ctx);

// The restriction review: the due list, open, keep, change, the decisions' catalog
// changes (review_page.cc).
std::unique_ptr<Response> handle_staff_review(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_review_open(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_review_keep(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_review_change(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_review_decisions(const RequestContext& ctx);
// Importing a catalog file with a preview first, and exporting a fonds (import_pages.cc).
std::unique_ptr<Response> handle_staff_import_form(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_import_upload(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_import_status(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_import_preview(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_import_confirm(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_export(const RequestContext& ctx);

// The reading room's retrieval list of a day (reading_room.cc).
std::unique_ptr<Response> handle_staff_reading_room(const RequestContext& ctx);
// The preservation planning list and its CSV (preservation_pages.cc).
std::unique_ptr<Response> handle_staff_preservation(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_preservation_csv(const RequestContext& ctx);
// Selection of retention-expiry lists, accession, reports (selection_pages.cc).
std::unique_ptr<Response> handle_staff_selection(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_selection_upload(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_selection_batch(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_selection_mark(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_selection_correct(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_selection_approve(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_selection_notice(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_accession_form(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_accession_create(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_accession(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_accession_event(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_selection_reports(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_selection_reports_csv(const RequestContext& ctx);
// The staff record page's links to the accession that made a volume and the
// selection decision behind it (has_accession, accession_text, selection_text …).
void add_selection_links(const RequestContext& ctx, const std::string& record_id, mustache::data& page);
// Creating a fonds, series or volume and moving a series or volume (record_create.cc).
std::unique_ptr<Response> handle_staff_record_new_form(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_record_create(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_record_move(const RequestContext& ctx);
// The staff record page's links to add a series or volume under `record` and its
// move form (can_add_series, can_add_volume, can_move and "move"), for an archivist.
void add_create_move_links(const RequestContext& ctx, const archive::Record& record, mustache::data& page);
// The move form's values (action, csrf, base fingerprint, the parents it may go under).
void add_move_form(const RequestContext& ctx, const archive::Record& record, mustache::data& form);

}  // namespace monjo::web
