#include "indexer/formats/ead3_writer.h"

#include <optional>
#include <utility>
#include <vector>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/base/strings.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/record_rules.h"
#include "archive/dates/timestamp.h"

namespace monjo::indexer::formats {

namespace {

using archive::AccessStatus;
using archive::Level;
using archive::Record;

// What one <archdesc> or <c> says, filled either from a whole Record (staff) or from
// a PublicRecord (public). The writer below sees only this, so the public export
// can hold nothing that archive::public_view() did not let through.
struct Unit {
  Level level = Level::Item;
  std::string id;
  std::string call_number;
  std::string title;
  std::string public_title;  // staff export only, when it differs from the title
  std::string date_text;
  std::string date_normal;  // staff export only (the public view has the interval)
  std::optional<int> seq;   // an item's number in its volume
  std::optional<archive::DateInterval> date;
  std::string creator;
  std::string department;
  std::string extent;
  std::optional<int> extent_pages;
  std::optional<int> pages_from;
  std::optional<int> pages_to;
  std::string location;   // staff
  std::string condition;  // staff
  std::string retention;  // staff
  std::string note;       // staff
  std::string history;
  std::string scope;
  std::string description;
  std::vector<archive::Name> names;
  std::vector<archive::PreservationEvent> preservation;  // staff
  struct AccessNote {
    AccessStatus status = AccessStatus::Open;
    std::vector<std::string> grounds;
    std::string until;   // staff
    std::string reason;  // staff
  };
  std::optional<AccessNote> access;  // written only where present
};

Unit staff_unit(const Record& r) {
  Unit u;
  u.level = r.level;
  u.id = r.id;
  u.call_number = r.call_number;
  u.title = r.title;
  if (r.public_title != r.title) u.public_title = r.public_title;
  u.date_text = r.date_text;
  u.date_normal = r.date_normal;
  u.seq = r.seq;
  u.date = r.date;
  u.creator = r.creator;
  u.department = r.department;
  u.extent = r.extent;
  u.extent_pages = r.extent_pages;
  u.pages_from = r.pages_from;
  u.pages_to = r.pages_to;
  u.location = r.location;
  u.condition = r.condition;
  u.retention = r.retention;
  u.note = r.note;
  u.history = r.history;
  u.scope = r.scope;
  u.description = r.description;
  u.names = r.names;
  u.preservation = r.preservation;
  // EAD inherits <accessrestrict> down the hierarchy as the catalog does: only the
  // levels that state their access carry one.
  if (r.access) u.access = Unit::AccessNote{r.access->status, r.access->grounds, r.access->until, r.access->reason};
  return u;
}

Unit public_unit(const archive::PublicRecord& p, bool state_access) {
  Unit u;
  u.level = p.level;
  u.id = p.id;
  u.call_number = p.call_number;
  u.title = p.title;
  u.date_text = p.date_text;
  u.date = p.date;
  u.creator = p.creator;
  u.department = p.department;
  u.extent = p.extent;
  u.history = p.history;
  u.scope = p.scope;
  u.description = p.description;
  u.names = p.names;
  if (state_access) u.access = Unit::AccessNote{p.access, p.grounds, {}, {}};
  return u;
}

const char* ead_level(Level level) {
  switch (level) {
    case Level::Fonds:
      return "fonds";
    case Level::Series:
      return "series";
    case Level::Volume:
      return "file";
    case Level::Item:
      return "item";
  }
  return "otherlevel";
}

class Ead3Document {
 public:
  Ead3Document(std::ostream& out, bool internal) : out_(out), internal_(internal) {}

