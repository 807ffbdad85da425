// The citizen's side of a use request (docs/requests.md): the request list
// kept across pages in a cookie of record ids only (never personal data), the form
// (who, how to use, consent), a honeypot field and a per-address rate limit instead
// of an outside CAPTCHA, the receipt with the secret status link shown once, and the
// JSON twin POST /api/requests (the status page is requests_status.cc). Records
// withheld entirely can be requested: that is how their status is reviewed.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "archive/base/errors.h"
#include "archive/requests/request_mail.h"
#include "archive/requests/request_store.h"
#include "web/portal/public_records.h"
#include "web/routes.h"
#include "web/requests/handlers.h"
#include "web/staff/views.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"

namespace monjo::web {

namespace {

constexpr const char* kListCookie = "monjo_request_list";
constexpr size_t kMaxListed = 20;
constexpr const char* kHoneypot = "website";

// The ids of the cookie, valid and distinct, in the order they were added.
std::vector<std::string> listed_ids(const RequestContext& ctx) {
  std::vector<std::string> ids;
  const std::string raw = ctx.cookie(kListCookie);
  size_t pos = 0;
  while (pos <= raw.size() && !raw.empty()) {
    auto end = raw.find('|', pos);
    if (end == std::string::npos) end = raw.size();
    std::string id = raw.substr(pos, end - pos);
    if (valid_record_id(id) && std::find(ids.begin(), ids.end(), id) == ids.end() && ids.size() < kMaxListed) {
      ids.push_back(id);
    }
    pos = end + 1;
  }
  return ids;
}

std::string list_cookie(const RequestContext& ctx, const std::vector<std::string>& ids) {
  std::string value;
  for (const auto& id : ids) value += (value.empty() ? "" : "|") + id;
  // Lax, not Strict: the list must survive arriving from a search engine's link.
  return cookie_header(kListCookie, value, "/requests", "Lax", ctx.secure(), ids.empty() ? 0 : 86400);
}

bool requestable(const archive::PublicRecord& r) {
  return r.level == archive::Level::Volume || r.level == archive::Level::Item;
}

struct IntakeForm {
  std::vector<std::string> records;
  archive::NewRequest request;
  bool consent = false;
  std::string self_answer;  // as posted
  std::vector<std::pair<std::string, std::string>> errors;  // field, message key
};

IntakeForm read_form(const RequestContext& ctx) {
  IntakeForm f;
  f.records = ctx.get_form_all("record");
  auto& who = f.request.requester;
  who.name = ctx.get_form("name");
  who.address = ctx.get_form("address");
  who.phone = ctx.get_form("phone");
  who.email = ctx.get_form("email");
  who.purpose = ctx.get_form("purpose");
  f.request.method = archive::use_method_from_name(ctx.get_form("method", "view")).value_or(archive::UseMethod::View);
  f.request.medium = archive::medium_from_name(ctx.get_form("medium", "paper")).value_or(archive::Medium::Paper);
  // The medium is asked only for copies (写しの交付); for viewing it is ignored.
  if (f.request.method == archive::UseMethod::View) f.request.medium = archive::Medium::Paper;
  f.consent = ctx.get_form("consent") == "yes";
  f.request.lang = ctx.lang();
  // 本人利用: "" (not about oneself) or a relation of archive/requests/self_requests.h.
  f.self_answer = ctx.get_form("self_relation");
  f.request.self_relation = archive::self_relation_from_name(f.self_answer);
  return f;
}

// The checks a citizen can fix on the form, with a message each; the store checks
// again (and more) on submit.
void check_form(IntakeForm& f) {
  if (f.records.empty()) f.errors.emplace_back("records", "intake_error_records");
  for (const auto& id : f.records) {
    if (!valid_record_id(id)) f.errors.emplace_back("records", "intake_error_records");
  }
  const auto& who = f.request.requester;
  if (who.name.empty()) f.errors.emplace_back("name", "intake_error_name");
  if (who.address.empty()) f.errors.emplace_back("address", "intake_error_address");
  if (who.phone.empty() && who.email.empty()) f.errors.emplace_back("phone", "intake_error_contact");
  if (!who.email.empty() && (who.email.find('@') == std::string::npos || who.email.find(' ') != std::string::npos)) {
    f.errors.emplace_back("email", "intake_error_email");
  }
  if (!f.self_answer.empty() && f.self_answer != "no" && !f.request.self_relation) {
    f.errors.emplace_back("self_relation", "intake_error_self_relation");
  }
  if (!f.consent) f.errors.emplace_back("consent", "intake_error_consent");
}

std::unique_ptr<Response> render_form(const RequestContext& ctx, const std::vector<std::string>& ids,
                                      const IntakeForm* form, int status, const std::string& notice_key = {}) {
  mustache::data page;
  mustache::data items{mustache::data::type::list};
  for (const auto& id : ids) {
    const auto r = requested_record(ctx, id);
    mustache::data d = record_data(ctx, r);
    d.set("checked", !form || std::find(form->records.begin(), form->records.end(), id) != form->records.end());
    items.push_back(d);
  }
  page.set("items", items);
  page.set("has_items", !ids.empty());
  page.set("search_link", link(ctx, "/search"));
  page.set("action", link(ctx, "/requests/new"));
  set_field(page, "notice", notice_key.empty() ? std::string() : ctx.t(notice_key));

  auto value = [&](const std::string& field, const std::string& v) { set_field(page, "v_" + field, v); };
  if (form) {
    const auto& who = form->request.requester;
    value("name", who.name);
    value("address", who.address);
    value("phone", who.phone);
    value("email", who.email);
    value("purpose", who.purpose);
    page.set("consent_checked", form->consent);
  }
  const auto method = form ? form->request.method : archive::UseMethod::View;
  const auto medium = form ? form->request.medium : archive::Medium::Paper;
  page.set("method_view", method == archive::UseMethod::View);
  page.set("method_copy", method == archive::UseMethod::Copy);
  page.set("medium_paper", medium == archive::Medium::Paper);
  page.set("medium_electronic", medium == archive::Medium::Electronic);
  // The 本人 question: no, or one of the relations (self_requests.h's table).
  const std::string self = form && form->request.self_relation
                               ? archive::self_relation_name(*form->request.self_relation)
                               : std::string();
  page.set("self_no", self.empty());
  mustache::data relations{mustache::data::type::list};
  for (const auto& rel : archive::self_relations()) {
    mustache::data rd;
    rd.set("code", rel.code);
    rd.set("label", ctx.t(std::string("self_relation_") + rel.code));
    rd.set("hint", ctx.t(std::string("intake_self_hint_") + rel.code));
    rd.set("checked", self == rel.code);
    relations.push_back(rd);
  }
  page.set("self_relations", relations);

  mustache::data errors{mustache::data::type::list};
  if (form) {
    for (const auto& [field, key] : form->errors) {
      mustache::data e;
      e.set("field", field);
      e.set("message", ctx.t(key));
      errors.push_back(e);
      page.set("err_" + field, true);
      page.set("err_" + field + "_text", ctx.t(key));
    }
  }
  page.set("errors", errors);
  page.set("has_errors", form && !form->errors.empty());

  PageHead head;
  head.title = ctx.t("request_title");
  head.noindex = true;
  auto r = Response::html(render_page(ctx, "request_new", page, head), status);
  r->header("Cache-Control", "no-store");
  return r;
}

// The citizen's status link (absolute, as it is meant to be kept).
std::string status_url(const RequestContext& ctx, const archive::Receipt& receipt) {
  return ctx.base_url() + "/requests/" + receipt.receipt + "?token=" + receipt.token;
}

}  // namespace

std::unique_ptr<Response> handle_request_new(const RequestContext& ctx) {
  std::vector<std::string> ids = listed_ids(ctx);
  std::string notice;
  const std::string id = ctx.get_param("record");
  if (!id.empty()) {
    if (!valid_record_id(id)) throw archive::NotFound("bad id");
    const RecordPage rp = load_record_page(catalog_of(ctx), id);  // 404 for an unknown id
    if (!requestable(rp.record)) {
      notice = "intake_not_requestable";
    } else if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      if (ids.size() >= kMaxListed)
        notice = "intake_list_full";
      else
        ids.push_back(id);
    }
  }
  auto r = render_form(ctx, ids, nullptr, 200, notice);
  r->header("Set-Cookie", list_cookie(ctx, ids));
  return r;
}

