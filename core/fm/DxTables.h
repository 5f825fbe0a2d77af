#pragma once
// Conversions from DX7 parameter values (0 … 99 and friends) to physical quantities. Where
// the DX7's behaviour has been measured, the measurement is followed and cited; elsewhere the
// curve is our own fit, stated as such.
//
// Level unit: a "count" is 20·log10(2)/256 ≈ 0.0235 dB, the DX7's envelope resolution
// ("Dx7Envelope" notes of music-synthesizer-for-android, measured on a DX7). An operator's
// level in level units (EG level × output level / 99 + velocity, 0 … 99) becomes counts through
// levelCounts(); full scale (99) is kFullScaleCounts, and levels are clipped at kFloorCounts
// (≈ 89.9 dB below).
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
/// Envelope rate 0 … 99 → the DX7's 6-bit rate 0 … 63 (rate·41/64).
int qRate(int rate) noexcept;
/// Decay speed of a 6-bit rate, counts per second: 0.2532·2^⌊q/4⌋·(1 + (q mod 4)/4) dB/s
/// (msfa's envelope increments in real time; DxTables.cpp says why not the DX7-clock reading).
float decayCountsPerSecond(int qrate) noexcept;
/// Rate scaling: how much the 6-bit rate rises for MIDI note `note` at sensitivity 0 … 7
/// (one key group per 3 semitones above A♯0, at most 31 groups, times sensitivity/8).
int rateScalingDelta(int note, int sensitivity) noexcept;
/// Keyboard level scaling, in output-level steps (0.75 dB) to add to the output level:
/// negative for the −LIN/−EXP curves (0, 1), positive for +EXP/+LIN (2, 3). Break point 0 … 99
/// is MIDI note 21 + breakPoint (0 = A−1, 39 = C3 = MIDI 60); keys are counted from it in groups
/// of three. Linear: depth·keys/45; exponential: depth·exp((keys − 72)/13.5) (measured curves).
float keyboardScaling(int note, int breakPoint, int leftDepth, int rightDepth, int leftCurve,
                      int rightCurve) noexcept;
/// Velocity 1 … 127 at sensitivity 0 … 7 → output-level steps, from a TX7's measured curve:
/// per unit of sensitivity −10.3 at velocity 1, −1.94 at 64, 0 at 100, +0.96 at 127 (at
/// sensitivity 7: −10 dB at 64, +5 dB at 127; the total level never exceeds full scale).
float velocityScaling(int velocity, int sensitivity) noexcept;
/// An operator's level in level units 0 … 99 (EG level × output level / 99 + velocity, as
/// FmPatch combines them; fractions allowed) → counts: full scale at 99, 0.75 dB per unit
/// down to 20, the output-level table's larger steps below (scaleOutputLevel), silent at 0.
float levelCounts(float level) noexcept;
/// Feedback 0 … 7 → peak phase deviation in radians that the feedback operator feeds back to
/// itself at level 99: 0.18 rad per step (1.26 rad at 7), proportional to the operator's level
/// in level units (hexter's calibration; see the README for how msfa differs).
float feedbackRadians(int feedback) noexcept;
/// Gain of a total level in counts (0 below the floor).
float countsToGain(float counts) noexcept;

/// Ratio-mode frequency multiplier: coarse 0 → 0.5, else coarse; times 1 + fine/100.
float ratioMultiplier(int coarse, int fine) noexcept;
/// Fixed-mode frequency in Hz: 10^(coarse mod 4) · 10^(fine/100) (1 Hz … 9772 Hz).
float fixedFrequency(int coarse, int fine) noexcept;
/// Detune −7 … +7 steps (parameter 0 … 14) of a ratio-mode operator, in cents, for a key of
/// keyHz (the key's frequency, whatever the operator's ratio): 1.2 cents a step at middle C,
/// 0.97 at A4, 2.0 at C2 (measured on a DX7, msfa).
float detuneCents(int detune, float keyHz) noexcept;
/// Detune of a fixed-frequency operator in cents: 0.96 a step upwards, none downwards (msfa).
float fixedDetuneCents(int detune) noexcept;

/// LFO speed 0 … 99 → Hz: 0.0625 Hz at 0, 7.89 at 50, 47.2 at 99 (measured, interpolated).
float lfoFrequency(int speed) noexcept;
/// LFO delay 0 … 99 → seconds from the first key until the LFO starts to fade in (0 at 0,
/// 0.33 s at 50, 2.9 s at 99; measured).
float lfoDelaySeconds(int delay) noexcept;
/// LFO delay 0 … 99 → seconds from the first key until the LFO is at full depth (0 at delay 0,
/// 1.17 s at 50, 3.5 s at 99; measured).
float lfoFullDepthSeconds(int delay) noexcept;
/// Pitch-mod sensitivity 0 … 7 → largest deviation in semitones at PMD 99 (12 at 7).
float pitchModSemitones(int sensitivity) noexcept;
/// Amplitude-mod sensitivity 0 … 3 → largest attenuation in counts at AMD 99 (42 dB at 3).
float ampModCounts(int sensitivity) noexcept;
/// Pitch EG level 0 … 99 → octaves: (L − 50)/32 from 17 to 85, then the measured steeper steps
/// out to −4 octaves at 0 and +3.97 at 99.
float pitchEgOctaves(int level) noexcept;
/// Pitch EG rate 0 … 99 → octaves per second, 8·exp((rate − 70.34)/25.58) (a regression of
/// measured DX7 timings; 0.51 at rate 0, 7.9 at 70, 24.5 at 99).
float pitchEgOctavesPerSecond(int rate) noexcept;

} // namespace latentrack::core::fm
