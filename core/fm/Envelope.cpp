#include "core/fm/Envelope.h"

#include <algorithm>
#include <cmath>

#include "core/fm/DxTables.h"

namespace latentrack::core::fm {

void Envelope::keyOn(const EnvelopeTargets& targets, bool fromCurrentLevel) noexcept {
    m_targets = targets;
    if (!fromCurrentLevel || m_stage == 4)
        m_level = targets.level[3];
    enterStage(0);
}

void Envelope::keyOff() noexcept {
    if (m_stage < 3)
        enterStage(3);
}

void Envelope::enterStage(int stage) noexcept {
    m_stage = stage;
    m_holding = false;
    if (stage < 4 && m_targets.level[static_cast<std::size_t>(stage)] > m_level &&
        m_level < kFloorCounts + kAttackJumpCounts)
        m_level = std::min(kFloorCounts + kAttackJumpCounts,
                           m_targets.level[static_cast<std::size_t>(stage)]);
}

float Envelope::advance(float seconds) noexcept {
    // Each pass consumes time up to the next event: the target, or (when rising) the next
    // 256-count band where the attack multiplier changes.
    for (int guard = 0; guard < 64 && seconds > 0.0f && m_stage < 4 && !m_holding; ++guard) {
        const auto s = static_cast<std::size_t>(m_stage);
        const float target = m_targets.level[s];
        const float speed = m_targets.speed[s];
        if (m_level < target) {
            // Band k spans (F − 256(k+1), F − 256k]; on a boundary the level is in the band
            // below it, so that moving up always makes progress.
            const float k = std::ceil((kFullScaleCounts - m_level) / 256.0f) - 1.0f;
            const float bandTop = kFullScaleCounts - 256.0f * k;
            const float stop = std::min(target, bandTop);
            const float rate = speed * std::max(1.0f, k + 2.0f);
            const float need = (stop - m_level) / rate;
            if (need > seconds) {
                m_level += rate * seconds;
                seconds = 0.0f;
            } else {
                m_level = stop;
                seconds -= need;
            }
        } else if (m_level > target) {
            const float need = (m_level - target) / speed;
            if (need > seconds) {
                m_level -= speed * seconds;
                seconds = 0.0f;
            } else {
                m_level = target;
                seconds -= need;
            }
        }
        if (m_level == target) {
            if (m_stage == 2)
                m_holding = true;
            else
                enterStage(m_stage == 3 ? 4 : m_stage + 1);
        }
    }
    return m_level;
}

} // namespace latentrack::core::fm
