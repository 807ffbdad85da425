// The handlers of the citizen's side of use requests: intake, the status page and
// the requester's steps on it, and the public statistics, one per route of
// web/routes.cc. Page pieces shared with the staff side are in web/staff/views.h.
#pragma once

#include <memory>

#include "web/http/request_context.h"
#include "web/http/response.h"

namespace monjo::web {

// Intake (intake.cc) and the public statistics (stats.cc).
std::unique_ptr<Response> handle_request_new(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_submit(const RequestContext& ctx);
std::unique_ptr<Response> handle_api_request_submit(const RequestContext& ctx);
// The status page and the requester's steps on it (status.cc).
std::unique_ptr<Response> handle_request_status(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_withdraw(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_correction(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_appeal(const RequestContext& ctx);
// The reading-room booking after a decision (next_step.cc).
std::unique_ptr<Response> handle_request_book(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_cancel_booking(const RequestContext& ctx);
std::unique_ptr<Response> handle_stats(const RequestContext& ctx);
// "Check my request": a fresh status link by mail (check.cc).
std::unique_ptr<Response> handle_request_check_form(const RequestContext& ctx);
std::unique_ptr<Response> handle_request_check(const RequestContext& ctx);

}  // namespace monjo::web
