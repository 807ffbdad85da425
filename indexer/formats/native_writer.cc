#include "indexer/formats/native_writer.h"

#include <vector>

#include "archive/base/errors.h"
#include "archive/base/strings.h"

namespace monjo::indexer::formats {

using archive::Level;
using archive::Record;

namespace {

class RecordPrinter {
 public:
  explicit RecordPrinter(std::ostream& out) : out_(out) {}

  void record(const Record& r) {
    // Close the records that are not ancestors of this one.
    while (!open_.empty() && open_.back().id != r.parent_id) close();
    const char* tag = archive::level_name(r.level);
    indent();
    out_ << '<' << tag << " id=\"" << archive::escape_markup(r.id) << '"';
    if (r.level == Level::Item && r.seq) out_ << " seq=\"" << *r.seq << '"';
    out_ << ">\n";
    open_.push_back({r.id, tag});
    element("callNumber", r.call_number);
    element("title", r.title);
    element("publicTitle", r.public_title);
    element("creator", r.creator);
    if (!r.date_text.empty() || !r.date_normal.empty()) {
      indent();
      out_ << "<date";
      if (!r.date_normal.empty()) out_ << " normal=\"" << archive::escape_markup(r.date_normal) << '"';
      out_ << '>' << archive::escape_markup(r.date_text) << "</date>\n";
    }
    element("department", r.department);
    element("history", r.history);
    element("scope", r.scope);
    element("description", r.description);
    element("retention", r.retention);
    if (!r.extent.empty() || r.extent_pages) {
      indent();
      out_ << "<extent";
      if (r.extent_pages) out_ << " pages=\"" << *r.extent_pages << '"';
      out_ << '>' << archive::escape_markup(r.extent) << "</extent>\n";
    }
    if (r.pages_from || r.pages_to) {
      indent();
      out_ << "<pages";
      if (r.pages_from) out_ << " from=\"" << *r.pages_from << '"';
      if (r.pages_to) out_ << " to=\"" << *r.pages_to << '"';
      out_ << "/>\n";
    }
    element("location", r.location);
    element("condition", r.condition);
    for (const auto& n : r.names) {
      indent();
      out_ << "<name type=\"" << archive::escape_markup(n.type) << "\">" << archive::escape_markup(n.text)
           << "</name>\n";
    }
    element("note", r.note);
    if (r.access) {
      indent();
      out_ << "<access status=\"" << archive::access_name(r.access->status) << '"';
      if (!r.access->grounds.empty()) {
        out_ << " grounds=\"";
        for (size_t i = 0; i < r.access->grounds.size(); ++i)
          out_ << (i ? " " : "") << archive::escape_markup(r.access->grounds[i]);
        out_ << '"';
      }
      if (!r.access->until.empty()) out_ << " until=\"" << archive::escape_markup(r.access->until) << '"';
      if (r.access->reason.empty()) {
        out_ << "/>\n";
      } else {
        out_ << '>' << archive::escape_markup(r.access->reason) << "</access>\n";
      }
    }
    if (!r.preservation.empty()) {
      indent();
      out_ << "<preservation>\n";
      for (const auto& e : r.preservation) {
        indent(1);
        out_ << "<event type=\"" << archive::escape_markup(e.type) << "\" date=\"" << archive::escape_markup(e.date)
             << '"';
        if (e.text.empty()) {
          out_ << "/>\n";
        } else {
          out_ << '>' << archive::escape_markup(e.text) << "</event>\n";
        }
      }
      indent();
      out_ << "</preservation>\n";
    }
  }

  void finish() {
    while (!open_.empty()) close();
  }

 private:
  struct Open {
    std::string id;
    const char* tag;
  };

  void indent(int extra = 0) {
    for (size_t i = 0; i < open_.size() + 1 + static_cast<size_t>(extra); ++i) out_ << "  ";
  }

  void element(const char* name, const std::string& value) {
    if (value.empty()) return;
    indent();
    out_ << '<' << name << '>' << archive::escape_markup(value) << "</" << name << ">\n";
  }

  void close() {
    const char* tag = open_.back().tag;
    open_.pop_back();
    indent();
    out_ << "</" << tag << ">\n";
  }

  std::ostream& out_;
  std::vector<Open> open_;
};

// Writes every fonds, or only options.fonds_id when it is not empty.
class NativeWriter final : public Writer {
 public:
  std::string_view name() const override { return "native"; }
  std::string_view help() const override { return "native catalog XML (docs/catalog-format.md)"; }
  bool has_public_view() const override { return false; }

  void write(archive::Catalog& catalog, const WriteOptions& options, std::ostream& out) const override {
    const std::string& fonds_id = options.fonds_id;
    if (!fonds_id.empty()) {
      auto root = catalog.get(fonds_id);
      if (!root || root->level != Level::Fonds) throw archive::NotFound("no fonds with id " + fonds_id);
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n";
    RecordPrinter printer(out);
    auto visit = [&](const Record& r) { printer.record(r); };
    if (fonds_id.empty()) {
      catalog.for_each(visit);
    } else {
      catalog.for_each_in(fonds_id, visit);
    }
    printer.finish();
    out << "</catalog>\n";
  }
};

}  // namespace

const Writer& native_writer() {
  static const NativeWriter writer;
  return writer;
}

}  // namespace monjo::indexer::formats
