// The record page (the public view with breadcrumbs, children, siblings and
// machine-readable metadata) and the browse tree of a fonds or series. All data
// comes from public_records.h. (The use-request form is requests_intake.cc.)
#include <nlohmann/json.hpp>

#include "archive/catalog/record_rules.h"
#include "archive/base/messages.h"
#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "web/portal/handlers.h"
#include "web/portal/public_records.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

archive::Catalog& catalog(const RequestContext& ctx) {
  if (!ctx.services().catalog) throw Unavailable("the catalog is not available");
  return *ctx.services().catalog;
}

std::string iso_range(const std::optional<archive::DateInterval>& d) {
  if (!d) return {};
  return d->start == d->end ? d->start.iso() : d->start.iso() + "/" + d->end.iso();
}

std::string json_ld(const RequestContext& ctx, const RecordPage& rp) {
  const auto& r = rp.record;
  const std::string base = ctx.base_url();
  nlohmann::json j = {{"@context", "https://schema.org"},
                      {"@type", "ArchiveComponent"},
                      {"@id", base + "/records/" + r.id},
                      {"url", base + "/records/" + r.id},
                      {"name", r.title},
                      {"identifier", r.call_number.empty() ? r.id : r.call_number}};
  if (r.date) j["temporalCoverage"] = iso_range(r.date);
  if (!r.description.empty()) j["description"] = r.description;
  if (!r.creator.empty()) j["creator"] = {{"@type", "Organization"}, {"name", r.creator}};
  if (!rp.ancestors.empty()) {
    const auto& parent = rp.ancestors.back();
    j["isPartOf"] = {{"@id", base + "/records/" + parent.id}, {"name", parent.title}};
  }
  j["conditionsOfAccess"] = archive::text_en(archive::access_message_key(r.access));
  return json_for_script(j.dump());
}

mustache::data tree_data(const RequestContext& ctx, const TreeNode& node) {
  mustache::data d = record_data(ctx, node.record);
  mustache::data children{mustache::data::type::list};
  for (const auto& c : node.children) children.push_back(tree_data(ctx, c));
  d.set("children", children);
  d.set("has_children", !node.children.empty());
  d.set("is_series", node.record.level == archive::Level::Series);
  d.set("volume_count", ctx.messages().format("volume_count", {{"n", std::to_string(node.volume_count)}}));
  return d;
}

}  // namespace

std::unique_ptr<Response> handle_record(const RequestContext& ctx) {
  const RecordPage rp = load_record_page(catalog(ctx), ctx.path_param("id"));
  const auto& r = rp.record;
  mustache::data page = record_data(ctx, r);

  mustache::data crumbs{mustache::data::type::list};
  for (const auto& a : rp.ancestors) crumbs.push_back(record_data(ctx, a));
  page.set("breadcrumbs", crumbs);

  const bool open = r.access == archive::AccessStatus::Open;
  page.set("is_open", open);
  page.set("listing_only_text", ctx.t(std::string("listing_only_") + archive::access_name(r.access)));
  set_field(page, "description", r.description);
  set_field(page, "scope", r.scope);
  set_field(page, "history", r.history);
  set_field(page, "creator", r.creator);
  mustache::data names{mustache::data::type::list};
  for (const auto& n : r.names) {
    mustache::data d;
    d.set("text", n.text);
    d.set("type_label", ctx.t(archive::name_type_message_key(n.type)));
    names.push_back(d);
  }
  page.set("names", names);
  page.set("has_names", !r.names.empty());
  page.set("has_grounds", !r.grounds.empty());

  mustache::data children{mustache::data::type::list};
  for (const auto& c : rp.children) children.push_back(record_data(ctx, c));
  page.set("children", children);
  page.set("has_children", !rp.children.empty());
  // An open volume may hold items that state a restriction of their own: say so at
  // the top, so that 公開 on the volume is not read as "every item is open".
  long withheld_children = 0;
  for (const auto& c : rp.children) withheld_children += c.access != archive::AccessStatus::Open;
  const bool some_withheld = open && withheld_children > 0;
  page.set("some_children_withheld", some_withheld);
  if (some_withheld) {
    page.set("some_children_withheld_text",
             ctx.messages().format(r.level == archive::Level::Volume ? "some_items_withheld" : "some_children_withheld",
                                   {{"n", std::to_string(withheld_children)}}));
  }
  page.set("children_heading",
           ctx.t(r.level == archive::Level::Volume ? "children_heading_volume" : "children_heading"));
  page.set("children_caption", ctx.messages().format("children_caption", {{"n", std::to_string(rp.children.size())}}));

  if (rp.previous) page.set("previous", record_data(ctx, *rp.previous));
  if (rp.next) page.set("next", record_data(ctx, *rp.next));
  page.set("has_siblings", rp.previous.has_value() || rp.next.has_value());

  const std::string permalink = ctx.base_url() + "/records/" + r.id;
  page.set("permalink", permalink);
  page.set("request_url", link(ctx, "/requests/new?record=" + url_encode(r.id)));
  page.set("api_url", "/api/records/" + r.id);
  page.set("can_request", r.level == archive::Level::Volume || r.level == archive::Level::Item);

  PageHead head;
  head.title = r.title;
  head.canonical = permalink;
  head.meta = {{"DC.title", r.title},
               {"DC.identifier", r.call_number.empty() ? r.id : r.call_number},
               {"DC.date", iso_range(r.date)},
               {"DC.type", archive::level_name(r.level)},
               {"DC.publisher", ctx.t("site_name")},
               {"DC.rights", access_label(ctx, r.access)}};
  if (open) {
    head.meta.emplace_back("DC.creator", r.creator);
    head.meta.emplace_back("DC.description", r.description);
    head.meta.emplace_back("description", r.description);
  }
  head.json_ld = json_ld(ctx, rp);
  // Signed-in staff who may see withheld fields get the link to the full view; such
  // a page is theirs alone.
  const auto staff = cookie_session(ctx);
  const bool staff_link = staff && archive::has_permission(staff->role, archive::Permission::ViewWithheld);
  if (staff_link) page.set("staff_record_url", link(ctx, "/staff/records/" + r.id));
  auto response = Response::html(render_page(ctx, "record", page, head));
  if (staff_link) response->header("Cache-Control", "private, no-store");
  return response;
}

std::unique_ptr<Response> handle_browse(const RequestContext& ctx) {
  const TreeNode root = load_tree(catalog(ctx), ctx.path_param("id"));
  mustache::data page = tree_data(ctx, root);
  page.set("root_url", link(ctx, "/records/" + root.record.id));
  page.set("search_url", link(ctx, (root.record.level == archive::Level::Fonds ? "/search?fonds=" : "/search?series=") +
                                       url_encode(root.record.id)));
  PageHead head;
  head.title = root.record.title;
  head.canonical =
      ctx.base_url() + (root.record.level == archive::Level::Fonds ? "/fonds/" : "/series/") + root.record.id;
  return Response::html(render_page(ctx, "browse", page, head));
}

}  // namespace monjo::web
