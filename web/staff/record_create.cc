// Creating a record (a fonds, or a series or volume under a record that may hold it)
// and moving a series or volume under another parent, on the staff pages. The
// catalog work is indexer/record_edits.h (create_record, move_record: the importer's
// rules, a version, the audit trail, both indexes); these handlers only read the
// forms and show what was refused beside its field (docs/staff.md).

#include "archive/base/errors.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_versions.h"
#include "indexer/record_edits.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/routes.h"
#include "web/staff/handlers.h"
#include "web/staff/services.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

// The text fields of the new-record form: the catalog format's name (also the
// control's name and a FieldProblem's field) and the editor's label key.
struct NewField {
  const char* name;
  const char* label_key;
  bool multiline;
};
constexpr NewField kNewFields[] = {
    {"title", "edit_title", false},           {"callNumber", "edit_call_number", false},
    {"department", "edit_department", false}, {"creator", "edit_creator", false},
    {"extent", "edit_extent", false},         {"description", "edit_description", true},
};

std::string* new_text_of(archive::Record& r, const std::string& name) {
  if (name == "title") return &r.title;
  if (name == "callNumber") return &r.call_number;
  if (name == "department") return &r.department;
  if (name == "creator") return &r.creator;
  if (name == "extent") return &r.extent;
  if (name == "description") return &r.description;
  return nullptr;
}

// Levels the web creates: an item belongs in its volume's 細目録 (item_table.cc).
std::optional<archive::Level> creatable_level(const std::string& name) {
  const auto level = archive::level_from_name(name);
  if (!level || *level == archive::Level::Item) return std::nullopt;
  return level;
}

// Problems of the level and parent before the catalog is asked: the web creates
// fonds, series and volumes only, a fonds has no parent, the others one that may hold them.
std::vector<archive::FieldProblem> placement_problems(const RequestContext& ctx, const std::string& level_text,
                                                      const std::string& parent_id) {
  std::vector<archive::FieldProblem> problems;
  const auto level = creatable_level(level_text);
  if (!level) {
    problems.push_back({"level", ctx.messages().format("create_level_refused", {{"level", level_text}})});
    return problems;
  }
  if (*level == archive::Level::Fonds) {
    if (!parent_id.empty()) problems.push_back({"parent", ctx.t("create_fonds_no_parent")});
    return problems;
  }
  const auto parent = parent_id.empty() ? std::nullopt : catalog_of(ctx).get(parent_id);
  if (!parent) {
    problems.push_back({"parent", ctx.messages().format("create_parent_unknown", {{"id", parent_id}})});
  } else if (!archive::may_hold(parent->level, *level)) {
    problems.push_back({"parent", ctx.messages().format("create_parent_may_not_hold", {{"id", parent_id}})});
  }
  return problems;
}

std::string problem_of(const std::vector<archive::FieldProblem>& problems, const std::string& field) {
  std::string out;
  for (const auto& p : problems) {
    if (p.field == field || p.field.rfind(field + ".", 0) == 0) out += (out.empty() ? "" : " ") + p.message;
  }
  return out;
}

