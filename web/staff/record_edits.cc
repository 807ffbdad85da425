// Editing a record on the staff pages: the form (every field of the catalog format,
// the date parsed as it is typed), the save (indexer/record_edits.h: the
// importer's rules, no lost updates, a version, the audit trail, both indexes), the
// history with restore, and the date endpoint the form asks as the archivist types.
#include <nlohmann/json.hpp>

#include "archive/base/errors.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_rules.h"
#include "archive/catalog/record_versions.h"
#include "archive/dates/date_display.h"
#include "archive/dates/japanese_date.h"
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

// The text fields of the form, in order: the field's name in the catalog format
// (also the form control's name and the FieldProblem's field) and its label key.
struct TextField {
  const char* name;
  const char* label_key;
  bool multiline;
};
constexpr TextField kTextFields[] = {
    {"title", "edit_title", false},
    {"publicTitle", "edit_public_title", false},
    {"callNumber", "edit_call_number", false},
    {"creator", "edit_creator", false},
    {"department", "edit_department", false},
    {"extent", "edit_extent", false},
    {"scope", "edit_scope", true},
    {"history", "edit_history", true},
    {"description", "edit_description", true},
    {"retention", "edit_retention", false},
    {"location", "edit_location", false},
    {"condition", "edit_condition", false},
    {"note", "edit_note", true},
};

std::string* text_of(archive::Record& r, const std::string& name) {
  if (name == "title") return &r.title;
  if (name == "publicTitle") return &r.public_title;
  if (name == "callNumber") return &r.call_number;
  if (name == "creator") return &r.creator;
  if (name == "department") return &r.department;
  if (name == "extent") return &r.extent;
  if (name == "scope") return &r.scope;
  if (name == "history") return &r.history;
  if (name == "description") return &r.description;
  if (name == "retention") return &r.retention;
  if (name == "location") return &r.location;
  if (name == "condition") return &r.condition;
  if (name == "note") return &r.note;
  return nullptr;
}

// A number field: empty is none; anything else that is not a whole number is a
// problem for that field.
std::optional<int> number_of(const RequestContext& ctx, const std::string& name,
                             std::vector<archive::FieldProblem>& problems) {
  const std::string v = trim(ctx.get_form(name));
  if (v.empty()) return std::nullopt;
  try {
    size_t used = 0;
    const long n = std::stol(v, &used);
    if (used == v.size() && n >= -1000000 && n <= 1000000) return static_cast<int>(n);
  } catch (const std::exception&) {
  }
  problems.push_back({name, "\"" + v + "\" is not a whole number"});
  return std::nullopt;
}

