// The index writer (docs/search.md; the layout: archive/search/index_schema.h): builds the two Xapian databases from
// the catalog. index/public is made from archive::public_view() alone, so a withheld word is simply not in it;
// index/staff holds everything. Each index records the catalog generation it was built from ("monjo.generation",
// written in the same commit as the documents), so an interrupted import or update is detected and repaired by the next
// one (docs/search.md, "generation protocol").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "archive/catalog/catalog.h"
#include "archive/search/search.h"

namespace monjo::indexer {

// Called now and then from the thread that walks the catalog: records done, total.
using ProgressFn = std::function<void(long done, long total)>;

// Commits the caller's catalog transaction (see update_indexes).
using CatalogCommit = std::function<void()>;

// Builds both indexes afresh into index/public.<gen> and index/staff.<gen> (in
// parallel), commits them, then points the index/public and index/staff symlinks at
// them with an atomic rename and removes the old directories. Readers holding the
// old ones keep working until they refresh.
void rebuild_indexes(archive::Catalog& catalog, const std::string& data_dir, const ProgressFn& progress = {});

// The most parts `monjo reindex --shards N` splits an index into.
constexpr int kMaxShards = 64;
// rebuild_indexes, writing each document also into one of n parts (docs/scaling.md,
// "Shards"): <data>/shards/public/1 … n and <data>/shards/staff/1 … n, each a Xapian
// database that `xapian-tcpsrv` serves and archive::IndexParts searches as one.
// Document d of the index is document (d-1)/n+1 of part (d-1) mod n+1, so the parts
// combined number their documents as the single index: the same ranking and ties.
// Each part carries the index's stamp (generation, format). The parts are a copy made
// now: later imports and edits change index/ only, until the next rebuild in parts.
void rebuild_indexes_in_parts(archive::Catalog& catalog, const std::string& data_dir, int n,
                              const ProgressFn& progress = {});
// <data>/shards.
std::string shards_dir(const std::string& data_dir);

// After a change to the catalog (an import, a review): re-indexes only the fonds
// subtrees that hold `ids` (fonds ids, or any record id; a fonds that no longer
// exists is removed from the indexes), in one Xapian transaction per index, and
// stamps the catalog's current generation.
//
// The protocol: a writer bumps the catalog generation once, in the same SQLite
// transaction as its change, then calls this. The indexes must then be at the
// generation before the change — `generation_before` when given, else the current
// generation minus one (or already at the current one). Otherwise (missing
// indexes, a killed earlier run, a bump without an update) it rebuilds both. It
// also rebuilds when the fonds being replaced hold most of the index (re-importing
// everything), which is faster than deleting document by document.
// Returns true when it had to repair: the indexes were missing or out of step.
//
// `commit_catalog`, when given, commits the catalog transaction that the caller
// still has open (the change is read from it, uncommitted): it is called once the
// indexes are built and verified, before a rebuild's symlinks are swapped and after
// an in-place update's Xapian commits. Any error before that (no space, a read-only
// or failing disk) throws with the cause and the path, removes partial index
// directories, and leaves the catalog transaction to roll back: nothing changed.
bool update_indexes(archive::Catalog& catalog, const std::string& data_dir, const std::vector<std::string>& ids,
                    std::optional<uint64_t> generation_before = std::nullopt, const CatalogCommit& commit_catalog = {});

// The same protocol for a change to a few records whose subtrees are all that
// changed (a record edited on the staff pages: its descendants' paths and inherited
// access follow it): re-indexes each record of `ids` and its descendants in place,
// leaving the rest of their fonds alone, so a save costs the size of the subtree,
// not of the fonds. An id no longer in the catalog (a deleted item) has its
// documents removed.
bool update_records(archive::Catalog& catalog, const std::string& data_dir, const std::vector<std::string>& ids,
                    std::optional<uint64_t> generation_before = std::nullopt, const CatalogCommit& commit_catalog = {});
// Runs `f` holding the one write lock of a data directory, that every writer
// (import, reindex, review, the staff pages' saves, `monjo backup`) takes around its
// whole change: catalog and indexes. A second writer waits for it. The lock is
// re-entrant within a thread (the index update inside a save takes it again).
void with_writer_lock(const std::string& data_dir, const std::function<void()>& f);
// Called (once per wait) when a writer finds the lock held and starts waiting: the
// command line says so ("waiting for another writer …").
void on_writer_wait(std::function<void()> f);

// What the writer would put in an index for one record as the catalog stands (for
// `monjo check`): the document data and every term. nullopt for an unknown id.
struct ExpectedDocument {
  std::string data;
  std::set<std::string> terms;
};
// `data_dir`: where the gazetteer of readings is (<data_dir>/readings.tsv).
std::optional<ExpectedDocument> expected_document(archive::Catalog& catalog, const std::string& id,
                                                  archive::IndexSide side, const std::string& data_dir);
// The unprefixed terms the writer makes of a text (normalized, CJK n-grams).
std::set<std::string> text_terms(const std::string& text);

// True when both indexes exist and were built from the catalog's current generation.
bool indexes_current(archive::Catalog& catalog, const std::string& data_dir);

// The generation an index was built from; nullopt when it is missing or unreadable.
std::optional<uint64_t> index_generation(const std::string& data_dir, archive::IndexSide side);

}  // namespace monjo::indexer
