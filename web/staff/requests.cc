// The officers' workflow (docs/requests.md) on the staff side: the dashboard with
// overdue and due-soon counts, the queue sorted by deadline, and the review page of
// one request — requester data for the roles that may see it (each view audited once),
// every item with the catalog's full view, the per-item decision forms, and the
// actions the transition table allows this role in this state, as buttons; an
// action a guard refuses (the drafter approving) is shown with the reason instead.
// Every change goes through archive::RequestStore, which checks and audits it.
#include <algorithm>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/catalog.h"
#include "archive/requests/review.h"
#include "archive/selection/selection.h"
#include "archive/staff/users.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/routes.h"
#include "web/staff/catalog_writes.h"
#include "web/staff/handlers.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

using archive::RequestEvent;
using archive::RequestState;

std::string request_url(const std::string& receipt) {
  return "/staff/requests/" + receipt;
}

mustache::data queue_row(const RequestContext& ctx, const archive::QueueEntry& q) {
  mustache::data d;
  d.set("receipt", q.receipt);
  d.set("url", link(ctx, request_url(q.receipt)));
  d.set("state_label", state_label(ctx, q.state));
  d.set("received", day_text(ctx, q.received_on));
  set_field(d, "deadline", q.awaiting_decision ? day_text(ctx, q.deadlines.effective) : std::string());
  set_field(d, "days_left", q.days_left ? std::to_string(*q.days_left) : std::string());
  d.set("due", archive::due_status_name(q.due));
  d.set("due_label", q.awaiting_decision ? due_label(ctx, q.due) : ctx.t("queue_not_running"));
  d.set("is_overdue", q.awaiting_decision && q.due == archive::DueStatus::Overdue);
  d.set("is_due_soon", q.awaiting_decision && q.due == archive::DueStatus::DueSoon);
  set_field(d, "officer", q.assigned_officer);
  d.set("items", std::to_string(q.item_count));
  return d;
}

// The staff steps that end a request or an appeal and cannot be undone: their
// button is styled as dangerous and their form needs the confirmation box ticked
// (handle_staff_request_event refuses them without it, so one click never does it).
bool destructive(RequestEvent e) {
  return e == RequestEvent::Reject || e == RequestEvent::Withdraw || e == RequestEvent::WithdrawAppeal;
}

// An action form's extra fields, by event.
void event_fields(const RequestContext& ctx, RequestEvent e, mustache::data& d) {
  d.set("destructive", destructive(e));
  d.set("needs_ruling", e == RequestEvent::Rule);
  d.set("needs_use", e == RequestEvent::RecordUse);
  d.set("needs_objection", e == RequestEvent::EndConsultation);
  if (e == RequestEvent::Rule) {
    mustache::data rulings{mustache::data::type::list};
    for (const archive::Ruling r : archive::rulings()) {
      mustache::data rd;
      rd.set("code", archive::ruling_name(r));
      rd.set("label", ruling_label(ctx, r));
      rulings.push_back(rd);
    }
    d.set("rulings", rulings);
  }
}

std::string refusal_text(const RequestContext& ctx, const archive::TransitionCheck& check, RequestEvent e) {
  if (check.refusal == archive::Refusal::WrongActor && e == RequestEvent::Approve) return ctx.t("action_not_drafter");
  if (check.refusal == archive::Refusal::NotYet) return ctx.t("action_not_yet");
  if (check.refusal == archive::Refusal::RulingMismatch) return ctx.t("action_ruling_mismatch");
  return ctx.t("action_refused");
}

// What a refused decision form posted, shown again with the problems found.
struct DecisionEcho {
  int position = 0;
  archive::ItemDecision posted;
  std::string review_on_text;  // the review date as typed
  std::vector<archive::ValidationError> errors;
};

std::string error_text(const RequestContext& ctx, const archive::ValidationError& e) {
  std::vector<std::pair<std::string, std::string>> args = e.args;
  for (auto& [name, value] : args) {
    if (name == "ground") value = ground_label(ctx, value);
  }
  return ctx.messages().format("decision_error_" + e.code, args);
}

// "昭和47年" / "1972" for the year a period ended in.
std::string year_text(const RequestContext& ctx, const archive::Ymd& day) {
  if (ctx.lang() == Lang::En) return std::to_string(day.y);
  const std::string w = notice_day(ctx, day);
  const size_t at = w.find("年");
  return at == std::string::npos ? w : w.substr(0, at + std::string("年").size());
}

