// What the status page (status.cc) shares with the steps after a decision
// (next_step.cc: the reading-room booking and the fee for copies): rendering the page
// again with a message, checking a requester's form, and the page's section on how to
// use what was granted.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "archive/requests/request_store.h"
#include "web/http/request_context.h"
#include "web/http/response.h"
#include "web/http/templates.h"

namespace monjo::web {

// The status page of `receipt`, with `error` shown (empty: none) and the given status.
std::unique_ptr<Response> render_status_page(const RequestContext& ctx, const std::string& receipt,
                                             const std::string& token, const std::string& error, int status);
// The path of a request's status page (the status token goes in its query).
std::string status_path(const std::string& receipt);
// The page after a requester's step (request_action_done): the message `stem` with
// `args`, its `stem`_title as heading, and the way back to the status page.
std::unique_ptr<Response> action_done_page(const RequestContext& ctx, const std::string& receipt,
                                           const std::string& token, const std::string& stem,
                                           const std::vector<std::pair<std::string, std::string>>& args);
// A requester's POST: the status token (NotFound alike for an unknown receipt and a
// wrong token) and the form token against its cookie (403 response). Returns the
// status token when both hold, with `refused` left empty.
std::string check_requester_form(const RequestContext& ctx, std::unique_ptr<Response>& refused);

// The status page's "next step" once a decision granting use is notified: for
// viewing, the reading-room booking (the booking, or the form with the open days'
// slots); for copies, the fee and how to pay or collect (next_step.cc).
void set_next_step(const RequestContext& ctx, const archive::PublicRequestStatus& st, const std::string& token,
                   const std::string& form_token, mustache::data& page);

}  // namespace monjo::web
