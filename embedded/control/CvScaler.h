#pragma once
// Control voltage handling for the module's CV inputs, in the manner of Mutable Instruments'
// cv_scaler: a two-point calibration per input takes the raw reading (ADC volts after the
// op-amp stage, or volts straight from a simulated jack) to the voltage at the jack; the
// input's range (bipolar ±5 V or unipolar 0–10 V) maps that voltage to −1 … 1; a one-pole
// smoother removes ADC noise and zipper steps.
//
// Thread: the module's control thread (plain value type; no locking, no allocation).

namespace latentrack::embedded::control {

/// Two readings and the jack voltages they correspond to (measured with a reference source).
struct Calibration {
    float raw1 = -5.0f, volts1 = -5.0f;
    float raw2 = 5.0f, volts2 = 5.0f;
    /// Throws std::invalid_argument when raw1 == raw2 (no slope) or a value is not finite.
    void validate() const;
    /// The jack voltage of a raw reading (linear through the two points).
    float volts(float raw) const noexcept;
};

/// Eurorack modulation ranges: bipolar −5 … +5 V, unipolar 0 … +10 V.
enum class CvRange { Bipolar, Unipolar };

class CvScaler {
public:
    /// `smoothingSeconds` (≥ 0): time constant of the one-pole smoother; 0 = none.
    CvScaler(Calibration calibration = {}, CvRange range = CvRange::Bipolar,
             float smoothingSeconds = 0.01f);

    /// One reading, `dtSeconds` (> 0) after the previous one. Returns the smoothed position
    /// −1 … 1 (voltages beyond the range clamp). The first reading is taken as it is.
    float process(float raw, float dtSeconds) noexcept;
    /// The last position −1 … 1, and the last jack voltage before smoothing.
    float value() const noexcept { return m_value; }
    float volts() const noexcept { return m_volts; }
    /// The smoothed position as the jack voltage it stands for (V, within the range: −5 … 5
    /// bipolar, 0 … 10 unipolar): what a 1 V/octave input reads.
    float smoothedVolts() const noexcept;

    void setCalibration(const Calibration& c) { m_calibration = c; }
    void setRange(CvRange r) noexcept { m_range = r; }
    CvRange range() const noexcept { return m_range; }

private:
    Calibration m_calibration;
    CvRange m_range;
    float m_tau;
    float m_value = 0.0f;
    float m_volts = 0.0f;
    bool m_primed = false;
};

/// "bipolar" / "unipolar" ↔ CvRange; throws std::invalid_argument for another name.
CvRange cvRangeFromName(const char* name);
const char* cvRangeName(CvRange r) noexcept;

} // namespace latentrack::embedded::control
