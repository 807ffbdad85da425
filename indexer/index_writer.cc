// Index writer: walks the catalog once, depth-first, keeping a stack of ancestors so
// effective access and the hierarchy path need no per-record lookups, and feeds the
// records to two builder threads, one per index. The public builder sees each record
// only through archive::public_view().
#include "indexer/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "archive/base/errors.h"
#include "archive/catalog/access_policy.h"
#include "archive/search/index_schema.h"
#include "archive/search/normalize.h"
#include "archive/search/readings.h"
#include "indexer/accession.h"

namespace monjo::indexer {

namespace fs = std::filesystem;
namespace schema = archive::index_schema;
using archive::AccessStatus;
using archive::Gazetteer;
using archive::IndexSide;
using archive::Level;
using archive::ReadingAnalyzer;
using archive::Record;

namespace {

constexpr size_t kBatchSize = 512;
// A fresh build commits every so many documents: Xapian's in-memory posting and
// position maps get slow as they grow (measured at 1x: 2,000 takes ~20% less CPU
// than the default 10,000). The build is unsynced until the end, when every file
// is fsynced once before the symlink swap.
constexpr long kRebuildCommitEvery = 2000;
constexpr size_t kQueueDepth = 8;  // batches in flight per builder
// Keeps fields apart so that a phrase never matches across two of them.
constexpr Xapian::termpos kFieldGap = 100;
// Every field keeps positions, prefixed ones too: the query parser turns a hyphenated
// word ("歴1-0002", "Jean-Paul") into a phrase, which needs them.
constexpr Xapian::termcount kTitleWeight = 3;

const char* side_name(IndexSide side) {
  return side == IndexSide::Public ? "public" : "staff";
}

// "No space left on device" → "no space left on device".
std::string lower_first(std::string text) {
  if (text.size() > 1 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'a' && text[1] <= 'z') text[0] += 'a' - 'A';
  return text;
}

// What went wrong, for people: the system's reason (errno) when Xapian has one, with
// Xapian's own words after it ("no space left on device (Error writing block 288)").
std::string cause_of(const Xapian::Error& e) {
  const char* sys = e.get_error_string();
  if (sys && *sys) return lower_first(sys) + " (" + e.get_msg() + ")";
  return e.get_msg();
}

std::string errno_text(int err) {
  return lower_first(std::strerror(err));
}

[[noreturn]] void fail_at(const std::string& doing, const fs::path& path, const std::string& cause) {
  throw archive::Error("cannot " + doing + " " + path.string() + ": " + cause);
}

// --- the walk --------------------------------------------------------------------

// A record with what its position in the tree tells: effective access, the fonds and
// series it belongs to, the path of titles above it.
struct PlacedRecord {
  Record record;
  archive::EffectiveAccess access;
  std::string fonds_id;
  std::vector<std::string> series_ids;  // enclosing series, and itself when a series
  std::vector<std::pair<std::string, std::string>> staff_path;
  std::vector<std::pair<std::string, std::string>> public_path;
  long withheld_items = 0;  // a volume's (see VolumeHold)
  // Left out of the public index: an accession's volume still 要審査, or below one
  // (indexer/accession.h, held_back_ids).
  bool held_back = false;
};

using Batch = std::vector<PlacedRecord>;
using BatchPtr = std::shared_ptr<const Batch>;

// Only what effective_access() and the paths need is kept per ancestor.
struct Frame {
  Record slim;  // id, level, access
  std::string staff_title;
  std::string public_title;
  bool held_back = false;
};

class Walker {
 public:
  // `held` (may be null): the ids whose subtrees the public index leaves out.
  explicit Walker(const std::set<std::string>* held = nullptr) : held_(held) {}

  PlacedRecord place(const Record& r) {
    while (!stack_.empty() && stack_.back().slim.id != r.parent_id) stack_.pop_back();
    PlacedRecord p;
    p.record = r;
    chain_.clear();
    for (const auto& f : stack_) chain_.push_back(&f.slim);
    chain_.push_back(&r);
    p.access = archive::effective_access(chain_);
    p.fonds_id = stack_.empty() ? r.id : stack_.front().slim.id;
    p.staff_path.reserve(stack_.size());
    p.public_path.reserve(stack_.size());
    for (const auto& f : stack_) {
      if (f.slim.level == Level::Series) p.series_ids.push_back(f.slim.id);
      p.staff_path.emplace_back(f.slim.id, f.staff_title);
      p.public_path.emplace_back(f.slim.id, f.public_title);
    }
    if (r.level == Level::Series) p.series_ids.push_back(r.id);
    p.held_back = (held_ && held_->count(r.id)) || (!stack_.empty() && stack_.back().held_back);
    if (r.level != Level::Item) {
      Frame f;
      f.held_back = p.held_back;
      f.slim.id = r.id;
      f.slim.level = r.level;
      f.slim.access = r.access;
      f.staff_title = r.title;
      f.public_title = r.public_title.empty() ? r.title : r.public_title;
      stack_.push_back(std::move(f));
    }
    return p;
  }

 private:
  const std::set<std::string>* held_;
  std::vector<Frame> stack_;
  std::vector<const Record*> chain_;
};

// Holds each volume back until its items have been placed, so that its document can
// say how many of them are withheld while the volume is open (StoredHit::
// withheld_items: the hit says so, as the volume's page does). A walk is depth-first,
// so a volume's items follow it directly: at most one volume and its items wait.
class VolumeHold {
 public:
  explicit VolumeHold(std::function<void(PlacedRecord&&)> emit) : emit_(std::move(emit)) {}
  void add(PlacedRecord&& p) {
    if (p.record.level == Level::Item && !held_.empty() && p.record.parent_id == held_.front().record.id) {
      PlacedRecord& volume = held_.front();
      if (volume.access.status == AccessStatus::Open && p.access.status != AccessStatus::Open) ++volume.withheld_items;
      held_.push_back(std::move(p));
      return;
    }
    flush();
    if (p.record.level == Level::Volume) {
      held_.push_back(std::move(p));
    } else {
      emit_(std::move(p));
    }
  }
  // Emits what is held; call at the end of a walk.
  void flush() {
    for (auto& h : held_) emit_(std::move(h));
    held_.clear();
  }

