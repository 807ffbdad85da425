// The restriction review on the staff pages (docs/staff.md, "Reviewing restrictions
// on the web"): the restrictions due as of today, or due within 3, 6 or 12 months,
// each with its grounds, reason, review date, the use-request decisions on it and
// the hold a judgement places; and the actions of `monjo review`: open the chosen
// records, keep one with a new review date, change one's class, and carry out the
// catalog changes notified decisions call for. Each goes through the review store
// (archive/requests/review.h) with both indexes updated before the catalog commits
// (indexer/restriction_reviews.h); a refusal shows the page again with the record,
// the reason for it and what was typed, and changes nothing.
#include <algorithm>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/access_judgements.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/catalog.h"
#include "archive/dates/calendar.h"
#include "archive/dates/japanese_date.h"
#include "archive/requests/review.h"
#include "archive/search/index_schema.h"
#include "archive/staff/audit.h"
#include "indexer/restriction_reviews.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/routes.h"
#include "web/staff/handlers.h"
#include "web/staff/services.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

// Records per page of the listing.
constexpr long kReviewPageSize = 50;

constexpr archive::AccessStatus kWithholding[] = {archive::AccessStatus::Restricted, archive::AccessStatus::Review,
                                                  archive::AccessStatus::Closed};

// What a refused action posted, so the page shows it again beside its refusal.
struct Echo {
  std::string action;  // "open", "keep", "change", "decisions"
  std::string id;      // the record of a keep or change
  std::vector<std::string> ids;
  std::vector<std::string> change_ids;
  std::string reason;
  std::string until;
  std::string status;
  std::vector<std::string> grounds;
  std::string error;  // localised
};

// 0 (due today), or 3, 6 or 12 months ahead: the choices of the staff search's
// review filter (archive/search/index_schema.h kReviewChoices); anything else is 0.
int months_of(const std::string& v) {
  for (const char* c : archive::index_schema::kReviewChoices) {
    if (v == c && v != "due") return std::stoi(v);
  }
  return 0;
}

archive::Ymd today() {
  return archive::japan_day(archive::now_seconds());
}

// The last day a "due within N months" listing reaches, plus one (find_lapsed lists
// `until` before it).
archive::Ymd horizon(const archive::Ymd& day, int months) {
  if (months == 0) return day;
  return archive::add_days(archive::add_months_clamped(day, months), 1);
}

std::string iso_day_text(const RequestContext& ctx, const std::string& iso) {
  const auto day = archive::Ymd::parse_iso(iso);
  if (!day || !day->valid()) return iso;
  return day_text(ctx, *day);
}

// The "?…" or "&…" to add to link(ctx, path).
std::string query_join(const RequestContext& ctx) {
  return explicit_lang(ctx).empty() ? "?" : "&";
}

std::string review_url(const RequestContext& ctx, int months, int page, const std::string& more = {}) {
  std::string url = link(ctx, "/staff/review");
  std::string q;
  if (months != 0) q = "months=" + std::to_string(months);
  if (page > 1) q += (q.empty() ? "" : "&") + std::string("page=") + std::to_string(page);
  if (!more.empty()) q += (q.empty() ? "" : "&") + more;
  return q.empty() ? url : url + query_join(ctx) + q;
}

std::string hold_text(const RequestContext& ctx, const archive::Hold& h) {
  const std::string date = iso_day_text(ctx, h.review_on);
  if (h.source == "decision" && !h.ref.empty()) {
    return ctx.messages().format("restriction_review_hold_decision", {{"receipt", h.ref}, {"date", date}});
  }
  return ctx.messages().format("restriction_review_hold_review", {{"date", date}});
}

mustache::data status_options(const RequestContext& ctx, const std::string& selected) {
  mustache::data list{mustache::data::type::list};
  for (const auto s : kWithholding) {
    mustache::data o;
    o.set("code", archive::access_name(s));
    o.set("label", access_label(ctx, s));
    o.set("selected", selected == archive::access_name(s));
    list.push_back(o);
  }
  return list;
}