std::unique_ptr<Response> handle_request_submit(const RequestContext& ctx) {
  StaffServices& staff = staff_services(ctx);
  IntakeForm form = read_form(ctx);
  const std::vector<std::string> listed = listed_ids(ctx);
  // The list shown again is the cookie's plus whatever the form carried.
  std::vector<std::string> shown = listed;
  for (const auto& id : form.records) {
    if (valid_record_id(id) && std::find(shown.begin(), shown.end(), id) == shown.end()) shown.push_back(id);
  }
  if (!ctx.get_form(kHoneypot).empty()) {
    // Only robots fill the hidden field: refuse without saying why.
    return error_response(ctx, 400, "error_bad_request");
  }
  check_form(form);
  if (!form.errors.empty()) return render_form(ctx, shown, &form, 400);
  if (!staff.intake_limit->allow(ctx.client_ip())) return error_response(ctx, 429, "error_rate_limited");

  form.request.record_ids = form.records;
  archive::Receipt receipt;
  try {
    receipt = staff.requests->submit(form.request);
  } catch (const archive::InputError&) {
    form.errors.emplace_back("records", "intake_error_store");
    return render_form(ctx, shown, &form, 400);
  }

  mustache::data page;
  page.set("receipt", receipt.receipt);
  page.set("status_url", status_url(ctx, receipt));
  page.set("item_count", std::to_string(form.records.size()));
  // With [mail] the link went to the address given too, and a lost one can be sent
  // again (web/requests/check.cc); without, this page is the only copy.
  const bool mailed = staff.requests->mail_enabled() && archive::mailable_address(trim(form.request.requester.email));
  page.set("mail_on", staff.requests->mail_enabled());
  page.set("mailed", mailed);
  page.set("check_link", link(ctx, "/requests/check"));
  PageHead head;
  head.title = ctx.t("receipt_title");
  head.noindex = true;
  auto r = Response::html(render_page(ctx, "request_receipt", page, head), 201);
  // Shown once: never cached, never sent on as a referrer.
  r->header("Cache-Control", "no-store");
  r->header("Referrer-Policy", "no-referrer");
  r->header("Set-Cookie", list_cookie(ctx, {}));
  return r;
}