 private:
  std::function<void(PlacedRecord&&)> emit_;
  std::vector<PlacedRecord> held_;
};

// --- documents -------------------------------------------------------------------

using GazetteerPtr = std::shared_ptr<const Gazetteer>;

// The gazetteer of the data directory whose index directory is `dir` (index_dir()).
GazetteerPtr gazetteer_of(const fs::path& dir) {
  return std::make_shared<const Gazetteer>(Gazetteer::for_data_dir(dir.parent_path().string()));
}

class DocumentBuilder {
 public:
  DocumentBuilder(IndexSide side, GazetteerPtr gazetteer) : side_(side), readings_(std::move(gazetteer)) {
    // No stemmer: with one, every CJK n-gram would also become a Z-term (docs/search.md).
    tg_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    tg_.set_document(doc_);
  }

  // The returned document is reused by the next call.
  Xapian::Document& build(const PlacedRecord& p) {
    doc_.clear_terms();
    doc_.clear_values();
    tg_.set_document(doc_);
    tg_.set_termpos(0);
    const Record& r = p.record;
    schema::StoredHit hit;
    hit.id = r.id;
    hit.level = r.level;
    hit.date_text = r.date_text;
    hit.date = r.date;
    hit.access = p.access.status;
    hit.withheld_items = p.withheld_items;

    // The side's view: on the public side everything comes from the public view and
    // nothing below reads `r`'s text fields (docs/architecture.md, Invariants).
    const archive::PublicRecord view =
        side_ == IndexSide::Public ? archive::public_view(r, p.access) : archive::staff_view(r, p.access);
    hit.call_number = view.call_number;
    if (side_ == IndexSide::Public) {
      const archive::PublicRecord& pub = view;
      bool open = pub.access == AccessStatus::Open;
      hit.title = pub.title;
      hit.path = p.public_path;
      hit.view = pub;  // the public record page on a read replica (docs/scaling.md)
      hit.position = r.position;
      title(pub.title);
      common(pub.call_number, pub.call_number_derived, pub.department, pub.date_text);
      if (open) {
        text(pub.creator, kRead);
        names(pub.names);
        text(pub.description);
        text(pub.scope);
        text(pub.history);
        hit.snippet_source = join({pub.description, pub.scope, pub.history, names_text(pub.names)});
      }
    } else {
      hit.title = r.title;
      hit.path = p.staff_path;
      title(r.title);
      if (!r.public_title.empty() && r.public_title != r.title) title(r.public_title);
      common(view.call_number, view.call_number_derived, r.department, r.date_text);
      text(r.creator, kRead);
      names(r.names);
      text(r.description);
      text(r.scope);
      text(r.history);
      text(r.retention);
      text(r.extent);
      text(r.location);
      text(r.condition);
      text(r.note);
      text(p.access.reason);
      for (const auto& e : r.preservation) text(e.text);
      hit.snippet_source = join(
          {r.description, r.scope, r.history, names_text(r.names), r.note, r.condition, r.location, p.access.reason});
    }

    doc_.add_boolean_term(schema::boolean_term(schema::kIdPrefix, r.id));
    if (!r.parent_id.empty()) doc_.add_boolean_term(schema::boolean_term(schema::kParentPrefix, r.parent_id));
    // Filters and facets, from the one table.
    // The full record reaches the staff side's rows only: the public side's rows see
    // the public view, and the staff-only rows are not written there at all.
    const bool staff = side_ == IndexSide::Staff;
    const schema::IndexedRecord indexed{view, p.fonds_id, p.series_ids, staff ? &r : nullptr,
                                        staff ? &p.access : nullptr};
    for (const auto& def : schema::kFilters) {
      if (!staff && !schema::on_public_side(def)) continue;
      const std::vector<std::string> values = def.of(indexed);
      if (def.match == schema::FilterMatch::DueBy) {
        if (values.empty()) continue;
        if (auto day = archive::Ymd::parse_iso(values.front()))
          doc_.add_value(def.range_slot, schema::date_value(*day));
        continue;
      }
      for (const auto& v : values) doc_.add_boolean_term(schema::boolean_term(def.prefix, v));
      if (def.slot != schema::kNoSlot && !values.empty()) doc_.add_value(def.slot, values.front());
    }
    if (r.date) {
      doc_.add_value(schema::kStartSlot, schema::date_value(r.date->start));
      doc_.add_value(schema::kEndSlot, schema::date_value(r.date->end));
    }
    if (!view.call_number.empty())
      doc_.add_value(schema::kCallSortSlot, schema::call_number_sort_key(view.call_number));
    doc_.set_data(schema::encode_hit(hit));
    return doc_;
  }

