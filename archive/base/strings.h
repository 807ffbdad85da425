// Small string chores shared by every layer: trimming, yes/no settings, the
// space-separated lists the catalog stores (restriction grounds), markup escaping.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monjo::archive {

// Removes leading and trailing ASCII whitespace (space, tab, CR, LF, FF, VT).
std::string trim(std::string_view s);
// trim(), and also the ideographic space (U+3000) a Japanese IME types: for what a
// person typed into a form.
std::string trim_typed(std::string_view s);

// The one spelling of a yes/no setting: true/yes/on/1 and false/no/off/0, any case,
// surrounding whitespace ignored; anything else is nullopt (the caller names the key).
std::optional<bool> parse_bool(std::string_view s);

// "personal corporate" ↔ {"personal", "corporate"}; runs of whitespace separate.
std::vector<std::string> split_spaces(std::string_view s);
std::string join_spaces(const std::vector<std::string>& words);

// Text for XML or HTML element content and quoted attribute values: & < > " escaped,
// CR kept as &#13;, and what XML 1.0 forbids dropped (control characters other than
// tab and LF, U+FFFE/U+FFFF, malformed UTF-8), so the output is always well-formed.
// One function for the catalog export, OAI-PMH and search snippets.
std::string escape_markup(std::string_view text);
void append_escaped_markup(std::string& out, std::string_view text);

}  // namespace monjo::archive
