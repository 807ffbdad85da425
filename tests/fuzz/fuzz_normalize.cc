// libFuzzer: the search normalizer (archive/search/normalize.h) on arbitrary bytes: no
// crash, and valid UTF-8 in gives valid UTF-8 out.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "archive/search/normalize.h"
#include "web/http/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string once = monjo::archive::normalize(text);
  if (monjo::web::valid_utf8(text) && !monjo::web::valid_utf8(once)) std::abort();
  return 0;
}