mustache::data decision_form(const RequestContext& ctx, const archive::RequestItem& item,
                             const archive::RestrictionPeriodTable& periods, int re_review_years,
                             const std::optional<archive::Ymd>& created, const DecisionEcho* echo,
                             bool self_request) {
  const auto& d = echo ? echo->posted : item.decision;
  const bool shown = echo || item.decided;
  const archive::Ymd today = archive::japan_day(archive::now_seconds());
  mustache::data f;
  f.set("position", std::to_string(item.position));
  mustache::data kinds{mustache::data::type::list};
  for (const archive::Decision k : archive::decisions()) {
    mustache::data kd;
    kd.set("code", archive::decision_name(k));
    kd.set("label", decision_label(ctx, k));
    kd.set("selected", shown && d.decision == k && !(echo && echo->posted.record_id.empty()));
    kinds.push_back(kd);
  }
  f.set("kinds", kinds);
  mustache::data grounds{mustache::data::type::list};
  for (const auto& g : archive::restriction_grounds()) {
    mustache::data gd;
    gd.set("code", g.code);
    gd.set("label", ground_label(ctx, g.code));
    gd.set("checked", std::find(d.grounds.begin(), d.grounds.end(), g.code) != d.grounds.end());
    grounds.push_back(gd);
  }
  f.set("grounds", grounds);
  f.set("article", d.article);
  f.set("reason", d.reason);
  mustache::data rows{mustache::data::type::list};
  for (int i = 0; i < 3; ++i) {
    mustache::data rd;
    rd.set("n", std::to_string(i + 1));
    if (i < static_cast<int>(d.redactions.size())) {
      if (d.redactions[i].page_from > 0) rd.set("from", std::to_string(d.redactions[i].page_from));
      if (d.redactions[i].page_to > 0) rd.set("to", std::to_string(d.redactions[i].page_to));
      rd.set("what", d.redactions[i].what);
    }
    // Each redaction may name its ground (needed for a 本人 grant with several grounds).
    const std::string chosen = i < static_cast<int>(d.redactions.size()) ? d.redactions[i].ground : std::string();
    mustache::data rgrounds{mustache::data::type::list};
    for (const auto& g : archive::restriction_grounds()) {
      mustache::data gd;
      gd.set("code", g.code);
      gd.set("label", ground_label(ctx, g.code));
      gd.set("selected", chosen == g.code);
      rgrounds.push_back(gd);
    }
    rd.set("grounds", rgrounds);
    rows.push_back(rd);
  }
  f.set("redaction_rows", rows);
  // The 本人 grant is offered on a request about oneself only; it lifts the
  // personal-information ground and nothing else (archive/requests/self_requests.h).
  f.set("self_request", self_request);
  f.set("self_checked", std::find(d.self_grounds.begin(), d.self_grounds.end(),
                                  archive::kSelfLiftableGround) != d.self_grounds.end());
  f.set("self_ground", archive::kSelfLiftableGround);
  // Only the categories of the grounds ticked are offered (app.js follows the ticks;
  // without script the server's check refuses a mismatch). Each says when its
  // period ends and, when that is past, the review date the decision will get.
  mustache::data categories{mustache::data::type::list};
  for (const auto& p : periods.rows()) {
    mustache::data cd;
    cd.set("code", p.category);
    cd.set("ground", p.ground);
    cd.set("label", archive::period_label(p, ctx.lang()) + " (" +
                        ctx.messages().format("decision_category_years", {{"years", std::to_string(p.years)}}) + ")");
    cd.set("selected", d.review_category == p.category);
    cd.set("hidden", !d.grounds.empty() && std::find(d.grounds.begin(), d.grounds.end(), p.ground) == d.grounds.end());
    const auto when = archive::decision_review_date(periods, p.category, created, today, re_review_years);
    if (when.category_lapsed && when.category_end) {
      cd.set("lapsed_message",
             ctx.messages().format("decision_category_lapsed",
                                   {{"ended", year_text(ctx, archive::add_days(*when.category_end, -1))},
                                    {"review", notice_day(ctx, when.date)}}));
    } else {
      cd.set("lapsed_message",
             ctx.messages().format("decision_category_review", {{"review", notice_day(ctx, when.date)}}));
    }
    categories.push_back(cd);
  }
  f.set("categories", categories);
  const auto fallback = archive::decision_review_date(periods, "", created, today, re_review_years);
  f.set("review_hint", ctx.messages().format("decision_review_on_hint", {{"years", std::to_string(re_review_years)},
                                                                         {"review", notice_day(ctx, fallback.date)}}));
  if (echo) {
    f.set("review_on", echo->review_on_text);
  } else if (d.review_explicit && d.review_after) {
    f.set("review_on", d.review_after->iso());
  }
  // The selected category's message, shown without script too.
  if (!d.review_category.empty() && d.decision != archive::Decision::FullUse) {
    const auto when = archive::decision_review_date(periods, d.review_category, created, today, re_review_years);
    if (when.category_lapsed && when.category_end) {
      f.set("category_note",
            ctx.messages().format("decision_category_lapsed",
                                  {{"ended", year_text(ctx, archive::add_days(*when.category_end, -1))},
                                   {"review", notice_day(ctx, when.date)}}));
    }
  }
  if (echo) {
    mustache::data errors{mustache::data::type::list};
    for (const auto& e : echo->errors) {
      mustache::data ed;
      ed.set("text", error_text(ctx, e));
      errors.push_back(ed);
    }
    f.set("errors", errors);
    f.set("has_errors", errors.is_non_empty_list());
  }
  return f;
}

