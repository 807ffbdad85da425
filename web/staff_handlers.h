// The handlers of the use-request pages (citizen intake and status, statistics) and
// of the staff side (login, dashboard, queue, review, notices, full record view,
// audit trail, accounts), one per route of routes.cc. Files: requests_*.cc for the
// public side, staff_*.cc for the staff side; shared page pieces in staff_views.h.
#pragma once

#include <memory>

#include "web/request_context.h"
#include "web/response.h"

namespace monjo::web {

// Public: intake (requests_intake.cc), statistics (requests_stats.cc).
std::unique_ptr<Response> handle_request_new(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_submit(const RequestContext& ctx);
std::unique_ptr<Response> handle_api_request_submit(const RequestContext& ctx);
// The status page and the requester's steps on it (requests_status.cc).
std::unique_ptr<Response> handle_request_status(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_withdraw(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_correction(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_appeal(const RequestContext& ctx);
std::unique_ptr<Response> handle_stats(const RequestContext& ctx);

// Sessions (staff_auth.cc).
std::unique_ptr<Response> handle_staff_login_form(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_login(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_logout(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_logout_everywhere(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_root(const RequestContext& ctx);

// The officers' workflow (staff_requests.cc) and its notices (staff_notices.cc).
std::unique_ptr<Response> handle_staff_dashboard(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_queue(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_request(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_request_event(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_item_decision(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_assign(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_extend(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_notice(const RequestContext& ctx);

// Records, audit trail, accounts, statistics CSV (staff_admin.cc).
std::unique_ptr<Response> handle_staff_record(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_audit(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_users(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_user_add(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_user_disable(const RequestContext& ctx);
std::unique_ptr<Response> handle_staff_stats_csv(const RequestContext& ctx);

}  // namespace monjo::web
