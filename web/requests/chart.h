// Bar charts of counts as SVG, with a table each as their accessible form: the
// public statistics (web/requests/stats.cc) and the staff's selection reports
// (web/staff/selection_pages.cc) draw theirs with the one partial of the stats
// template's shape ({{#charts}}: id, title, width, height, bars).
#pragma once

#include <string>
#include <vector>

#include "web/http/templates.h"

namespace monjo::web {

struct ChartBar {
  std::string label;
  long value;
};

mustache::data bar_chart(const std::string& id, const std::string& title, const std::vector<ChartBar>& bars);

}  // namespace monjo::web
