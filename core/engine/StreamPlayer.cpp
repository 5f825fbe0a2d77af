#include "core/engine/StreamPlayer.h"

#include <algorithm>

namespace latentrack::core::engine {

void StreamPlayer::prepare(double, int maxBlockFrames) {
    m_mono.assign(static_cast<std::size_t>(maxBlockFrames), 0.0f);
}

void StreamPlayer::process(const Block& block, float* left, float* right) noexcept {
    const auto got = m_ring.read(m_mono.data(), static_cast<std::size_t>(block.frames));
    std::copy(m_mono.data(), m_mono.data() + got, left);
    std::copy(m_mono.data(), m_mono.data() + got, right);
}

} // namespace latentrack::core::engine
