#include "web/http/templates.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "archive/staff/roles.h"
#include "web/http/resources.h"
#include "web/http/text.h"

namespace monjo::web {

namespace {

const mustache::data& messages_data(Lang lang) {
  auto build = [](Lang l) {
    mustache::data d{mustache::data::type::object};
    for (const auto& [k, v] : Messages::get(l).all()) d.set(k, v);
    return d;
  };
  static const mustache::data kJa = build(Lang::Ja);
  static const mustache::data kEn = build(Lang::En);
  return lang == Lang::En ? kEn : kJa;
}

// {"t": messages}, the bottom of every page's context stack: looked up there
// rather than copied into each page (420 messages, a copy per render was most of
// the results page's allocations).
const mustache::data& messages_root(Lang lang) {
  static const mustache::data kJa("t", messages_data(Lang::Ja));
  static const mustache::data kEn("t", messages_data(Lang::En));
  return lang == Lang::En ? kEn : kJa;
}

std::string template_text(const std::string& name) {
  return std::string(resource("templates/" + name + ".mustache"));
}

// HTML escaping of every {{value}}: mustache's own (& < > " '), and a control
// character other than tab, LF and CR (a NUL in a query, say) becomes U+FFFD, as an
// HTML parser would read it, so no page carries it raw.
std::string escape_html(const std::string& s) {
  std::string out = mustache::html_escape<std::string>(s);
  size_t i = 0;
  while ((i = out.find_first_of(std::string_view("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11"
                                                 "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f",
                                                 30),
                                i)) != std::string::npos) {
    out.replace(i, 1, "\xEF\xBF\xBD");
    i += 3;
  }
  return out;
}

std::unique_ptr<mustache::mustache> parse_template(const std::string& text) {
  auto t = std::make_unique<mustache::mustache>(text);
  t->set_custom_escape(escape_html);
  return t;
}

// Templates are embedded and never change: each thread parses one once.
mustache::mustache& parsed_template(const std::string& name) {
  thread_local std::map<std::string, std::unique_ptr<mustache::mustache>> parsed;
  auto& slot = parsed[name];
  if (!slot || !slot->is_valid()) slot = parse_template(template_text(name));
  if (!slot->is_valid()) throw std::runtime_error("template " + name + ": " + slot->error_message());
  return *slot;
}

std::string versioned_static_url(const std::string& file) {
  auto bytes = find_resource("static/" + file);
  if (!bytes) return "/static/" + file;
  const size_t h = std::hash<std::string_view>{}(*bytes);
  char buf[20];
  std::snprintf(buf, sizeof buf, "%08zx", h & 0xffffffffu);
  return "/static/" + file + "?v=" + buf;
}

}  // namespace

std::string static_url(const std::string& file) {
  // The files are embedded: their hash is computed once per name.
  static std::mutex mutex;
  static std::map<std::string, std::string> urls;
  std::lock_guard<std::mutex> lock(mutex);
  auto& url = urls[file];
  if (url.empty()) url = versioned_static_url(file);
  return url;
}

void set_field(mustache::data& d, const std::string& key, const std::string& value) {
  d.set(key, value);
  d.set("has_" + key, !value.empty());
}

std::string render_template(const std::string& name, const mustache::data& data) {
  auto tmpl = parse_template(template_text(name));
  if (!tmpl->is_valid()) throw std::runtime_error("template " + name + ": " + tmpl->error_message());
  std::string out = tmpl->render(data);
  if (!tmpl->is_valid()) throw std::runtime_error("template " + name + ": " + tmpl->error_message());
  return out;
}

std::string render_page(const RequestContext& ctx, const std::string& name, mustache::data page, const PageHead& head) {
  const Messages& m = ctx.messages();
  const Lang other = ctx.lang() == Lang::Ja ? Lang::En : Lang::Ja;
  page.set("lang", lang_code(ctx.lang()));
  page.set("is_en", ctx.lang() == Lang::En);
  page.set("page_title", head.title.empty() ? m.t("site_name") : head.title + " — " + m.t("site_name"));
  page.set("lang_switch_url", ctx.url_with_lang(other));
  page.set("lang_switch_label", m.t("lang_switch"));
  page.set("lang_switch_code", lang_code(other));
  page.set("css_url", static_url("style.css"));
  page.set("js_url", static_url("app.js"));
  set_field(page, "canonical", head.canonical);
  page.set("noindex", head.noindex);
  mustache::data meta{mustache::data::type::list};
  for (const auto& [n, c] : head.meta) {
    if (c.empty()) continue;
    mustache::data item;
    item.set("name", n);
    item.set("content", c);
    meta.push_back(item);
  }
  page.set("meta", meta);
  if (!head.json_ld.empty()) page.set("json_ld", head.json_ld);
  const std::string explicit_lang = ctx.get_param("lang").empty() ? "" : std::string(lang_code(ctx.lang()));
  page.set("home_url", explicit_lang.empty() ? "/" : "/?lang=" + explicit_lang);
  page.set("search_url", explicit_lang.empty() ? "/search" : "/search?lang=" + explicit_lang);
  set_field(page, "lang_param", explicit_lang);
  const std::string lang_query = explicit_lang.empty() ? "" : "?lang=" + explicit_lang;
  page.set("guide_url", "/guide" + lang_query);
  page.set("developers_url", "/developers" + lang_query);
  page.set("stats_url", "/stats" + lang_query);
  page.set("favicon_url", static_url("favicon.svg"));
  if (const auto* session = ctx.session()) {
    // Signed-in staff get their menu and a logout form carrying the CSRF token.
    mustache::data staff;
    staff.set("user", session->user);
    staff.set("role_label", ctx.t(archive::role_message_key(session->role)));
    staff.set("csrf", session->csrf_token);
    staff.set("can_queue", archive::has_permission(session->role, archive::Permission::ViewQueue));
    staff.set("can_audit", archive::has_permission(session->role, archive::Permission::ViewAudit));
    staff.set("can_users", archive::has_permission(session->role, archive::Permission::ManageUsers));
    staff.set("can_search", archive::has_permission(session->role, archive::Permission::ViewWithheld));
    staff.set("can_preservation", archive::has_permission(session->role, archive::Permission::ViewWithheld));
    staff.set("can_review", archive::has_permission(session->role, archive::Permission::ReviewRestrictions));
    staff.set("can_selection", archive::has_permission(session->role, archive::Permission::ViewSelection));
    staff.set("dashboard_url", explicit_lang.empty() ? "/staff/" : "/staff/?lang=" + explicit_lang);
    page.set("staff", staff);
  }
  page.set("content", mustache::partial([name] { return template_text(name); }));
  // Partials shared by pages (the tree one includes itself, level by level).
  page.set("search_form", mustache::partial([] { return template_text("search_form"); }));
  page.set("tree_node", mustache::partial([] { return template_text("tree_node"); }));
  page.set("staff_move_form", mustache::partial([] { return template_text("staff_move_form"); }));
  page.set("bar_chart", mustache::partial([] { return template_text("bar_chart"); }));
  mustache::mustache& layout = parsed_template("layout");
  mustache::context<std::string> stack(&messages_root(ctx.lang()));
  stack.push(&page);
  std::string out = layout.render(stack);
  if (!layout.is_valid()) throw std::runtime_error("template layout: " + layout.error_message());
  return out;
}

std::unique_ptr<Response> render_error_page(const RequestContext& ctx, int status, const std::string& detail_key) {
  const Messages& m = ctx.messages();
  const std::string key = detail_key.empty() ? "error_internal" : detail_key;
  if (ctx.path().rfind("/api/", 0) == 0) {
    nlohmann::json j = {{"error", {{"status", status}, {"message", Messages::get(Lang::En).t(key)}}}};
    return Response::json(j.dump(), status);
  }
  mustache::data page;
  page.set("status", std::to_string(status));
  page.set("heading", m.t(key + "_title"));
  page.set("detail", m.t(key));
  page.set("is_not_found", status == 404);
  PageHead head;
  head.title = m.t(key + "_title");
  head.noindex = true;
  return Response::html(render_page(ctx, "error", page, head), status);
}

}  // namespace monjo::web