 private:
  // Whether a field's words also give their readings (docs/search.md, "Readings"):
  // the short fields a citizen remembers a record by (title, names, creator,
  // department). Reading the description, scope and history too cost 46% of the
  // import rate at 1x (1,004 records per CPU-second against 1,844), over the budget
  // of a third; these four cost (docs/performance.md, "Readings").
  static constexpr bool kRead = true;
  void text(const std::string& original, bool with_reading = false) {
    if (original.empty()) return;
    const std::string n = archive::normalize(original);
    tg_.index_text(n);
    tg_.increase_termpos(kFieldGap);
    if (with_reading) reading(n);
  }
  // The field's reading as its own terms (n-grams of kana under kReadingPrefix), with
  // no positions: a reading is matched as a run of kana, never as a phrase.
  void reading(const std::string& normalized) {
    const std::string kana = readings_.reading(normalized);
    if (!kana.empty()) tg_.index_text_without_positions(kana, 1, schema::kReadingPrefix);
  }
  void title(const std::string& t) {
    if (t.empty()) return;
    std::string n = archive::normalize(t);
    tg_.index_text(n, kTitleWeight);
    tg_.increase_termpos(kFieldGap);
    tg_.index_text(n, 1, schema::kTitlePrefix);
    tg_.increase_termpos(kFieldGap);
    reading(n);
  }
  // A derived call number (an item's, from its volume's: archive::citable_number) is
  // one exact term only: its words are the volume's, which would bring up every item
  // of a volume searched by its number, and cost a posting per character for each.
  void common(const std::string& call_number, bool derived, const std::string& department,
              const std::string& date_text) {
    if (!call_number.empty()) {
      std::string n = archive::normalize(call_number);
      // wdf 1, not a boolean term: the search weights it to put the record it names first.
      doc_.add_term(schema::boolean_term(schema::kCallExactPrefix, n), 1);
    }
    if (!call_number.empty() && !derived) {
      std::string n = archive::normalize(call_number);
      tg_.index_text(n);
      tg_.increase_termpos(kFieldGap);
      tg_.index_text(n, 1, schema::kCallTextPrefix);
      tg_.increase_termpos(kFieldGap);
    }
    if (!department.empty()) {
      std::string n = archive::normalize(department);
      tg_.index_text(n);
      tg_.increase_termpos(kFieldGap);
      tg_.index_text(n, 1, schema::kDeptTextPrefix);
      tg_.increase_termpos(kFieldGap);
      reading(n);
    }
    text(date_text);
  }
  void names(const std::vector<archive::Name>& list) {
    for (const auto& n : list) {
      if (n.text.empty()) continue;
      std::string norm = archive::normalize(n.text);
      tg_.index_text(norm);
      tg_.increase_termpos(kFieldGap);
      tg_.index_text(norm, 1, schema::kNamePrefix);
      tg_.increase_termpos(kFieldGap);
      reading(norm);
    }
  }
  static std::string names_text(const std::vector<archive::Name>& list) {
    std::string out;
    for (const auto& n : list) {
      if (n.text.empty()) continue;
      if (!out.empty()) out += "、";
      out += n.text;
    }
    return out;
  }
  static std::string join(std::initializer_list<std::string> parts) {
    std::string out;
    for (const auto& p : parts) {
      if (p.empty()) continue;
      if (!out.empty()) out += schema::kSnippetSeparator;
      out += p;
    }
    return out;
  }

  IndexSide side_;
  ReadingAnalyzer readings_;
  Xapian::TermGenerator tg_;
  Xapian::Document doc_;
};

// --- the two builder threads ------------------------------------------------------

// A bounded queue of batches; a null batch marks the end. Once the consumer has
// closed it, pushes return at once (a producer never waits on a consumer that left).
class BatchQueue {
 public:
  void push(BatchPtr batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || queue_.size() < kQueueDepth; });
    if (closed_) return;
    queue_.push_back(std::move(batch));
    not_empty_.notify_one();
  }
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    queue_.clear();
    not_full_.notify_all();
  }
  BatchPtr pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty(); });
    BatchPtr b = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return b;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<BatchPtr> queue_;
  bool closed_ = false;
};

// Writes every batch it receives into `db` (the directory `where`). No exception
// leaves its thread: the first error is kept, with the cause and the path in its
// message, the rest of the stream is drained, and finish() or rethrow_if_failed()
// hands the error to the walking thread.
class Builder {
 public:
  // `delete_roots`: fonds whose documents go before the new ones come in.
  // `commit_every`: documents between commits (0: the caller commits).
  Builder(IndexSide side, GazetteerPtr gazetteer, Xapian::WritableDatabase db, fs::path where,
          std::vector<std::string> delete_roots, long commit_every)
      : side_(side),
        gazetteer_(std::move(gazetteer)),
        db_(std::move(db)),
        where_(std::move(where)),
        deleted_roots_(std::move(delete_roots)),
        commit_every_(commit_every) {
    thread_ = std::thread([this] { run(); });
  }
  ~Builder() {
    if (thread_.joinable()) {
      queue_.push(nullptr);
      thread_.join();
    }
  }
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;
  void push(BatchPtr batch) { queue_.push(std::move(batch)); }
  // Also writes every document into these parts (`monjo reindex --shards N`): document
  // d of the index goes to part (d-1) mod N as its document (d-1)/N+1, the order in
  // which add_database interleaves (docs/scaling.md). Set before the first batch.
  void write_parts_too(std::vector<Xapian::WritableDatabase> parts) { parts_ = std::move(parts); }
  // Ends the stream and waits; rethrows the builder's error.
  void finish() {
    queue_.push(nullptr);
    thread_.join();
    if (error_) std::rethrow_exception(error_);
  }
  // Rethrows the builder's error if it has one (the builder thread may still run).
  void rethrow_if_failed() const {
    if (failed_.load(std::memory_order_acquire)) std::rethrow_exception(error_);
  }

