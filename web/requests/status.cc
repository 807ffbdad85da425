// The citizen's status page of a use request (docs/requests.md), reached with the
// receipt number and the secret token, and the requester's own steps on it: withdraw
// (取下げ, before notice), answer a request for correction (補正: the clock resumes)
// and lodge an appeal (審査請求, within deadline.h's window). The page offers only the
// steps the transition table lets a requester take in the present state.
//
// Each step is a POST form carrying the status token in its body (never in a URL, so
// never in a log) and a form token that must equal a cookie set with the page (double
// submit, as the staff login form: a cross-site page can post the form but can neither
// read nor set the cookie, SameSite=Strict). The store checks the token, the state and
// the appeal window again. Nothing the requester typed is shown back on any page.
#include <algorithm>

#include "archive/base/crypto.h"
#include "archive/base/errors.h"
#include "archive/requests/request_store.h"
#include "web/routes.h"
#include "web/requests/handlers.h"
#include "web/requests/status_page.h"
#include "web/staff/views.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"

namespace monjo::web {

namespace {

using archive::RequestEvent;

constexpr const char* kFormCookie = "monjo_status_form";
constexpr const char* kFormField = "form_token";
constexpr const char* kTokenField = "token";
constexpr size_t kMaxTextBytes = 4000;  // the store's limit on an event's note

// The requester's steps, by the path segment of their POST route.
struct CitizenAction {
  RequestEvent event;
  const char* code;    // the path segment and the message key stem: action_<code>_…
  const char* text;    // the form's text field ("" when none)
  bool needs_confirm;  // an irreversible step: a confirmation box must be ticked
};

const CitizenAction kActions[] = {
    {RequestEvent::SubmitCorrection, "correction", "answer", false},
    {RequestEvent::Appeal, "appeal", "reason", false},
    {RequestEvent::Withdraw, "withdraw", "", true},
};

const CitizenAction* action_for(RequestEvent e) {
  for (const auto& a : kActions) {
    if (a.event == e) return &a;
  }
  return nullptr;
}

bool hex_token(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool appeal_open(const archive::PublicRequestStatus& st, const archive::Ymd& today) {
  return st.appeal_until && today <= *st.appeal_until;
}

std::unique_ptr<Response> render_status(const RequestContext& ctx, const std::string& receipt, const std::string& token,
                                        const std::string& error, int status) {
  const archive::PublicRequestStatus st = staff_services(ctx).requests->find_by_receipt(receipt, token);
  const archive::Ymd today = archive::japan_day(archive::now_seconds());

  mustache::data page;
  page.set("receipt", st.receipt);
  page.set("state", archive::state_name(st.state));
  page.set("state_label", state_label(ctx, st.state));
  page.set("state_explain", ctx.t(std::string("state_explain_") + archive::state_name(st.state)));
  page.set("received", day_text(ctx, st.received_on));
  page.set("method_label", method_label(ctx, st.method));
  page.set("medium_label", medium_label(ctx, st.medium));
  page.set("is_copy", st.method == archive::UseMethod::Copy);  // the medium matters for copies only
  const bool awaiting = archive::state_info(st.state).deadline_shown;
  page.set("awaiting", awaiting && !st.decisions_visible);
  set_field(page, "deadline", day_text(ctx, st.deadlines.effective));
  set_field(page, "service_target", day_text(ctx, st.deadlines.service_target));
  set_field(page, "paused_since", day_text(ctx, st.deadlines.paused_since));
  set_field(page, "notified", day_text(ctx, st.notified_on));
  set_field(page, "earliest_use", day_text(ctx, st.earliest_use));
  page.set("decisions_visible", st.decisions_visible);
  page.set("self_request", st.self_request);  // 本人利用: the identity check comes before the use

  mustache::data items{mustache::data::type::list};
  for (const auto& item : st.items) {
    const auto rec = requested_record(ctx, item.decision.record_id);
    mustache::data d = record_data(ctx, rec);
    d.set("position", std::to_string(item.position));
    if (st.decisions_visible && item.decided) d.set("outcome", requester_decision_data(ctx, item.decision));
    items.push_back(d);
  }
  page.set("items", items);
  mustache::data history{mustache::data::type::list};
  for (const auto& [day, code] : st.history) {
    mustache::data h;
    h.set("day", day_text(ctx, day));
    h.set("event", event_label(ctx, code));
    history.push_back(h);
  }
  page.set("history", history);

  // The steps this state allows a requester, each a form with both tokens. The form
  // token is kept while the browser still holds it, so two open tabs both work.
  std::string form_token = ctx.cookie(kFormCookie);
  const bool new_form_token = !hex_token(form_token);
  if (new_form_token) form_token = archive::random_token_hex(32);
  bool any = false;
  bool appeal_closed = false;
  for (const RequestEvent e : archive::available_events(st.state, archive::Role::Citizen)) {
    const CitizenAction* a = action_for(e);
    if (!a) continue;
    if (e == RequestEvent::Appeal && !appeal_open(st, today)) {
      // Past the window: say until when it ran instead of offering the form.
      if (st.appeal_until) {
        set_field(page, "appeal_closed",
                  ctx.messages().format("action_appeal_closed", {{"date", day_text(ctx, st.appeal_until)}}));
        appeal_closed = true;
      }
      continue;
    }
    mustache::data f;
    f.set("action", link(ctx, status_path(st.receipt) + "/" + a->code));
    f.set("token", token);
    f.set("form_token", form_token);
    page.set(std::string("act_") + a->code, f);
    any = true;
  }
  if (st.appeal_until && appeal_open(st, today)) {
    page.set("appeal_explain",
             ctx.messages().format("action_appeal_explain", {{"date", day_text(ctx, st.appeal_until)}}));
  }
  page.set("has_actions", any || appeal_closed);
  set_field(page, "action_error", error);
  set_next_step(ctx, st, token, form_token, page);

  PageHead head;
  head.title = ctx.t("status_title") + " " + st.receipt;
  head.noindex = true;
  auto r = Response::html(render_page(ctx, "request_status", page, head), status);
  r->header("Cache-Control", "no-store");
  r->header("Referrer-Policy", "no-referrer");
  if (new_form_token) {
    r->header("Set-Cookie", cookie_header(kFormCookie, form_token, status_path(st.receipt), "Strict", ctx.secure()));
  }
  return r;
}

// One requester step: both tokens, the form's own checks, then the store.
std::unique_ptr<Response> take_action(const RequestContext& ctx, const CitizenAction& action) {
  const std::string& receipt = ctx.path_param("receipt");
  std::unique_ptr<Response> refused;
  const std::string token = check_requester_form(ctx, refused);
  if (refused) return refused;
  StaffServices& staff = staff_services(ctx);

  std::string text;
  if (*action.text) {
    text = ctx.get_form(action.text);
    if (text.empty()) return render_status(ctx, receipt, token, ctx.t("action_error_text"), 400);
    if (text.size() > kMaxTextBytes) return render_status(ctx, receipt, token, ctx.t("action_error_invalid"), 400);
  }
  if (action.needs_confirm && ctx.get_form("confirm") != "yes") {
    return render_status(ctx, receipt, token, ctx.t("action_error_confirm"), 400);
  }
  try {
    staff.requests->apply_as_requester(receipt, token, action.event, text);
  } catch (const archive::InputError&) {
    return render_status(ctx, receipt, token, ctx.t("action_error_invalid"), 400);
  } catch (const archive::Conflict&) {
    // Not in this state any more, or (an appeal) past its window.
    const bool late = action.event == RequestEvent::Appeal &&
                      archive::find_transition(staff.requests->get(receipt).state, action.event) != nullptr;
    return render_status(ctx, receipt, token, ctx.t(late ? "action_error_late" : "action_error_state"), 409);
  } catch (const archive::Forbidden&) {
    return render_status(ctx, receipt, token, ctx.t("action_error_state"), 409);
  }

  return action_done_page(ctx, receipt, token, std::string("action_done_") + action.code, {{"receipt", receipt}});
}

}  // namespace

std::string status_path(const std::string& receipt) {
  return "/requests/" + receipt;
}

std::unique_ptr<Response> action_done_page(const RequestContext& ctx, const std::string& receipt,
                                           const std::string& token, const std::string& stem,
                                           const std::vector<std::pair<std::string, std::string>>& args) {
  mustache::data page;
  page.set("heading", ctx.t(stem + "_title"));
  page.set("detail", ctx.messages().format(stem, args));
  page.set("receipt", receipt);
  page.set("status_url", link(ctx, status_path(receipt) + "?token=" + token));
  PageHead head;
  head.title = ctx.t(stem + "_title");
  head.noindex = true;
  auto r = Response::html(render_page(ctx, "request_action_done", page, head));
  r->header("Cache-Control", "no-store");
  r->header("Referrer-Policy", "no-referrer");
  return r;
}

std::unique_ptr<Response> render_status_page(const RequestContext& ctx, const std::string& receipt,
                                             const std::string& token, const std::string& error, int status) {
  return render_status(ctx, receipt, token, error, status);
}

std::string check_requester_form(const RequestContext& ctx, std::unique_ptr<Response>& refused) {
  const std::string& receipt = ctx.path_param("receipt");
  const std::string token = ctx.get_form(kTokenField);
  // A wrong status token and an unknown receipt answer alike, as the page does.
  if (token.empty() || !staff_services(ctx).requests->token_matches(receipt, token)) throw archive::NotFound(receipt);
  const std::string expected = ctx.cookie(kFormCookie);
  if (expected.empty() || !archive::constant_time_equal(expected, ctx.get_form(kFormField))) {
    refused = error_response(ctx, 403, "error_csrf");
  }
  return token;
}

std::unique_ptr<Response> handle_request_status(const RequestContext& ctx) {
  const std::string& receipt = ctx.path_param("receipt");
  const std::string token = ctx.get_param("token");
  if (token.empty()) throw archive::NotFound(receipt);
  return render_status(ctx, receipt, token, "", 200);
}

std::unique_ptr<Response> handle_request_withdraw(const RequestContext& ctx) {
  return take_action(ctx, *action_for(RequestEvent::Withdraw));
}

std::unique_ptr<Response> handle_request_correction(const RequestContext& ctx) {
  return take_action(ctx, *action_for(RequestEvent::SubmitCorrection));
}

std::unique_ptr<Response> handle_request_appeal(const RequestContext& ctx) {
  return take_action(ctx, *action_for(RequestEvent::Appeal));
}

}  // namespace monjo::web