mustache::data ground_options(const RequestContext& ctx, const std::string& id,
                              const std::vector<std::string>& checked) {
  mustache::data list{mustache::data::type::list};
  for (const auto& g : archive::restriction_grounds()) {
    mustache::data o;
    o.set("code", g.code);
    o.set("label", ctx.t(archive::ground_message_key(g.code)));
    o.set("checked", std::find(checked.begin(), checked.end(), g.code) != checked.end());
    o.set("field_id", "change-ground-" + id + "-" + g.code);
    list.push_back(o);
  }
  return list;
}

mustache::data record_row(const RequestContext& ctx, const archive::LapsedRestriction& r, const archive::Ymd& day,
                          const Echo* echo) {
  const std::string today_iso = day.iso();
  const bool due = r.until < today_iso;
  const bool held = r.hold && today_iso < r.hold->review_on;
  mustache::data d;
  d.set("id", r.id);
  d.set("url", link(ctx, "/staff/records/" + r.id));
  d.set("title", r.title);
  set_field(d, "call_number", r.call_number);
  d.set("level_label", level_label(ctx, r.level));
  d.set("access", access_class(r.status));
  d.set("access_label", access_label(ctx, r.status));
  set_field(d, "grounds", grounds_text(ctx, r.grounds));
  set_field(d, "reason", r.reason);
  d.set("until", iso_day_text(ctx, r.until));
  d.set("due", due);
  d.set("openable", due && !held);
  if (r.hold) {
    set_field(d, "hold", hold_text(ctx, *r.hold));
    d.set("held", held);
  } else {
    set_field(d, "hold", "");
  }
  mustache::data decisions{mustache::data::type::list};
  for (const auto& dec : r.decisions) {
    mustache::data x;
    x.set("receipt", dec.receipt);
    x.set("url", link(ctx, "/staff/requests/" + dec.receipt));
    const auto kind = archive::decision_from_name(dec.decision);
    x.set("label", kind ? decision_label(ctx, *kind) : dec.decision);
    x.set("date", iso_day_text(ctx, dec.decided_on.empty() ? dec.notified_on : dec.decided_on));
    set_field(x, "review_after", dec.review_after.empty() ? std::string() : iso_day_text(ctx, dec.review_after));
    decisions.push_back(x);
  }
  d.set("decisions", decisions);
  d.set("has_decisions", !r.decisions.empty());

  const bool mine = echo && echo->id == r.id && (echo->action == "keep" || echo->action == "change");
  d.set("checked",
        echo && echo->action == "open" && std::find(echo->ids.begin(), echo->ids.end(), r.id) != echo->ids.end());
  d.set("keep_until", mine && echo->action == "keep" ? echo->until : "");
  d.set("keep_reason", mine && echo->action == "keep" ? echo->reason : "");
  d.set("keep_open", mine && echo->action == "keep");
  const bool changing = mine && echo->action == "change";
  d.set("change_open", changing);
  d.set("change_until", changing ? echo->until : "");
  d.set("change_reason", changing ? echo->reason : "");
  d.set("statuses", status_options(ctx, changing ? echo->status : archive::access_name(r.status)));
  d.set("ground_options", ground_options(ctx, r.id, changing ? echo->grounds : r.grounds));
  set_field(d, "error", mine ? echo->error : std::string());
  return d;
}

