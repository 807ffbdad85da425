// The checks of `monjo check`. Index documents are compared with what the index
// writer would make of the catalog now (indexer::expected_document), so a stale or
// tampered document shows as a difference; a withheld field leaks when the record's
// public document holds a term of that field that none of its public fields gives.
#include "indexer/consistency.h"

#include <xapian.h>

#include <filesystem>
#include <functional>
#include <set>

#include "archive/catalog/access_policy.h"
#include "archive/staff/audit.h"
#include "archive/search/index_schema.h"
#include "archive/search/place_names.h"
#include "archive/search/readings.h"
#include "archive/search/search.h"
#include "indexer/index_writer.h"
#include "archive/selection/selection.h"
#include "indexer/accession.h"

namespace monjo::indexer {

namespace fs = std::filesystem;
namespace schema = archive::index_schema;
using archive::IndexSide;

namespace {

const char* side_name(IndexSide side) {
  return side == IndexSide::Public ? "public" : "staff";
}

struct Withheld {
  const char* field;
  std::string text;
};

// The fields of `r` the public must not see, given its effective access (docs/search.md,
// "What the public index holds").
std::vector<Withheld> withheld_fields(const archive::Record& r, const archive::EffectiveAccess& access) {
  std::vector<Withheld> out = {{"location", r.location},
                               {"condition", r.condition},
                               {"note", r.note},
                               {"retention", r.retention},
                               {"extent", r.extent},
                               {"restriction reason", access.reason}};
  for (const auto& e : r.preservation) out.push_back({"preservation", e.text});
  if (!r.public_title.empty() && r.public_title != r.title) out.push_back({"title", r.title});
  if (access.status != archive::AccessStatus::Open) {
    out.push_back({"description", r.description});
    out.push_back({"scope", r.scope});
    out.push_back({"history", r.history});
    out.push_back({"creator", r.creator});
    for (const auto& n : r.names) out.push_back({"name", n.text});
  }
  return out;
}

struct IndexDoc {
  bool found = false;
  std::string data;
  std::set<std::string> terms;
};

IndexDoc read_doc(Xapian::Database& db, const std::string& id) {
  IndexDoc out;
  const std::string q = schema::boolean_term(schema::kIdPrefix, id);
  auto p = db.postlist_begin(q);
  if (p == db.postlist_end(q)) return out;
  Xapian::Document doc = db.get_document(*p);
  out.found = true;
  out.data = doc.get_data();
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.terms.insert(*t);
  return out;
}

std::string sample_of(const std::set<std::string>& terms) {
  std::string out;
  int n = 0;
  for (const auto& t : terms) {
    if (n++ == 3) return out + " …";
    out += (out.empty() ? "" : " ") + t;
  }
  return out;
}

}  // namespace

bool CheckReport::reindex_repairs() const {
  // A reindex rewrites every index document from the catalog; it cannot mend the
  // audit trail (evidence) or a data file (corrected by hand).
  for (const auto& f : findings) {
    if (f.kind == "audit.chain" || f.kind == "data.file") return false;
  }
  return true;
}

CheckReport check_data_dir(archive::Catalog& catalog, const std::string& data_dir, const CheckOptions& options) {
  CheckReport report;
  auto add = [&](const char* kind, std::string what) { report.findings.push_back({kind, std::move(what)}); };
  const uint64_t generation = catalog.generation();
  report.records = catalog.counts().total();
  const long held_count = held_back_count(catalog);

  // The ids compared: evenly spread over the catalog; the restricted ones (and those
  // with staff-only fields) among the first `sample` kept for the withheld check.
  std::vector<std::string> sampled;
  std::vector<std::string> restricted;
  {
    const long stride = std::max<long>(1, report.records / std::max(1, options.sample));
    long k = 0;
    catalog.for_each([&](const archive::Record& r) {
      if (k++ % stride == 0) sampled.push_back(r.id);
    });
    archive::sql::Statement st = catalog.db().prepare(
        "SELECT id FROM records WHERE access_status IS NOT NULL AND access_status <> 'open' ORDER BY id LIMIT ?1");
    st.bind(1, static_cast<int64_t>(options.sample));
    while (st.step()) restricted.push_back(st.text(0));
    st.reset();
  }

  // The archive's data files (docs/search.md): a bad line would otherwise be found
  // only when the next import or `monjo serve` reads the file.
  auto check_file = [&](const std::function<void()>& load) {
    try {
      load();
      return true;
    } catch (const archive::InputErrors& e) {
      for (const auto& p : e.problems()) add("data.file", p.where_what());
      if (e.more() > 0) add("data.file", "and " + std::to_string(e.more()) + " more");
    } catch (const archive::InputError& e) {
      add("data.file", e.where_what());
    }
    return false;
  };
  // The index writer reads the readings file for every document, so with a bad one
  // no expected document can be made: the documents are not compared until it is
  // corrected (the summary line says 0 compared).
  const bool readings_ok = check_file([&] { archive::Gazetteer::for_data_dir(data_dir); });
  check_file([&] { archive::PlaceNames::load(archive::PlaceNames::path_for(data_dir)); });
  check_file([&] { archive::SelectionCriteria::for_data_dir(data_dir); });

  for (IndexSide side : {IndexSide::Public, IndexSide::Staff}) {
    const std::string name = side_name(side);
    const fs::path link = fs::path(data_dir) / "index" / name;
    std::error_code ec;
    const fs::path real = fs::canonical(link, ec);
    if (ec) {
      add("index.missing", "index/" + name + " is missing (`monjo reindex` builds it)");
      continue;
    }
    const std::string damage = archive::index_damage(real.string());
    if (!damage.empty()) {
      add("index.damaged", "the " + name + " index is damaged: " + damage);
      continue;
    }
    try {
      Xapian::Database db(real.string(), Xapian::DB_BACKEND_GLASS);
      const std::string g = db.get_metadata(schema::kGenerationKey);
      if (g != std::to_string(generation)) {
        add("index.generation", "the " + name + " index is at generation " + (g.empty() ? "(none)" : g) +
                                    ", the catalog at " + std::to_string(generation));
      }
      const std::string f = db.get_metadata(schema::kHitFormatKey);
      if (f != std::to_string(schema::kHitFormat)) {
        add("index.format", "the " + name + " index holds documents in format " + (f.empty() ? "1" : f) +
                                ", this monjo writes format " + std::to_string(schema::kHitFormat));
      }
      // The public index leaves out accessions' volumes still 要審査 (indexer/accession.h).
      const long expected_count = side == IndexSide::Public ? report.records - held_count : report.records;
      if (static_cast<long>(db.get_doccount()) != expected_count) {
        add("index.count", "the " + name + " index holds " + std::to_string(db.get_doccount()) +
                               " documents, the catalog " + std::to_string(report.records) + " records" +
                               (expected_count != report.records
                                    ? " (" + std::to_string(report.records - expected_count) + " held back)"
                                    : std::string()));
      }
      if (!readings_ok) continue;
      int differing = 0;
      for (const auto& id : sampled) {
        ++report.documents_compared;
        const IndexDoc doc = read_doc(db, id);
        const auto expected = expected_document(catalog, id, side, data_dir);
        if (side == IndexSide::Public && !expected) {
          if (doc.found) {
            add("index.held_back", "record " + id +
                                        " is held back from the public index (an accession still 要審査) but is in it");
          }
          continue;
        }
        if (!doc.found) {
          add("index.document", "record " + id + " has no document in the " + name + " index");
        } else if (expected && (doc.data != expected->data || doc.terms != expected->terms)) {
          if (++differing <= 10) {
            add("index.document", "the " + name + " index's document for " + id + " differs from the catalog");
          }
        }
      }
      if (side != IndexSide::Public) continue;
      // Restricted records and the sample: open records have staff-only fields too.
      std::set<std::string> looked_up(restricted.begin(), restricted.end());
      looked_up.insert(sampled.begin(), sampled.end());
      for (const auto& id : looked_up) {
        auto record = catalog.get(id);
        if (!record) continue;
        std::vector<const archive::Record*> chain;
        const auto ancestors = catalog.ancestors(id);
        for (const auto& a : ancestors) chain.push_back(&a);
        chain.push_back(&*record);
        const archive::EffectiveAccess access = archive::effective_access(chain);
        const IndexDoc doc = read_doc(db, id);
        const auto expected = expected_document(catalog, id, side, data_dir);
        if (!doc.found || !expected) continue;
        if (access.status != archive::AccessStatus::Open) ++report.restricted_checked;
        for (const auto& w : withheld_fields(*record, access)) {
          if (w.text.empty()) continue;
          ++report.withheld_fields_checked;
          std::set<std::string> leaked;
          for (const auto& t : text_terms(w.text)) {
            if (doc.terms.count(t) && !expected->terms.count(t)) leaked.insert(t);
          }
          const bool in_data = w.text.size() >= 6 && doc.data.find(w.text) != std::string::npos &&
                               expected->data.find(w.text) == std::string::npos;
          if (!leaked.empty() || in_data) {
            add("public.withheld", "record " + id + " (" + archive::access_name(access.status) +
                                       "): the public index holds its withheld " + w.field +
                                       (leaked.empty() ? " in the stored text" : " (" + sample_of(leaked) + ")"));
          }
        }
      }
    } catch (const Xapian::Error& e) {
      add("index.damaged", "the " + name + " index cannot be read: " + e.get_msg());
    }
  }

  const archive::VerifyResult audit = archive::AuditTrail(catalog.db()).verify();
  report.audit_entries = audit.entries;
  if (!audit.ok) {
    add("audit.chain", "the audit trail is broken at entry " + std::to_string(audit.broken_seq.value_or(0)) + " (" +
                           archive::audit_break_name(audit.kind) + "): " + audit.why);
  }
  return report;
}

}  // namespace monjo::indexer
