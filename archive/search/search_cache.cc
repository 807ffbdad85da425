// The shared search-result cache (archive/search/search_cache.h): sharded LRU lists, each
// behind its own mutex, so worker threads rarely wait on one another.
#include "archive/search/search_cache.h"

#include <algorithm>
#include <functional>

namespace monjo::archive {

namespace {

// Rough per-object overheads: a std::string's heap block beyond the small-string
// buffer, a vector element, a map node.
constexpr size_t kStringOverhead = sizeof(std::string);
constexpr size_t kEntryOverhead = 128;

size_t string_bytes(const std::string& s) {
  return kStringOverhead + (s.size() > 15 ? s.size() + 1 : 0);
}

void append_field(std::string& out, const std::string& value) {
  // Length-prefixed, so no value can run into the next field.
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

void append_interval(std::string& out, const std::optional<DateInterval>& d) {
  if (!d) {
    out += '-';
    return;
  }
  out += d->start.iso();
  out += '/';
  out += d->end.iso();
}

}  // namespace

SearchResultCache::SearchResultCache(size_t max_bytes, size_t shards)
    : max_bytes_(max_bytes), shard_budget_(max_bytes / std::max<size_t>(1, shards)) {
  for (size_t i = 0; i < std::max<size_t>(1, shards); ++i) shards_.push_back(std::make_unique<Shard>());
}

SearchResultCache::Shard& SearchResultCache::shard_for(const std::string& key) {
  return *shards_[std::hash<std::string>{}(key) % shards_.size()];
}

std::shared_ptr<const SearchResult> SearchResultCache::get(const std::string& key) {
  if (max_bytes_ == 0) return nullptr;
  Shard& shard = shard_for(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.index.find(key);
  if (it == shard.index.end()) {
    ++shard.misses;
    return nullptr;
  }
  ++shard.hits;
  shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
  return it->second->result;
}

void SearchResultCache::put(const std::string& key, std::shared_ptr<const SearchResult> result) {
  if (max_bytes_ == 0 || !result) return;
  const size_t bytes = estimate_bytes(*result) + 2 * key.size() + kEntryOverhead;
  if (bytes > shard_budget_) return;
  Shard& shard = shard_for(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.index.find(key);
  if (it != shard.index.end()) {
    shard.bytes -= it->second->bytes;
    shard.lru.erase(it->second);
    shard.index.erase(it);
  }
  shard.lru.push_front(Entry{key, std::move(result), bytes});
  shard.index.emplace(key, shard.lru.begin());
  shard.bytes += bytes;
  while (shard.bytes > shard_budget_ && !shard.lru.empty()) {
    Entry& last = shard.lru.back();
    shard.bytes -= last.bytes;
    shard.index.erase(last.key);
    shard.lru.pop_back();
  }
}

SearchResultCache::Stats SearchResultCache::stats() const {
  Stats out;
  for (const auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mutex);
    out.entries += shard->lru.size();
    out.bytes += shard->bytes;
    out.hits += shard->hits;
    out.misses += shard->misses;
  }
  return out;
}

size_t SearchResultCache::estimate_bytes(const SearchResult& r) {
  size_t bytes = sizeof(SearchResult) + string_bytes(r.corrected_query);
  for (const auto& h : r.hits) {
    bytes += sizeof(SearchHit) + string_bytes(h.id) + string_bytes(h.title) + string_bytes(h.date_text) +
             string_bytes(h.call_number) + string_bytes(h.snippet_html);
    for (const auto& [id, title] : h.path) bytes += string_bytes(id) + string_bytes(title);
  }
  for (const auto& [name, values] : r.facets) {
    bytes += kEntryOverhead + string_bytes(name);
    for (const auto& v : values) bytes += sizeof(FacetValue) + string_bytes(v.value) + string_bytes(v.title);
  }
  if (r.query_date) bytes += string_bytes(r.query_date->expression) + string_bytes(r.query_date->rest);
  if (r.query_date_rejected) {
    bytes += string_bytes(r.query_date_rejected->expression) + string_bytes(r.query_date_rejected->message);
  }
  for (const auto& e : r.expansions) {
    bytes += sizeof(PlaceExpansion) + string_bytes(e.word);
    for (const auto& n : e.names) bytes += string_bytes(n);
  }
  for (const auto& s : r.suggestions) bytes += sizeof(Suggestion) + string_bytes(s.query) + string_bytes(s.dropped);
  return bytes;
}

std::string SearchResultCache::request_key(const SearchRequest& req) {
  std::string out;
  out.reserve(req.query.size() + 64);
  append_field(out, req.query);
  append_interval(out, req.from);
  append_interval(out, req.to);
  // std::map: filters in name order, so a new row of index_schema::kFilters is keyed
  // with no change here. Values are ORed within a filter: their order does not change
  // the result, nor does an empty list.
  for (const auto& [name, values] : req.filters) {
    if (values.empty()) continue;
    std::vector<std::string> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    append_field(out, name);
    out += std::to_string(sorted.size());
    out += '[';
    for (const auto& v : sorted) append_field(out, v);
  }
  out += '|';
  out += std::to_string(static_cast<int>(req.sort));
  out += '|';
  out += std::to_string(clamped_page(req));
  out += '|';
  out += std::to_string(clamped_page_size(req));
  out += req.facets ? 'F' : 'f';
  out += req.snippets ? 'S' : 's';
  out += req.expand_places ? 'P' : 'p';
  out += req.suggest ? 'G' : 'g';
  out += req.exact ? 'E' : 'e';
  if (req.today) out += req.today->iso();
  return out;
}

}  // namespace monjo::archive
