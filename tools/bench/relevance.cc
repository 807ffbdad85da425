#include "tools/bench/relevance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace monjo::bench {

Qrels read_qrels(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  Qrels out;
  std::string line;
  long n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string topic, iteration, doc;
    int grade = -1;
    if (!(fields >> topic >> iteration >> doc >> grade) || grade < 0)
      throw std::runtime_error(path + ":" + std::to_string(n) + ": expected `topic 0 document grade`");
    out[topic][doc] = grade;
  }
  return out;
}

TopicScore score_topic(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged) {
  TopicScore s;
  s.zero = ranked.empty();
  auto grade_of = [&](const std::string& id) {
    auto it = judged.find(id);
    return it == judged.end() ? 0 : it->second;
  };
  auto gain = [](int g) { return std::pow(2.0, g) - 1.0; };
  double dcg = 0;
  for (size_t i = 0; i < ranked.size() && i < 10; ++i) dcg += gain(grade_of(ranked[i])) / std::log2(i + 2.0);
  std::vector<int> ideal;
  long relevant = 0;
  for (const auto& [id, g] : judged) {
    ideal.push_back(g);
    if (g > 0) ++relevant;
  }
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (size_t i = 0; i < ideal.size() && i < 10; ++i) idcg += gain(ideal[i]) / std::log2(i + 2.0);
  s.ndcg10 = idcg > 0 ? dcg / idcg : 0;
  long found = 0;
  for (size_t i = 0; i < ranked.size() && i < 100; ++i) {
    if (grade_of(ranked[i]) > 0) {
      ++found;
      if (s.rr == 0) s.rr = 1.0 / static_cast<double>(i + 1);
    }
  }
  s.recall100 = relevant > 0 ? static_cast<double>(found) / static_cast<double>(relevant) : 0;
  return s;
}

void RelevanceTable::add(const std::string& category, const TopicScore& s) {
  auto it = std::find_if(by_category_.begin(), by_category_.end(), [&](auto& c) { return c.first == category; });
  if (it == by_category_.end()) {
    by_category_.emplace_back(category, std::vector<TopicScore>{});
    it = by_category_.end() - 1;
  }
  it->second.push_back(s);
  all_.push_back(s);
}

void RelevanceTable::print(const std::string& engine) const {
  auto line = [&](const std::string& category, const std::vector<TopicScore>& v) {
    double ndcg = 0, recall = 0, rr = 0, zero = 0;
    for (const auto& s : v) {
      ndcg += s.ndcg10;
      recall += s.recall100;
      rr += s.rr;
      zero += s.zero ? 1 : 0;
    }
    const double n = v.empty() ? 1 : static_cast<double>(v.size());
    std::printf("relevance\t%s\t%s\t%zu\t%.3f\t%.3f\t%.3f\t%.3f\n", engine.c_str(), category.c_str(), v.size(),
                ndcg / n, recall / n, rr / n, zero / n);
  };
  for (const auto& [category, v] : by_category_) line(category, v);
  line("all", all_);
  std::fflush(stdout);
}

}  // namespace monjo::bench
