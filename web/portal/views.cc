#include "web/portal/views.h"

#include "archive/dates/date_display.h"

namespace monjo::web {

std::string explicit_lang(const RequestContext& ctx) {
  const std::string l = ctx.get_param("lang");
  if (l.empty()) return {};
  return lang_code(ctx.lang());
}

std::string link(const RequestContext& ctx, const std::string& path) {
  const std::string l = explicit_lang(ctx);
  if (l.empty()) return path;
  return path + (path.find('?') == std::string::npos ? "?" : "&") + "lang=" + l;
}

std::string level_label(const RequestContext& ctx, archive::Level level) {
  return ctx.t(std::string("level_") + archive::level_name(level));
}

std::string access_label(const RequestContext& ctx, archive::AccessStatus status) {
  return ctx.t(archive::access_message_key(status));
}

const char* access_class(archive::AccessStatus status) {
  return archive::access_name(status);
}

std::string grounds_text(const RequestContext& ctx, const std::vector<std::string>& grounds) {
  std::string out;
  for (const auto& g : grounds) {
    if (!archive::find_ground(g)) continue;
    if (!out.empty()) out += ctx.lang() == Lang::En ? ", " : "、";
    out += ctx.t(archive::ground_message_key(g));
  }
  return out;
}

std::string date_display(const RequestContext& ctx, const std::string& text,
                         const std::optional<archive::DateInterval>& date) {
  if (text.empty() && !date) return {};
  try {
    return archive::display_date(text, date, ctx.lang());
  } catch (const std::exception&) {
    return text;
  }
}

mustache::data record_data(const RequestContext& ctx, const archive::PublicRecord& r) {
  mustache::data d;
  d.set("id", r.id);
  d.set("url", link(ctx, "/records/" + r.id));
  d.set("title", r.title);
  d.set("level", archive::level_name(r.level));
  d.set("level_label", level_label(ctx, r.level));
  set_field(d, "date", date_display(ctx, r.date_text, r.date));
  set_field(d, "call_number", r.call_number);
  set_field(d, "department", r.department);
  set_field(d, "extent", r.extent);
  d.set("access", access_class(r.access));
  d.set("access_label", access_label(ctx, r.access));
  set_field(d, "grounds", grounds_text(ctx, r.grounds));
  d.set("is_browsable", r.level == archive::Level::Fonds || r.level == archive::Level::Series);
  d.set("browse_url", link(ctx, (r.level == archive::Level::Fonds ? "/fonds/" : "/series/") + r.id));
  return d;
}

}  // namespace monjo::web