std::unique_ptr<Response> review_page(const RequestContext& ctx, int months, int page_no, const Echo* echo,
                                      int status) {
  archive::Catalog& catalog = catalog_of(ctx);
  const archive::Ymd day = today();
  auto listing = archive::find_lapsed_page(catalog, horizon(day, months), day, (page_no - 1) * kReviewPageSize,
                                           kReviewPageSize);
  // Past the end (the last page's records were opened meanwhile): the last page.
  if (listing.rows.empty() && page_no > 1 && listing.total > 0) {
    page_no = static_cast<int>((listing.total + kReviewPageSize - 1) / kReviewPageSize);
    listing = archive::find_lapsed_page(catalog, horizon(day, months), day, (page_no - 1) * kReviewPageSize,
                                        kReviewPageSize);
  }
  const auto& listed = listing.rows;
  const auto changes = archive::find_decision_changes(catalog);

  mustache::data page;
  page.set("csrf", ctx.session()->csrf_token);
  page.set("months", std::to_string(months));
  page.set("page_no", std::to_string(page_no));
  page.set("today", day_text(ctx, day));
  mustache::data choices{mustache::data::type::list};
  for (const char* choice : archive::index_schema::kReviewChoices) {
    const int m = months_of(choice);
    mustache::data c;
    c.set("value", choice);
    c.set("label", ctx.t(std::string("facet_review_") + (m == 0 ? "due" : std::to_string(m).c_str())));
    c.set("selected", m == months);
    choices.push_back(c);
  }
  page.set("month_choices", choices);
  mustache::data rows{mustache::data::type::list};
  for (const auto& r : listed) rows.push_back(record_row(ctx, r, day, echo));
  page.set("records", rows);
  page.set("has_records", !listed.empty());
  page.set("summary", ctx.messages().format("restriction_review_summary", {{"due", std::to_string(listing.due)},
                                                                           {"listed", std::to_string(listing.total)}}));
  const long shown_to = (page_no - 1) * kReviewPageSize + static_cast<long>(listed.size());
  page.set("has_paging", listing.total > kReviewPageSize);
  page.set("has_prev", page_no > 1);
  page.set("prev_url", review_url(ctx, months, page_no - 1));
  page.set("has_next", shown_to < listing.total);
  page.set("next_url", review_url(ctx, months, page_no + 1));
  page.set("page_text", ctx.messages().format("page_n", {{"n", std::to_string(page_no)}}));
  page.set("open_reason", echo && echo->action == "open" ? echo->reason : "");
  set_field(page, "open_error", echo && echo->action == "open" ? echo->error : std::string());
  set_field(page, "error", echo ? echo->error : std::string());

  mustache::data pending{mustache::data::type::list};
  for (const auto& c : changes) {
    mustache::data x;
    x.set("change_id", std::to_string(c.id));
    x.set("record_id", c.record_id);
    x.set("url", link(ctx, "/staff/records/" + c.record_id));
    x.set("title", c.missing ? c.record_id : c.title);
    x.set("missing", c.missing);
    x.set("access_label", c.missing ? std::string() : access_label(ctx, c.status));
    x.set("receipt", c.receipt);
    x.set("receipt_url", link(ctx, "/staff/requests/" + c.receipt));
    x.set("decision_label", decision_label(ctx, c.decision));
    x.set("date", iso_day_text(ctx, c.decided_on));
    x.set("checked", echo && echo->action == "decisions" &&
                         std::find(echo->change_ids.begin(), echo->change_ids.end(), std::to_string(c.id)) !=
                             echo->change_ids.end());
    pending.push_back(x);
  }
  page.set("changes", pending);
  page.set("has_changes", !changes.empty());
  set_field(page, "changes_error", echo && echo->action == "decisions" ? echo->error : std::string());

  // The notice after a redirect: what was done.
  const std::string done = ctx.get_param("done");
  std::string notice;
  const std::string count = ctx.get_param("count");
  const bool count_ok =
      !count.empty() && count.size() < 7 && count.find_first_not_of("0123456789") == std::string::npos;
  if (done == "opened" && count_ok) {
    notice = ctx.messages().format("restriction_review_done_opened", {{"count", count}});
  } else if (done == "applied" && count_ok) {
    notice = ctx.messages().format("restriction_review_done_applied", {{"count", count}});
  } else if ((done == "kept" || done == "changed") && valid_record_id(ctx.get_param("id"))) {
    const auto s = archive::access_from_name(ctx.get_param("status"));
    notice =
        ctx.messages().format("restriction_review_done_" + done, {{"id", ctx.get_param("id")},
                                                                  {"status", s ? access_label(ctx, *s) : std::string()},
                                                                  {"date", iso_day_text(ctx, ctx.get_param("until"))}});
  }
  set_field(page, "notice", notice);

  // The listing shows staff titles and reasons of withheld records: audited.
  const archive::Actor me = actor_of(ctx);
  std::string ids;
  for (const auto& r : listed) ids += (ids.empty() ? "" : " ") + r.id;
  staff_services(ctx).audit->append(me.id, archive::role_name(me.role), "review.list",
                                    "as of " + day.iso() + " +" + std::to_string(months) + " months", ids);

  PageHead head;
  head.title = ctx.t("restriction_review_title");
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_review", page, head), status);
}