// The record as the form states it, over the stored one (id, level, parent, position
// and anything the form does not show stay).
archive::Record record_from_form(const RequestContext& ctx, archive::Record r,
                                 std::vector<archive::FieldProblem>& problems) {
  for (const auto& f : kTextFields) *text_of(r, f.name) = ctx.get_form(f.name);
  r.date_text = ctx.get_form("date");
  r.date_normal = trim(ctx.get_form("date.normal"));
  r.extent_pages = number_of(ctx, "extent.pages", problems);
  r.pages_from = number_of(ctx, "pages.from", problems);
  r.pages_to = number_of(ctx, "pages.to", problems);
  if (r.level == archive::Level::Item) r.seq = number_of(ctx, "seq", problems);
  const std::string status = ctx.get_form("access.status");
  if (status.empty()) {
    r.access.reset();  // inherits
  } else {
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
  r.names.clear();
  const auto types = ctx.get_form_all("names.type"), texts = ctx.get_form_all("names.text");
  for (size_t i = 0; i < texts.size() && i < types.size(); ++i) {
    if (trim(texts[i]).empty()) continue;  // a blank row is no name
    r.names.push_back({types[i], texts[i]});
  }
  r.preservation.clear();
  const auto kinds = ctx.get_form_all("preservation.type"), days = ctx.get_form_all("preservation.date"),
             notes = ctx.get_form_all("preservation.text");
  for (size_t i = 0; i < kinds.size() && i < days.size() && i < notes.size(); ++i) {
    if (trim(days[i]).empty() && trim(notes[i]).empty()) continue;
    r.preservation.push_back({kinds[i], trim(days[i]), notes[i]});
  }
  return r;
}

std::string opt_text(const std::optional<int>& v) {
  return v ? std::to_string(*v) : std::string();
}

// "昭和30年度 → 1955-04-01 – 1956-03-31" or the parser's message.
nlohmann::json date_answer(const RequestContext& ctx, const std::string& text, const std::string& normal) {
  try {
    auto d = archive::record_date(text, normal);
    if (!d) return {{"ok", true}, {"empty", true}, {"text", ""}};
    const std::string shown = archive::display_interval(*d, ctx.lang());
    return {{"ok", true}, {"start", d->start.iso()}, {"end", d->end.iso()}, {"text", shown}};
  } catch (const archive::InputError& e) {
    return {{"ok", false}, {"text", ctx.messages().format("edit_date_error", {{"message", e.what()}})}};
  }
}

// The form's page: the record's values (or the ones typed), each field's problem
// beside it, and for a conflict what changed since the form was made.
mustache::data edit_page_data(const RequestContext& ctx, const archive::Record& shown, const std::string& base,
                              const std::vector<archive::FieldProblem>& problems,
                              const indexer::SaveOutcome* conflict) {
  auto problem_of = [&](const std::string& field) {
    std::string out;
    for (const auto& p : problems) {
      if (p.field == field || p.field.rfind(field + ".", 0) == 0) out += (out.empty() ? "" : " ") + p.message;
    }
    return out;
  };
  mustache::data page;
  page.set("id", shown.id);
  page.set("level_label", level_label(ctx, shown.level));
  page.set("csrf", ctx.session()->csrf_token);
  page.set("base", base);
  page.set("action", link(ctx, "/staff/records/" + shown.id));
  page.set("record_url", link(ctx, "/staff/records/" + shown.id));
  page.set("history_url", link(ctx, "/staff/records/" + shown.id + "/history"));
  mustache::data fields{mustache::data::type::list};
  archive::Record copy = shown;
  for (const auto& f : kTextFields) {
    mustache::data d;
    d.set("name", f.name);
    d.set("label", ctx.t(f.label_key));
    d.set("value", *text_of(copy, f.name));
    d.set("multiline", f.multiline);
    const std::string p = problem_of(f.name);
    d.set("problem", p);
    d.set("has_problem", !p.empty());
    fields.push_back(d);
  }
  page.set("fields", fields);
  page.set("date", shown.date_text);
  page.set("date_normal", shown.date_normal);
  const nlohmann::json parsed = date_answer(ctx, shown.date_text, shown.date_normal);
  page.set("date_parsed", parsed.value("text", ""));
  const std::string date_problem = problem_of("date");
  page.set("date_problem", date_problem);
  page.set("has_date_problem", !date_problem.empty());
  for (const char* n : {"extent.pages", "pages.from", "pages.to", "seq"}) {
    std::string key = n;
    for (auto& c : key)
      if (c == '.') c = '_';
    page.set(key, std::string(n) == "extent.pages" ? opt_text(shown.extent_pages)
                  : std::string(n) == "pages.from" ? opt_text(shown.pages_from)
                  : std::string(n) == "pages.to"   ? opt_text(shown.pages_to)
                                                   : opt_text(shown.seq));
  }
  const std::string pages_problem = problem_of("pages") + problem_of("extent") + problem_of("seq");
  page.set("pages_problem", pages_problem);
  page.set("has_pages_problem", !pages_problem.empty());
  page.set("is_item", shown.level == archive::Level::Item);

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
  const std::string access_problem = problem_of("access");
  page.set("access_problem", access_problem);
  page.set("has_access_problem", !access_problem.empty());

  // Names and events: the rows there are, then two blank ones to add.
  mustache::data names{mustache::data::type::list};
  for (size_t i = 0; i < shown.names.size() + 2; ++i) {
    const archive::Name n = i < shown.names.size() ? shown.names[i] : archive::Name{"person", ""};
    mustache::data d;
    d.set("n", std::to_string(i + 1));
    d.set("text", n.text);
    mustache::data types{mustache::data::type::list};
    for (const auto& t : archive::name_types()) {
      mustache::data o;
      o.set("code", t);
      o.set("label", ctx.t(archive::name_type_message_key(t)));
      o.set("selected", t == n.type);
      types.push_back(o);
    }
    d.set("types", types);
    const std::string p = problem_of("names." + std::to_string(i + 1));
    d.set("problem", p);
    d.set("has_problem", !p.empty());
    names.push_back(d);
  }
  page.set("names", names);
  mustache::data events{mustache::data::type::list};
  for (size_t i = 0; i < shown.preservation.size() + 2; ++i) {
    const archive::PreservationEvent e =
        i < shown.preservation.size() ? shown.preservation[i] : archive::PreservationEvent{"fumigation", "", ""};
    mustache::data d;
    d.set("n", std::to_string(i + 1));
    d.set("date", e.date);
    d.set("text", e.text);
    mustache::data kinds{mustache::data::type::list};
    for (const auto& k : archive::preservation_kinds()) {
      mustache::data o;
      o.set("code", k);
      o.set("label", ctx.t(archive::preservation_message_key(k)));
      o.set("selected", k == e.type);
      kinds.push_back(o);
    }
    d.set("kinds", kinds);
    const std::string p = problem_of("preservation." + std::to_string(i + 1));
    d.set("problem", p);
    d.set("has_problem", !p.empty());
    events.push_back(d);
  }
  page.set("events", events);

  page.set("has_problems", !problems.empty());
  if (conflict) {
    page.set("conflict", true);
    mustache::data since{mustache::data::type::list};
    for (const auto& c : conflict->since) {
      mustache::data d;
      d.set("field", c.field);
      d.set("before", c.before);
      d.set("after", c.after);
      since.push_back(d);
    }
    page.set("since", since);
    page.set("has_since", !conflict->since.empty());
    mustache::data yours{mustache::data::type::list};
    for (const auto& c : conflict->changes) {
      mustache::data d;
      d.set("field", c.field);
      d.set("now", c.before);
      d.set("yours", c.after);
      yours.push_back(d);
    }
    page.set("yours", yours);
  }
  return page;
}

std::unique_ptr<Response> edit_page(const RequestContext& ctx, const archive::Record& shown, const std::string& base,
                                    const std::vector<archive::FieldProblem>& problems,
                                    const indexer::SaveOutcome* conflict, int status) {
  PageHead head;
  head.title = ctx.messages().format("edit_heading", {{"title", shown.title}});
  head.noindex = true;
  return Response::html(
      render_page(ctx, "staff_record_edit", edit_page_data(ctx, shown, base, problems, conflict), head), status);
}

}  // namespace

