#include "web/state/stable_order.h"

#include <algorithm>

namespace gd {

void stable_order(std::vector<int>& order, const void* rows, RowBefore before) {
    std::stable_sort(order.begin(), order.end(), [rows, before](int a, int b) { return before(rows, a, b); });
}

} // namespace gd
