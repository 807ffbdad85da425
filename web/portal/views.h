// Shared pieces of the page models: a public record as template data (title, 和暦
// (西暦) date, access badge, grounds in plain words, links), labels of levels and
// statuses in the page's language, and links that keep the chosen language.
#pragma once

#include <optional>
#include <string>

#include "archive/catalog/access_policy.h"
#include "archive/search/search.h"
#include "web/http/request_context.h"
#include "web/http/templates.h"

namespace monjo::web {

// "ja"/"en" when the language came from ?lang= (links must keep it), else "".
std::string explicit_lang(const RequestContext& ctx);
// `path` with ?lang=… appended when the language was chosen explicitly.
std::string link(const RequestContext& ctx, const std::string& path);

std::string level_label(const RequestContext& ctx, archive::Level level);
std::string access_label(const RequestContext& ctx, archive::AccessStatus status);
const char* access_class(archive::AccessStatus status);  // CSS modifier
std::string grounds_text(const RequestContext& ctx, const std::vector<std::string>& grounds);
// A catalogued date by the display rule (archive/dates/date_display.h) in the page's
// language: "昭和30年度 (1955–1956)" / "FY Showa 30 (1955–1956)"; never throws (falls back
// to the text as written).
std::string date_display(const RequestContext& ctx, const std::string& text,
                         const std::optional<archive::DateInterval>& date);

// The template data of a public record (summary fields only).
mustache::data record_data(const RequestContext& ctx, const archive::PublicRecord& r);

}  // namespace monjo::web
