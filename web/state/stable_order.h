#pragma once
// Orders row indices, keeping the order of rows that compare equal. Every list the widget sorts
// goes through this one function: std::stable_sort made once per element type and comparator
// cost the bundle some 3.5 KB each (bench/README.md).
#include <vector>

namespace gd {

// True when row `a` goes before row `b`; `rows` is the list the indices point into.
using RowBefore = bool (*)(const void* rows, int a, int b);

void stable_order(std::vector<int>& order, const void* rows, RowBefore before);

} // namespace gd
