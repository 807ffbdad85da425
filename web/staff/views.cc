#include "web/staff/views.h"

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_rules.h"
#include "archive/dates/calendar.h"
#include "archive/dates/date_display.h"
#include "archive/dates/japanese_date.h"
#include "web/portal/public_records.h"
#include "web/portal/views.h"
#include "web/routes.h"

namespace monjo::web {

StaffServices& staff_services(const RequestContext& ctx) {
  if (!ctx.services().staff) throw Unavailable("the staff services are not available");
  return *ctx.services().staff;
}

archive::Catalog& catalog_of(const RequestContext& ctx) {
  if (!ctx.services().catalog) throw Unavailable("the catalog is not available");
  return *ctx.services().catalog;
}

archive::Actor actor_of(const RequestContext& ctx) {
  const auto* s = ctx.session();
  if (!s) throw archive::Forbidden("not signed in");
  return archive::Actor{s->user, s->role};
}

std::string day_text(const RequestContext& ctx, const std::optional<archive::Ymd>& day) {
  if (!day) return {};
  return archive::display_day(*day, ctx.lang(), true);
}

std::string notice_day(const RequestContext& ctx, const archive::Ymd& day) {
  return archive::display_day(day, ctx.lang(), false);
}

std::string time_text(const RequestContext& ctx, const std::string& iso_utc) {
  return archive::display_time(iso_utc, ctx.lang());
}

std::string event_day(const RequestContext& ctx, const std::string& date) {
  if (date.empty()) return {};
  try {
    const std::string shown = date_display(ctx, "", archive::parse_normal_date(date));
    return shown.empty() ? date : shown;
  } catch (const std::exception&) {
    return date;
  }
}

std::string state_label(const RequestContext& ctx, archive::RequestState s) {
  return ctx.t(archive::state_message_key(s));
}

std::string event_label(const RequestContext& ctx, const std::string& code) {
  return ctx.t(archive::event_message_key(code));
}

std::string decision_label(const RequestContext& ctx, archive::Decision d) {
  return ctx.t(archive::decision_message_key(d));
}

std::string ruling_label(const RequestContext& ctx, archive::Ruling r) {
  return ctx.t(archive::ruling_message_key(r));
}

std::string role_label(const RequestContext& ctx, archive::Role role) {
  return ctx.t(archive::role_message_key(role));
}

std::string ground_label(const RequestContext& ctx, const std::string& code) {
  if (!archive::find_ground(code)) return code;
  return ctx.t(archive::ground_message_key(code));
}

std::string method_label(const RequestContext& ctx, archive::UseMethod m) {
  return ctx.t(std::string("method_") + archive::use_method_name(m));
}

std::string medium_label(const RequestContext& ctx, archive::Medium m) {
  return ctx.t(std::string("medium_") + archive::medium_name(m));
}

std::string due_label(const RequestContext& ctx, archive::DueStatus s) {
  return ctx.t(archive::due_status_message_key(s));
}

std::string cookie_header(const std::string& name, const std::string& value, const std::string& path,
                          const std::string& same_site, bool secure, long max_age) {
  std::string c = name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=" + same_site;
  if (secure) c += "; Secure";
  if (max_age >= 0) c += "; Max-Age=" + std::to_string(max_age);
  return c;
}

archive::PublicRecord requested_record(const RequestContext& ctx, const std::string& id) {
  try {
    return load_record_page(catalog_of(ctx), id).record;
  } catch (const archive::NotFound&) {
    archive::PublicRecord stub;
    stub.id = id;
    stub.title = id;
    return stub;
  }
}

mustache::data decision_data(const RequestContext& ctx, const archive::ItemDecision& d) {
  mustache::data out;
  out.set("decision", archive::decision_name(d.decision));
  out.set("decision_label", decision_label(ctx, d.decision));
  out.set("is_full", d.decision == archive::Decision::FullUse);
  std::string grounds;
  for (const auto& g : d.grounds) {
    if (!grounds.empty()) grounds += ctx.lang() == Lang::En ? ", " : "、";
    grounds += ground_label(ctx, g);
  }
  set_field(out, "grounds", grounds);
  set_field(out, "article", d.article);
  set_field(out, "reason", d.reason);
  mustache::data redactions{mustache::data::type::list};
  for (const auto& r : d.redactions) {
    mustache::data row;
    row.set("pages", ctx.messages().format("pages_range",
                                           {{"pages", r.page_from == r.page_to ? std::to_string(r.page_from)
                                                                               : std::to_string(r.page_from) + "–" +
                                                                                     std::to_string(r.page_to)}}));
    row.set("what", r.what);
    set_field(row, "ground", r.ground.empty() ? std::string() : ground_label(ctx, r.ground));
    redactions.push_back(row);
  }
  out.set("redactions", redactions);
  out.set("has_redactions", !d.redactions.empty());
  set_field(out, "review_after", day_text(ctx, d.review_after));
  // A 本人 grant, as the staff pages show it beside the decision for anyone.
  out.set("self_grant", !d.self_grounds.empty());
  if (!d.self_grounds.empty()) out.set("self_grant_text", ctx.t("decision_self_grant_staff"));
  return out;
}

mustache::data requester_decision_data(const RequestContext& ctx, const archive::ItemDecision& d) {
  if (d.self_grounds.empty()) return decision_data(ctx, d);
  mustache::data out = decision_data(ctx, archive::self_use_decision(d));
  out.set("self_grant", true);
  out.set("self_grant_text", ctx.t("notice_self_grant"));
  return out;
}

}  // namespace monjo::web