std::unique_ptr<Response> handle_staff_record_edit(const RequestContext& ctx) {
  const auto full = load_full_record(ctx, ctx.path_param("id"));
  if (!full) throw archive::NotFound(ctx.path_param("id"));
  audit_record_view(ctx, *full, "edit form");
  return edit_page(ctx, full->record, archive::record_fingerprint(full->record), {}, nullptr, 200);
}

std::unique_ptr<Response> handle_staff_record_save(const RequestContext& ctx) {
  const auto full = load_full_record(ctx, ctx.path_param("id"));
  if (!full) throw archive::NotFound(ctx.path_param("id"));
  std::vector<archive::FieldProblem> problems;
  archive::Record edited = record_from_form(ctx, full->record, problems);
  const std::string base = ctx.get_form("base");
  if (!problems.empty()) return edit_page(ctx, edited, base, problems, nullptr, 422);
  const indexer::SaveOutcome out = indexer::save_record(staff_services(ctx).data_dir, edited, base, actor_of(ctx));
  switch (out.status) {
    case indexer::SaveOutcome::Status::Invalid:
      return edit_page(ctx, edited, base, out.problems, nullptr, 422);
    case indexer::SaveOutcome::Status::Conflict:
      // The form keeps what was typed; saving again means "over what is there now".
      return edit_page(ctx, edited, out.fingerprint, out.problems, &out, 409);
    case indexer::SaveOutcome::Status::Unchanged:
    case indexer::SaveOutcome::Status::Saved:
      break;
  }
  const std::string saved = out.status == indexer::SaveOutcome::Status::Saved ? std::to_string(out.version) : "0";
  return Response::redirect(link(ctx, "/staff/records/" + edited.id + "/history") +
                                (explicit_lang(ctx).empty() ? "?" : "&") + "saved=" + saved,
                            303);
}

