#include "core/fm/SysEx.h"

#include <algorithm>
#include <stdexcept>

#include "core/io/AtomicFile.h"

namespace latentrack::core::fm {

namespace {

constexpr std::uint8_t kSysExStart = 0xF0;
constexpr std::uint8_t kSysExEnd = 0xF7;
constexpr std::uint8_t kYamaha = 0x43;
constexpr int kHeaderBytes = 6;
constexpr int kCartridgeDataBytes = kCartridgeVoices * kPackedVoiceBytes; // 4096

std::string hex(std::uint8_t b) {
    static const char* digits = "0123456789ABCDEF";
    return std::string("0x") + digits[b >> 4] + digits[b & 15];
}

void checkChannel(int channel) {
    if (channel < 1 || channel > 16)
        throw std::invalid_argument("MIDI channel " + std::to_string(channel) +
                                    " is outside 1 … 16");
}

/// Names voice `voice` in the repairs recorded since `first`.
void tagRepairs(DxBank& bank, std::size_t first, std::size_t voice) {
    for (std::size_t r = first; r < bank.repairs.size(); ++r)
        bank.repairs[r].voice = static_cast<int>(voice);
}

/// Parses one SysEx message starting at `start` (bytes[start] == F0); returns its length.
std::size_t parseMessage(std::span<const std::uint8_t> bytes, std::size_t start, DxBank& bank,
                         int& dxMessages) {
    const long base = static_cast<long>(start);
    std::size_t end = start + 1;
    while (end < bytes.size() && bytes[end] != kSysExEnd) {
        if (bytes[end] & 0x80)
            throw SysExError(static_cast<long>(end),
                             "status byte " + hex(bytes[end]) + " inside a SysEx message");
        ++end;
    }
    if (end >= bytes.size())
        throw SysExError(base, "SysEx message is truncated (no F7 end byte)");
    const std::size_t length = end - start + 1;
    if (length < 4 || bytes[start + 1] != kYamaha)
        return length; // not Yamaha: skip
    if ((bytes[start + 2] & 0x70) != 0)
        return length; // parameter change or other sub-status, not a bulk dump
    if (length < static_cast<std::size_t>(kHeaderBytes) + 2)
        throw SysExError(base, "Yamaha SysEx message of " + std::to_string(length) +
                                   " bytes is too short for a voice dump");
    const std::uint8_t format = bytes[start + 3];
    const int count = bytes[start + 4] << 7 | bytes[start + 5];
    const auto data = bytes.subspan(start + kHeaderBytes, length - kHeaderBytes - 2);
    const std::uint8_t checksum = bytes[end - 1];
    if (format == 0x09 || format == 0x00) {
        const int expected = format == 0x09 ? kCartridgeDataBytes : kVoiceParams;
        if (count != expected)
            throw SysExError(base + 4, std::string(format == 0x09 ? "cartridge" : "single-voice") +
                                           " header announces " + std::to_string(count) +
                                           " bytes, expected " + std::to_string(expected));
        if (static_cast<int>(data.size()) != expected)
            throw SysExError(base, std::string(format == 0x09 ? "cartridge" : "single-voice") +
                                       " message has " + std::to_string(data.size()) +
                                       " data bytes, expected " + std::to_string(expected) +
                                       " (a DX7 Mark I dump)");
        const std::uint8_t want = dxChecksum(data);
        if (checksum != want)
            throw SysExError(static_cast<long>(end - 1),
                             "checksum is " + hex(checksum) + ", data sums to " + hex(want));
        const long dataBase = base + kHeaderBytes;
        if (format == 0x09) {
            for (int v = 0; v < kCartridgeVoices; ++v) {
                const auto packed = data.subspan(static_cast<std::size_t>(v) * kPackedVoiceBytes)
                                        .first<kPackedVoiceBytes>();
                const std::size_t first = bank.repairs.size();
                bank.voices.push_back(
                    unpackVoice(packed, dataBase + v * kPackedVoiceBytes, &bank.repairs));
                tagRepairs(bank, first, bank.voices.size() - 1);
            }
            bank.format = BankFormat::Cartridge;
        } else {
            DxVoice voice;
            std::copy(data.begin(), data.end(), voice.params.begin());
            const std::size_t first = bank.repairs.size();
            repairVoice(voice, dataBase, &bank.repairs);
            bank.voices.push_back(voice);
            tagRepairs(bank, first, bank.voices.size() - 1);
            if (dxMessages == 0)
                bank.format = BankFormat::SingleVoice;
        }
        ++dxMessages;
        return length;
    }
    return length; // other Yamaha dump formats (e.g. supplement data): skip
}

} // namespace

std::uint8_t dxChecksum(std::span<const std::uint8_t> data) noexcept {
    unsigned sum = 0;
    for (auto b : data)
        sum += b;
    return static_cast<std::uint8_t>((0u - sum) & 0x7F);
}

const char* formatName(BankFormat format) noexcept {
    switch (format) {
    case BankFormat::Cartridge:
        return "32-voice cartridge";
    case BankFormat::SingleVoice:
        return "single voice";
    case BankFormat::RawPacked:
        return "raw packed bank";
    }
    return "?";
}

std::vector<std::uint8_t> cartridgeSysEx(std::span<const DxVoice> voices, int channel) {
    checkChannel(channel);
    if (voices.size() > static_cast<std::size_t>(kCartridgeVoices))
        throw std::invalid_argument("a cartridge holds 32 voices, not " +
                                    std::to_string(voices.size()));
    std::vector<std::uint8_t> out{kSysExStart, kYamaha, static_cast<std::uint8_t>(channel - 1),
                                  0x09,        0x20,    0x00};
    const DxVoice init = DxVoice::initVoice();
    for (int v = 0; v < kCartridgeVoices; ++v) {
        const DxVoice& voice =
            v < static_cast<int>(voices.size()) ? voices[static_cast<std::size_t>(v)] : init;
        validateVoice(voice);
        const PackedVoice packed = packVoice(voice);
        out.insert(out.end(), packed.begin(), packed.end());
    }
    out.push_back(dxChecksum(std::span(out).subspan(kHeaderBytes)));
    out.push_back(kSysExEnd);
    return out;
}

std::vector<std::uint8_t> singleVoiceSysEx(const DxVoice& voice, int channel) {
    checkChannel(channel);
    validateVoice(voice);
    std::vector<std::uint8_t> out{kSysExStart, kYamaha, static_cast<std::uint8_t>(channel - 1),
                                  0x00,        0x01,    0x1B};
    out.insert(out.end(), voice.params.begin(), voice.params.end());
    out.push_back(dxChecksum(std::span(out).subspan(kHeaderBytes)));
    out.push_back(kSysExEnd);
    return out;
}

DxBank parseBank(std::span<const std::uint8_t> bytes) {
    DxBank bank;
    if (bytes.empty())
        throw SysExError(-1, "the data is empty");
    if (bytes[0] != kSysExStart) {
        if (bytes.size() % kPackedVoiceBytes != 0)
            throw SysExError(-1, "not a SysEx message (first byte " + hex(bytes[0]) + ") and " +
                                     std::to_string(bytes.size()) +
                                     " bytes is not a whole number of 128-byte packed voices");
        for (std::size_t v = 0; v < bytes.size() / kPackedVoiceBytes; ++v) {
            const std::size_t first = bank.repairs.size();
            bank.voices.push_back(
                unpackVoice(bytes.subspan(v * kPackedVoiceBytes).first<kPackedVoiceBytes>(),
                            static_cast<long>(v * kPackedVoiceBytes), &bank.repairs));
            tagRepairs(bank, first, v);
        }
        bank.format = BankFormat::RawPacked;
        return bank;
    }
    int dxMessages = 0;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        if (bytes[pos] != kSysExStart)
            throw SysExError(static_cast<long>(pos),
                             "expected F0 (start of SysEx), found " + hex(bytes[pos]));
        pos += parseMessage(bytes, pos, bank, dxMessages);
    }
    if (dxMessages == 0)
        throw SysExError(-1, "no DX7 voice or cartridge dump in the data");
    return bank;
}

