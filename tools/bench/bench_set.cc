// Query set, recall set, peer translation and statistics (see bench_set.h).
#include "tools/bench/bench_set.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "archive/dates/japanese_date.h"

namespace monjo::bench {
namespace {

// Splits a TSV line; empty fields are kept.
std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

// Data lines of a TSV file: comments (#) and blank lines skipped.
std::vector<std::pair<int, std::vector<std::string>>> read_tsv(const std::string& path, size_t min_fields) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto fields = split_tabs(line);
    if (fields.size() < min_fields)
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected at least " +
                               std::to_string(min_fields) + " tab-separated fields");
    fields.resize(std::max(fields.size(), min_fields));
    rows.emplace_back(number, std::move(fields));
  }
  return rows;
}

int yyyymmdd(const archive::Ymd& d) {
  return d.y * 10000 + d.m * 100 + d.d;
}

std::string quoted(const std::string& s, char quote, const std::string& escaped_quote) {
  std::string out(1, quote);
  for (char c : s) {
    if (c == quote) {
      out += escaped_quote;
    } else if (quote == '"' && escaped_quote == "\\\"" && c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out + quote;
}

// Words of a query: split on ASCII and ideographic spaces, "phrases" kept whole.
std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  bool in_quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') in_quote = !in_quote;
    bool ascii_space = c == ' ' || c == '\t';
    bool ideographic_space = text.compare(i, 3, "\xE3\x80\x80") == 0;
    if (!in_quote && (ascii_space || ideographic_space)) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      if (ideographic_space) i += 2;
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

std::vector<BenchQuery> read_queries(const std::string& path) {
  std::vector<BenchQuery> out;
  for (auto& [line, f] : read_tsv(path, 7)) {
    BenchQuery q{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f.size() > 7 ? f[7] : ""};
    if (q.peer != "same" && q.peer != "translated" && q.peer != "none")
      throw std::runtime_error(path + ":" + std::to_string(line) + ": peer must be same, translated or none");
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<VariantPair> read_variants(const std::string& path) {
  std::vector<VariantPair> out;
  for (auto& [line, f] : read_tsv(path, 3)) out.push_back({f[0], f[1], f[2]});
  return out;
}

std::vector<ExportedRecord> read_records(const std::string& path) {
  std::vector<ExportedRecord> out;
  for (auto& [line, f] : read_tsv(path, 10)) {
    ExportedRecord r;
    r.row = static_cast<long>(out.size()) + 1;
    r.id = f[0];
    r.level = f[1];
    r.fonds = f[2];
    r.dept = f[3];
    r.access = f[4];
    r.start = std::atoi(f[5].c_str());
    r.end = std::atoi(f[6].c_str());
    r.decade = f[7];
    r.title = f[8];
    r.body = f[9];
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<const ExportedRecord*> expected_records(const std::vector<ExportedRecord>& records, const VariantPair& pair,
                                                    size_t cap) {
  std::vector<const ExportedRecord*> all;
  for (const auto& r : records)
    if (r.title.find(pair.expected) != std::string::npos || r.body.find(pair.expected) != std::string::npos)
      all.push_back(&r);
  if (all.size() <= cap) return all;
  std::vector<const ExportedRecord*> picked;
  for (size_t i = 0; i < cap; ++i) picked.push_back(all[i * all.size() / cap]);
  return picked;
}

PeerQuery translate(const BenchQuery& q) {
  PeerQuery out;
  out.level = q.level;
  out.dept = q.dept;
  std::string text = q.query;
  if (auto date = archive::extract_query_date(text)) {
    out.end_min = yyyymmdd(date->interval.start);
    out.start_max = yyyymmdd(date->interval.end);
    text = date->rest;
  }
  if (!q.from.empty()) {
    if (auto d = archive::parse_date_bound(q.from)) out.end_min = yyyymmdd(d->start);
  }
  if (!q.to.empty()) {
    if (auto d = archive::parse_date_bound(q.to)) out.start_max = yyyymmdd(d->end);
  }
  bool next_or = false, next_not = false;
  for (std::string w : words(text)) {
    if (w == "OR") {
      next_or = true;
      continue;
    }
    if (w == "NOT") {
      next_not = true;
      continue;
    }
    PeerQuery::Term t;
    t.or_with_previous = next_or && !out.terms.empty();
    t.negated = next_not;
    next_or = next_not = false;
    if (w.size() > 1 && w[0] == '-') {
      t.negated = true;
      w.erase(0, 1);
    }
    if (w.rfind("title:", 0) == 0) {
      t.title_only = true;
      w.erase(0, 6);
    }
    if (w.size() >= 2 && w.front() == '"' && w.back() == '"') w = w.substr(1, w.size() - 2);
    if (w.empty()) continue;
    t.text = w;
    out.terms.push_back(std::move(t));
  }
  return out;
}

std::string groonga_query(const PeerQuery& q) {
  std::string out;
  for (const auto& t : q.terms) {
    if (!out.empty()) out += t.negated ? " - " : t.or_with_previous ? " OR " : " ";
    if (t.title_only) out += "title:@";
    out += quoted(t.text, '"', "\\\"");
  }
  return out;
}

std::string groonga_filter(const PeerQuery& q) {
  std::vector<std::string> parts;
  if (!q.level.empty()) parts.push_back("level == " + quoted(q.level, '"', "\\\""));
  if (!q.dept.empty()) parts.push_back("dept == " + quoted(q.dept, '"', "\\\""));
  if (q.start_max) parts.push_back("start <= " + std::to_string(q.start_max));
  if (q.end_min) parts.push_back("end >= " + std::to_string(q.end_min));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " && ") + p;
  return out;
}

std::string fts5_match(const PeerQuery& q) {
  std::string out;
  for (const auto& t : q.terms) {
    if (!out.empty()) out += t.negated ? " NOT " : t.or_with_previous ? " OR " : " AND ";
    if (t.title_only) out += "title : ";
    out += quoted(t.text, '"', "\"\"");
  }
  return out;
}

std::string url_encode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Stats stats(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto rank = [&](double p) {
    size_t k = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, k == 0 ? 0 : k - 1)];
  };
  s.p50 = rank(0.50);
  s.p99 = rank(0.99);
  s.max = v.back();
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

void LatencyTable::add(const BenchQuery& q, double ms) {
  auto it = std::find_if(by_category_.begin(), by_category_.end(), [&](auto& c) { return c.first == q.category; });
  if (it == by_category_.end()) {
    by_category_.emplace_back(q.category, std::vector<double>{});
    it = by_category_.end() - 1;
  }
  it->second.push_back(ms);
  all_.push_back(ms);
  if (q.peer != "none") comparable_.push_back(ms);
}

void LatencyTable::print(const std::string& engine, const std::string& mode) const {
  auto line = [&](const std::string& category, const std::vector<double>& v) {
    Stats s = stats(v);
    std::printf("latency\t%s\t%s\t%s\t%zu\t%.3f\t%.3f\t%.3f\n", engine.c_str(), mode.c_str(), category.c_str(), s.n,
                s.p50, s.p99, s.max);
  };
  for (const auto& [category, v] : by_category_) line(category, v);
  line("comparable", comparable_);
  line("all", all_);
  std::fflush(stdout);
}

void RecallTable::add(const VariantPair& pair, bool found) {
  for (const std::string& kind : {pair.kind, std::string("all")}) {
    auto it = std::find_if(by_kind_.begin(), by_kind_.end(), [&](auto& k) { return k.first == kind; });
    if (it == by_kind_.end()) {
      by_kind_.emplace_back(kind, std::make_pair(0L, 0L));
      it = by_kind_.end() - 1;
    }
    it->second.first += found ? 1 : 0;
    it->second.second += 1;
  }
}

void RecallTable::print(const std::string& engine) const {
  std::vector<std::pair<std::string, std::pair<long, long>>> rows = by_kind_;
  std::stable_partition(rows.begin(), rows.end(), [](auto& r) { return r.first != "all"; });
  for (const auto& [kind, c] : rows)
    std::printf("recall\t%s\t%s\t%ld\t%ld\n", engine.c_str(), kind.c_str(), c.first, c.second);
  std::fflush(stdout);
}

}  // namespace monjo::bench
