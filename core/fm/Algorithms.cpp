#include "core/fm/Algorithms.h"

#include <algorithm>
#include <bit>
#include <initializer_list>
#include <utility>

namespace latentrack::core::fm {

namespace {

using Edge = std::pair<int, int>; // modulator → modulated

struct Spec {
    std::initializer_list<Edge> edges;
    std::initializer_list<int> carriers;
    int fbFrom;
    int fbTo;
};

Algorithm build(const Spec& s) {
    Algorithm a;
    for (auto [from, to] : s.edges)
        a.modulators[static_cast<std::size_t>(to - 1)] |=
            static_cast<std::uint8_t>(1u << (from - 1));
    for (int c : s.carriers)
        a.carriers |= static_cast<std::uint8_t>(1u << (c - 1));
    a.feedbackFrom = s.fbFrom;
    a.feedbackTo = s.fbTo;
    return a;
}

std::array<Algorithm, 32> buildAll() {
    // Transcribed from the DX7 algorithm chart.
    const Spec specs[32] = {
        {{{6, 5}, {5, 4}, {4, 3}, {2, 1}}, {1, 3}, 6, 6},       // 1
        {{{6, 5}, {5, 4}, {4, 3}, {2, 1}}, {1, 3}, 2, 2},       // 2
        {{{6, 5}, {5, 4}, {3, 2}, {2, 1}}, {1, 4}, 6, 6},       // 3
        {{{6, 5}, {5, 4}, {3, 2}, {2, 1}}, {1, 4}, 4, 6},       // 4: loop 4 → 6
        {{{6, 5}, {4, 3}, {2, 1}}, {1, 3, 5}, 6, 6},            // 5
        {{{6, 5}, {4, 3}, {2, 1}}, {1, 3, 5}, 5, 6},            // 6: loop 5 → 6
        {{{6, 5}, {5, 3}, {4, 3}, {2, 1}}, {1, 3}, 6, 6},       // 7
        {{{6, 5}, {5, 3}, {4, 3}, {2, 1}}, {1, 3}, 4, 4},       // 8
        {{{6, 5}, {5, 3}, {4, 3}, {2, 1}}, {1, 3}, 2, 2},       // 9
        {{{3, 2}, {2, 1}, {6, 4}, {5, 4}}, {1, 4}, 3, 3},       // 10
        {{{3, 2}, {2, 1}, {6, 4}, {5, 4}}, {1, 4}, 6, 6},       // 11
        {{{2, 1}, {6, 3}, {5, 3}, {4, 3}}, {1, 3}, 2, 2},       // 12
        {{{2, 1}, {6, 3}, {5, 3}, {4, 3}}, {1, 3}, 6, 6},       // 13
        {{{2, 1}, {6, 4}, {5, 4}, {4, 3}}, {1, 3}, 6, 6},       // 14
        {{{2, 1}, {6, 4}, {5, 4}, {4, 3}}, {1, 3}, 2, 2},       // 15
        {{{6, 5}, {5, 1}, {4, 3}, {3, 1}, {2, 1}}, {1}, 6, 6},  // 16
        {{{6, 5}, {5, 1}, {4, 3}, {3, 1}, {2, 1}}, {1}, 2, 2},  // 17
        {{{6, 5}, {5, 4}, {4, 1}, {3, 1}, {2, 1}}, {1}, 3, 3},  // 18
        {{{3, 2}, {2, 1}, {6, 4}, {6, 5}}, {1, 4, 5}, 6, 6},    // 19
        {{{3, 1}, {3, 2}, {6, 4}, {5, 4}}, {1, 2, 4}, 3, 3},    // 20
        {{{3, 1}, {3, 2}, {6, 4}, {6, 5}}, {1, 2, 4, 5}, 3, 3}, // 21
        {{{2, 1}, {6, 3}, {6, 4}, {6, 5}}, {1, 3, 4, 5}, 6, 6}, // 22
        {{{3, 2}, {6, 4}, {6, 5}}, {1, 2, 4, 5}, 6, 6},         // 23
        {{{6, 3}, {6, 4}, {6, 5}}, {1, 2, 3, 4, 5}, 6, 6},      // 24
        {{{6, 4}, {6, 5}}, {1, 2, 3, 4, 5}, 6, 6},              // 25
        {{{3, 2}, {6, 4}, {5, 4}}, {1, 2, 4}, 6, 6},            // 26
        {{{3, 2}, {6, 4}, {5, 4}}, {1, 2, 4}, 3, 3},            // 27
        {{{2, 1}, {5, 4}, {4, 3}}, {1, 3, 6}, 5, 5},            // 28
        {{{4, 3}, {6, 5}}, {1, 2, 3, 5}, 6, 6},                 // 29
        {{{5, 4}, {4, 3}}, {1, 2, 3, 6}, 5, 5},                 // 30
        {{{6, 5}}, {1, 2, 3, 4, 5}, 6, 6},                      // 31
        {{}, {1, 2, 3, 4, 5, 6}, 6, 6},                         // 32
    };
    std::array<Algorithm, 32> all;
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = build(specs[i]);
    return all;
}

const std::array<Algorithm, 32> kAlgorithms = buildAll();

} // namespace

int Algorithm::numCarriers() const noexcept {
    return std::popcount(carriers);
}

const Algorithm& algorithm(int number) noexcept {
    return kAlgorithms[static_cast<std::size_t>(std::clamp(number, 1, 32) - 1)];
}

} // namespace latentrack::core::fm
