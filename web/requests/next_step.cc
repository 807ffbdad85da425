// The step after a decision on the requester's status page (docs/requests.md, "After
// the decision"): once a decision granting use (全部利用, 一部利用) is notified, the page
// says how to use it. For viewing (閲覧), the reading-room booking: the booking held,
// with a form to cancel it, or a form with the open days' slots and their free seats
// (archive/requests/reading_room.h decides what is bookable and refuses the rest). For
// copies (写しの交付), the fee from monjo.conf's table (archive/requests/copy_fees.h), or
// the fee recorded with the use, and how to pay and collect.
//
// Booking and cancelling are requester's steps like those of status.cc: POST forms with
// the status token in the body and the form token of the page's cookie.
#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/requests/copy_fees.h"
#include "archive/requests/reading_room.h"
#include "web/portal/views.h"
#include "web/requests/handlers.h"
#include "web/requests/status_page.h"
#include "web/routes.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

std::string yen_text(const RequestContext& ctx, int yen) {
  std::string digits = std::to_string(yen);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
  return ctx.messages().format("fee_yen", {{"yen", digits}});
}

std::string slot_label(const archive::ReadingRoom& room, const std::string& code) {
  const archive::ReadingSlot* s = room.config().find(code);
  return s ? s->label() : code;
}

void set_booking(const RequestContext& ctx, const archive::StoredRequest& r, const std::string& token,
                 const std::string& form_token, mustache::data& page) {
  archive::ReadingRoom& room = *staff_services(ctx).reading_room;
  const archive::Ymd today = archive::japan_day(archive::now_seconds());
  const auto held = room.active_booking(r.receipt);
  const bool upcoming = held && today <= held->day;
  if (room.eligibility(r) && !upcoming) return;

  mustache::data b;
  b.set("token", token);
  b.set("form_token", form_token);
  if (upcoming) {
    b.set("day", day_text(ctx, held->day));
    b.set("day_iso", held->day.iso());
    b.set("slot", slot_label(room, held->slot));
    b.set("cancel_action", link(ctx, status_path(r.receipt) + "/booking/cancel"));
    page.set("booking", b);
    return;
  }
  mustache::data days{mustache::data::type::list};
  bool any_free = false;
  for (const auto& day : room.bookable_days(r.earliest_use)) {
    mustache::data d;
    d.set("day", day_text(ctx, day.day));
    mustache::data slots{mustache::data::type::list};
    for (const auto& s : day.slots) {
      mustache::data o;
      o.set("value", day.day.iso() + "/" + s.slot);
      o.set("free", s.free());
      o.set("label",
            ctx.messages().format(s.free() ? "booking_slot_free" : "booking_slot_full",
                                  {{"slot", slot_label(room, s.slot)}, {"n", std::to_string(s.seats - s.booked)}}));
      any_free = any_free || s.free();
      slots.push_back(o);
    }
    d.set("slots", slots);
    days.push_back(d);
  }
  b.set("days", days);
  b.set("any_free", any_free);
  b.set("book_action", link(ctx, status_path(r.receipt) + "/booking"));
  b.set("explain", ctx.messages().format("booking_explain", {{"seats", std::to_string(room.config().seats)},
                                                             {"lead", std::to_string(room.config().lead_days)}}));
  page.set("book", b);
}

void set_fee(const RequestContext& ctx, const archive::StoredRequest& r, mustache::data& page) {
  const archive::CopyFeeTable& table = *staff_services(ctx).copy_fees;
  std::map<std::string, std::optional<int>> pages;
  archive::Catalog& catalog = catalog_of(ctx);
  for (const auto& item : r.items) {
    if (auto rec = catalog.get(item.decision.record_id))
      pages[item.decision.record_id] = archive::catalogued_pages(*rec);
  }
  const archive::CopyFeeEstimate e = archive::estimate_copy_fee(table, r.medium, r.items, pages);
  if (e.items == 0) return;
  mustache::data f;
  const bool paper = r.medium == archive::Medium::Paper;
  f.set("medium_label", medium_label(ctx, r.medium));
  f.set("rate",
        ctx.messages().format(paper ? "fee_rate_paper" : "fee_rate_electronic", {{"yen", yen_text(ctx, e.unit_yen)}}));
  if (r.fee_yen > 0) {
    // The counter's figure, recorded with the use, replaces the estimate.
    f.set("recorded", true);
    f.set("total", yen_text(ctx, r.fee_yen));
  } else {
    f.set("total", yen_text(ctx, e.total_yen));
    f.set("units", ctx.messages().format(paper ? "fee_units_paper" : "fee_units_electronic",
                                         {{"n", std::to_string(e.units)}, {"items", std::to_string(e.items)}}));
    f.set("incomplete", !e.complete);
  }
  f.set("how", ctx.t(paper ? "fee_how_paper" : "fee_how_electronic"));
  page.set("fee", f);
}

// The refusal as the status page again, with the reason, 409 or 400.
std::unique_ptr<Response> refused_page(const RequestContext& ctx, const std::string& receipt, const std::string& token,
                                       const archive::BookingRefused& e) {
  return render_status_page(ctx, receipt, token, ctx.t("booking_error_" + e.code()),
                            archive::booking_problem_is_conflict(e.problem()) ? 409 : 400);
}

}  // namespace

void set_next_step(const RequestContext& ctx, const archive::PublicRequestStatus& st, const std::string& token,
                   const std::string& form_token, mustache::data& page) {
  if (!st.decisions_visible) return;
  const archive::StoredRequest r = staff_services(ctx).requests->get(st.receipt);
  if (r.method == archive::UseMethod::View) {
    set_booking(ctx, r, token, form_token, page);
  } else if (r.state != archive::RequestState::Closed && r.state != archive::RequestState::Withdrawn) {
    set_fee(ctx, r, page);
  }
}

std::unique_ptr<Response> handle_request_book(const RequestContext& ctx) {
  const std::string& receipt = ctx.path_param("receipt");
  std::unique_ptr<Response> refused;
  const std::string token = check_requester_form(ctx, refused);
  if (refused) return refused;
  // "2026-12-08/1000": the day and the slot's code, from the form's choice.
  const std::string choice = ctx.get_form("choice");
  const auto slash = choice.find('/');
  const auto day = archive::Ymd::parse_iso(choice.substr(0, slash == std::string::npos ? 0 : slash));
  if (!day || !day->valid()) return render_status_page(ctx, receipt, token, ctx.t("booking_error_choice"), 400);
  const std::string slot = choice.substr(slash + 1);
  archive::ReadingRoom& room = *staff_services(ctx).reading_room;
  try {
    const archive::Booking b = room.book(receipt, token, *day, slot);
    return action_done_page(ctx, receipt, token, "booking_done",
                     {{"receipt", receipt}, {"day", day_text(ctx, b.day)}, {"slot", slot_label(room, b.slot)}});
  } catch (const archive::BookingRefused& e) {
    return refused_page(ctx, receipt, token, e);
  }
}

std::unique_ptr<Response> handle_request_cancel_booking(const RequestContext& ctx) {
  const std::string& receipt = ctx.path_param("receipt");
  std::unique_ptr<Response> refused;
  const std::string token = check_requester_form(ctx, refused);
  if (refused) return refused;
  try {
    staff_services(ctx).reading_room->cancel(receipt, token);
    return action_done_page(ctx, receipt, token, "booking_cancelled", {{"receipt", receipt}});
  } catch (const archive::BookingRefused& e) {
    return refused_page(ctx, receipt, token, e);
  }
}

}  // namespace monjo::web
