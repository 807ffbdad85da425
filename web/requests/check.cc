// "Check my request" (docs/requests.md, "Mail"): the requester who lost the status link
// types the receipt number and the e-mail address or phone number given with the
// request, and a fresh link is mailed to the request's e-mail address
// (RequestStore::send_fresh_link; the old link stops working). The answer is the same
// page whether or not anything matched, so the form tells no one whether a receipt
// exists or what its contact is; it is rate limited per client address and per
// receipt typed (counted whether or not it exists, so a 429 reveals nothing either),
// and the mail itself leaves the outbox after the answer. Without [mail] the page says
// so, and where to go instead.
#include <algorithm>
#include <cctype>

#include "archive/base/errors.h"
#include "archive/requests/request_store.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/requests/handlers.h"
#include "web/routes.h"
#include "web/staff/services.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

constexpr size_t kMaxContactBytes = 254;

// "r2026-000123 " → "R2026-000123"; empty when it is not of that form.
std::string receipt_number(const std::string& typed) {
  std::string s = trim_typed(typed);
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  const bool ok = s.size() == 12 && s[0] == 'R' && s[5] == '-' &&
                  std::all_of(s.begin() + 1, s.begin() + 5, [](char c) { return c >= '0' && c <= '9'; }) &&
                  std::all_of(s.begin() + 6, s.end(), [](char c) { return c >= '0' && c <= '9'; });
  return ok ? s : std::string();
}

std::unique_ptr<Response> render_check(const RequestContext& ctx, int status, bool sent, const std::string& error_key,
                                       const std::string& typed_receipt = {}) {
  const StaffServices& staff = staff_services(ctx);
  mustache::data page;
  page.set("mail_off", !staff.requests->mail_enabled());
  page.set("sent", sent);
  set_field(page, "error", error_key.empty() ? std::string() : ctx.t(error_key));
  page.set("action", link(ctx, "/requests/check"));
  // Only the receipt number is shown again (after an error): never the contact typed.
  set_field(page, "v_receipt", valid_utf8(typed_receipt) && typed_receipt.size() <= 40 ? typed_receipt : "");
  PageHead head;
  head.title = ctx.t("check_title");
  head.noindex = true;
  auto r = Response::html(render_page(ctx, "request_check", page, head), status);
  r->header("Cache-Control", "no-store");
  return r;
}

}  // namespace

std::unique_ptr<Response> handle_request_check_form(const RequestContext& ctx) {
  return render_check(ctx, 200, false, "");
}

std::unique_ptr<Response> handle_request_check(const RequestContext& ctx) {
  StaffServices& staff = staff_services(ctx);
  if (!staff.requests->mail_enabled()) return render_check(ctx, 404, false, "");
  const std::string typed_receipt = ctx.get_form("receipt");
  const std::string contact = trim_typed(ctx.get_form("contact"));
  if (trim_typed(typed_receipt).empty() || contact.empty()) {
    return render_check(ctx, 400, false, "check_error_missing", typed_receipt);
  }
  const std::string receipt = receipt_number(typed_receipt);
  if (!staff.check_limit->allow(ctx.client_ip()) ||
      !staff.check_receipt_limit->allow(receipt.empty() ? std::string("-") : receipt)) {
    return render_check(ctx, 429, false, "check_rate_limited", typed_receipt);
  }
  if (!receipt.empty() && contact.size() <= kMaxContactBytes && valid_utf8(contact)) {
    staff.requests->send_fresh_link(receipt, contact);
  }
  return render_check(ctx, 200, true, "");
}

}  // namespace monjo::web
