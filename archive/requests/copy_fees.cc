#include "archive/requests/copy_fees.h"

#include "archive/base/config.h"
#include "archive/base/errors.h"
#include "archive/base/strings.h"

namespace monjo::archive {

CopyFeeTable copy_fees_from_ini(const std::map<std::string, std::string>& keys) {
  CopyFeeTable t;
  t.paper_page_yen =
      static_cast<int>(section_number(keys, "copy_fees", "paper_page_yen", t.paper_page_yen, 0, 1000000));
  t.electronic_file_yen =
      static_cast<int>(section_number(keys, "copy_fees", "electronic_file_yen", t.electronic_file_yen, 0, 1000000));
  return t;
}

CopyFeeEstimate estimate_copy_fee(const CopyFeeTable& table, Medium medium, const std::vector<RequestItem>& items,
                                  const std::map<std::string, std::optional<int>>& pages_of) {
  CopyFeeEstimate e;
  e.medium = medium;
  e.unit_yen = medium == Medium::Paper ? table.paper_page_yen : table.electronic_file_yen;
  for (const auto& item : items) {
    if (!item.decided || item.decision.decision == Decision::NoUse) continue;
    ++e.items;
    if (medium == Medium::Electronic) {
      ++e.units;
      continue;
    }
    auto it = pages_of.find(item.decision.record_id);
    if (it == pages_of.end() || !it->second) {
      e.complete = false;
    } else {
      e.units += *it->second;
    }
  }
  e.total_yen = e.units * e.unit_yen;
  return e;
}

std::optional<int> catalogued_pages(const Record& record) {
  if (record.extent_pages && *record.extent_pages > 0) return record.extent_pages;
  if (record.pages_from && record.pages_to && *record.pages_to >= *record.pages_from) {
    return *record.pages_to - *record.pages_from + 1;
  }
  return std::nullopt;
}

}  // namespace monjo::archive
