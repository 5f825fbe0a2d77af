#include "core/seq/StepClock.h"

#include <algorithm>
#include <cmath>

#include "core/seq/Pattern.h"

namespace latentrack::core::seq {

double stepLengthSamples(double sampleRate, double bpm) noexcept {
    return sampleRate * 60.0 / (std::clamp(bpm, kMinBpm, kMaxBpm) * kStepsPerBeat);
}

void StepClock::prepare(double sampleRate) noexcept {
    m_sampleRate = sampleRate;
    m_stepLength = stepLengthSamples(m_sampleRate, m_bpm);
    reset();
}

void StepClock::reset() noexcept {
    m_anchorStep = 0;
    m_anchorSample = 0.0;
    m_position = 0;
    m_nextStep = 0;
    updateNextOnset();
}

void StepClock::setTempo(double bpm, double swing) noexcept {
    bpm = std::clamp(bpm, kMinBpm, kMaxBpm);
    swing = std::clamp(swing, kMinSwing, kMaxSwing);
    if (bpm == m_bpm && swing == m_swing)
        return;
    // Unswung grid position of the pending step stays where it is; the new tempo applies from it.
    m_anchorSample += static_cast<double>(m_nextStep - m_anchorStep) * m_stepLength;
    m_anchorStep = m_nextStep;
    m_bpm = bpm;
    m_swing = swing;
    m_stepLength = stepLengthSamples(m_sampleRate, m_bpm);
    updateNextOnset();
}

std::int64_t StepClock::onsetOf(std::int64_t step) const noexcept {
    double t = m_anchorSample + static_cast<double>(step - m_anchorStep) * m_stepLength;
    if (step % 2 != 0)
        t += (2.0 * m_swing - 1.0) * m_stepLength;
    return std::llround(t);
}

void StepClock::updateNextOnset() noexcept {
    // A re-anchor may put the pending onset slightly behind the playhead: play it at once.
    m_nextOnset = std::max(onsetOf(m_nextStep), m_position);
}

int StepClock::nextOnsetWithin(int frames) const noexcept {
    const std::int64_t offset = m_nextOnset - m_position;
    return offset < frames ? static_cast<int>(offset) : -1;
}

std::int64_t StepClock::takeStep() noexcept {
    const std::int64_t step = m_nextStep++;
    updateNextOnset();
    return step;
}

} // namespace latentrack::core::seq
