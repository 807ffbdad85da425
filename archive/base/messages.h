// The message catalogs: every text shown to a person (portal, staff pages, notices,
// the command line's labels) comes from messages/<lang>.tsv ("key<TAB>text" lines,
// # comments, {name} placeholders), compiled into the binary. Tables in the core
// (access classes, roles, decisions, request states, facets) carry message keys,
// never display text; docs/architecture.md lists the key families.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monjo::archive {

enum class Lang { Ja, En };

const char* lang_code(Lang lang);  // "ja", "en"

class Messages {
 public:
  // The catalog of one language (parsed once, shared, immutable).
  static const Messages& get(Lang lang);

  Lang lang() const { return lang_; }
  // The text for `key`; a missing key is shown as the key itself so it is noticed.
  const std::string& t(const std::string& key) const;
  // t(key) with "{name}" placeholders replaced.
  std::string format(const std::string& key, const std::vector<std::pair<std::string, std::string>>& args) const;
  bool has(const std::string& key) const { return messages_.count(key) != 0; }
  const std::map<std::string, std::string>& all() const { return messages_; }

  // Parses a catalog; throws std::runtime_error naming the line on a malformed one.
  static std::map<std::string, std::string> parse(std::string_view text, const std::string& name);

 private:
  Messages(Lang lang, std::map<std::string, std::string> messages) : lang_(lang), messages_(std::move(messages)) {}
  Lang lang_;
  std::map<std::string, std::string> messages_;
};

// Shorthand for the Japanese and English text of one key.
inline const std::string& text_ja(const std::string& key) { return Messages::get(Lang::Ja).t(key); }
inline const std::string& text_en(const std::string& key) { return Messages::get(Lang::En).t(key); }

}  // namespace monjo::archive
