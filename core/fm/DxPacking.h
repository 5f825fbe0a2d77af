#pragma once
// DX7 packed voice format (128 bytes, as in 32-voice cartridges and hexter's .dx7 banks) and
// its conversion to and from the 155-parameter unpacked form. Layout per MODELS.md and the
// DX7 owner's manual ("Voice data, VMEM"): 17 bytes per operator (operator 6 first), with bit
// fields in bytes 11 (curves), 12 (rate scaling | detune << 3), 13 (AMS | KVS << 2) and 15
// (mode | coarse << 1); bytes 102 … 117 voice-wide, 118 … 127 name.
//
// Thread: any. Errors: SysExError naming the byte offset and the problem.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/fm/DxVoice.h"

namespace latentrack::core::fm {

inline constexpr int kPackedVoiceBytes = 128;
using PackedVoice = std::array<std::uint8_t, kPackedVoiceBytes>;

/// A malformed DX7 voice, bank or SysEx message. byteOffset() is the offset of the offending
/// byte from the start of the data given to the parser (the file), or −1 when not one byte.
class SysExError : public std::runtime_error {
public:
    SysExError(long byteOffset, const std::string& problem);
    /// The same error with `context` (e.g. the file name) in front of its message.
    SysExError(const std::string& context, const SysExError& inner);
    long byteOffset() const noexcept { return m_offset; }

private:
    long m_offset;
};

/// One value a loader changed to make a voice legal: a field above its documented range
/// (clamped, e.g. a rate of 127 → 99), unused bits set in a packed byte (masked off), or a
/// control code in the name (→ space). Real cartridges dumped from instruments and editors
/// hold such bytes; the DX7 and hexter play them the same way.
struct ValueRepair {
    long byteOffset = -1;  ///< the byte in the file
    int voice = -1;        ///< 0-based voice in the bank (set by parseBank)
    std::string parameter; ///< e.g. "operator 2 R1", "feedback/key-sync byte"
    int found = 0;         ///< the value (or byte) as stored
    int loaded = 0;        ///< the value used
};

/// Packs a voice. Values are masked to their bit fields; call validateVoice() first to refuse
/// out-of-range values instead.
PackedVoice packVoice(const DxVoice& voice) noexcept;

/// Unpacks 128 bytes; `baseOffset` is where they start in the file (for messages). Each packed
/// field is masked to its bits and clamped to its range; every change is appended to `repairs`
/// (when given). Throws SysExError only for a byte with its top bit set (not MIDI data).
DxVoice unpackVoice(std::span<const std::uint8_t, kPackedVoiceBytes> packed, long baseOffset = 0,
                    std::vector<ValueRepair>* repairs = nullptr);

/// Clamps every parameter of an unpacked voice (a single-voice dump's 155 bytes) to its range
/// and replaces control codes in the name by spaces, appending each change to `repairs`;
/// `baseOffset` is the offset of parameter 0 in the file.
void repairVoice(DxVoice& voice, long baseOffset, std::vector<ValueRepair>* repairs);

/// Throws SysExError (offset baseOffset + parameter index) for the first parameter outside its
/// range (paramMax()) or a name character outside 32 … 127.
void validateVoice(const DxVoice& voice, long baseOffset = 0);

} // namespace latentrack::core::fm
