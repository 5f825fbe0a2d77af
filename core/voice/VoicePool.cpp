#include "core/voice/VoicePool.h"

#include <algorithm>

namespace latentrack::core::voice {

void VoicePool::setPolyphony(int voices) noexcept {
    m_polyphony = std::clamp(voices, 1, kMaxPolyphony);
}

void VoicePool::trigger(const Sample* sample, float gain, int fadeFrames) noexcept {
    if (sample == nullptr || sample->numFrames() == 0)
        return;
    // Steal the oldest sounding voices until one sounding slot is left for the new one.
    for (;;) {
        int sounding = 0;
        SampleVoice* oldest = nullptr;
        for (auto& v : m_slots) {
            if (v.active() && !v.releasing()) {
                ++sounding;
                if (oldest == nullptr || v.order() < oldest->order())
                    oldest = &v;
            }
        }
        if (sounding < m_polyphony || oldest == nullptr)
            break;
        oldest->release(fadeFrames);
    }
    SampleVoice* slot = nullptr;
    for (auto& v : m_slots) {
        if (!v.active()) {
            slot = &v;
            break;
        }
    }
    if (slot == nullptr) {
        // Every slot is fading: reuse the oldest fading voice (its remaining fade is lost).
        slot = &*std::min_element(m_slots.begin(), m_slots.end(), [](const auto& a, const auto& b) {
            return a.order() < b.order();
        });
    }
    slot->start(sample, gain, ++m_counter);
}

void VoicePool::releaseAll(int fadeFrames) noexcept {
    for (auto& v : m_slots)
        v.release(fadeFrames);
}

void VoicePool::killAll() noexcept {
    for (auto& v : m_slots)
        v.kill();
}

void VoicePool::renderAdd(float* left, float* right, int frames) noexcept {
    for (auto& v : m_slots)
        v.renderAdd(left, right, frames);
}

bool VoicePool::uses(const Sample* sample) const noexcept {
    return std::any_of(m_slots.begin(), m_slots.end(),
                       [sample](const auto& v) { return v.sample() == sample; });
}

int VoicePool::activeVoices() const noexcept {
    return static_cast<int>(
        std::count_if(m_slots.begin(), m_slots.end(), [](const auto& v) { return v.active(); }));
}

} // namespace latentrack::core::voice
