// The relevance benchmark (tests/relevance, docs/performance.md "Relevance"): graded
// judgments in the TREC qrels format and the measures the NTCIR evaluations report —
// nDCG@10, Recall@100, MRR — plus the share of topics with no result at all. The
// engines' rankings come from bench_search (monjo's Searcher, Groonga's select).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace monjo::bench {

// topic → document id → grade (0 not relevant, 1 relevant, 2 highly relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;
// Reads `topic iteration document grade` lines (TREC qrels; # comments allowed).
Qrels read_qrels(const std::string& path);

struct TopicScore {
  double ndcg10 = 0;     // gains 2^grade - 1, discount log2(rank + 1), over the ideal ranking
  double recall100 = 0;  // relevant documents (grade > 0) in the top 100 / all relevant
  double rr = 0;         // 1 / rank of the first relevant document in the top 100 (0: none)
  bool zero = false;     // the engine returned nothing
};
TopicScore score_topic(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged);

// Means over topics, printed as `relevance ENGINE CATEGORY topics nDCG@10 Recall@100 MRR zero-rate`.
class RelevanceTable {
 public:
  void add(const std::string& category, const TopicScore& s);
  void print(const std::string& engine) const;

 private:
  std::vector<std::pair<std::string, std::vector<TopicScore>>> by_category_;
  std::vector<TopicScore> all_;
};

}  // namespace monjo::bench