// One request's review page as the signed-in member may see it, gathered before
// anything is rendered. Loading it leaves ONE audit entry, "request.view", that says
// what the page shows (RequestStore::review_view).
struct ReviewPage {
  archive::StoredRequest request;
  archive::Actor me;
  archive::Ymd today;
  bool awaiting = false;  // the decision deadline concerns the request
  archive::DueStatus due = archive::DueStatus::Ok;
  std::optional<archive::RequesterDetails> requester;
  struct Item {
    archive::RequestItem item;
    std::optional<FullRecord> full;  // nullopt: the record is no longer in the catalog
    std::optional<archive::Ymd> created;
  };
  std::vector<Item> items;
  bool all_decided = false;
  bool can_decide = false;  // the decision forms are shown
  const archive::RestrictionPeriodTable* periods = nullptr;
  int re_review_years = 0;
  // The actions of this state for this role, each checked against the guards.
  std::vector<std::pair<RequestEvent, archive::TransitionCheck>> actions;
  bool approval_reserved = false;     // drafted, and approving is a supervisor's
  bool can_manage = false;            // assign, extend
  std::vector<std::string> officers;  // active accounts that may decide
  int max_extension = 0;
  std::vector<std::string> notices;  // the printable notices that apply by now
  std::string identity_error;        // a refused identity check's problems, in the page's language
};

ReviewPage load_review(const RequestContext& ctx, const std::string& receipt) {
  StaffServices& staff = staff_services(ctx);
  ReviewPage p;
  p.me = actor_of(ctx);
  p.request = staff.requests->get(receipt);
  const archive::StoredRequest& r = p.request;
  p.today = archive::japan_day(archive::now_seconds());
  const auto& config = staff.requests->calculator().config();
  p.awaiting = archive::state_info(r.state).awaiting_decision;
  if (p.awaiting) p.due = archive::due_status(r.deadlines, p.today, config);

  p.can_decide = archive::has_permission(p.me.role, archive::Permission::Decide) &&
                 archive::state_info(r.state).decisions_editable;
  p.periods = staff.periods;
  p.re_review_years = config.re_review_years;
  p.all_decided = !r.items.empty();
  std::string items, withheld;
  int decided = 0;
  for (const auto& item : r.items) {
    ReviewPage::Item it{item, load_full_record(ctx, item.decision.record_id), std::nullopt};
    if (it.full) {
      if (it.full->access.status != archive::AccessStatus::Open) {
        withheld += (withheld.empty() ? "" : ",") + item.decision.record_id + ":" +
                    archive::access_name(it.full->access.status);
      }
      if (it.full->record.date) it.created = it.full->record.date->end;
    }
    items += (items.empty() ? "" : ",") + item.decision.record_id;
    if (item.decided) ++decided;
    p.all_decided = p.all_decided && item.decided;
    p.items.push_back(std::move(it));
  }
  // The requester (for the roles that may see it) and ONE audit entry saying all
  // the page reveals: the requester details or not, the items, the withheld records
  // whose full view is shown, and the decisions shown.
  p.requester = staff.requests->review_view(r.receipt, p.me,
                                            "items=" + items + " withheld=" + withheld +
                                                " decisions=" + std::to_string(decided));

  archive::TransitionContext tc;
  tc.requester_id = r.receipt;
  tc.drafter_id = r.drafter;
  tc.today = p.today;
  tc.earliest_use = r.earliest_use;
  tc.ruling = r.ruling;
  for (const RequestEvent e : archive::available_events(r.state, p.me.role)) {
    p.actions.emplace_back(e, archive::check_transition(r.state, e, p.me, tc));
  }
  p.approval_reserved =
      r.state == RequestState::Drafted && !archive::has_permission(p.me.role, archive::Permission::Approve);

  p.can_manage = archive::has_permission(p.me.role, archive::Permission::Decide);
  if (p.can_manage) {
    for (const auto& u : staff.users->list()) {
      if (u.active && archive::has_permission(u.role, archive::Permission::Decide)) p.officers.push_back(u.name);
    }
  }
  p.max_extension = config.extension_days;

  // The decision notice exists once the decision is approved (決裁), not while it
  // is drafted or changed after an appeal.
  if (p.all_decided && !r.approver.empty()) p.notices.push_back("decision");
  const bool corrected = std::any_of(r.events.begin(), r.events.end(),
                                     [](const archive::RequestEventRow& e) { return e.event == "request_correction"; });
  if (corrected) p.notices.push_back("correction");
  if (r.extension_days > 0 || r.special_rest_date) p.notices.push_back("extension");
  if (r.third_party_consulted) p.notices.push_back("third_party");
  return p;
}

