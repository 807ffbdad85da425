// The reading room's retrieval list (出納リスト, docs/staff.md, "The retrieval list"):
// the volumes to fetch from the stacks for one day's bookings, in shelf order, with
// call number, location, the requested 件名 inside each volume, the slot and receipt,
// and what a 一部利用 decision masks. Printable (print CSS in web/static/style.css).
// Locations are staff only: the store leaves "reading.retrieval_list" in the audit
// trail for each view (archive/requests/reading_room.h).
#include "archive/requests/reading_room.h"
#include "archive/base/errors.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/staff/handlers.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

std::string day_url(const RequestContext& ctx, const archive::Ymd& day) {
  std::vector<std::pair<std::string, std::string>> params{{"day", day.iso()}};
  if (!explicit_lang(ctx).empty()) params.emplace_back("lang", explicit_lang(ctx));
  return "/staff/reading-room?" + query_string(params);
}

}  // namespace

std::unique_ptr<Response> handle_staff_reading_room(const RequestContext& ctx) {
  const archive::Ymd today = archive::japan_day(archive::now_seconds());
  archive::Ymd day = today;
  const std::string asked = ctx.get_param("day");
  if (!asked.empty()) {
    const auto parsed = archive::Ymd::parse_iso(asked);
    if (!parsed || !parsed->valid()) throw archive::InputError("day: expected YYYY-MM-DD");
    day = *parsed;
  }
  archive::ReadingRoom& room = *staff_services(ctx).reading_room;
  const archive::RetrievalList list = room.retrieval_list(day, actor_of(ctx));

  mustache::data page;
  page.set("day", day_text(ctx, day));
  page.set("day_iso", day.iso());
  page.set("heading", ctx.messages().format("retrieval_heading", {{"day", day_text(ctx, day)}}));
  if (auto why = room.calendar().closure_reason(day)) {
    page.set("closed", ctx.messages().format("retrieval_closed", {{"reason", *why}}));
  }
  page.set("prev_url", day_url(ctx, archive::add_days(day, -1)));
  page.set("next_url", day_url(ctx, archive::add_days(day, 1)));
  page.set("today_url", day_url(ctx, today));
  mustache::data slots{mustache::data::type::list};
  for (const auto& s : list.slots) {
    const archive::ReadingSlot* slot = room.config().find(s.slot);
    mustache::data d;
    d.set("slot", slot ? slot->label() : s.slot);
    d.set("booked", std::to_string(s.booked));
    d.set("seats", std::to_string(s.seats));
    slots.push_back(d);
  }
  page.set("slots", slots);
  mustache::data rows{mustache::data::type::list};
  int n = 0;
  for (const auto& row : list.rows) {
    mustache::data d;
    d.set("n", std::to_string(++n));
    set_field(d, "location", row.location);
    d.set("call_number", row.call_number);
    d.set("title", row.title);
    if (!row.volume_id.empty()) d.set("url", link(ctx, "/staff/records/" + row.volume_id));
    mustache::data items{mustache::data::type::list};
    for (const auto& item : row.items) {
      mustache::data i;
      i.set("title", item.title);
      set_field(i, "call_number", item.call_number);
      items.push_back(i);
    }
    d.set("items", items);
    d.set("has_items", !row.items.empty());
    const archive::ReadingSlot* slot = room.config().find(row.slot);
    d.set("slot", slot ? slot->label() : row.slot);
    d.set("receipt", row.receipt);
    d.set("request_url", link(ctx, "/staff/requests/" + row.receipt));
    if (row.partial) {
      d.set("mask", row.redactions.empty() ? ctx.t("retrieval_partial")
                                           : ctx.messages().format("retrieval_mask", {{"pages", row.redactions}}));
    }
    rows.push_back(d);
  }
  page.set("rows", rows);
  page.set("has_rows", !list.rows.empty());
  page.set("count_text", ctx.messages().format("retrieval_count", {{"n", std::to_string(list.rows.size())}}));
  PageHead head;
  head.title = ctx.messages().format("retrieval_heading", {{"day", day.iso()}});
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_retrieval", page, head));
}

}  // namespace monjo::web
