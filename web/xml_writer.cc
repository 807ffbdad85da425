#include "web/xml_writer.h"

namespace monjo::web {

namespace {

// Length of the UTF-8 sequence starting at s[i] and its code point; 0 when malformed.
size_t utf8_sequence(const std::string& s, size_t i, char32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t len = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

}  // namespace

std::string xml_escape_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {
      ++i;
      continue;
    }
    if (len == 1) {
      switch (text[i]) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\r':
          out += "&#13;";
          break;
        case '\t':
        case '\n':
          out += text[i];
          break;
        default:
          if (cp >= 0x20) out += text[i];
      }
    } else if (cp != 0xFFFE && cp != 0xFFFF) {
      out.append(text, i, len);
    }
    i += len;
  }
  return out;
}

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
    out_ += xml_escape_text(value);
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
  out_ += xml_escape_text(text);
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