// The review page as data for the "staff_request" template.
mustache::data review_data(const RequestContext& ctx, const ReviewPage& p, const std::string& error,
                           const DecisionEcho* echo) {
  const archive::StoredRequest& r = p.request;
  mustache::data page;
  page.set("csrf", ctx.session()->csrf_token);
  page.set("receipt", r.receipt);
  page.set("url", link(ctx, request_url(r.receipt)));
  page.set("state", archive::state_name(r.state));
  page.set("state_label", state_label(ctx, r.state));
  page.set("received", day_text(ctx, r.received_on));
  page.set("method_label", method_label(ctx, r.method));
  page.set("medium_label", medium_label(ctx, r.medium));
  page.set("is_copy", r.method == archive::UseMethod::Copy);  // the medium matters for copies only
  set_field(page, "officer", r.assigned_officer);
  set_field(page, "drafter", r.drafter);
  set_field(page, "approver", r.approver);
  set_field(page, "error", error);
  page.set("awaiting", p.awaiting);
  set_field(page, "deadline_original", day_text(ctx, r.deadlines.original));
  set_field(page, "deadline_extended", day_text(ctx, r.deadlines.extended));
  set_field(page, "deadline_effective", day_text(ctx, r.deadlines.effective));
  set_field(page, "special_rest", day_text(ctx, r.deadlines.special_rest));
  set_field(page, "service_target", day_text(ctx, r.deadlines.service_target));
  set_field(page, "paused_since", day_text(ctx, r.deadlines.paused_since));
  set_field(page, "extension_notice_by", day_text(ctx, r.deadlines.extension_notice_by));
  if (p.awaiting) {
    page.set("due", archive::due_status_name(p.due));
    page.set("due_label", due_label(ctx, p.due));
  }
  set_field(page, "extension_reason", r.extension_reason);
  page.set("extension_days", std::to_string(r.extension_days));
  page.set("extended", r.extension_days > 0);
  set_field(page, "decided_on", day_text(ctx, r.decided_on));
  set_field(page, "notified_on", day_text(ctx, r.notified_on));
  set_field(page, "earliest_use", day_text(ctx, r.earliest_use));
  set_field(page, "used_on", day_text(ctx, r.used_on));
  page.set("copies", std::to_string(r.copies));
  page.set("copy_pages", std::to_string(r.copy_pages));
  page.set("fee", std::to_string(r.fee_yen));
  page.set("third_party_consulted", r.third_party_consulted);
  page.set("third_party_objected", r.third_party_objected);
  set_field(page, "appealed_on", day_text(ctx, r.appealed_on));
  page.set("appeal_late", r.appealed_on && !r.appeal_in_time);
  if (r.ruling) {
    page.set("ruling", ruling_label(ctx, *r.ruling));
    page.set("has_ruling", true);
  }

  if (p.requester) {
    const archive::RequesterDetails& who = *p.requester;
    mustache::data w;
    w.set("purged", who.purged);
    w.set("name", who.name);
    w.set("address", who.address);
    set_field(w, "phone", who.phone);
    set_field(w, "email", who.email);
    set_field(w, "purpose", who.purpose);
    page.set("requester", w);
  }

  // Items with the catalog's full view and their decisions.
  page.set("can_decide", p.can_decide);
  mustache::data items{mustache::data::type::list};
  for (const auto& it : p.items) {
    const archive::RequestItem& item = it.item;
    mustache::data d;
    d.set("position", std::to_string(item.position));
    d.set("record_id", item.decision.record_id);
    if (it.full) {
      d.set("record", full_record_data(ctx, *it.full));
    } else {
      d.set("missing", true);
    }
    if (item.decided) {
      mustache::data dd = decision_data(ctx, item.decision);
      dd.set("decided_by", item.decided_by);
      d.set("outcome", dd);
    }
    if (p.can_decide) {
      const DecisionEcho* mine = echo && echo->position == item.position ? echo : nullptr;
      d.set("form", decision_form(ctx, item, *p.periods, p.re_review_years, it.created, mine,
                                  r.self_relation.has_value()));
    }
    items.push_back(d);
  }
  page.set("items", items);

  mustache::data actions{mustache::data::type::list};
  mustache::data refused{mustache::data::type::list};
  for (const auto& [e, check] : p.actions) {
    mustache::data a;
    a.set("code", archive::event_name(e));
    a.set("label", event_label(ctx, archive::event_name(e)));
    // The ruling is chosen on the form itself.
    if (check.allowed() || check.refusal == archive::Refusal::MissingRuling) {
      event_fields(ctx, e, a);
      actions.push_back(a);
    } else {
      a.set("why", refusal_text(ctx, check, e));
      refused.push_back(a);
    }
  }
  // Approval is a supervisor's: say so where the button would be.
  if (p.approval_reserved) {
    mustache::data a;
    a.set("label", event_label(ctx, archive::event_name(RequestEvent::Approve)));
    a.set("why", ctx.t("action_supervisor_only"));
    refused.push_back(a);
  }
  page.set("actions", actions);
  page.set("has_actions", actions.is_non_empty_list());
  page.set("refused", refused);

  // 本人利用: what the requester declared, the identity check recorded (document types,
  // who, when — never a number), and the form to record it while a decision is due.
  if (r.self_relation) {
    mustache::data self;
    self.set("relation_label", ctx.t(std::string("self_relation_") + archive::self_relation_name(*r.self_relation)));
    const bool needs_relation = archive::self_relation_info(*r.self_relation).needs_relation_document;
    self.set("needs_relation", needs_relation);
    if (r.identity_check) {
      const archive::IdentityCheck& c = *r.identity_check;
      mustache::data cd;
      cd.set("identity_document", ctx.t("identity_doc_" + c.identity_document));
      set_field(cd, "relation_document",
                c.relation_document.empty() ? std::string() : ctx.t("identity_doc_" + c.relation_document));
      cd.set("checked_by", c.checked_by);
      cd.set("checked_on", day_text(ctx, c.checked_on));
      self.set("check", cd);
    }
    const archive::StateInfo& state = archive::state_info(r.state);
    const bool can_check = p.can_manage && (state.awaiting_decision || state.decisions_editable);
    self.set("can_check", can_check);
    if (can_check) {
      mustache::data ids{mustache::data::type::list};
      mustache::data rels{mustache::data::type::list};
      for (const auto& doc : archive::identity_documents()) {
        mustache::data dd;
        dd.set("code", doc.code);
        dd.set("label", ctx.t(std::string("identity_doc_") + doc.code));
        if (doc.proves_identity) ids.push_back(dd);
        if (doc.proves_relation) rels.push_back(dd);
      }
      self.set("identity_documents", ids);
      self.set("relation_documents", rels);
    }
    set_field(self, "check_error", p.identity_error);
    page.set("self", self);
  }

  page.set("can_assign", p.can_manage);
  if (p.can_manage) {
    mustache::data officers{mustache::data::type::list};
    for (const auto& name : p.officers) {
      mustache::data o;
      o.set("name", name);
      o.set("selected", name == r.assigned_officer);
      officers.push_back(o);
    }
    page.set("officers", officers);
  }
  page.set("can_extend", p.can_manage && p.awaiting && r.extension_days == 0 && !r.special_rest_date);
  page.set("max_extension", std::to_string(p.max_extension));

  mustache::data notices{mustache::data::type::list};
  for (const auto& kind : p.notices) {
    mustache::data n;
    n.set("label", ctx.t("notice_link_" + kind));
    n.set("url", link(ctx, request_url(r.receipt) + "/notices/" + kind));
    n.set("url_en", request_url(r.receipt) + "/notices/" + kind + "?lang=en");
    notices.push_back(n);
  }
  page.set("notices", notices);
  page.set("has_notices", notices.is_non_empty_list());

  mustache::data history{mustache::data::type::list};
  for (const auto& e : r.events) {
    mustache::data h;
    h.set("at", time_text(ctx, e.at));
    h.set("at_iso", e.at);
    h.set("event", event_label(ctx, e.event));
    h.set("from", e.from_state.empty() ? std::string() : state_label(ctx, *archive::state_from_name(e.from_state)));
    h.set("to", state_label(ctx, *archive::state_from_name(e.to_state)));
    h.set("actor", e.role == "citizen" ? ctx.t("requester") : e.actor);
    h.set("note", e.note);
    history.push_back(h);
  }
  page.set("history", history);
  return page;
}