 private:
  void run() noexcept {
    try {
      DocumentBuilder builder(side_, gazetteer_);
      guard([&] {
        for (const auto& root : deleted_roots_) db_.delete_document(schema::boolean_term(schema::kFondsPrefix, root));
      });
      for (;;) {
        BatchPtr batch = queue_.pop();
        if (!batch) return;
        if (failed_.load(std::memory_order_relaxed)) continue;
        guard([&] {
          for (const auto& p : *batch) {
            if (p.held_back && side_ == IndexSide::Public) continue;
            const Xapian::Document& doc = builder.build(p);
            const Xapian::docid did = db_.add_document(doc);
            if (!parts_.empty()) {
              const auto n = static_cast<Xapian::docid>(parts_.size());
              parts_[(did - 1) % n].replace_document((did - 1) / n + 1, doc);
            }
            if (commit_every_ > 0 && ++added_ % commit_every_ == 0) {
              db_.commit();
              for (auto& part : parts_) part.commit();
            }
          }
        });
      }
    } catch (...) {
      // Only the queue itself can get here (a lock failing): stop taking batches.
      remember(std::current_exception());
      queue_.close();
    }
  }
  template <typename F>
  void guard(F&& f) {
    if (failed_.load(std::memory_order_relaxed)) return;
    try {
      f();
    } catch (const Xapian::Error& e) {
      remember(std::make_exception_ptr(
          archive::Error("cannot write the search index " + where_.string() + ": " + cause_of(e))));
    } catch (...) {
      remember(std::current_exception());
    }
  }
  void remember(std::exception_ptr e) {
    if (failed_.load(std::memory_order_relaxed)) return;
    error_ = std::move(e);
    failed_.store(true, std::memory_order_release);
  }

  IndexSide side_;
  GazetteerPtr gazetteer_;
  Xapian::WritableDatabase db_;
  std::vector<Xapian::WritableDatabase> parts_;
  fs::path where_;
  BatchQueue queue_;
  std::vector<std::string> deleted_roots_;
  long commit_every_ = 0;
  long added_ = 0;
  std::exception_ptr error_;
  std::atomic<bool> failed_{false};
  std::thread thread_;
};

// A consistent view of the catalog for the length of the walk (SQLite WAL: a read
// transaction sees one snapshot), so the generation we stamp matches what we read.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(archive::Catalog& catalog) : db_(catalog.db()) {
    if (sqlite3_get_autocommit(db_.handle())) {
      db_.exec("BEGIN");
      active_ = true;
    }
  }
  ~ReadSnapshot() {
    if (active_) {
      try {
        db_.exec("COMMIT");
      } catch (...) {
      }
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  archive::sql::Database& db_;
  bool active_ = false;
};

// Walks the subtrees of `roots` (every fonds when null) and feeds both builders.
void feed(archive::Catalog& catalog, const std::vector<std::string>* roots, Builder& pub, Builder& staff,
          const ProgressFn& progress, long total) {
  const std::set<std::string> held = held_back_ids(catalog);
  Walker walker(&held);
  auto batch = std::make_shared<Batch>();
  batch->reserve(kBatchSize);
  long done = 0;
  auto flush = [&] {
    if (batch->empty()) return;
    pub.rethrow_if_failed();
    staff.rethrow_if_failed();
    done += static_cast<long>(batch->size());
    BatchPtr shared = std::move(batch);
    pub.push(shared);
    staff.push(shared);
    batch = std::make_shared<Batch>();
    batch->reserve(kBatchSize);
    if (progress) progress(done, total);
  };
  VolumeHold hold([&](PlacedRecord&& p) {
    batch->push_back(std::move(p));
    if (batch->size() >= kBatchSize) flush();
  });
  auto visit = [&](const Record& r) { hold.add(walker.place(r)); };
  if (!roots) {
    catalog.for_each(visit);
  } else {
    for (const auto& root : *roots) catalog.for_each_in(root, visit);
  }
  hold.flush();
  flush();
}

// Writers to one data directory take turns (an import and a reindex never interleave).
class WriterLock {
 public:
  // One lock for every writer of a data directory (import, reindex, review, the
  // staff pages' saves): an flock on index/.lock. A thread that holds it already
  // (a save that re-indexes, inside with_writer_lock) takes it again for free.
  explicit WriterLock(const fs::path& index_dir) {
    if (held_ > 0) {
      ++held_;
      return;
    }
    std::error_code ec;
    fs::create_directories(index_dir, ec);
    if (ec) fail_at("create the index directory", index_dir, lower_first(ec.message()));
    const fs::path lock = index_dir / ".lock";
    fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) fail_at("create the index lock file", lock, errno_text(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK && waiting_) waiting_();
      if (::flock(fd_, LOCK_EX) != 0) {
        const int err = errno;
        ::close(fd_);
        fail_at("lock", lock, errno_text(err));
      }
    }
    held_ = 1;
  }
  ~WriterLock() {
    if (--held_ == 0) ::close(fd_);  // closing releases the lock
  }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

  static void on_wait(std::function<void()> f) { waiting_ = std::move(f); }

 private:
  int fd_ = -1;
  static thread_local int held_;
  static std::function<void()> waiting_;
};
thread_local int WriterLock::held_ = 0;
std::function<void()> WriterLock::waiting_;

fs::path index_dir(const std::string& data_dir) {
  return fs::path(data_dir) / "index";
}

