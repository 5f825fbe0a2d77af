#pragma once
// Conversions from DX7 parameter values (0 … 99 and friends) to physical quantities. Where
// the DX7's behaviour has been measured, the measurement is followed and cited; elsewhere the
// curve is our own fit, stated as such.
//
// Level unit: a "count" is 20·log10(2)/256 ≈ 0.0235 dB, the DX7's envelope resolution
// ("Dx7Envelope" notes of music-synthesizer-for-android, measured on a DX7). An operator's
// total level is 64·egLevel(L) + 32·outputLevel; full scale (L = 99, output level 99, no
// scaling) is kFullScaleCounts, and levels are clipped at kFloorCounts (≈ 89.9 dB below).
//
// Thread: any; all functions are pure and allocation-free.

namespace latentrack::core::fm {

inline constexpr float kDbPerCount = 6.0206f / 256.0f;
inline constexpr float kFullScaleCounts = 8096.0f;
inline constexpr float kFloorCounts = kFullScaleCounts - 3824.0f;
/// Attack starts by jumping to this many counts above the floor (≈ 40 dB).
inline constexpr float kAttackJumpCounts = 1700.0f;

/// Output level 0 … 99 → 0 … 127 in 0.75 dB steps (20 … 99 map to 48 … 127; below 20 the
/// DX7's own table).
int scaleOutputLevel(int outputLevel) noexcept;
/// EG level 0 … 99 → 0 … 63 in 1.5 dB steps (the DX7's piecewise rule).
int egLevel(int level) noexcept;
/// Envelope rate 0 … 99 → the DX7's 6-bit rate 0 … 63 (rate·41/64).
int qRate(int rate) noexcept;
/// Decay speed of a 6-bit rate, counts per second: 0.2819·2^⌊q/4⌋·(1 + (q mod 4)/4) dB/s.
float decayCountsPerSecond(int qrate) noexcept;
/// Rate scaling: how much the 6-bit rate rises for MIDI note `note` at sensitivity 0 … 7
/// (one key group per 3 semitones above A♯0, at most 31 groups, times sensitivity/8).
int rateScalingDelta(int note, int sensitivity) noexcept;
/// Keyboard level scaling, in output-level steps (0.75 dB) to add to the output level:
/// negative for the −LIN/−EXP curves (0, 1), positive for +EXP/+LIN (2, 3). Break point 0 … 99
/// is MIDI note 21 + breakPoint. Linear: 0.08 step per key group of 3 semitones per unit of
/// depth; exponential: depth/99 · 2.2·(2^(group/4.1) − 1) (our fit of the DX7's curve).
float keyboardScaling(int note, int breakPoint, int leftDepth, int rightDepth, int leftCurve,
                      int rightCurve) noexcept;
/// Velocity 1 … 127 at sensitivity 0 … 7 → output-level steps: (sens/7)·20·log10(v/100)/0.75,
/// i.e. velocity 100 is neutral, 127 adds 2 dB and 1 takes 40 dB at full sensitivity.
float velocityScaling(int velocity, int sensitivity) noexcept;
/// Gain of a total level in counts (0 below the floor).
float countsToGain(float counts) noexcept;

/// Ratio-mode frequency multiplier: coarse 0 → 0.5, else coarse; times 1 + fine/100.
float ratioMultiplier(int coarse, int fine) noexcept;
/// Fixed-mode frequency in Hz: 10^(coarse mod 4) · 10^(fine/100) (1 Hz … 9772 Hz).
float fixedFrequency(int coarse, int fine) noexcept;
/// Detune −7 … +7 steps (parameter 0 … 14) in cents at frequency hz: 1.2 cents per step at
/// middle C, growing towards the bass as (261.63/hz)^0.5, clamped to 0.25 … 6 cents per step.
float detuneCents(int detune, float hz) noexcept;

/// LFO speed 0 … 99 → Hz: 0.0625 + 0.155·speed up to 64 (≈ 10 Hz), then doubling every 15.2
/// steps up to ≈ 49 Hz at 99 (our fit of the DX7's LFO speed table).
float lfoFrequency(int speed) noexcept;
/// LFO delay 0 … 99 → seconds before the LFO fades in (0 … ≈ 3.9 s); our fit.
float lfoDelaySeconds(int delay) noexcept;
/// Pitch-mod sensitivity 0 … 7 → largest deviation in semitones at PMD 99 (12 at 7).
float pitchModSemitones(int sensitivity) noexcept;
/// Amplitude-mod sensitivity 0 … 3 → largest attenuation in counts at AMD 99 (42 dB at 3).
float ampModCounts(int sensitivity) noexcept;
/// Pitch EG level 0 … 99 → octaves: (L − 50)/32 within ±1 octave of the centre, then 3 more
/// octaves spread over the remaining steps (±4 octaves at 0 and 99).
float pitchEgOctaves(int level) noexcept;
/// Pitch EG rate 0 … 99 → octaves per second, 0.0156·2^(0.115·rate) (our fit).
float pitchEgOctavesPerSecond(int rate) noexcept;

} // namespace latentrack::core::fm