std::unique_ptr<Response> render_review(const RequestContext& ctx, const std::string& receipt, const std::string& error,
                                        int status, const DecisionEcho* echo = nullptr,
                                        const std::string& identity_error = {}) {
  ReviewPage p = load_review(ctx, receipt);
  p.identity_error = identity_error;
  PageHead head;
  head.title = ctx.t("review_title") + " " + p.request.receipt;
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_request", review_data(ctx, p, error, echo), head), status);
}

// Runs a change and answers with a redirect to the review page, or the page again
// with the core's message when the change was refused.
template <typename Change>
std::unique_ptr<Response> change_then_show(const RequestContext& ctx, const std::string& receipt,
                                           const std::string& anchor, Change change) {
  staff_services(ctx).requests->get(receipt);  // 404 for an unknown receipt
  try {
    change();
  } catch (const archive::InvalidDecision& e) {
    // Refused at approval: the items' problems in the page's language.
    std::string text;
    for (const auto& v : e.errors()) text += (text.empty() ? "" : " ") + error_text(ctx, v);
    return render_review(ctx, receipt, text, 400);
  } catch (const archive::InputError& e) {
    return render_review(ctx, receipt, e.what(), 400);
  } catch (const archive::Conflict& e) {
    return render_review(ctx, receipt, e.what(), 409);
  } catch (const archive::Forbidden& e) {
    return render_review(ctx, receipt, e.what(), 403);
  }
  return Response::redirect(link(ctx, request_url(receipt)) + anchor, 303);
}

