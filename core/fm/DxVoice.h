#pragma once
// One DX7 voice in its unpacked form: the 155 parameters of the DX7's single-voice SysEx dump
// (Yamaha DX7 owner's manual, "Voice data, VCED"), operator 6 first, 21 parameters per
// operator, then the 18 voice-wide parameters and 10 name characters. MODELS.md lists them.
//
// Plain value type: trivially copyable, no allocation, safe to copy into a realtime command.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace latentrack::core::fm {

inline constexpr int kNumOperators = 6;
inline constexpr int kOperatorParams = 21;
inline constexpr int kVoiceParams = 155;
inline constexpr int kNameLength = 10;

/// Offsets inside one operator's 21-parameter block.
enum class OpParam : std::uint8_t {
    Rate1,
    Rate2,
    Rate3,
    Rate4,
    Level1,
    Level2,
    Level3,
    Level4,
    BreakPoint,   ///< 0 … 99, 0 = A−1, 39 = C3 (MIDI 60)
    LeftDepth,    ///< 0 … 99
    RightDepth,   ///< 0 … 99
    LeftCurve,    ///< 0 −LIN, 1 −EXP, 2 +EXP, 3 +LIN
    RightCurve,   ///< as LeftCurve
    RateScaling,  ///< 0 … 7
    AmpModSens,   ///< 0 … 3
    VelocitySens, ///< 0 … 7
    OutputLevel,  ///< 0 … 99
    Mode,         ///< 0 ratio, 1 fixed frequency
    Coarse,       ///< 0 … 31
    Fine,         ///< 0 … 99
    Detune,       ///< 0 … 14, 7 = centre
};

/// Offsets of the voice-wide parameters (absolute indices 126 … 154).
enum class VoiceParam : std::uint8_t {
    PitchRate1 = 126,
    PitchRate2,
    PitchRate3,
    PitchRate4,
    PitchLevel1, ///< 0 … 99, 50 = no shift
    PitchLevel2,
    PitchLevel3,
    PitchLevel4,
    Algorithm,  ///< 0 … 31 (algorithm 1 … 32)
    Feedback,   ///< 0 … 7
    OscKeySync, ///< 0 … 1
    LfoSpeed,   ///< 0 … 99
    LfoDelay,   ///< 0 … 99
    LfoPitchModDepth,
    LfoAmpModDepth,
    LfoKeySync,   ///< 0 … 1
    LfoWave,      ///< 0 triangle, 1 saw down, 2 saw up, 3 square, 4 sine, 5 sample & hold
    PitchModSens, ///< 0 … 7
    Transpose,    ///< 0 … 48, 24 = C3 (no transposition)
    Name,         ///< first of 10 ASCII characters (32 … 127)
};

/// Largest legal value of each of the 155 parameters (names: 32 … 127, checked separately).
int paramMax(int index) noexcept;
/// Short English name of a parameter, e.g. "OP3 R1", "ALGORITHM", "NAME 4".
std::string paramName(int index);

struct DxVoice {
    std::array<std::uint8_t, kVoiceParams> params{};

    /// Operators are numbered 1 … 6 as on the DX7 panel.
    static constexpr int opOffset(int op) noexcept {
        return (kNumOperators - op) * kOperatorParams;
    }
    std::uint8_t op(int op, OpParam p) const noexcept {
        return params[static_cast<std::size_t>(opOffset(op) + static_cast<int>(p))];
    }
    void setOp(int op, OpParam p, int v) noexcept {
        params[static_cast<std::size_t>(opOffset(op) + static_cast<int>(p))] =
            static_cast<std::uint8_t>(v);
    }
    std::uint8_t get(VoiceParam p) const noexcept { return params[static_cast<std::size_t>(p)]; }
    void set(VoiceParam p, int v) noexcept {
        params[static_cast<std::size_t>(p)] = static_cast<std::uint8_t>(v);
    }

    /// The 10-character name with trailing spaces removed.
    std::string name() const;
    /// Sets the name, padded with spaces; characters outside 32 … 126 become '?'.
    void setName(std::string_view name) noexcept;

    /// The DX7's "INIT VOICE": algorithm 1, operator 1 only at output level 99, all EG rates
    /// 99, levels 99/99/99/0, ratio 1.00, pitch EG flat at 50, transpose C3.
    static DxVoice initVoice() noexcept;

    friend bool operator==(const DxVoice&, const DxVoice&) = default;
};

} // namespace latentrack::core::fm
