#pragma once
// Gate and trigger inputs: a Schmitt trigger with hysteresis on the input voltage (Eurorack
// gates are 0 V low and +5 … +12 V high), and a minimum gate time, so that a noisy or bouncing
// edge gives one clean gate. A GPIO input is already digital: it reads 0 V or 5 V and only
// the minimum time matters.
//
// Thread: the module's control thread (plain value type).

namespace latentrack::embedded::control {

struct GateSettings {
    float highVolts = 2.5f;        ///< rising threshold, V
    float lowVolts = 1.0f;         ///< falling threshold, V (< highVolts)
    float minGateSeconds = 0.002f; ///< a state is held at least this long, s (≥ 0)
    /// Throws std::invalid_argument when lowVolts ≥ highVolts or minGateSeconds < 0.
    void validate() const;
};

/// What one reading did to the gate.
enum class GateEdge { None, Rising, Falling };

class GateDetector {
public:
    explicit GateDetector(GateSettings settings = {});

    /// One reading of `volts` at time `seconds` (non-decreasing). Returns the edge it caused.
    GateEdge process(float volts, double seconds) noexcept;
    bool high() const noexcept { return m_high; }
    /// Seconds the gate has been in its present state at the last reading.
    double heldSeconds() const noexcept { return m_lastSeconds - m_since; }

private:
    GateSettings m_settings;
    bool m_high = false;
    double m_since = -1e9; ///< when the present state began (long ago before any edge)
    double m_lastSeconds = 0.0;
};

} // namespace latentrack::embedded::control