int form_months(const RequestContext& ctx) {
  return months_of(ctx.get_form("months"));
}

// The listing's page a form came from (a hidden field); anything odd is the first.
int form_page(const RequestContext& ctx) {
  const std::string v = ctx.get_form("page");
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return 1;
  return std::max(1, std::stoi(v));
}

std::unique_ptr<Response> refused(const RequestContext& ctx, Echo& echo, const std::string& error, int status) {
  echo.error = error;
  return review_page(ctx, form_months(ctx), form_page(ctx), &echo, status);
}

// The store's refusal, when the page's own checks did not catch it first (a change
// made meanwhile): its own words, inside the page's message.
std::string store_refusal(const RequestContext& ctx, const std::exception& e) {
  return ctx.messages().format("restriction_review_error_store", {{"detail", e.what()}});
}

// A review date as typed, 和暦 or 西暦, one day after today; "" with `error` set.
std::string next_review_date(const RequestContext& ctx, const std::string& typed, std::string& error) {
  const auto parsed = archive::try_parse_date(typed);
  if (typed.empty() || !parsed || !(parsed->start == parsed->end)) {
    error = ctx.messages().format("restriction_review_error_date_invalid", {{"value", typed}});
    return {};
  }
  if (!(today() < parsed->start)) {
    error = ctx.messages().format("restriction_review_error_date_not_after_today",
                                  {{"date", day_text(ctx, parsed->start)}});
    return {};
  }
  return parsed->start.iso();
}

}  // namespace

std::unique_ptr<Response> handle_staff_review(const RequestContext& ctx) {
  return review_page(ctx, months_of(ctx.get_param("months")), ctx.get_int_param("page", 1, 1, 1000000), nullptr,
                     200);
}

std::unique_ptr<Response> handle_staff_review_open(const RequestContext& ctx) {
  Echo echo;
  echo.action = "open";
  for (auto& id : ctx.get_form_all("id")) {
    if (!trim(id).empty()) echo.ids.push_back(trim(id));
  }
  echo.reason = ctx.get_form("reason");
  if (echo.ids.empty()) return refused(ctx, echo, ctx.t("restriction_review_error_none_selected"), 422);
  if (trim(echo.reason).empty()) return refused(ctx, echo, ctx.t("restriction_review_error_reason_required"), 422);
  archive::Catalog& catalog = catalog_of(ctx);
  const std::string today_iso = today().iso();
  for (const auto& id : echo.ids) {
    const auto record = catalog.get(id);
    if (!record)
      return refused(ctx, echo, ctx.messages().format("restriction_review_error_unknown", {{"id", id}}), 404);
    if (const auto hold = archive::find_hold(catalog.db(), id); hold && today_iso < hold->review_on) {
      return refused(
          ctx, echo,
          ctx.messages().format("restriction_review_error_held", {{"id", id}, {"hold", hold_text(ctx, *hold)}}), 409);
    }
    if (!record->access || record->access->status == archive::AccessStatus::Open || record->access->until.empty() ||
        !(record->access->until < today_iso)) {
      return refused(ctx, echo, ctx.messages().format("restriction_review_error_not_due", {{"id", id}}), 409);
    }
  }
  archive::ReviewOutcome out;
  try {
    out = indexer::open_reviewed(staff_services(ctx).data_dir, echo.ids, echo.reason, actor_of(ctx));
  } catch (const archive::Conflict& e) {
    return refused(ctx, echo, store_refusal(ctx, e), 409);
  } catch (const archive::InputError& e) {
    return refused(ctx, echo, store_refusal(ctx, e), 422);
  }
  return Response::redirect(review_url(ctx, form_months(ctx), form_page(ctx), "done=opened&count=" + std::to_string(out.lifted)), 303);
}

