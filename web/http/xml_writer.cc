#include "web/http/xml_writer.h"

#include "archive/base/strings.h"

namespace monjo::web {

XmlWriter::XmlWriter() : out_("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") {}

void XmlWriter::indent() {
  out_.append(open_.size() * 2, ' ');
}

void XmlWriter::start_tag(const std::string& name, const XmlAttributes& attributes) {
  indent();
  out_ += '<';
  out_ += name;
  for (const auto& [key, value] : attributes) {
    out_ += ' ';
    out_ += key;
    out_ += "=\"";
    out_ += archive::escape_markup(value);
    out_ += '"';
  }
}

void XmlWriter::open(const std::string& name, const XmlAttributes& attributes) {
  start_tag(name, attributes);
  out_ += ">\n";
  open_.push_back(name);
}

void XmlWriter::close() {
  if (open_.empty()) return;
  const std::string name = std::move(open_.back());
  open_.pop_back();
  indent();
  out_ += "</" + name + ">\n";
}

void XmlWriter::element(const std::string& name, const std::string& text, const XmlAttributes& attributes) {
  start_tag(name, attributes);
  out_ += '>';
  out_ += archive::escape_markup(text);
  out_ += "</" + name + ">\n";
}

void XmlWriter::optional_element(const std::string& name, const std::string& text, const XmlAttributes& attributes) {
  if (!text.empty()) element(name, text, attributes);
}

void XmlWriter::empty_element(const std::string& name, const XmlAttributes& attributes) {
  start_tag(name, attributes);
  out_ += "/>\n";
}

std::string XmlWriter::finish() {
  while (!open_.empty()) close();
  return std::move(out_);
}

}  // namespace monjo::web
