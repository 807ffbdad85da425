// Pieces shared by the use-request and staff pages: the stores of this worker,
// the acting staff member, days in the page's language, labels of states, events,
// decisions, rulings, roles and grounds (the message catalogs, under the keys
// archive/'s tables give), cookies, and the requested
// records' public listing (a request outlives a re-import, so a missing record is
// shown by its id).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/catalog/access_policy.h"
#include "archive/catalog/record.h"
#include "archive/requests/request_store.h"
#include "archive/requests/use_request.h"
#include "web/http/request_context.h"
#include "web/http/templates.h"
#include "web/staff/services.h"

namespace monjo::archive {
class Catalog;
}

namespace monjo::web {

StaffServices& staff_services(const RequestContext& ctx);  // throws Unavailable
archive::Catalog& catalog_of(const RequestContext& ctx);   // throws Unavailable
// The signed-in staff member as the core's Actor. Throws Forbidden without a session.
archive::Actor actor_of(const RequestContext& ctx);

// The display rule for days and moments (archive/dates/date_display.h) in the page's language.
// A day with its weekday (deadlines, receipts, status pages): "令和8年4月1日（水） (2026-04-01)" /
// "Wed 1 Apr 2026 (Reiwa 8)"; "" for nullopt.
std::string day_text(const RequestContext& ctx, const std::optional<archive::Ymd>& day);
// A day without the weekday (notices, review dates): "令和8年4月1日 (2026-04-01)" / "1 Apr 2026 (Reiwa 8)".
std::string notice_day(const RequestContext& ctx, const archive::Ymd& day);
// A stored UTC time (history, audit trail) in Japan time: "令和8年12月3日 15:04 (2026-12-03)".
std::string time_text(const RequestContext& ctx, const std::string& iso_utc);
// A day written YYYY[-MM[-DD]] (a preservation event's date): "平成25年8月20日 (2013-08-20)";
// the text as written when it is not of that form.
std::string event_day(const RequestContext& ctx, const std::string& date);
std::string state_label(const RequestContext& ctx, archive::RequestState s);
// An event code of the request history: the transition events, and "submit",
// "extend", "special_extension".
std::string event_label(const RequestContext& ctx, const std::string& code);
std::string decision_label(const RequestContext& ctx, archive::Decision d);
std::string ruling_label(const RequestContext& ctx, archive::Ruling r);
std::string role_label(const RequestContext& ctx, archive::Role role);
std::string ground_label(const RequestContext& ctx, const std::string& code);
std::string method_label(const RequestContext& ctx, archive::UseMethod m);
std::string medium_label(const RequestContext& ctx, archive::Medium m);
std::string due_label(const RequestContext& ctx, archive::DueStatus s);

// A Set-Cookie value. `max_age` < 0: a session cookie; 0: delete it.
std::string cookie_header(const std::string& name, const std::string& value, const std::string& path,
                          const std::string& same_site, bool secure, long max_age = -1);

// The public listing of a requested record, or a stub holding only its id.
archive::PublicRecord requested_record(const RequestContext& ctx, const std::string& id);

// One item decision as template data (decision label, grounds in words, article,
// reason, redactions).
mustache::data decision_data(const RequestContext& ctx, const archive::ItemDecision& d);
// A decision as the requester of a 本人 grant may use it (archive::self_use_decision),
// with the sentence that says why (「本人からの利用請求であるため…」): for the notice
// and the status page. The decision as it is otherwise.
mustache::data requester_decision_data(const RequestContext& ctx, const archive::ItemDecision& d);

}  // namespace monjo::web

namespace monjo::web {

// A record's full staff view: every field, with the access in force.
struct FullRecord {
  archive::Record record;
  std::vector<archive::Record> ancestors;  // fonds → parent
  archive::EffectiveAccess access;
};
std::optional<FullRecord> load_full_record(const RequestContext& ctx, const std::string& id);
mustache::data full_record_data(const RequestContext& ctx, const FullRecord& full);
// Leaves "record.view_withheld" in the audit trail (docs/staff.md: every view of
// withheld data is recorded); `where` says from which page.
void audit_record_view(const RequestContext& ctx, const FullRecord& full, const std::string& where);

// The staff session the browser's cookie names, on a public page (the router sets
// ctx.session() on staff routes only); nullopt when signed out or without staff
// services.
std::optional<archive::Session> cookie_session(const RequestContext& ctx);

}  // namespace monjo::web
