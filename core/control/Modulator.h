#pragma once
// Modulators of the attribute faders (NeuroRave's LFO per attribute, the module's CV): a
// control-rate shape evaluated at a time in seconds, added to the fader's position. All values
// are in the attribute's normalised range −1 … 1:
//   value(t) = bias + amount · shape(rate · t + phase),
// shapes on a cycle x ∈ [0, 1): sine sin(2πx), square ±1, saw 2x − 1, random (a new uniform
// value each cycle, held: sample & hold); ramp up and ramp down go once from −1 to 1 (1 to −1)
// over the first cycle after t = 0 and then hold; off is 0 (the fader alone). Rates are in Hz; a
// tempo-synced rate is beats per cycle converted by the caller (rate = bpm / 60 / beats). Thread:
// any (plain data, pure functions).

#include <cstdint>
#include <string>

namespace latentrack::core::control {

enum class ModShape { Off, Sine, Square, Saw, RampUp, RampDown, Random };

struct ModulatorSettings {
    ModShape shape = ModShape::Off;
    float rateHz = 0.5f; ///< 0.001 … 50
    float amount = 0.0f; ///< −1 … 1
    float bias = 0.0f;   ///< −1 … 1
    float phase = 0.0f;  ///< cycles, 0 … 1
};

/// "off", "sine", "square", "saw", "rampup", "rampdown", "random".
const char* modShapeName(ModShape s);
/// The shape called `name`; throws std::invalid_argument naming the known shapes.
ModShape modShapeFromName(const std::string& name);

/// The modulator's value at `seconds`; `seed` picks the random shape's sequence.
float modulatorValue(const ModulatorSettings& m, double seconds, std::uint64_t seed = 1);

/// Fader position plus modulation, clamped to −1 … 1 (the range the model was trained on).
float modulatedTarget(float fader, const ModulatorSettings& m, double seconds,
                      std::uint64_t seed = 1);

} // namespace latentrack::core::control