std::unique_ptr<Response> handle_api_request_submit(const RequestContext& ctx) {
  using nlohmann::json;
  StaffServices& staff = staff_services(ctx);
  auto fail = [](int status, const std::string& message) {
    return Response::json(json{{"error", {{"status", status}, {"message", message}}}}.dump(), status);
  };
  const json in = json::parse(ctx.body(), nullptr, false);
  if (!in.is_object()) return fail(400, "the body must be a JSON object");
  auto text = [&](const char* key) -> std::string {
    auto it = in.find(key);
    return it != in.end() && it->is_string() ? trim_typed(it->get<std::string>()) : std::string();
  };
  archive::NewRequest request;
  if (auto it = in.find("records"); it != in.end() && it->is_array()) {
    for (const auto& id : *it) {
      if (!id.is_string() || !valid_record_id(id.get<std::string>())) return fail(400, "records: ids only");
      request.record_ids.push_back(id.get<std::string>());
    }
  }
  request.requester.name = text("name");
  request.requester.address = text("address");
  request.requester.phone = text("phone");
  request.requester.email = text("email");
  request.requester.purpose = text("purpose");
  request.lang = ctx.lang();
  const std::string method = text("method").empty() ? "view" : text("method");
  const std::string medium = text("medium").empty() ? "paper" : text("medium");
  if (!archive::use_method_from_name(method)) return fail(400, "method: view or copy");
  if (!archive::medium_from_name(medium)) return fail(400, "medium: paper or electronic");
  request.method = *archive::use_method_from_name(method);
  request.medium = *archive::medium_from_name(medium);
  if (request.method == archive::UseMethod::View) request.medium = archive::Medium::Paper;  // asked for copies only
  if (const std::string self = text("self_relation"); !self.empty() && self != "no") {
    request.self_relation = archive::self_relation_from_name(self);
    if (!request.self_relation) return fail(400, "self_relation: no, self, legal_representative or heir");
  }
  if (in.value("consent", false) != true) return fail(400, "consent: the privacy notice must be accepted");
  if (!valid_utf8(request.requester.name + request.requester.address + request.requester.purpose)) {
    return fail(400, "text must be UTF-8");
  }
  if (!staff.intake_limit->allow(ctx.client_ip())) return fail(429, "too many requests from this address; try later");
  archive::Receipt receipt;
  try {
    receipt = staff.requests->submit(request);
  } catch (const archive::InputError& e) {
    // The store names the field; it never echoes personal data back.
    return fail(400, e.what());
  }
  json out = {{"receipt", receipt.receipt}, {"token", receipt.token}, {"status_url", status_url(ctx, receipt)}};
  auto r = Response::json(out.dump(), 201);
  r->header("Cache-Control", "no-store");
  return r;
}

}  // namespace monjo::web
