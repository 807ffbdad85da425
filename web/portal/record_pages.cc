// The record page (the public view with breadcrumbs, children, siblings and
// machine-readable metadata) and the browse tree of a fonds or series. All data
// comes from public_records.h. (The use-request form is requests_intake.cc.)
#include <nlohmann/json.hpp>

#include <algorithm>

#include "archive/catalog/record_rules.h"
#include "archive/base/messages.h"
#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "web/portal/handlers.h"
#include "web/portal/public_records.h"
#include "web/portal/search_pages.h"
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

// Browse pages show this many series and volumes a page, and this many children of
// each series when it is expanded: a fonds page of the 1,700-volume sample stays a
// few kilobytes however many volumes lie below (docs/portal.md, "Browsing").
constexpr long kTreePageSize = 50;
constexpr long kTreePreview = 10;
// Siblings before and after a record in its context panel.
constexpr long kContextAround = 3;

// "シリーズ 3・簿冊 120冊", or the volumes alone when there is no series below.
std::string counts_text(const RequestContext& ctx, const TreeCounts& below) {
  if (below.series == 0) return ctx.messages().format("volume_count", {{"n", format_count(below.volumes)}});
  return ctx.messages().format("tree_counts",
                               {{"series", format_count(below.series)}, {"volumes", format_count(below.volumes)}});
}

std::string tree_url(const RequestContext& ctx, const archive::PublicRecord& r, long page) {
  std::string path = (r.level == archive::Level::Fonds ? "/fonds/" : "/series/") + r.id;
  if (page > 1) path += "?page=" + std::to_string(page);
  return link(ctx, path);
}

// Every key the tree_node partial reads is set on every entry: a missing one would
// be looked up in the enclosing entry (a preview inside an expanded series).
mustache::data entry_data(const RequestContext& ctx, const TreeEntry& e) {
  mustache::data d = record_data(ctx, e.record);
  const bool series = e.record.level == archive::Level::Series;
  d.set("is_series", series);
  d.set("counts", series ? counts_text(ctx, e.below) : std::string());
  mustache::data preview{mustache::data::type::list};
  for (const auto& c : e.preview) preview.push_back(entry_data(ctx, c));
  d.set("preview", preview);
  d.set("has_preview", !e.preview.empty());
  const long more = e.child_count - static_cast<long>(e.preview.size());
  d.set("has_more", !e.preview.empty() && more > 0);
  d.set("more_text", ctx.messages().format("tree_show_all", {{"n", format_count(e.child_count)}}));
  return d;
}

void set_tree_pagination(const RequestContext& ctx, mustache::data& page, const TreePage& tree) {
  const long pages = (tree.child_count + kTreePageSize - 1) / kTreePageSize;
  if (pages <= 1) return;
  mustache::data nav{mustache::data::type::list};
  const long lo = std::max<long>(1, tree.page - 3), hi = std::min<long>(pages, tree.page + 3);
  for (long n = lo; n <= hi; ++n) {
    mustache::data d;
    d.set("number", std::to_string(n));
    d.set("url", tree_url(ctx, tree.record, n));
    d.set("current", n == tree.page);
    nav.push_back(d);
  }
  page.set("pages", nav);
  page.set("has_pages", true);
  if (tree.page > 1) page.set("prev_url", tree_url(ctx, tree.record, tree.page - 1));
  if (tree.page < pages) page.set("next_url", tree_url(ctx, tree.record, tree.page + 1));
}

// The context panel: the parent, the window of siblings with the record marked, a
// link to all of them, and how many records lie directly below.
void set_context(const RequestContext& ctx, mustache::data& page, const RecordPage& rp) {
  const auto& r = rp.record;
  const bool has_parent = !rp.ancestors.empty();
  page.set("has_parent", has_parent);
  if (has_parent) page.set("parent", record_data(ctx, rp.ancestors.back()));
  mustache::data siblings{mustache::data::type::list};
  for (size_t k = 0; k < rp.siblings.size(); ++k) {
    mustache::data d = record_data(ctx, rp.siblings[k]);
    d.set("current", rp.siblings[k].id == r.id);
    siblings.push_back(d);
  }
  page.set("context_siblings", siblings);
  const bool many = rp.sibling_count > 1;
  page.set("has_context_siblings", has_parent && many);
  if (has_parent && many) {
    page.set("first_number", std::to_string(rp.first_sibling + 1));
    page.set("context_position", ctx.messages().format("context_position", {{"n", format_count(rp.position + 1)},
                                                                            {"total", format_count(rp.sibling_count)}}));
    const auto& parent = rp.ancestors.back();
    if (static_cast<long>(rp.siblings.size()) < rp.sibling_count) {
      // The parent's own list of them: the page of the tree that holds this record,
      // or a volume's 細目録.
      const std::string all =
          parent.level == archive::Level::Volume
              ? link(ctx, "/records/" + parent.id) + "#children-heading"
              : tree_url(ctx, parent, rp.position / kTreePageSize + 1) + "#n-" + r.id;
      page.set("siblings_all_url", all);
      page.set("siblings_all_text",
               ctx.messages().format("context_all", {{"n", format_count(rp.sibling_count)}}));
    }
  }
  page.set("has_context_children", !rp.children.empty());
  page.set("context_children_text",
           ctx.messages().format(r.level == archive::Level::Volume ? "context_children_volume" : "context_children",
                                 {{"n", format_count(static_cast<long>(rp.children.size()))}}));
}

}  // namespace

std::unique_ptr<Response> handle_record(const RequestContext& ctx) {
  // A read replica has the public index's views and no catalog (docs/scaling.md).
  const RecordPage rp = ctx.services().replica && ctx.services().searcher
                            ? load_record_page(*ctx.services().searcher, ctx.path_param("id"), kContextAround)
                            : load_record_page(catalog(ctx), ctx.path_param("id"), kContextAround);
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

  set_context(ctx, page, rp);

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
  const long asked = ctx.get_int_param("page", 1, 1, 1000000);
  const TreePage tree = load_tree_page(catalog(ctx), ctx.path_param("id"), asked, kTreePageSize, kTreePreview);
  const auto& r = tree.record;
  mustache::data page = record_data(ctx, r);
  mustache::data crumbs{mustache::data::type::list};
  for (const auto& a : tree.ancestors) crumbs.push_back(record_data(ctx, a));
  page.set("breadcrumbs", crumbs);
  page.set("counts", counts_text(ctx, tree.below));
  page.set("root_url", link(ctx, "/records/" + r.id));
  page.set("search_url", link(ctx, (r.level == archive::Level::Fonds ? "/search?fonds=" : "/search?series=") +
                                       url_encode(r.id)));
  mustache::data children{mustache::data::type::list};
  for (const auto& c : tree.children) children.push_back(entry_data(ctx, c));
  page.set("children", children);
  page.set("has_children", !tree.children.empty());
  if (!tree.children.empty()) {
    const long first = (tree.page - 1) * kTreePageSize + 1;
    page.set("range_text", ctx.messages().format("results_count",
                                                 {{"total", format_count(tree.child_count)},
                                                  {"first", format_count(first)},
                                                  {"last", format_count(first + static_cast<long>(tree.children.size()) - 1)}}));
  }
  set_tree_pagination(ctx, page, tree);
  PageHead head;
  head.title = r.title;
  head.canonical = ctx.base_url() + (r.level == archive::Level::Fonds ? "/fonds/" : "/series/") + r.id +
                   (tree.page > 1 ? "?page=" + std::to_string(tree.page) : std::string());
  return Response::html(render_page(ctx, "browse", page, head));
}

}  // namespace monjo::web
