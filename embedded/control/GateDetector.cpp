#include "embedded/control/GateDetector.h"

#include <cmath>
#include <stdexcept>

namespace latentrack::embedded::control {

void GateSettings::validate() const {
    if (!(lowVolts < highVolts))
        throw std::invalid_argument("gate: the falling threshold must be below the rising one");
    if (!(minGateSeconds >= 0.0f))
        throw std::invalid_argument("gate: the minimum gate time cannot be negative");
}

GateDetector::GateDetector(GateSettings settings) : m_settings(settings) {
    m_settings.validate();
}

GateEdge GateDetector::process(float volts, double seconds) noexcept {
    m_lastSeconds = seconds;
    if (!std::isfinite(volts) || seconds - m_since < m_settings.minGateSeconds)
        return GateEdge::None;
    if (!m_high && volts >= m_settings.highVolts) {
        m_high = true;
        m_since = seconds;
        return GateEdge::Rising;
    }
    if (m_high && volts <= m_settings.lowVolts) {
        m_high = false;
        m_since = seconds;
        return GateEdge::Falling;
    }
    return GateEdge::None;
}

} // namespace latentrack::embedded::control
