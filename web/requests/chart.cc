// Bar charts of counts (see chart.h).
#include "web/requests/chart.h"

#include <algorithm>

namespace monjo::web {

namespace {

constexpr int kChartWidth = 640;
constexpr int kLabelWidth = 200;
constexpr int kBarHeight = 22;
constexpr int kBarGap = 8;

}  // namespace

mustache::data bar_chart(const std::string& id, const std::string& title, const std::vector<ChartBar>& bars) {
  long max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  mustache::data c;
  c.set("id", id);
  c.set("title", title);
  mustache::data rows{mustache::data::type::list};
  int y = 0;
  for (const auto& b : bars) {
    mustache::data r;
    r.set("label", b.label);
    r.set("value", std::to_string(b.value));
    r.set("y", std::to_string(y));
    r.set("text_y", std::to_string(y + kBarHeight - 6));
    const int width = static_cast<int>((kChartWidth - kLabelWidth - 60) * b.value / max);
    r.set("width", std::to_string(std::max(width, b.value > 0 ? 2 : 0)));
    r.set("value_x", std::to_string(kLabelWidth + width + 6));
    rows.push_back(r);
    y += kBarHeight + kBarGap;
  }
  c.set("bars", rows);
  c.set("height", std::to_string(std::max(y, kBarHeight)));
  c.set("label_x", std::to_string(kLabelWidth - 6));
  c.set("bar_x", std::to_string(kLabelWidth));
  c.set("width", std::to_string(kChartWidth));
  return c;
}

}  // namespace monjo::web