namespace {

// Keep (`change` false) or change a record's restriction, with a new review date.
std::unique_ptr<Response> withhold(const RequestContext& ctx, bool change) {
  Echo echo;
  echo.action = change ? "change" : "keep";
  echo.id = trim(ctx.get_form("id"));
  echo.until = trim(ctx.get_form("until"));
  echo.reason = ctx.get_form("reason");
  echo.status = ctx.get_form("status");
  echo.grounds = ctx.get_form_all("grounds");
  const auto record = catalog_of(ctx).get(echo.id);
  if (!record)
    return refused(ctx, echo, ctx.messages().format("restriction_review_error_unknown", {{"id", echo.id}}), 404);
  if (!record->access || record->access->status == archive::AccessStatus::Open) {
    return refused(ctx, echo, ctx.messages().format("restriction_review_error_not_restricted", {{"id", echo.id}}), 409);
  }
  archive::Access access = *record->access;
  if (change) {
    const auto s = archive::access_from_name(echo.status);
    if (!s || *s == archive::AccessStatus::Open) {
      return refused(ctx, echo, ctx.t("restriction_review_error_status_required"), 422);
    }
    access.status = *s;
    access.grounds = echo.grounds;
    const std::vector<std::string>& grounds = echo.grounds.empty() ? record->access->grounds : echo.grounds;
    if (access.status == record->access->status && grounds == record->access->grounds) {
      return refused(ctx, echo, ctx.t("restriction_review_error_unchanged"), 422);
    }
  }
  std::string error;
  access.until = next_review_date(ctx, echo.until, error);
  if (!error.empty()) return refused(ctx, echo, error, 422);
  if (trim(echo.reason).empty()) return refused(ctx, echo, ctx.t("restriction_review_error_reason_required"), 422);
  access.reason = echo.reason;
  try {
    const std::string& data_dir = staff_services(ctx).data_dir;
    if (change) {
      indexer::change_reviewed(data_dir, echo.id, access, echo.reason, actor_of(ctx));
    } else {
      indexer::keep_reviewed(data_dir, echo.id, access, echo.reason, actor_of(ctx));
    }
  } catch (const archive::Conflict& e) {
    return refused(ctx, echo, store_refusal(ctx, e), 409);
  } catch (const archive::InputError& e) {
    return refused(ctx, echo, store_refusal(ctx, e), 422);
  }
  return Response::redirect(
      review_url(ctx, form_months(ctx), form_page(ctx),
                 "done=" + std::string(change ? "changed" : "kept") + "&id=" + url_encode(echo.id) +
                     "&status=" + archive::access_name(access.status) + "&until=" + access.until),
      303);
}

}  // namespace

std::unique_ptr<Response> handle_staff_review_keep(const RequestContext& ctx) {
  return withhold(ctx, false);
}

std::unique_ptr<Response> handle_staff_review_change(const RequestContext& ctx) {
  return withhold(ctx, true);
}

std::unique_ptr<Response> handle_staff_review_decisions(const RequestContext& ctx) {
  Echo echo;
  echo.action = "decisions";
  echo.change_ids = ctx.get_form_all("change");
  std::vector<long long> ids;
  for (const auto& v : echo.change_ids) {
    if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos) continue;
    ids.push_back(std::stoll(v));
  }
  if (ids.empty()) return refused(ctx, echo, ctx.t("restriction_review_error_no_changes"), 422);
  archive::ReviewOutcome out;
  try {
    out = indexer::apply_decisions_reviewed(staff_services(ctx).data_dir, ids, actor_of(ctx));
  } catch (const archive::Conflict& e) {
    return refused(ctx, echo, store_refusal(ctx, e), 409);
  } catch (const archive::InputError& e) {
    return refused(ctx, echo, store_refusal(ctx, e), 422);
  }
  return Response::redirect(review_url(ctx, form_months(ctx), form_page(ctx), "done=applied&count=" + std::to_string(out.resolved)),
                            303);
}

}  // namespace monjo::web