std::unique_ptr<Response> new_page(const RequestContext& ctx, const std::string& level_text,
                                   const archive::Record& shown, const std::vector<archive::FieldProblem>& problems,
                                   int status) {
  mustache::data page;
  page.set("csrf", ctx.session()->csrf_token);
  page.set("action", link(ctx, "/staff/records/new"));
  page.set("level", level_text);
  const auto level = creatable_level(level_text);
  page.set("level_label", level ? level_label(ctx, *level) : level_text);
  page.set("parent", shown.parent_id);
  page.set("has_parent", !shown.parent_id.empty());
  if (!shown.parent_id.empty()) {
    page.set("parent_url", link(ctx, "/staff/records/" + shown.parent_id));
    const auto parent = catalog_of(ctx).get(shown.parent_id);
    page.set("parent_title", parent ? parent->title : shown.parent_id);
  }
  page.set("heading", ctx.messages().format("create_heading", {{"level", level ? level_label(ctx, *level) : ""}}));
  page.set("id", shown.id);
  auto set_problem = [&](const std::string& key, const std::string& field) {
    const std::string p = problem_of(problems, field);
    page.set(key + "_problem", p);
    page.set("has_" + key + "_problem", !p.empty());
  };
  set_problem("id", "id");
  {
    const std::string p = problem_of(problems, "level") + problem_of(problems, "parent");
    page.set("placement_problem", p);
    page.set("has_placement_problem", !p.empty());
  }
  archive::Record copy = shown;
  mustache::data fields{mustache::data::type::list};
  for (const auto& f : kNewFields) {
    mustache::data d;
    d.set("name", f.name);
    d.set("label", ctx.t(f.label_key));
    d.set("value", *new_text_of(copy, f.name));
    d.set("multiline", f.multiline);
    const std::string p = problem_of(problems, f.name);
    d.set("problem", p);
    d.set("has_problem", !p.empty());
    fields.push_back(d);
  }
  page.set("fields", fields);
  page.set("date", shown.date_text);
  set_problem("date", "date");
  page.set("date_parsed", "");
  mustache::data statuses{mustache::data::type::list};
  {
    mustache::data inherit;
    inherit.set("code", "");
    inherit.set("label", ctx.t("edit_access_inherit"));
    inherit.set("selected", !shown.access);
    statuses.push_back(inherit);
  }
  for (const auto s : {archive::AccessStatus::Open, archive::AccessStatus::Restricted, archive::AccessStatus::Review,
                       archive::AccessStatus::Closed}) {
    mustache::data d;
    d.set("code", archive::access_name(s));
    d.set("label", access_label(ctx, s));
    d.set("selected", shown.access && shown.access->status == s);
    statuses.push_back(d);
  }
  page.set("statuses", statuses);
  mustache::data grounds{mustache::data::type::list};
  for (const auto& g : archive::restriction_grounds()) {
    mustache::data d;
    d.set("code", g.code);
    d.set("label", ctx.t(archive::ground_message_key(g.code)));
    bool on = false;
    if (shown.access)
      for (const auto& x : shown.access->grounds) on = on || x == g.code;
    d.set("checked", on);
    grounds.push_back(d);
  }
  page.set("grounds", grounds);
  page.set("until", shown.access ? shown.access->until : "");
  page.set("reason", shown.access ? shown.access->reason : "");
  set_problem("access", "access");
  // Problems of fields the form does not show (the importer's other rules).
  std::string other;
  for (const auto& p : problems) {
    bool shown_field = p.field == "id" || p.field == "level" || p.field == "parent" || p.field == "date" ||
                       p.field.rfind("access", 0) == 0;
    for (const auto& f : kNewFields) shown_field = shown_field || p.field == f.name;
    if (!shown_field) other += (other.empty() ? "" : " ") + p.field + ": " + p.message;
  }
  page.set("other_problem", other);
  page.set("has_other_problem", !other.empty());
  page.set("has_problems", !problems.empty());
  PageHead head;
  head.title = ctx.messages().format("create_heading", {{"level", level ? level_label(ctx, *level) : ""}});
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_record_new", page, head), status);
}

// The ids a record of `level` may move under, for the move form's datalist.
std::vector<std::string> parent_choices(archive::Catalog& catalog, const archive::Record& record) {
  std::vector<std::string> ids;
  catalog.for_each([&](const archive::Record& r) {
    if (ids.size() < 1000 && r.id != record.id && r.id != record.parent_id && archive::may_hold(r.level, record.level))
      ids.push_back(r.id);
  });
  return ids;
}

std::unique_ptr<Response> move_page(const RequestContext& ctx, const archive::Record& record,
                                    const std::string& new_parent, const std::string& message, int status) {
  mustache::data page;
  page.set("id", record.id);
  page.set("title", record.title);
  page.set("level_label", level_label(ctx, record.level));
  page.set("record_url", link(ctx, "/staff/records/" + record.id));
  page.set("message", message);
  mustache::data form;
  add_move_form(ctx, record, form);
  page.set("move", form);
  page.set("new_parent", new_parent);
  PageHead head;
  head.title = ctx.messages().format("move_heading", {{"title", record.title}});
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_record_move", page, head), status);
}

}  // namespace

void add_create_move_links(const RequestContext& ctx, const archive::Record& record, mustache::data& page) {
  const bool can_edit = archive::has_permission(ctx.session()->role, archive::Permission::EditCatalog);
  const bool add_series = can_edit && archive::may_hold(record.level, archive::Level::Series);
  const bool add_volume = can_edit && archive::may_hold(record.level, archive::Level::Volume);
  page.set("can_add_series", add_series);
  page.set("can_add_volume", add_volume);
  page.set(
      "add_series_url",
      "/staff/records/new?" + query_string({{"level", "series"}, {"parent", record.id}, {"lang", explicit_lang(ctx)}}));
  page.set(
      "add_volume_url",
      "/staff/records/new?" + query_string({{"level", "volume"}, {"parent", record.id}, {"lang", explicit_lang(ctx)}}));
  const bool can_move = can_edit && (record.level == archive::Level::Series || record.level == archive::Level::Volume);
  page.set("can_move", can_move);
  if (can_move) {
    mustache::data form;
    add_move_form(ctx, record, form);
    page.set("move", form);
  }
}