namespace monjo::web {

std::optional<FullRecord> load_full_record(const RequestContext& ctx, const std::string& id) {
  archive::Catalog& catalog = catalog_of(ctx);
  auto record = catalog.get(id);
  if (!record) return std::nullopt;
  FullRecord full{std::move(*record), catalog.ancestors(id), {}};
  std::vector<const archive::Record*> chain;
  for (const auto& a : full.ancestors) chain.push_back(&a);
  chain.push_back(&full.record);
  full.access = archive::effective_access(chain);
  return full;
}

mustache::data full_record_data(const RequestContext& ctx, const FullRecord& full) {
  const archive::Record& r = full.record;
  mustache::data d;
  d.set("id", r.id);
  d.set("title", r.title);
  set_field(d, "public_title", r.public_title);
  d.set("level_label", level_label(ctx, r.level));
  set_field(d, "call_number", archive::citable_number(r));
  d.set("call_number_derived", r.call_number.empty() && !archive::citable_number(r).empty());
  set_field(d, "date", date_display(ctx, r.date_text, r.date));
  set_field(d, "department", r.department);
  set_field(d, "creator", r.creator);
  set_field(d, "extent", r.extent);
  set_field(d, "description", r.description);
  set_field(d, "scope", r.scope);
  set_field(d, "history", r.history);
  set_field(d, "location", r.location);
  set_field(d, "condition", r.condition);
  set_field(d, "note", r.note);
  std::string pages;
  if (r.pages_from) pages = std::to_string(*r.pages_from) + (r.pages_to ? "–" + std::to_string(*r.pages_to) : "");
  set_field(d, "pages", pages);
  mustache::data names{mustache::data::type::list};
  for (const auto& n : r.names) {
    mustache::data nd;
    nd.set("text", n.text);
    nd.set("type_label", ctx.t(archive::name_type_message_key(n.type)));
    names.push_back(nd);
  }
  d.set("names", names);
  d.set("has_names", !r.names.empty());
  d.set("access", archive::access_name(full.access.status));
  d.set("access_label", access_label(ctx, full.access.status));
  d.set("is_open", full.access.status == archive::AccessStatus::Open);
  set_field(d, "grounds", grounds_text(ctx, full.access.grounds));
  set_field(d, "until", full.access.until);
  set_field(d, "reason", full.access.reason);
  set_field(d, "access_from", full.access.decided_on == r.id ? std::string() : full.access.decided_on);
  mustache::data events{mustache::data::type::list};
  for (const auto& e : r.preservation) {
    mustache::data ed;
    ed.set("type", e.type);
    ed.set("type_label",
           archive::is_preservation_kind(e.type) ? ctx.t(archive::preservation_message_key(e.type)) : e.type);
    ed.set("date", event_day(ctx, e.date));
    ed.set("text", e.text);
    events.push_back(ed);
  }
  d.set("preservation", events);
  d.set("has_preservation", !r.preservation.empty());
  d.set("staff_url", link(ctx, "/staff/records/" + r.id));
  d.set("public_url", link(ctx, "/records/" + r.id));
  std::string path;
  for (const auto& a : full.ancestors) path += (path.empty() ? "" : " › ") + a.title;
  set_field(d, "path", path);
  return d;
}

void audit_record_view(const RequestContext& ctx, const FullRecord& full, const std::string& where) {
  const archive::Actor me = actor_of(ctx);
  staff_services(ctx).audit->append(
      me.id, archive::role_name(me.role), "record.view_withheld", full.record.id,
      std::string("access=") + archive::access_name(full.access.status) + " via " + where);
}

std::optional<archive::Session> cookie_session(const RequestContext& ctx) {
  const std::string token = ctx.cookie(kSessionCookie);
  if (token.empty() || !ctx.services().staff || !ctx.services().staff->users) return std::nullopt;
  return ctx.services().staff->users->session_for(token);
}

}  // namespace monjo::web