std::string describeRepairs(const DxBank& bank, std::size_t listed) {
    const auto& r = bank.repairs;
    if (r.empty())
        return {};
    std::string text = std::to_string(r.size()) +
                       (r.size() == 1 ? " value was out of range or had stray bits and was"
                                      : " values were out of range or had stray bits and were") +
                       " masked or clamped: ";
    for (std::size_t i = 0; i < std::min(listed, r.size()); ++i) {
        if (i > 0)
            text += ", ";
        text += "voice " + std::to_string(r[i].voice + 1) + " " + r[i].parameter + " " +
                std::to_string(r[i].found) + " → " + std::to_string(r[i].loaded) + " (byte " +
                std::to_string(r[i].byteOffset) + ")";
    }
    if (r.size() > listed)
        text += ", …";
    return text;
}

DxBank loadBankFile(const std::filesystem::path& path) {
    const std::string text = io::readFile(path);
    try {
        return parseBank(
            std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    } catch (const SysExError& e) {
        throw SysExError(path.string(), e);
    }
}

namespace {
void writeBytes(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
    io::writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}
} // namespace

void saveCartridgeFile(const std::filesystem::path& path, std::span<const DxVoice> voices) {
    writeBytes(path, cartridgeSysEx(voices));
}

void saveSingleVoiceFile(const std::filesystem::path& path, const DxVoice& voice) {
    writeBytes(path, singleVoiceSysEx(voice));
}

std::vector<std::filesystem::path> findHexterBanks() {
    std::vector<std::filesystem::path> banks;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/share/hexter", ec))
        if (entry.path().extension() == ".dx7")
            banks.push_back(entry.path());
    std::sort(banks.begin(), banks.end());
    return banks;
}

} // namespace latentrack::core::fm
