// A stand-in for the XLSX container (indexer/formats/sheet_grid.h) until the xlsx
// branch's indexer/formats/xlsx_grid.cc replaces this file.
#include "archive/base/errors.h"
#include "indexer/formats/sheet_grid.h"

namespace monjo::indexer::formats {

std::unique_ptr<GridSource> open_xlsx(const std::string&, const ReadOptions&) {
  throw archive::Error("XLSX is not built yet");
}

bool looks_like_zip(std::string_view head) {
  return head.size() >= 4 && head.compare(0, 4, std::string_view("PK\3\4", 4)) == 0;
}

std::unique_ptr<GridSink> xlsx_sink(std::ostream&, const std::string&) {
  throw archive::Error("XLSX is not built yet");
}

}  // namespace monjo::indexer::formats