  void start(const Unit& fonds, const std::string& agency_name, const std::string& generated_at) {
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    open("ead", {{"xmlns", "http://ead3.archivists.org/schema/"},
                 {"lang", "jpn"},
                 {"script", "Jpan"},
                 {"audience", internal_ ? "internal" : "external"}});
    open("control", {{"langencoding", "iso639-2b"},
                     {"scriptencoding", "iso15924"},
                     {"dateencoding", "iso8601"},
                     {"countryencoding", "iso3166-1"},
                     {"repositoryencoding", "iso15511"}});
    element("recordid", fonds.id);
    open("filedesc");
    open("titlestmt");
    element("titleproper", fonds.title);
    element("subtitle", internal_ ? "目録（職員用：非公開情報を含む）" : "目録（公開用）");
    close();
    close();
    empty("maintenancestatus", {{"value", "derived"}});
    if (!internal_) empty("publicationstatus", {{"value", "published"}});
    open("maintenanceagency");
    element("agencyname", agency_name);
    close();
    open("languagedeclaration");
    element("language", "日本語", {{"langcode", "jpn"}});
    element("script", "日本語の文字", {{"scriptcode", "Jpan"}});
    close();
    open("maintenancehistory");
    open("maintenanceevent");
    empty("eventtype", {{"value", "derived"}});
    const std::string when = generated_at.empty() ? archive::iso_utc(archive::now_seconds()) : generated_at;
    element("eventdatetime", when, {{"standarddatetime", when}});
    empty("agenttype", {{"value", "machine"}});
    element("agent", "monjo");
    element("eventdescription", internal_ ? "monjo export --format ead3" : "monjo export --format ead3 --public");
    close();
    close();
    close();  // control

    open("archdesc", {{"level", "fonds"}});
    describe(fonds, true);
    stack_.push_back({fonds.id, "archdesc", false});
  }

  // `parent_id` must be on the stack (records come depth-first, parents first).
  void child(const Unit& unit, const std::string& parent_id) {
    while (stack_.size() > 1 && stack_.back().id != parent_id) pop();
    if (!stack_.back().has_children) {
      stack_.back().has_children = true;
      if (stack_.size() == 1) open("dsc");
    }
    open("c", {{"level", ead_level(unit.level)}});
    describe(unit, false);
    stack_.push_back({unit.id, "c", false});
  }

  void finish() {
    while (!stack_.empty()) pop();
    close();  // ead
  }

 private:
  using Attributes = std::vector<std::pair<std::string, std::string>>;
  struct Open {
    std::string id;
    const char* tag;
    bool has_children;
  };

  void pop() {
    const bool dsc = stack_.size() == 1 && stack_.back().has_children;
    stack_.pop_back();
    if (dsc) close();  // dsc
    close();           // c or archdesc
  }

