// The fee for copies (写しの交付の手数料, docs/ordinance.md §9): a table in monjo.conf's
// [copy_fees] (yen per page of a paper copy, per file of an electronic one), and the
// estimate the requester's status page shows once copies are granted — the pages of the
// items used in full or in part (a masked page is still a page), or one file per such
// item. The fee the counter finally takes is the one staff record with the use
// (RequestEvent::RecordUse, `fee_yen`); once recorded, the page shows that instead.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/catalog/record.h"
#include "archive/requests/request_store.h"

namespace monjo::archive {

struct CopyFeeTable {
  int paper_page_yen = 10;        // 白黒, A3 まで, per page (片面)
  int electronic_file_yen = 100;  // per file (one PDF per item), the medium included
};

// Reads [copy_fees]: `paper_page_yen = 10`, `electronic_file_yen = 100`. Throws
// InputError naming the key on a malformed value.
CopyFeeTable copy_fees_from_ini(const std::map<std::string, std::string>& keys);

struct CopyFeeEstimate {
  Medium medium = Medium::Paper;
  int units = 0;     // pages (paper) or files (electronic)
  int unit_yen = 0;  // the table's rate for the medium
  int total_yen = 0;
  bool complete = true;  // false when an item's pages are not catalogued (paper): the total is a lower bound
  int items = 0;         // the items granted
};

// The estimate of a table for the granted items (decided, not 利用させない) of a request,
// with each item's pages from `pages_of` (nullopt: not catalogued).
CopyFeeEstimate estimate_copy_fee(const CopyFeeTable& table, Medium medium, const std::vector<RequestItem>& items,
                                  const std::map<std::string, std::optional<int>>& pages_of);

// A record's pages as catalogued: extent/@pages, else pages to − pages from + 1;
// nullopt when neither is known.
std::optional<int> catalogued_pages(const Record& record);

}  // namespace monjo::archive