int form_int(const RequestContext& ctx, const std::string& name) {
  const std::string v = ctx.get_form(name);
  if (v.empty()) return 0;
  if (v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) {
    throw archive::InputError(name + " must be a whole number");
  }
  return std::stoi(v);
}

}  // namespace

std::unique_ptr<Response> handle_staff_dashboard(const RequestContext& ctx) {
  const auto* session = ctx.session();
  mustache::data page;
  page.set("user", session->user);
  page.set("csrf", session->csrf_token);
  const bool can_queue = archive::has_permission(session->role, archive::Permission::ViewQueue);
  page.set("can_queue", can_queue);
  if (can_queue) {
    long open = 0, awaiting = 0, overdue = 0, due_soon = 0, paused = 0;
    mustache::data urgent{mustache::data::type::list};
    for (const auto& q : staff_services(ctx).requests->queue()) {
      ++open;
      if (!q.awaiting_decision) continue;
      ++awaiting;
      if (q.due == archive::DueStatus::Overdue) ++overdue;
      if (q.due == archive::DueStatus::DueSoon) ++due_soon;
      if (q.due == archive::DueStatus::Paused) ++paused;
      if (q.due == archive::DueStatus::Overdue || q.due == archive::DueStatus::DueSoon)
        urgent.push_back(queue_row(ctx, q));
    }
    page.set("open", std::to_string(open));
    page.set("awaiting", std::to_string(awaiting));
    page.set("overdue", std::to_string(overdue));
    page.set("due_soon", std::to_string(due_soon));
    page.set("paused", std::to_string(paused));
    page.set("urgent", urgent);
    page.set("has_urgent", urgent.is_non_empty_list());
  }
  // Decisions that opened what the catalog still withholds, until a reviewer takes
  // them into the catalog on /staff/review (archive/requests/review.h).
  const bool can_review = archive::has_permission(session->role, archive::Permission::ReviewRestrictions);
  const bool sees_changes = can_review || archive::has_permission(session->role, archive::Permission::Decide);
  page.set("sees_catalog_changes", sees_changes);
  if (sees_changes)
    page.set("catalog_changes", std::to_string(staff_services(ctx).requests->pending_catalog_changes()));
  page.set("can_review", can_review);
  if (can_review) {
    const auto due = archive::find_lapsed(catalog_of(ctx), archive::japan_day(archive::now_seconds()));
    page.set("review_due", std::to_string(due.size()));
  }
  page.set("can_audit", archive::has_permission(session->role, archive::Permission::ViewAudit));
  page.set("can_users", archive::has_permission(session->role, archive::Permission::ManageUsers));
  page.set("can_import", archive::has_permission(session->role, archive::Permission::Import));
  page.set("can_selection", archive::has_permission(session->role, archive::Permission::ViewSelection));
  // Selection lists whose decisions await a second person's approval (docs/selection.md).
  if (archive::has_permission(session->role, archive::Permission::ApproveSelection)) {
    long awaiting = 0;
    for (const auto& b : archive::SelectionStore(catalog_of(ctx).db()).list()) awaiting += b.pending > 0 ? 1 : 0;
    page.set("can_approve_selection", true);
    page.set("selection_awaiting", std::to_string(awaiting));
  }
  page.set("can_create", archive::has_permission(session->role, archive::Permission::EditCatalog));
  page.set("can_search", archive::has_permission(session->role, archive::Permission::ViewWithheld));
  page.set("can_preservation", archive::has_permission(session->role, archive::Permission::ViewWithheld));
  page.set("can_reading_room", archive::has_permission(session->role, archive::Permission::RecordUse));
  page.set("can_csv", archive::has_permission(session->role, archive::Permission::ViewStatisticsDetail));
  PageHead head;
  head.title = ctx.t("staff_dashboard");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_dashboard", page, head));
}