  void describe(const Unit& u, bool top) {
    open("did");
    if (!u.call_number.empty()) element("unitid", u.call_number, {{"localtype", "callnumber"}});
    element("unitid", u.id, {{"localtype", "id"}});
    if (u.seq) element("unitid", std::to_string(*u.seq), {{"localtype", "seq"}});
    element("unittitle", u.title);
    if (!u.public_title.empty()) element("unittitle", u.public_title, {{"localtype", "public"}});
    // @normal as catalogued, so that the EAD reader (indexer/formats/ead_reader.cc)
    // reads back the same record.
    if (!u.date_text.empty() || !u.date_normal.empty()) {
      element("unitdate", u.date_text, u.date_normal.empty() ? Attributes{} : Attributes{{"normal", u.date_normal}});
    }
    if (u.date) {
      open("unitdatestructured", {{"calendar", "gregorian"}});
      const std::string from = u.date->start.iso();
      const std::string to = u.date->end.iso();
      if (from == to) {
        element("datesingle", from, {{"standarddate", from}});
      } else {
        open("daterange");
        element("fromdate", from, {{"standarddate", from}});
        element("todate", to, {{"standarddate", to}});
        close();
      }
      close();
    }
    if (!u.creator.empty()) agent_in("origination", "corpname", u.creator, "creator");
    if (!u.department.empty()) agent_in("origination", "corpname", u.department, "department");
    if (!u.extent.empty()) element("physdesc", u.extent);
    if (u.extent_pages) {
      open("physdescstructured", {{"coverage", "whole"}, {"physdescstructuredtype", "spaceoccupied"}});
      element("quantity", std::to_string(*u.extent_pages));
      element("unittype", "pages");
      close();
    }
    if (u.pages_from || u.pages_to) {
      std::string pages = u.pages_from ? std::to_string(*u.pages_from) : "";
      pages += "–";
      if (u.pages_to) pages += std::to_string(*u.pages_to);
      element("physdesc", pages + "頁", {{"localtype", "pages"}});
    }
    if (!u.location.empty()) element("physloc", u.location, {{"audience", "internal"}});
    if (top) {
      open("langmaterial");
      open("languageset");
      element("language", "日本語", {{"langcode", "jpn"}});
      element("script", "日本語の文字", {{"scriptcode", "Jpan"}});
      close();
      close();
    }
    close();  // did

    if (u.access) access(*u.access);
    paragraphs("bioghist", {u.history});
    paragraphs("scopecontent", {u.scope});
    paragraphs("scopecontent", {u.description}, {{"localtype", "description"}});
    if (!u.names.empty()) {
      open("controlaccess");
      for (const auto& n : u.names) {
        const char* tag = n.type == "person" ? "persname" : n.type == "place" ? "geogname" : "corpname";
        open(tag);
        element("part", n.text);
        close();
      }
      close();
    }
    if (!u.condition.empty()) paragraphs("phystech", {u.condition}, {{"audience", "internal"}});
    if (!u.retention.empty()) paragraphs("appraisal", {"保存期間：" + u.retention}, {{"audience", "internal"}});
    if (!u.preservation.empty()) {
      open("processinfo", {{"localtype", "preservation"}, {"audience", "internal"}});
      open("chronlist");
      for (const auto& e : u.preservation) {
        open("chronitem");
        element("datesingle", e.date, {{"standarddate", e.date}});
        std::string text = archive::text_ja(archive::preservation_message_key(
                               archive::is_preservation_kind(e.type) ? e.type : std::string("other"))) +
                           " (" + e.type + ")";
        if (!e.text.empty()) text += "：" + e.text;
        element("event", text, {{"localtype", e.type}});
        close();
      }
      close();
      close();
    }
    if (!u.note.empty()) paragraphs("odd", {u.note}, {{"localtype", "note"}, {"audience", "internal"}});
  }

  void access(const Unit::AccessNote& a) {
    const std::string key = archive::access_message_key(a.status);
    open("accessrestrict", {{"localtype", archive::access_name(a.status)}});
    element("p", archive::text_ja(key) + " (" + archive::text_en(key) + ")");
    if (!a.grounds.empty()) {
      std::string grounds;
      for (const auto& code : a.grounds) {
        if (!grounds.empty()) grounds += "、";
        grounds +=
            archive::find_ground(code) ? archive::text_ja(archive::ground_message_key(code)) + " (" + code + ")" : code;
      }
      element("p", "事由：" + grounds);
    }
    if (!a.until.empty()) {
      indent();
      out_ << "<p>見直し期日：<date normal=\"" << archive::escape_markup(a.until) << "\">"
           << archive::escape_markup(a.until) << "</date></p>\n";
    }
    if (!a.reason.empty()) element("p", "理由：" + a.reason, {{"audience", "internal"}});
    close();
  }

  void agent_in(const char* wrapper, const char* tag, const std::string& text, const char* localtype) {
    open(wrapper, {{"localtype", localtype}});
    open(tag);
    element("part", text);
    close();
    close();
  }

  void paragraphs(const char* tag, const std::vector<std::string>& texts, const Attributes& attributes = {}) {
    bool any = false;
    for (const auto& t : texts) any = any || !t.empty();
    if (!any) return;
    open(tag, attributes);
    // A line of the text is a paragraph: the EAD reader joins them with line breaks.
    for (const auto& t : texts) {
      for (size_t pos = 0; pos < t.size();) {
        size_t end = t.find('\n', pos);
        if (end == std::string::npos) end = t.size();
        const std::string line = archive::trim(t.substr(pos, end - pos));
        if (!line.empty()) element("p", line);
        pos = end + 1;
      }
    }
    close();
  }

