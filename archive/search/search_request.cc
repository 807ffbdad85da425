#include "archive/search/search_request.h"

#include <algorithm>

namespace monjo::archive {

int clamped_page(const SearchRequest& request) {
  return std::clamp(request.page, 1, kMaxPage);
}

int clamped_page_size(const SearchRequest& request) {
  return std::clamp(request.page_size, 1, kMaxPageSize);
}

}  // namespace monjo::archive