std::unique_ptr<Response> handle_staff_queue(const RequestContext& ctx) {
  mustache::data page;
  mustache::data rows{mustache::data::type::list};
  for (const auto& q : staff_services(ctx).requests->queue()) rows.push_back(queue_row(ctx, q));
  page.set("rows", rows);
  page.set("has_rows", rows.is_non_empty_list());
  PageHead head;
  head.title = ctx.t("staff_queue");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_queue", page, head));
}

std::unique_ptr<Response> handle_staff_request(const RequestContext& ctx) {
  return render_review(ctx, ctx.path_param("receipt"), "", 200);
}

std::unique_ptr<Response> handle_staff_request_event(const RequestContext& ctx) {
  const std::string& receipt = ctx.path_param("receipt");
  const auto event = archive::event_from_name(ctx.get_form("event"));
  if (!event) throw archive::InputError("unknown event");
  if (destructive(*event) && ctx.get_form("confirm") != "yes") {
    staff_services(ctx).requests->get(receipt);  // 404 for an unknown receipt
    return render_review(ctx, receipt, ctx.t("review_error_confirm"), 400);
  }
  return change_then_show(ctx, receipt, "#actions", [&] {
    archive::EventDetails details;
    if (*event == RequestEvent::Rule) details.ruling = archive::ruling_from_name(ctx.get_form("ruling"));
    if (*event == RequestEvent::RecordUse) {
      details.copies = form_int(ctx, "copies");
      details.copy_pages = form_int(ctx, "copy_pages");
      details.fee_yen = form_int(ctx, "fee");
    }
    details.third_party_objected = ctx.get_form("objected") == "yes";
    StaffServices& staff = staff_services(ctx);
    const uint64_t generation_before = staff.requests->catalog_generation();
    const archive::StoredRequest done =
        staff.requests->apply(receipt, *event, actor_of(ctx), ctx.get_form("note"), archive::now_seconds(), details);
    // A notified decision that withholds restricts its records at once: the
    // public index follows before the page answers.
    if (staff.requests->catalog_generation() != generation_before) {
      std::vector<std::string> ids;
      for (const auto& item : done.items) ids.push_back(item.decision.record_id);
      reindex_after_change(staff.data_dir, ids, generation_before);
    }
  });
}

