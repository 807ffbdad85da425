// Restriction review: see review.h. The listing reads the catalog's partial index on
// access_until, so it stays cheap on a million records.
#include "archive/review.h"

#include <sstream>

#include "archive/errors.h"
#include "archive/strings.h"

namespace monjo::archive {

namespace {

bool lapsed_on(const std::optional<Access>& access, const std::string& as_of_iso) {
  // ISO dates compare as strings; an `until` of the day itself has not passed yet.
  return access && access->status != AccessStatus::Open && !access->until.empty() && access->until < as_of_iso;
}

}  // namespace

std::vector<LapsedRestriction> find_lapsed(Catalog& catalog, const Ymd& as_of) {
  std::vector<LapsedRestriction> out;
  auto st = catalog.db().prepare(
      "SELECT id, root_id, level, title, call_number, access_status, access_grounds, access_until, access_reason "
      "FROM records WHERE access_until IS NOT NULL AND access_until < ?1 "
      "AND access_status IN ('restricted', 'review', 'closed') ORDER BY access_until, id");
  st.bind(1, as_of.iso());
  while (st.step()) {
    LapsedRestriction r;
    r.id = st.text(0);
    r.root_id = st.text(1);
    r.level = level_from_name(st.text(2)).value_or(Level::Item);
    r.title = st.text(3);
    r.call_number = st.text(4);
    r.status = access_from_name(st.text(5)).value_or(AccessStatus::Closed);
    r.grounds = split_spaces(st.text(6));
    r.until = st.text(7);
    r.reason = st.text(8);
    out.push_back(std::move(r));
  }
  st.reset();
  return out;
}

ReviewOutcome apply_review(Catalog& catalog, const std::vector<LapsedRestriction>& lapsed, const Ymd& as_of,
                           const std::string& actor) {
  ReviewOutcome outcome;
  if (actor.empty()) throw InputError("a review needs the name of the person applying it");
  sql::Transaction tx(catalog.db());
  outcome.generation_before = catalog.generation();
  const std::string as_of_iso = as_of.iso();
  for (const auto& item : lapsed) {
    auto current = catalog.get(item.id);
    if (!current || !lapsed_on(current->access, as_of_iso)) continue;
    Access open;
    open.status = AccessStatus::Open;
    catalog.set_access(item.id, open, actor,
                       "restriction lapsed on " + current->access->until + " (review as of " + as_of_iso + ")");
    ++outcome.lifted;
    auto root = catalog.root_of(item.id).value_or(item.root_id);
    bool seen = false;
    for (const auto& r : outcome.root_ids) seen = seen || r == root;
    if (!seen) outcome.root_ids.push_back(root);
  }
  if (outcome.lifted > 0) catalog.bump_generation();
  tx.commit();
  return outcome;
}

}  // namespace monjo::archive