void add_move_form(const RequestContext& ctx, const archive::Record& record, mustache::data& form) {
  form.set("action", link(ctx, "/staff/records/" + record.id + "/move"));
  form.set("csrf", ctx.session()->csrf_token);
  form.set("base", archive::record_fingerprint(record));
  form.set("current_parent", record.parent_id);
  mustache::data choices{mustache::data::type::list};
  for (const auto& id : parent_choices(catalog_of(ctx), record)) {
    mustache::data d;
    d.set("id", id);
    choices.push_back(d);
  }
  form.set("choices", choices);
}

std::unique_ptr<Response> handle_staff_record_new_form(const RequestContext& ctx) {
  const std::string level = ctx.get_param("level"), parent = trim(ctx.get_param("parent"));
  const auto problems = placement_problems(ctx, level, parent);
  if (!problems.empty()) throw archive::InputError(problems.front().message);
  archive::Record shown;
  shown.parent_id = parent;
  return new_page(ctx, level, shown, {}, 200);
}

std::unique_ptr<Response> handle_staff_record_create(const RequestContext& ctx) {
  const std::string level_text = ctx.get_form("level");
  archive::Record r;
  r.id = trim(ctx.get_form("id"));
  r.parent_id = trim(ctx.get_form("parent"));
  for (const auto& f : kNewFields) *new_text_of(r, f.name) = ctx.get_form(f.name);
  r.date_text = ctx.get_form("date");
  std::vector<archive::FieldProblem> problems = placement_problems(ctx, level_text, r.parent_id);
  if (const auto level = creatable_level(level_text)) r.level = *level;
  const std::string status = ctx.get_form("access.status");
  if (!status.empty()) {
    archive::Access a;
    if (auto s = archive::access_from_name(status)) {
      a.status = *s;
    } else {
      problems.push_back({"access.status", "unknown status \"" + status + "\""});
    }
    a.grounds = ctx.get_form_all("access.grounds");
    a.until = trim(ctx.get_form("access.until"));
    a.reason = ctx.get_form("access.reason");
    r.access = std::move(a);
  }
  if (!problems.empty()) return new_page(ctx, level_text, r, problems, 422);
  const indexer::SaveOutcome out = indexer::create_record(staff_services(ctx).data_dir, r, actor_of(ctx));
  if (out.status != indexer::SaveOutcome::Status::Saved) return new_page(ctx, level_text, r, out.problems, 422);
  return Response::redirect(link(ctx, "/staff/records/" + r.id), 303);
}

std::unique_ptr<Response> handle_staff_record_move(const RequestContext& ctx) {
  const auto full = load_full_record(ctx, ctx.path_param("id"));
  if (!full) throw archive::NotFound(ctx.path_param("id"));
  const std::string new_parent = trim(ctx.get_form("parent"));
  const indexer::SaveOutcome out = indexer::move_record(staff_services(ctx).data_dir, full->record.id, new_parent,
                                                        ctx.get_form("base"), actor_of(ctx));
  switch (out.status) {
    case indexer::SaveOutcome::Status::Invalid: {
      std::string message;
      for (const auto& p : out.problems) message += (message.empty() ? "" : " ") + p.message;
      return move_page(ctx, full->record, new_parent,
                       ctx.messages().format("move_refused", {{"id", new_parent}, {"message", message}}), 422);
    }
    case indexer::SaveOutcome::Status::Conflict:
      // The form shown again carries the current fingerprint: moving again is deliberate.
      return move_page(ctx, out.current, new_parent, ctx.t("move_conflict"), 409);
    case indexer::SaveOutcome::Status::Unchanged:
    case indexer::SaveOutcome::Status::Saved:
      break;
  }
  const std::string saved = out.status == indexer::SaveOutcome::Status::Saved ? std::to_string(out.version) : "0";
  return Response::redirect(link(ctx, "/staff/records/" + full->record.id + "/history") +
                                (explicit_lang(ctx).empty() ? "?" : "&") + "saved=" + saved,
                            303);
}

}  // namespace monjo::web