  void indent() {
    for (size_t i = 0; i < open_.size(); ++i) out_ << "  ";
  }

  void start_tag(const std::string& name, const Attributes& attributes) {
    indent();
    out_ << '<' << name;
    for (const auto& [k, v] : attributes) out_ << ' ' << k << "=\"" << archive::escape_markup(v) << '"';
  }

  void open(const std::string& name, const Attributes& attributes = {}) {
    start_tag(name, attributes);
    out_ << ">\n";
    open_.push_back(name);
  }

  void close() {
    const std::string name = open_.back();
    open_.pop_back();
    indent();
    out_ << "</" << name << ">\n";
  }

  void element(const std::string& name, const std::string& text, const Attributes& attributes = {}) {
    start_tag(name, attributes);
    out_ << '>' << archive::escape_markup(text) << "</" << name << ">\n";
  }

  void empty(const std::string& name, const Attributes& attributes) {
    start_tag(name, attributes);
    out_ << "/>\n";
  }

  std::ostream& out_;
  bool internal_;
  std::vector<std::string> open_;
  std::vector<Open> stack_;
};

std::string choose_fonds(archive::Catalog& catalog, const std::string& requested) {
  if (!requested.empty()) {
    auto root = catalog.get(requested);
    if (!root || root->level != Level::Fonds) throw archive::NotFound("no fonds with id " + requested);
    return requested;
  }
  const auto ids = catalog.fonds_ids();
  if (ids.empty()) throw archive::NotFound("the catalog holds no fonds");
  if (ids.size() > 1) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    throw archive::InputError("an EAD3 finding aid describes one fonds; choose one with --fonds (" + list + ")");
  }
  return ids.front();
}

void write_ead3(archive::Catalog& catalog, const WriteOptions& options, std::ostream& out) {
  // <maintenanceagency><agencyname>, when monjo.conf names no archive.
  std::optional<std::string> site_name;
  if (options.site_name) site_name = options.site_name();
  const std::string agency_name = site_name.value_or("市公文書館");
  const std::string fonds_id = choose_fonds(catalog, options.fonds_id);
  Ead3Document writer(out, !options.public_view);
  // The records above the current one, for the effective access of the public view.
  std::vector<Record> chain;
  // The effective status and grounds last written per open level (public export):
  // an <accessrestrict> is written where they change, as EAD inherits it downwards.
  std::vector<std::pair<AccessStatus, std::vector<std::string>>> stated;
  bool first = true;
  catalog.for_each_in(fonds_id, [&](const Record& r) {
    while (!chain.empty() && chain.back().id != r.parent_id) {
      chain.pop_back();
      stated.pop_back();
    }
    Unit unit;
    std::pair<AccessStatus, std::vector<std::string>> effective;
    if (options.public_view) {
      std::vector<const Record*> pointers;
      for (const auto& a : chain) pointers.push_back(&a);
      pointers.push_back(&r);
      const auto access = archive::effective_access(pointers);
      const auto view = archive::public_view(r, access);
      effective = {view.access, view.grounds};
      unit = public_unit(view, stated.empty() || stated.back() != effective);
    } else {
      unit = staff_unit(r);
    }
    if (first) {
      writer.start(unit, agency_name, options.generated_at);
      first = false;
    } else {
      writer.child(unit, r.parent_id);
    }
    chain.push_back(r);
    stated.push_back(std::move(effective));
  });
  writer.finish();
}

class Ead3Writer final : public Writer {
 public:
  std::string_view name() const override { return "ead3"; }
  std::string_view help() const override { return "ead3"; }
  bool has_public_view() const override { return true; }
  void write(archive::Catalog& catalog, const WriteOptions& options, std::ostream& out) const override {
    write_ead3(catalog, options, out);
  }
};

}  // namespace

const Writer& ead3_writer() {
  static const Ead3Writer writer;
  return writer;
}

}  // namespace monjo::indexer::formats
