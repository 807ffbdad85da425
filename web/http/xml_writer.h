// A small streaming XML writer for the portal's machine-readable answers (OAI-PMH).
// web/ knows no libxml2 (docs/architecture.md); this is all it needs: elements, attributes and
// text, escaped, with characters that XML 1.0 forbids dropped, so that no catalog text
// or request argument can break the document a harvester parses.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace monjo::web {

using XmlAttributes = std::vector<std::pair<std::string, std::string>>;

class XmlWriter {
 public:
  XmlWriter();  // starts with the XML declaration (UTF-8)

  void open(const std::string& name, const XmlAttributes& attributes = {});
  void close();
  // <name attrs>text</name>; written even when `text` is empty.
  void element(const std::string& name, const std::string& text, const XmlAttributes& attributes = {});
  // Skipped when `text` is empty.
  void optional_element(const std::string& name, const std::string& text, const XmlAttributes& attributes = {});
  void empty_element(const std::string& name, const XmlAttributes& attributes = {});

  // Closes whatever is still open and returns the document.
  std::string finish();

 private:
  void start_tag(const std::string& name, const XmlAttributes& attributes);
  void indent();

  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace monjo::web
