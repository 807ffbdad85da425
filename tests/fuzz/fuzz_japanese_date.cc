// libFuzzer: the Japanese date parser (archive/dates/japanese_date.h): 和暦, 年度, ranges,
// the normal form, query dates and search bounds on arbitrary text, and the display
// rule (archive/dates/date_display.h) in both languages. A parsed interval never ends
// before it starts; a refused date always says what was refused.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "archive/base/errors.h"
#include "archive/dates/date_display.h"
#include "archive/dates/japanese_date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace monjo::archive;
  auto sane = [](const DateInterval& d) {
    if (d.end < d.start) std::abort();
  };
  if (auto d = try_parse_date(text)) sane(*d);
  try {
    sane(parse_normal_date(text));
  } catch (const InputError&) {
  }
  if (auto d = parse_date_bound(text)) sane(*d);
  if (auto q = extract_query_date(text)) sane(q->interval);
  if (auto r = query_date_rejection(text); r && r->expression.empty()) std::abort();
  if (auto r = date_rejection(text); r && r->message.empty()) std::abort();
  if (auto w = read_date(text)) sane(w->interval);
  (void)display_date(text, std::nullopt, Lang::Ja);
  (void)display_date(text, std::nullopt, Lang::En);
  return 0;
}