std::unique_ptr<Response> handle_staff_item_decision(const RequestContext& ctx) {
  const std::string& receipt = ctx.path_param("receipt");
  StaffServices& staff = staff_services(ctx);
  const archive::StoredRequest r = staff.requests->get(receipt);
  const std::string& pos = ctx.path_param("position");
  const auto item = std::find_if(r.items.begin(), r.items.end(),
                                 [&](const archive::RequestItem& i) { return std::to_string(i.position) == pos; });
  if (item == r.items.end()) throw archive::NotFound("no item " + pos);

  // Everything as posted, so that a refused save shows it again.
  DecisionEcho echo;
  echo.position = item->position;
  archive::ItemDecision& d = echo.posted;
  d.record_id = item->decision.record_id;
  const auto kind = archive::decision_from_name(ctx.get_form("decision"));
  if (kind) d.decision = *kind;
  d.grounds = ctx.get_form_all("grounds");
  d.self_grounds = ctx.get_form_all("self_grounds");
  d.article = ctx.get_form("article");
  d.reason = ctx.get_form("reason");
  d.review_category = ctx.get_form("review_category");
  echo.review_on_text = archive::trim(ctx.get_form("review_on"));
  auto add_error = [&](const std::string& field, const std::string& code,
                       std::vector<std::pair<std::string, std::string>> args = {}) {
    echo.errors.push_back({field, code, std::move(args), code});
  };
  if (!kind) add_error("decision", "decision_required");
  auto page_number = [&](const std::string& name) {
    const std::string v = archive::trim(ctx.get_form(name));
    if (v.empty()) return 0;
    if (v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) {
      add_error(name, "page_not_a_number", {{"value", v}});
      return 0;
    }
    return std::stoi(v);
  };
  for (int n = 1; n <= 3; ++n) {
    const std::string what = ctx.get_form("redaction_what_" + std::to_string(n));
    const int from = page_number("redaction_from_" + std::to_string(n));
    const int to = page_number("redaction_to_" + std::to_string(n));
    if (what.empty() && from == 0 && to == 0) continue;
    d.redactions.push_back({from, to == 0 ? from : to, what, ctx.get_form("redaction_ground_" + std::to_string(n))});
  }
  if (!echo.review_on_text.empty()) {
    // 和暦 or 西暦, as dates are typed everywhere else.
    auto parsed = archive::try_parse_date(echo.review_on_text);
    if (!parsed || !(parsed->start == parsed->end)) {
      add_error("review_after", "review_date_invalid", {{"value", echo.review_on_text}});
    } else {
      d.review_after = parsed->start;
      d.review_explicit = true;
    }
  }
  // What the form cannot send for this kind is dropped, as the form hides it.
  if (d.decision != archive::Decision::PartialUse) d.redactions.clear();
  if (d.decision == archive::Decision::FullUse) {
    d.grounds.clear();
    d.review_category.clear();
  }
  if (!echo.errors.empty()) return render_review(ctx, receipt, "", 400, &echo);

  std::optional<std::pair<int, int>> pages;
  if (auto full = load_full_record(ctx, d.record_id)) {
    if (full->record.pages_from && full->record.pages_to) pages = {*full->record.pages_from, *full->record.pages_to};
  }
  try {
    staff.requests->set_item_decision(receipt, d, actor_of(ctx), archive::now_seconds(), std::nullopt, pages);
  } catch (const archive::InvalidDecision& e) {
    echo.errors = e.errors();
    return render_review(ctx, receipt, "", 400, &echo);
  } catch (const archive::Conflict& e) {
    return render_review(ctx, receipt, e.what(), 409, &echo);
  } catch (const archive::Forbidden& e) {
    return render_review(ctx, receipt, e.what(), 403);
  }
  return Response::redirect(link(ctx, request_url(receipt)) + "#item-" + pos, 303);
}

std::unique_ptr<Response> handle_staff_assign(const RequestContext& ctx) {
  const std::string& receipt = ctx.path_param("receipt");
  return change_then_show(
      ctx, receipt, "", [&] { staff_services(ctx).requests->assign(receipt, ctx.get_form("officer"), actor_of(ctx)); });
}

std::unique_ptr<Response> handle_staff_extend(const RequestContext& ctx) {
  const std::string& receipt = ctx.path_param("receipt");
  return change_then_show(ctx, receipt, "", [&] {
    if (ctx.get_form("kind") == "special") {
      // 特例: a substantial part within the limit, the rest by the stated date.
      const auto rest = archive::Ymd::parse_iso(ctx.get_form("rest_date"));
      if (!rest || !rest->valid()) throw archive::InputError("rest_date: a date as YYYY-MM-DD");
      staff_services(ctx).requests->special_extension(receipt, *rest, ctx.get_form("reason"), actor_of(ctx));
    } else {
      staff_services(ctx).requests->extend(receipt, form_int(ctx, "days"), ctx.get_form("reason"), actor_of(ctx));
    }
  });
}

}  // namespace monjo::web

namespace monjo::web {

std::unique_ptr<Response> handle_staff_identity_check(const RequestContext& ctx) {
  const std::string& receipt = ctx.path_param("receipt");
  StaffServices& staff = staff_services(ctx);
  staff.requests->get(receipt);  // 404 for an unknown receipt
  try {
    staff.requests->record_identity_check(receipt, ctx.get_form("identity_document"),
                                          ctx.get_form("relation_document"), actor_of(ctx));
  } catch (const archive::InvalidIdentityCheck& e) {
    std::string text;
    for (const auto& v : e.errors()) {
      text += (text.empty() ? "" : " ") + ctx.messages().format("identity_error_" + v.code, v.args);
    }
    return render_review(ctx, receipt, "", 400, nullptr, text);
  } catch (const archive::Conflict& e) {
    return render_review(ctx, receipt, e.what(), 409);
  }
  return Response::redirect(link(ctx, request_url(receipt)) + "#self-request", 303);
}

}  // namespace monjo::web
