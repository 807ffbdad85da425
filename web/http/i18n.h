// The portal's languages (DESIGN §9): Japanese by default, English on request.
// Every UI string comes from a message catalog, messages/<lang>.tsv ("key<TAB>text"
// lines, # comments), embedded in the binary. Record content is never translated.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monjo::web {

enum class Lang { Ja, En };

const char* lang_code(Lang lang);  // "ja", "en"

// ?lang= wins when it names a language we have; else the first supported language
// in Accept-Language (by q-value); else Japanese.
Lang choose_language(std::string_view lang_param, std::string_view accept_language);

class Messages {
 public:
  // The catalog of one language (parsed once, shared, immutable).
  static const Messages& get(Lang lang);

  Lang lang() const { return lang_; }
  // The text for `key`; a missing key is shown as the key itself so it is noticed.
  const std::string& t(const std::string& key) const;
  // t(key) with "{name}" placeholders replaced.
  std::string format(const std::string& key, const std::vector<std::pair<std::string, std::string>>& args) const;
  const std::map<std::string, std::string>& all() const { return messages_; }

  // Parses a catalog; throws std::runtime_error naming the line on a malformed one.
  static std::map<std::string, std::string> parse(std::string_view text, const std::string& name);

 private:
  Messages(Lang lang, std::map<std::string, std::string> messages) : lang_(lang), messages_(std::move(messages)) {}
  Lang lang_;
  std::map<std::string, std::string> messages_;
};

}  // namespace monjo::web
