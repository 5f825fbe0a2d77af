#include "embedded/control/CvScaler.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace latentrack::embedded::control {

namespace {

/// A jack voltage's position −1 … 1 in `range` (unclamped), and its inverse.
float positionOf(float volts, CvRange range) {
    return range == CvRange::Bipolar ? volts / 5.0f : volts / 5.0f - 1.0f;
}
float voltsAt(float position, CvRange range) {
    return range == CvRange::Bipolar ? 5.0f * position : 5.0f * (position + 1.0f);
}

} // namespace

void Calibration::validate() const {
    for (float v : {raw1, volts1, raw2, volts2})
        if (!std::isfinite(v))
            throw std::invalid_argument("CV calibration: a value is not a number");
    if (raw1 == raw2)
        throw std::invalid_argument("CV calibration: the two raw readings are equal (" +
                                    std::to_string(raw1) + "), so there is no slope");
}

float Calibration::volts(float raw) const noexcept {
    return volts1 + (raw - raw1) * (volts2 - volts1) / (raw2 - raw1);
}

CvScaler::CvScaler(Calibration calibration, CvRange range, float smoothingSeconds)
    : m_calibration(calibration), m_range(range), m_tau(std::max(0.0f, smoothingSeconds)) {
    m_calibration.validate();
}

float CvScaler::process(float raw, float dtSeconds) noexcept {
    if (!std::isfinite(raw))
        return m_value; // a failed reading keeps the last value
    m_volts = m_calibration.volts(raw);
    const float target = std::clamp(positionOf(m_volts, m_range), -1.0f, 1.0f);
    if (!m_primed || m_tau <= 0.0f || dtSeconds <= 0.0f) {
        m_value = target;
        m_primed = true;
        return m_value;
    }
    const float a = 1.0f - std::exp(-dtSeconds / m_tau);
    m_value += a * (target - m_value);
    return m_value;
}

float CvScaler::smoothedVolts() const noexcept {
    return voltsAt(m_value, m_range);
}

CvRange cvRangeFromName(const char* name) {
    if (std::strcmp(name, "bipolar") == 0)
        return CvRange::Bipolar;
    if (std::strcmp(name, "unipolar") == 0)
        return CvRange::Unipolar;
    throw std::invalid_argument(std::string("CV range \"") + name +
                                "\" is neither \"bipolar\" (±5 V) nor \"unipolar\" (0–10 V)");
}

const char* cvRangeName(CvRange r) noexcept {
    return r == CvRange::Bipolar ? "bipolar" : "unipolar";
}

} // namespace latentrack::embedded::control
