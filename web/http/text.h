// Small text chores of the web layer: UTF-8 validation (hostile input is refused
// before it reaches the core), URL encoding for the links we build, and JSON safe
// for embedding inside an HTML <script> data block.
#pragma once

#include "archive/base/strings.h"
#include "archive/catalog/record.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monjo::web {

bool valid_utf8(std::string_view s);
std::string url_encode(std::string_view s);
// "a=1&b=x%20y" from pairs, skipping empty values.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& params);
// Escapes <, > and & as \u003c … so "</script>" can never close the block.
std::string json_for_script(const std::string& json);
// Replaces control characters (log injection) and caps the length.
std::string log_safe(std::string_view s, size_t max = 2000);
// A CSV cell of the staff pages' downloads (RFC 4180 quoting when it needs it); a
// leading = + - @ tab or CR is prefixed with ' so that a spreadsheet does not read a
// formula from a title someone typed.
std::string csv_cell(std::string_view s);
// True when `id` matches [A-Za-z0-9._-]{1,64} (docs/catalog-format.md); one rule,
// in archive/catalog/record.h.
using archive::valid_record_id;
// One trim for the whole program (archive/base/strings.h): trim() for protocol text
// (headers, cookies), trim_typed() also drops the ideographic space for what people type.
using archive::trim;
using archive::trim_typed;
// CRLF and lone CR become LF. Browsers send a textarea's line breaks as CRLF (HTML's
// form encoding); the stores take LF only, as they refuse other control characters.
std::string unix_lines(std::string_view text);

}  // namespace monjo::web
