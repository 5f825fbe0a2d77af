#include "embedded/control/QuadratureDecoder.h"

#include <algorithm>

namespace latentrack::embedded::control {

namespace {
// [previous state][new state] → quarter step; states as A<<1 | B. Clockwise (A leads):
// 00 → 10 → 11 → 01 → 00.
constexpr int kStep[4][4] = {{0, -1, +1, 0}, {+1, 0, 0, -1}, {-1, 0, 0, +1}, {0, +1, -1, 0}};
} // namespace

QuadratureDecoder::QuadratureDecoder(int quartersPerDetent)
    : m_quartersPerDetent(std::max(1, quartersPerDetent)) {}

int QuadratureDecoder::process(bool a, bool b) noexcept {
    const int state = (a ? 2 : 0) | (b ? 1 : 0);
    if (m_state < 0) {
        m_state = state;
        return 0;
    }
    m_quarters += kStep[m_state][state];
    m_state = state;
    int detents = 0;
    while (m_quarters >= m_quartersPerDetent) {
        m_quarters -= m_quartersPerDetent;
        ++detents;
    }
    while (m_quarters <= -m_quartersPerDetent) {
        m_quarters += m_quartersPerDetent;
        --detents;
    }
    return detents;
}

} // namespace latentrack::embedded::control