// Where index/<side> points now ("" when missing).
std::string current_target(const fs::path& dir, IndexSide side) {
  std::error_code ec;
  fs::path link = dir / side_name(side);
  if (fs::is_symlink(link, ec)) return fs::read_symlink(link, ec).filename().string();
  return {};
}

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail_at("open", dir, errno_text(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail_at("sync", dir, errno_text(err));
}

// The build was written unsynced: make it durable before anything points at it.
void fsync_tree(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail_at("open the new index file", entry.path(), errno_text(errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) fail_at("sync the new index file", entry.path(), errno_text(err));
  }
  fsync_dir(dir);
}

fs::path tmp_link(const fs::path& dir, IndexSide side) {
  return dir / (std::string(".") + side_name(side) + ".tmp");
}

// Makes the symlink that swap_symlink() renames into place, pointing at `target`.
void prepare_symlink(const fs::path& dir, IndexSide side, const std::string& target) {
  const fs::path tmp = tmp_link(dir, side);
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_symlink(target, tmp, ec);
  if (ec) fail_at("create the symlink", tmp, lower_first(ec.message()));
}

// <data>/publish/public -> ../index/public: the directory `xapian-replicate-server`
// serves to read replicas (docs/scaling.md), holding the public index and nothing
// else, so that no replica can ask for the staff index. Made once; it follows every
// swap of index/public by itself. A failure here is no failure of the build.
void publish_public_index(const fs::path& index_dir) {
  const fs::path publish = index_dir.parent_path() / "publish";
  std::error_code ec;
  if (fs::is_symlink(publish / "public", ec)) return;
  fs::create_directory(publish, ec);
  fs::create_symlink(fs::path("..") / index_dir.filename() / "public", publish / "public", ec);
}

// Atomically points index/<side> at the target prepare_symlink() was given.
void swap_symlink(const fs::path& dir, IndexSide side) {
  fs::path link = dir / side_name(side);
  fs::path tmp = tmp_link(dir, side);
  if (::rename(tmp.c_str(), link.c_str()) != 0) {
    // index/<side> is a real directory (say, restored from a backup): move it aside
    // under a name that the clean-up below removes.
    std::error_code ec;
    fs::rename(link, dir / (std::string(side_name(side)) + ".replaced"), ec);
    if (!ec) fs::rename(tmp, link, ec);
    if (ec) fail_at("point the index at its new directory:", link, lower_first(ec.message()));
  }
  if (side == IndexSide::Public) publish_public_index(dir);
}

// Removes <side>.* directories that no symlink points at (old builds, and builds
// left behind by a killed or failed run), and unused temporary symlinks.
void remove_stale(const fs::path& dir) {
  std::set<std::string> keep = {current_target(dir, IndexSide::Public), current_target(dir, IndexSide::Staff)};
  std::error_code ec;
  for (IndexSide side : {IndexSide::Public, IndexSide::Staff}) fs::remove(tmp_link(dir, side), ec);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    bool ours = name.rfind("public.", 0) == 0 || name.rfind("staff.", 0) == 0;
    if (!ours || keep.count(name) || entry.is_symlink()) continue;
    fs::remove_all(entry.path(), ec);
  }
}

std::string fresh_name(const fs::path& dir, IndexSide side, uint64_t generation) {
  std::string base = std::string(side_name(side)) + "." + std::to_string(generation);
  std::string name = base;
  for (int k = 1; fs::exists(dir / name); ++k) name = base + "-" + std::to_string(k);
  return name;
}

