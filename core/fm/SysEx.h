#pragma once
// DX7 System Exclusive messages and bank files (MODELS.md "DX7 voice format"):
// - 32-voice cartridge (bulk dump): F0 43 0n 09 20 00, 4096 packed bytes, checksum, F7
//   (4104 bytes); checksum = (−sum of the 4096 data bytes) & 0x7F;
// - single voice: F0 43 0n 00 01 1B, 155 unpacked bytes, checksum, F7 (163 bytes);
// - raw packed banks: any whole number of 128-byte voices with no header (hexter's .dx7).
// n is the MIDI channel − 1 (0 … 15).
//
// Thread: any non-realtime thread. Errors: SysExError naming the byte and the problem; a
// file that fails to parse changes nothing.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/fm/DxPacking.h"
#include "core/fm/DxVoice.h"

namespace latentrack::core::fm {

inline constexpr int kCartridgeVoices = 32;
inline constexpr int kCartridgeSysExBytes = 4104;
inline constexpr int kSingleVoiceSysExBytes = 163;

/// 7-bit checksum of DX7 SysEx data: the value that makes the data's sum 0 modulo 128.
std::uint8_t dxChecksum(std::span<const std::uint8_t> data) noexcept;

/// A 4104-byte cartridge message. Fewer than 32 voices are padded with INIT VOICE; more than
/// 32 throw std::invalid_argument, as does a channel outside 1 … 16. Voices are validated.
std::vector<std::uint8_t> cartridgeSysEx(std::span<const DxVoice> voices, int channel = 1);
/// A 163-byte single-voice message. Throws as cartridgeSysEx.
std::vector<std::uint8_t> singleVoiceSysEx(const DxVoice& voice, int channel = 1);

enum class BankFormat { Cartridge, SingleVoice, RawPacked };
const char* formatName(BankFormat format) noexcept;

struct DxBank {
    std::vector<DxVoice> voices;
    BankFormat format = BankFormat::RawPacked;
    /// Values that were out of range or had stray bits, in file order, and what was loaded.
    std::vector<ValueRepair> repairs;
};

/// One line for the status bar or the CLI: "" when nothing was changed, else e.g.
/// "3 values out of range were clamped: voice 5 operator 2 R1 127 → 99 (byte 1234), …"
/// listing the first `listed` of them.
std::string describeRepairs(const DxBank& bank, std::size_t listed = 3);

/// Parses DX7 data: one or more cartridge and single-voice messages back to back (other
/// SysEx messages, e.g. from a synth's full dump, are skipped), or a raw packed bank. Values
/// out of range and stray bits are masked and clamped (bank.repairs says which). Throws
/// SysExError on what is structurally wrong: sizes, headers, checksums, a missing F7, a status
/// byte inside a message.
DxBank parseBank(std::span<const std::uint8_t> bytes);

/// Reads and parses a file (.syx, .dx7 …). Throws SysExError (with the path in the message)
/// and io::FileError.
DxBank loadBankFile(const std::filesystem::path& path);

/// Writes a cartridge (.syx) atomically. Throws io::FileError, std::invalid_argument.
void saveCartridgeFile(const std::filesystem::path& path, std::span<const DxVoice> voices);
/// Writes one single-voice message (.syx) atomically.
void saveSingleVoiceFile(const std::filesystem::path& path, const DxVoice& voice);

/// hexter's factory banks (/usr/share/hexter/*.dx7), sorted by name; empty when not installed.
std::vector<std::filesystem::path> findHexterBanks();

} // namespace latentrack::core::fm
