// The web layer's XML writer (web/http/xml_writer.h), used by OAI-PMH: whatever text it
// is given, the document stays well-formed XML 1.0.
#include <catch2/catch.hpp>

#include "archive/base/strings.h"
#include "web/http/xml_writer.h"

using monjo::archive::escape_markup;
using monjo::web::XmlWriter;

TEST_CASE("markup characters are escaped and forbidden characters dropped", "[web][xml]") {
  struct Row {
    std::string in;
    std::string out;
  };
  const std::vector<Row> rows = {
      {"相模原町", "相模原町"},
      {"a & b", "a &amp; b"},
      {"<script>", "&lt;script&gt;"},
      {"say \"hi\"", "say &quot;hi&quot;"},
      {"it's", "it's"},
      {"tab\tand\nnewline", "tab\tand\nnewline"},
      {"cr\r", "cr&#13;"},
      {std::string("nul\0x", 5), "nulx"},
      {"bell\x07", "bell"},
      {"\xEF\xBF\xBE\xEF\xBF\xBF", ""},                        // U+FFFE, U+FFFF
      {"bad\xFF utf-8", "bad utf-8"},                          // a stray byte
      {"\xC0\xAF", ""},                                        // an overlong '/'
      {"\xED\xA0\x80", ""},                                    // a surrogate
      {"cut \xE7\x9B", "cut "},                                // a truncated sequence
      {"\xF0\x9F\x93\x9C scroll", "\xF0\x9F\x93\x9C scroll"},  // outside the BMP is fine
  };
  for (const auto& row : rows) {
    INFO(row.in);
    CHECK(escape_markup(row.in) == row.out);
  }
}

TEST_CASE("the writer nests, escapes attributes and closes what is open", "[web][xml]") {
  XmlWriter xml;
  xml.open("root", {{"a", "x\"<y"}});
  xml.element("t", "1 < 2");
  xml.optional_element("skipped", "");
  xml.element("kept", "");
  xml.empty_element("e", {{"k", "&"}});
  xml.open("inner");
  const std::string doc = xml.finish();
  CHECK(doc ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<root a=\"x&quot;&lt;y\">\n"
        "  <t>1 &lt; 2</t>\n"
        "  <kept></kept>\n"
        "  <e k=\"&amp;\"/>\n"
        "  <inner>\n"
        "  </inner>\n"
        "</root>\n");
}