std::optional<uint64_t> read_generation(const Xapian::Database& db) {
  std::string g = db.get_metadata(schema::kGenerationKey);
  if (g.empty()) return std::nullopt;
  try {
    return std::stoull(g);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The format of an index's document data; an index without the key was written
// before it was kept (format 1).
int read_hit_format(const Xapian::Database& db) {
  const std::string f = db.get_metadata(schema::kHitFormatKey);
  if (f.empty()) return 1;
  try {
    return std::stoi(f);
  } catch (const std::exception&) {
    return 0;
  }
}

void stamp(Xapian::WritableDatabase& db, IndexSide side, uint64_t generation) {
  db.set_metadata(schema::kSideKey, side_name(side));
  db.set_metadata(schema::kHitFormatKey, std::to_string(schema::kHitFormat));
  db.set_metadata(schema::kGenerationKey, std::to_string(generation));
}

// The generation an index was built from, when it exists, reads and holds documents
// in this build's format; nullopt otherwise (missing, unreadable, or written by an
// older monjo), which every writer takes for "out of step" and answers with a rebuild.
std::optional<uint64_t> current_format_generation(const std::string& data_dir, IndexSide side);

// Runs `f`; a Xapian error becomes "cannot <doing> <path>: <cause>".
template <typename F>
void at(const char* doing, const fs::path& path, F&& f) {
  try {
    f();
  } catch (const Xapian::Error& e) {
    fail_at(doing, path, cause_of(e));
  }
}

// A new build is read back before anything points at it: the document count and
// generation it must have, and every table's structure (Xapian's own check; about
// 0.4 s for an index of the 1x sample).
void verify_build(const fs::path& path, uint64_t generation, long documents) {
  at("verify the new search index", path, [&] {
    Xapian::Database db(path.string(), Xapian::DB_BACKEND_GLASS);
    if (static_cast<long>(db.get_doccount()) != documents) {
      fail_at("verify the new search index", path,
              "it holds " + std::to_string(db.get_doccount()) + " documents, not " + std::to_string(documents));
    }
    if (read_generation(db) != generation) fail_at("verify the new search index", path, "its generation is wrong");
    db.close();
    const size_t errors = Xapian::Database::check(path.string(), 0, nullptr);
    if (errors > 0) fail_at("verify the new search index", path, std::to_string(errors) + " errors in its tables");
  });
}

// The parts of one side that a rebuild with `--shards N` writes beside the final place
// (<data>/shards/.<side>.new/1 … N), moved into <data>/shards/<side> once whole.
struct SideParts {
  fs::path fresh, final_dir;
  std::vector<Xapian::WritableDatabase> dbs;
  SideParts(const fs::path& index_dir, IndexSide side, int n) {
    const fs::path out = index_dir.parent_path() / "shards";
    final_dir = out / side_name(side);
    fresh = out / (std::string(".") + side_name(side) + ".new");
    std::error_code ec;
    fs::remove_all(fresh, ec);
    fs::create_directories(fresh);
    const int flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
    for (int k = 1; k <= n; ++k) {
      const fs::path p = fresh / std::to_string(k);
      at("create the index part", p, [&] { dbs.emplace_back(p.string(), flags); });
    }
  }
  void finish(IndexSide side, uint64_t generation) {
    at("write the index parts", fresh, [&] {
      for (auto& db : dbs) {
        stamp(db, side, generation);
        db.commit();
        db.close();
      }
    });
    for (size_t k = 1; k <= dbs.size(); ++k) fsync_tree(fresh / std::to_string(k));
    fsync_dir(fresh);
  }
  // After the single index is swapped in: the old parts go, the new ones take their place.
  void publish() {
    const fs::path old = final_dir.parent_path() / ("." + final_dir.filename().string() + ".old");
    std::error_code ec;
    fs::remove_all(old, ec);
    if (fs::exists(final_dir)) fs::rename(final_dir, old);
    fs::rename(fresh, final_dir);
    fsync_dir(final_dir.parent_path());
    fs::remove_all(old, ec);
  }
};

void rebuild_locked(archive::Catalog& catalog, const fs::path& dir, const ProgressFn& progress,
                    const CatalogCommit& commit_catalog, int shards = 0) {
  const GazetteerPtr gazetteer = gazetteer_of(dir);  // a bad line fails here, before anything is written
  remove_stale(dir);
  std::unique_ptr<SideParts> pub_parts, staff_parts;
  try {
    uint64_t generation;
    std::string pub_name;
    std::string staff_name;
    long total = 0;
    long held = 0;  // left out of the public index (indexer/accession.h)
    {
      ReadSnapshot snapshot(catalog);
      generation = catalog.generation();
      total = catalog.counts().total();
      held = held_back_count(catalog);
      pub_name = fresh_name(dir, IndexSide::Public, generation);
      staff_name = fresh_name(dir, IndexSide::Staff, generation);
      const fs::path pub_path = dir / pub_name;
      const fs::path staff_path = dir / staff_name;
      const int flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
      Xapian::WritableDatabase pub_db;
      Xapian::WritableDatabase staff_db;
      at("create the search index", pub_path, [&] { pub_db = Xapian::WritableDatabase(pub_path.string(), flags); });
      at("create the search index", staff_path,
         [&] { staff_db = Xapian::WritableDatabase(staff_path.string(), flags); });
      try {
        {
          Builder pub(IndexSide::Public, gazetteer, pub_db, pub_path, {}, kRebuildCommitEvery);
          Builder staff(IndexSide::Staff, gazetteer, staff_db, staff_path, {}, kRebuildCommitEvery);
          if (shards > 0) {
            pub_parts = std::make_unique<SideParts>(dir, IndexSide::Public, shards);
            staff_parts = std::make_unique<SideParts>(dir, IndexSide::Staff, shards);
            pub.write_parts_too(pub_parts->dbs);
            staff.write_parts_too(staff_parts->dbs);
          }
          feed(catalog, nullptr, pub, staff, progress, total);
          pub.finish();
          staff.finish();
        }
        at("write the search index", pub_path, [&] {
          stamp(pub_db, IndexSide::Public, generation);
          pub_db.commit();
          pub_db.close();
        });
        at("write the search index", staff_path, [&] {
          stamp(staff_db, IndexSide::Staff, generation);
          staff_db.commit();
          staff_db.close();
        });
      } catch (...) {
        // A WritableDatabase that goes with changes pending commits them, and after a
        // failed write on a full disk Xapian 1.4 can throw twice inside that commit,
        // which ends the process (docs/decisions.md, "Operations"). The failed build's
        // handles are kept instead of destroyed, so that nothing is written again; the
        // partial directory is removed below and the error goes on.
        new Xapian::WritableDatabase(pub_db);
        new Xapian::WritableDatabase(staff_db);
        for (auto* parts : {pub_parts.get(), staff_parts.get()})
          if (parts) new std::vector<Xapian::WritableDatabase>(parts->dbs);
        throw;
      }
    }
    if (pub_parts) pub_parts->finish(IndexSide::Public, generation);
    if (staff_parts) staff_parts->finish(IndexSide::Staff, generation);
    fsync_tree(dir / pub_name);
    fsync_tree(dir / staff_name);
    verify_build(dir / pub_name, generation, total - held);
    verify_build(dir / staff_name, generation, total);
    prepare_symlink(dir, IndexSide::Public, pub_name);
    prepare_symlink(dir, IndexSide::Staff, staff_name);
    fsync_dir(dir);
    // Nothing points at the new build yet: the catalog change it reflects commits
    // now, or not at all (the caller's transaction then rolls back).
    if (commit_catalog) commit_catalog();
    swap_symlink(dir, IndexSide::Public);
    swap_symlink(dir, IndexSide::Staff);
    fsync_dir(dir);
    if (pub_parts) pub_parts->publish();
    if (staff_parts) staff_parts->publish();
  } catch (...) {
    remove_stale(dir);
    std::error_code ec;
    for (auto* parts : {pub_parts.get(), staff_parts.get()})
      if (parts) fs::remove_all(parts->fresh, ec);
    throw;
  }
  remove_stale(dir);
}

// True when the fonds being replaced hold most of the index: deleting them one
// document at a time costs more than building afresh.
bool replaces_most(const fs::path& dir, const std::vector<std::string>& roots) {
  try {
    Xapian::Database staff((dir / side_name(IndexSide::Staff)).string(), Xapian::DB_BACKEND_GLASS);
    Xapian::doccount replaced = 0;
    for (const auto& root : roots) replaced += staff.get_termfreq(schema::boolean_term(schema::kFondsPrefix, root));
    return replaced > 1000 && replaced * 2 > staff.get_doccount();
  } catch (const Xapian::Error&) {
    return true;
  }
}

// Re-indexes the fonds `roots` in place, one Xapian transaction per index. The staff
// index commits first, then the public one, then the catalog: a failure before the
// staff commit leaves both indexes as they were; one between the commits leaves only
// the staff index ahead of the catalog, a mismatch the next writer repairs.
void update_in_place(archive::Catalog& catalog, const fs::path& dir, const std::vector<std::string>& roots,
                     uint64_t generation, const CatalogCommit& commit_catalog) {
  const GazetteerPtr gazetteer = gazetteer_of(dir);
  const fs::path pub_path = dir / side_name(IndexSide::Public);
  const fs::path staff_path = dir / side_name(IndexSide::Staff);
  Xapian::WritableDatabase pub_db;
  Xapian::WritableDatabase staff_db;
  at("open the search index", pub_path, [&] {
    pub_db = Xapian::WritableDatabase(pub_path.string(), Xapian::DB_OPEN);
    pub_db.begin_transaction();
  });
  at("open the search index", staff_path, [&] {
    staff_db = Xapian::WritableDatabase(staff_path.string(), Xapian::DB_OPEN);
    staff_db.begin_transaction();
  });
  {
    Builder pub(IndexSide::Public, gazetteer, pub_db, pub_path, roots, 0);
    Builder staff(IndexSide::Staff, gazetteer, staff_db, staff_path, roots, 0);
    feed(catalog, &roots, pub, staff, {}, 0);
    pub.finish();
    staff.finish();
  }
  at("write the search index", staff_path, [&] {
    stamp(staff_db, IndexSide::Staff, generation);
    staff_db.commit_transaction();
  });
  try {
    at("write the search index", pub_path, [&] {
      stamp(pub_db, IndexSide::Public, generation);
      pub_db.commit_transaction();
    });
    if (commit_catalog) commit_catalog();
  } catch (const std::exception& e) {
    throw archive::Error(std::string(e.what()) +
                         "; the staff index is now ahead of the catalog: `monjo reindex` rebuilds both");
  }
}

}  // namespace

void rebuild_indexes(archive::Catalog& catalog, const std::string& data_dir, const ProgressFn& progress) {
  fs::path dir = index_dir(data_dir);
  WriterLock lock(dir);
  rebuild_locked(catalog, dir, progress, {});
}

void rebuild_indexes_in_parts(archive::Catalog& catalog, const std::string& data_dir, int n,
                              const ProgressFn& progress) {
  if (n < 2 || n > kMaxShards) throw archive::InputError("--shards takes 2 to " + std::to_string(kMaxShards));
  fs::path dir = index_dir(data_dir);
  WriterLock lock(dir);
  rebuild_locked(catalog, dir, progress, {}, n);
}

std::string shards_dir(const std::string& data_dir) {
  return (fs::path(data_dir) / "shards").string();
}

bool update_indexes(archive::Catalog& catalog, const std::string& data_dir, const std::vector<std::string>& ids,
                    std::optional<uint64_t> generation_before, const CatalogCommit& commit_catalog) {
  fs::path dir = index_dir(data_dir);
  WriterLock lock(dir);
  uint64_t generation;
  std::vector<std::string> roots;
  {
    ReadSnapshot snapshot(catalog);
    generation = catalog.generation();
    std::set<std::string> seen;
    for (const auto& id : ids) {
      // A record that is gone is taken to be a fonds deleted by the change.
      std::string root = catalog.root_of(id).value_or(id);
      if (seen.insert(root).second) roots.push_back(root);
    }
  }
  uint64_t expected = generation_before.value_or(generation > 0 ? generation - 1 : 0);
  auto pub_gen = current_format_generation(data_dir, IndexSide::Public);
  auto staff_gen = current_format_generation(data_dir, IndexSide::Staff);
  bool in_step = pub_gen && staff_gen && *pub_gen == *staff_gen && (*pub_gen == expected || *pub_gen == generation);
  if (!in_step) {
    rebuild_locked(catalog, dir, {}, commit_catalog);
    return true;
  }
  if (roots.empty() && *pub_gen == generation) {
    if (commit_catalog) commit_catalog();
    return false;
  }
  if (replaces_most(dir, roots)) {
    rebuild_locked(catalog, dir, {}, commit_catalog);
    return false;  // a shortcut, not a repair
  }
  ReadSnapshot snapshot(catalog);
  if (catalog.generation() != generation) {
    // Another writer got in between: take everything from the newer snapshot.
    rebuild_locked(catalog, dir, {}, commit_catalog);
    return true;
  }
  update_in_place(catalog, dir, roots, generation, commit_catalog);
  publish_public_index(dir);  // a data directory built before publish/ existed
  return false;
}

bool update_records(archive::Catalog& catalog, const std::string& data_dir, const std::vector<std::string>& ids,
                    std::optional<uint64_t> generation_before, const CatalogCommit& commit_catalog) {
  fs::path dir = index_dir(data_dir);
  WriterLock lock(dir);
  const uint64_t generation = catalog.generation();
  const uint64_t expected = generation_before.value_or(generation > 0 ? generation - 1 : 0);
  auto pub_gen = current_format_generation(data_dir, IndexSide::Public);
  auto staff_gen = current_format_generation(data_dir, IndexSide::Staff);
  const bool in_step =
      pub_gen && staff_gen && *pub_gen == *staff_gen && (*pub_gen == expected || *pub_gen == generation);
  if (!in_step) {
    rebuild_locked(catalog, dir, {}, commit_catalog);
    return true;
  }
  const GazetteerPtr gazetteer = gazetteer_of(dir);
  const fs::path pub_path = dir / side_name(IndexSide::Public);
  const fs::path staff_path = dir / side_name(IndexSide::Staff);
  Xapian::WritableDatabase pub_db;
  Xapian::WritableDatabase staff_db;
  at("open the search index", pub_path, [&] {
    pub_db = Xapian::WritableDatabase(pub_path.string(), Xapian::DB_OPEN);
    pub_db.begin_transaction();
  });
  at("open the search index", staff_path, [&] {
    staff_db = Xapian::WritableDatabase(staff_path.string(), Xapian::DB_OPEN);
    staff_db.begin_transaction();
  });
  DocumentBuilder pub(IndexSide::Public, gazetteer);
  DocumentBuilder staff(IndexSide::Staff, gazetteer);
  // An item is re-indexed with its volume, whose document counts its withheld items.
  std::vector<std::string> walks;
  std::set<std::string> walked;
  for (const auto& id : ids) {
    auto record = catalog.get(id);
    if (!record) {
      // Deleted by the change (an item taken out of a 細目録): its documents go.
      const std::string term = schema::boolean_term(schema::kIdPrefix, id);
      at("write the search index", staff_path, [&] { staff_db.delete_document(term); });
      at("write the search index", pub_path, [&] { pub_db.delete_document(term); });
      continue;
    }
    const std::string walk = record->level == Level::Item ? record->parent_id : id;
    if (walked.insert(walk).second) walks.push_back(walk);
  }
  const std::set<std::string> held = held_back_ids(catalog);
  for (const auto& id : walks) {
    // The record's place in the tree comes from its ancestors, as in a full walk.
    Walker walker(&held);
    for (const auto& a : catalog.ancestors(id)) walker.place(a);
    VolumeHold hold([&](PlacedRecord&& placed) {
      const std::string term = schema::boolean_term(schema::kIdPrefix, placed.record.id);
      at("write the search index", staff_path, [&] { staff_db.replace_document(term, staff.build(placed)); });
      if (placed.held_back) {
        at("write the search index", pub_path, [&] { pub_db.delete_document(term); });
      } else {
        at("write the search index", pub_path, [&] { pub_db.replace_document(term, pub.build(placed)); });
      }
    });
    catalog.for_each_in(id, [&](const Record& r) { hold.add(walker.place(r)); });
    hold.flush();
  }
  at("write the search index", staff_path, [&] {
    stamp(staff_db, IndexSide::Staff, generation);
    staff_db.commit_transaction();
  });
  try {
    at("write the search index", pub_path, [&] {
      stamp(pub_db, IndexSide::Public, generation);
      pub_db.commit_transaction();
    });
    if (commit_catalog) commit_catalog();
  } catch (const std::exception& e) {
    throw archive::Error(std::string(e.what()) +
                         "; the staff index is now ahead of the catalog: `monjo reindex` rebuilds both");
  }
  return false;
}

void on_writer_wait(std::function<void()> f) {
  WriterLock::on_wait(std::move(f));
}

void with_writer_lock(const std::string& data_dir, const std::function<void()>& f) {
  WriterLock lock(index_dir(data_dir));
  f();
}

std::optional<ExpectedDocument> expected_document(archive::Catalog& catalog, const std::string& id, IndexSide side,
                                                  const std::string& data_dir) {
  auto record = catalog.get(id);
  if (!record) return std::nullopt;
  const std::set<std::string> held = held_back_ids(catalog);
  Walker walker(&held);
  for (const auto& a : catalog.ancestors(id)) walker.place(a);
  PlacedRecord placed = walker.place(*record);
  if (record->level == Level::Volume) {
    // Its items, for the count of those withheld (VolumeHold).
    VolumeHold hold([&](PlacedRecord&& p) {
      if (p.record.id == id) placed = std::move(p);
    });
    catalog.for_each_in(id, [&](const Record& r) { hold.add(walker.place(r)); });
    hold.flush();
  }
  if (placed.held_back && side == IndexSide::Public) return std::nullopt;
  DocumentBuilder builder(side, gazetteer_of(index_dir(data_dir)));
  const Xapian::Document& doc = builder.build(placed);
  ExpectedDocument out;
  out.data = doc.get_data();
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.terms.insert(*t);
  return out;
}

std::set<std::string> text_terms(const std::string& text) {
  std::set<std::string> out;
  if (text.empty()) return out;
  Xapian::Document doc;
  Xapian::TermGenerator tg;
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  tg.set_document(doc);
  tg.index_text(archive::normalize(text));
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.insert(*t);
  return out;
}

bool indexes_current(archive::Catalog& catalog, const std::string& data_dir) {
  uint64_t generation = catalog.generation();
  auto pub_gen = current_format_generation(data_dir, IndexSide::Public);
  auto staff_gen = current_format_generation(data_dir, IndexSide::Staff);
  return pub_gen && staff_gen && *pub_gen == generation && *staff_gen == generation;
}

namespace {

std::optional<uint64_t> generation_of(const std::string& data_dir, IndexSide side, bool current_format) {
  fs::path path = index_dir(data_dir) / side_name(side);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  try {
    Xapian::Database db(path.string(), Xapian::DB_BACKEND_GLASS);
    if (current_format && read_hit_format(db) != schema::kHitFormat) return std::nullopt;
    return read_generation(db);
  } catch (const Xapian::Error&) {
    return std::nullopt;
  }
}

std::optional<uint64_t> current_format_generation(const std::string& data_dir, IndexSide side) {
  return generation_of(data_dir, side, true);
}

}  // namespace

std::optional<uint64_t> index_generation(const std::string& data_dir, IndexSide side) {
  return generation_of(data_dir, side, false);
}

}  // namespace monjo::indexer
