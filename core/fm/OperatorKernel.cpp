#include "core/fm/OperatorKernel.h"

#include <cmath>
#include <numbers>

namespace latentrack::core::fm {

SineTable::SineTable() noexcept {
    for (int i = 0; i < kSize; ++i) {
        const double a = 2.0 * std::numbers::pi * i / kSize;
        const double b = 2.0 * std::numbers::pi * (i + 1) / kSize;
        m_entries[static_cast<std::size_t>(i)] = {static_cast<float>(std::sin(a)),
                                                  static_cast<float>(std::sin(b) - std::sin(a))};
    }
}

namespace {
// Built at load time, so the audio thread never runs a guarded static initialiser.
[[maybe_unused]] const SineTable& kLoadTimeTable = SineTable::instance();
} // namespace

const SineTable& SineTable::instance() noexcept {
    static const SineTable table;
    return table;
}

} // namespace latentrack::core::fm
