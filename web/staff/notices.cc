// The printable notices of a use request (docs/requests.md), in Japanese or, with
// ?lang=en, in English, printed on A4 by the browser (print CSS in style.css):
// the decision notice whose kind follows archive::notice_kind (利用決定通知書,
// 一部利用決定通知書, 利用制限決定通知書), the correction request (補正依頼書), the
// extension notice (期限延長通知書) and the third-party consultation letter
// (第三者意見照会書). Every decision notice states the right to appeal (教示).
// The addressee's name and address come from requester_details(), so printing a
// notice is audited like any other view of requester data; the letter to a third
// party names no requester.
#include "archive/dates/calendar.h"
#include "archive/base/errors.h"
#include "web/staff/handlers.h"
#include "web/staff/views.h"
#include "web/http/templates.h"
#include "web/portal/views.h"

namespace monjo::web {

namespace {

// What one notice says, gathered (and checked) before anything is rendered.
struct NoticePage {
  std::string kind;  // "decision", "correction", "extension", "third_party"
  archive::StoredRequest request;
  std::vector<archive::PublicRecord> records;         // the items' public listings, in item order
  std::optional<archive::RequesterDetails> addressee;  // every notice but the third party's
  std::optional<archive::NoticeKind> decision_kind;   // the decision notice's kind
  archive::Ymd dated;
  archive::Ymd reply_by;        // the third party's reply date
  std::string correction_what;  // what the correction asks for
  int appeal_months = 0;
  bool self_grant = false;  // some item's personal-information parts are granted to the requester (本人利用)
};

// Throws NotFound for a notice the request has no occasion for, Conflict for a
// decision notice before the decision is approved. Reading the addressee is
// audited (requester_details), before those checks as for any view of the request.
NoticePage load_notice(const RequestContext& ctx, const std::string& receipt, const std::string& kind) {
  StaffServices& staff = staff_services(ctx);
  NoticePage n;
  n.kind = kind;
  n.request = staff.requests->get(receipt);
  const archive::StoredRequest& r = n.request;
  const archive::Ymd today = archive::japan_day(archive::now_seconds());
  n.dated = today;
  n.appeal_months = staff.requests->calculator().config().appeal_months;

  if (kind == "third_party") {
    if (!r.third_party_consulted) throw archive::NotFound("no consultation");
    n.reply_by = staff.requests->calculator().calendar().next_open_day(archive::add_days(today, 14));
  } else {
    // Every other notice goes to the requester.
    n.addressee = staff.requests->requester_details(r.receipt, actor_of(ctx));
    if (kind == "decision") {
      std::vector<archive::ItemDecision> decisions;
      for (const auto& item : r.items) {
        if (!item.decided) throw archive::Conflict("item " + std::to_string(item.position) + " has no decision");
        decisions.push_back(archive::self_use_decision(item.decision));
        if (!item.decision.self_grounds.empty()) n.self_grant = true;
      }
      if (decisions.empty() || !r.decided_on) throw archive::Conflict("the decision is not approved yet");
      n.decision_kind = archive::notice_kind(decisions);
      n.dated = r.notified_on ? *r.notified_on : *r.decided_on;
    } else if (kind == "correction") {
      for (const auto& e : r.events) {
        if (e.event == "request_correction") {
          n.correction_what = e.note;
          n.dated = archive::japan_day(archive::parse_iso_utc(e.at));
        }
      }
    } else if (kind == "extension") {
      if (r.extension_days == 0 && !r.special_rest_date) throw archive::NotFound("no extension");
      for (const auto& e : r.events) {
        if (e.event == "extend" || e.event == "special_extension")
          n.dated = archive::japan_day(archive::parse_iso_utc(e.at));
      }
    } else {
      throw archive::NotFound("no notice " + kind);
    }
  }
  for (const auto& item : r.items) n.records.push_back(requested_record(ctx, item.decision.record_id));
  return n;
}

mustache::data item_rows(const RequestContext& ctx, const NoticePage& n, bool with_decisions) {
  mustache::data rows{mustache::data::type::list};
  for (size_t i = 0; i < n.request.items.size(); ++i) {
    const auto& item = n.request.items[i];
    const auto& rec = n.records[i];
    mustache::data d;
    d.set("position", std::to_string(item.position));
    d.set("title", rec.title);
    d.set("call_number", rec.call_number.empty() ? rec.id : rec.call_number);
    set_field(d, "date", date_display(ctx, rec.date_text, rec.date));
    // The requester's notice says what this requester may use: with a 本人 grant,
    // the personal-information parts too, and why.
    if (with_decisions && item.decided) d.set("outcome", requester_decision_data(ctx, item.decision));
    rows.push_back(d);
  }
  return rows;
}

// The notice as data for the "notice" template; `title` is set to its title.
mustache::data notice_data(const RequestContext& ctx, const NoticePage& n, std::string& title) {
  const archive::StoredRequest& r = n.request;
  mustache::data page;
  page.set("receipt", r.receipt);
  page.set("back_url", link(ctx, "/staff/requests/" + r.receipt));
  page.set("issuer", ctx.t("notice_issuer"));
  page.set("received", notice_day(ctx, r.received_on));
  page.set("method_label", method_label(ctx, r.method));
  page.set("medium_label", medium_label(ctx, r.medium));
  page.set("is_copy", r.method == archive::UseMethod::Copy);  // the medium matters for copies only
  if (n.addressee) {
    const archive::RequesterDetails& who = *n.addressee;
    page.set("addressee",
             who.purged ? ctx.t("review_requester_purged") : ctx.messages().format("notice_to", {{"name", who.name}}));
    set_field(page, "address", who.purged ? std::string() : who.address);
  }
  if (n.kind == "third_party") {
    title = ctx.t("notice_third_party_title");
    page.set("third_party", true);
    page.set("lead", ctx.t("notice_third_party_lead"));
    page.set("reply_by", notice_day(ctx, n.reply_by));
    page.set("items", item_rows(ctx, n, false));
  } else if (n.kind == "decision") {
    title = ctx.t(archive::notice_title_key(*n.decision_kind));
    page.set("lead", ctx.messages().format("notice_decision_lead", {{"date", notice_day(ctx, r.received_on)}}));
    page.set("items", item_rows(ctx, n, true));
    page.set("with_decisions", true);
    set_field(page, "earliest_use", r.earliest_use ? notice_day(ctx, *r.earliest_use) : std::string());
    page.set("appeal", ctx.messages().format("notice_appeal", {{"months", std::to_string(n.appeal_months)}}));
    page.set("lawsuit", ctx.t("notice_lawsuit"));
    page.set("is_decision", true);
    // The record's restriction for anyone else is unchanged: the notice says so.
    set_field(page, "self_grant_note", n.self_grant ? ctx.t("notice_self_grant_note") : std::string());
  } else if (n.kind == "correction") {
    title = ctx.t("notice_correction_title");
    page.set("lead", ctx.messages().format("notice_correction_lead", {{"date", notice_day(ctx, r.received_on)}}));
    page.set("correction", true);
    set_field(page, "what", n.correction_what);
    page.set("items", item_rows(ctx, n, false));
  } else {  // extension
    title = ctx.t("notice_extension_title");
    page.set("lead", ctx.messages().format("notice_extension_lead", {{"date", notice_day(ctx, r.received_on)}}));
    page.set("extension", true);
    page.set("original", r.deadlines.original ? notice_day(ctx, *r.deadlines.original) : std::string("—"));
    page.set("extended", r.deadlines.extended ? notice_day(ctx, *r.deadlines.extended) : std::string("—"));
    page.set("reason", r.special_rest_date ? r.special_reason : r.extension_reason);
    if (r.special_rest_date) {
      // 特例: most of it by the substantial-part deadline, the rest by the stated date.
      page.set("special", true);
      page.set("special_substantial", r.deadlines.special_substantial
                                          ? notice_day(ctx, *r.deadlines.special_substantial)
                                          : std::string("—"));
      page.set("special_rest", notice_day(ctx, *r.special_rest_date));
    }
    page.set("items", item_rows(ctx, n, false));
  }
  page.set("has_items", true);
  page.set("title", title);
  page.set("dated", notice_day(ctx, n.dated));
  return page;
}

}  // namespace

std::unique_ptr<Response> handle_staff_notice(const RequestContext& ctx) {
  const NoticePage n = load_notice(ctx, ctx.path_param("receipt"), ctx.path_param("kind"));
  std::string title;
  const mustache::data page = notice_data(ctx, n, title);
  PageHead head;
  head.title = title + " " + n.request.receipt;
  head.noindex = true;
  return Response::html(render_page(ctx, "notice", page, head));
}

}  // namespace monjo::web