std::unique_ptr<Response> handle_staff_record_history(const RequestContext& ctx) {
  const auto full = load_full_record(ctx, ctx.path_param("id"));
  if (!full) throw archive::NotFound(ctx.path_param("id"));
  audit_record_view(ctx, *full, "history");
  const auto versions = archive::RecordVersions(catalog_of(ctx).db()).history(full->record.id);
  mustache::data page;
  page.set("id", full->record.id);
  page.set("title", full->record.title);
  page.set("csrf", ctx.session()->csrf_token);
  page.set("base", archive::record_fingerprint(full->record));
  page.set("record_url", link(ctx, "/staff/records/" + full->record.id));
  page.set("edit_url", link(ctx, "/staff/records/" + full->record.id + "/edit"));
  page.set("restore_action", link(ctx, "/staff/records/" + full->record.id + "/restore"));
  const std::string saved = ctx.get_param("saved");
  page.set("saved", saved != "" && saved != "0");
  page.set("unchanged", saved == "0");
  page.set("saved_version", saved);
  const bool can_edit = archive::has_permission(ctx.session()->role, archive::Permission::EditCatalog);
  mustache::data rows{mustache::data::type::list};
  for (size_t i = 0; i < versions.size(); ++i) {
    const auto& v = versions[i];
    mustache::data d;
    d.set("version", std::to_string(v.version));
    d.set("at", time_text(ctx, v.at));
    d.set("at_iso", v.at);
    d.set("actor", v.actor);
    d.set("action_label", ctx.t("version_" + v.action));
    mustache::data changes{mustache::data::type::list};
    for (const auto& c : v.changes) {
      mustache::data cd;
      cd.set("field", c.field);
      cd.set("before", c.before);
      cd.set("after", c.after);
      changes.push_back(cd);
    }
    d.set("changes", changes);
    d.set("has_changes", !v.changes.empty());
    d.set("can_restore", can_edit && i > 0);
    rows.push_back(d);
  }
  page.set("versions", rows);
  page.set("has_versions", !versions.empty());
  PageHead head;
  head.title = ctx.messages().format("history_heading", {{"title", full->record.title}});
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_record_history", page, head));
}

std::unique_ptr<Response> handle_staff_record_restore(const RequestContext& ctx) {
  const std::string id = ctx.path_param("id");
  const std::string version_text = ctx.get_form("version");
  int version = 0;
  try {
    version = std::stoi(version_text);
  } catch (const std::exception&) {
    throw archive::InputError("version \"" + version_text + "\" is not a number");
  }
  const indexer::SaveOutcome out =
      indexer::restore_version(staff_services(ctx).data_dir, id, version, ctx.get_form("base"), actor_of(ctx));
  if (out.status == indexer::SaveOutcome::Status::Conflict) return error_response(ctx, 409, "error_record_moved_on");
  if (out.status == indexer::SaveOutcome::Status::Invalid) return error_response(ctx, 422, "error_version_invalid");
  const std::string saved = out.status == indexer::SaveOutcome::Status::Saved ? std::to_string(out.version) : "0";
  return Response::redirect(
      link(ctx, "/staff/records/" + id + "/history") + (explicit_lang(ctx).empty() ? "?" : "&") + "saved=" + saved,
      303);
}

std::unique_ptr<Response> handle_staff_date_check(const RequestContext& ctx) {
  const std::string text = ctx.get_param("text"), normal = ctx.get_param("normal");
  if (text.size() > 200 || normal.size() > 40) throw archive::InputError("date too long");
  return Response::json(date_answer(ctx, text, normal).dump());
}

}  // namespace monjo::web
