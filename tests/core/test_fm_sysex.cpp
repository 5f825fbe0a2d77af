// DX7 voice formats: packed ⇄ unpacked on the 432 hexter voices, cartridge and single-voice
// SysEx export and import, and clear errors for malformed data.

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "core/fm/DxPacking.h"
#include "core/fm/SysEx.h"

using namespace latentrack::core::fm;

namespace {

std::vector<std::uint8_t> readBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::uint8_t> validCartridge() {
    const auto bank = loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    return cartridgeSysEx(std::span(bank.voices).first(32));
}

long errorOffset(const std::vector<std::uint8_t>& bytes) {
    try {
        parseBank(bytes);
    } catch (const SysExError& e) {
        return e.byteOffset();
    }
    return -2;
}

} // namespace

TEST(FmSysEx, HexterBanksHold432VoicesThatRoundTripByteForByte) {
    const auto banks = findHexterBanks();
    ASSERT_EQ(banks.size(), 5u) << "hexter is not installed";
    int voices = 0;
    for (const auto& path : banks) {
        const auto bytes = readBytes(path);
        const auto bank = parseBank(bytes);
        EXPECT_EQ(bank.format, BankFormat::RawPacked);
        for (std::size_t v = 0; v < bank.voices.size(); ++v) {
            const PackedVoice packed = packVoice(bank.voices[v]);
            ASSERT_TRUE(std::equal(packed.begin(), packed.end(),
                                   bytes.begin() + static_cast<long>(v * 128)))
                << path << " voice " << v + 1 << " \"" << bank.voices[v].name() << "\"";
            EXPECT_NO_THROW(validateVoice(bank.voices[v]));
            ++voices;
        }
    }
    EXPECT_EQ(voices, 432);
    const auto rom = loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    EXPECT_EQ(rom.voices[0].name(), "BRASS   1");
    EXPECT_EQ(rom.voices[10].name(), "E.PIANO 1");
}

TEST(FmSysEx, ExportedCartridgeLoadsBackIdentically) {
    const auto rom = loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    const auto first32 = std::span(rom.voices).subspan(32, 32);
    const auto dir = std::filesystem::temp_directory_path() / "latentrack-fm-test";
    std::filesystem::create_directories(dir);
    saveCartridgeFile(dir / "cart.syx", first32);
    const auto bytes = readBytes(dir / "cart.syx");
    ASSERT_EQ(bytes.size(), static_cast<std::size_t>(kCartridgeSysExBytes));
    EXPECT_EQ(bytes[0], 0xF0);
    EXPECT_EQ(bytes[1], 0x43);
    EXPECT_EQ(bytes[3], 0x09);
    EXPECT_EQ(bytes[4], 0x20);
    EXPECT_EQ(bytes[5], 0x00);
    EXPECT_EQ(bytes.back(), 0xF7);
    unsigned sum = 0;
    for (std::size_t i = 6; i < 4103; ++i)
        sum += bytes[i];
    EXPECT_EQ(sum % 128, 0u) << "data + checksum must sum to 0 mod 128";
    const auto back = loadBankFile(dir / "cart.syx");
    EXPECT_EQ(back.format, BankFormat::Cartridge);
    ASSERT_EQ(back.voices.size(), 32u);
    for (std::size_t i = 0; i < 32; ++i)
        EXPECT_EQ(back.voices[i], first32[i]) << i;
    // A second export of what was loaded is the same file, byte for byte.
    saveCartridgeFile(dir / "cart2.syx", back.voices);
    EXPECT_EQ(readBytes(dir / "cart2.syx"), bytes);
}

TEST(FmSysEx, SingleVoiceDumpRoundTrips) {
    const auto rom = loadBankFile("/usr/share/hexter/tx7_roms.dx7");
    const auto msg = singleVoiceSysEx(rom.voices[5], 3);
    ASSERT_EQ(msg.size(), static_cast<std::size_t>(kSingleVoiceSysExBytes));
    EXPECT_EQ(msg[2], 2) << "channel 3 is sent as n = 2";
    const auto back = parseBank(msg);
    EXPECT_EQ(back.format, BankFormat::SingleVoice);
    ASSERT_EQ(back.voices.size(), 1u);
    EXPECT_EQ(back.voices[0], rom.voices[5]);
    // Two single voices back to back (how many librarians save them) give two voices.
    auto two = msg;
    const auto other = singleVoiceSysEx(rom.voices[6]);
    two.insert(two.end(), other.begin(), other.end());
    EXPECT_EQ(parseBank(two).voices.size(), 2u);
}

TEST(FmSysEx, ErrorsNameTheByteAndTheProblem) {
    const auto good = validCartridge();
    auto bad = good;
    bad[4102] ^= 0x01; // checksum
    EXPECT_EQ(errorOffset(bad), 4102);
    try {
        parseBank(bad);
    } catch (const SysExError& e) {
        EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
    }

    bad = good;
    bad.resize(2000); // truncated: no F7
    EXPECT_EQ(errorOffset(bad), 0);

    bad = good;
    bad.erase(bad.begin() + 100); // one data byte short, F7 still there
    EXPECT_EQ(errorOffset(bad), 0);

    bad = good;
    bad[4] = 0x10; // header announces the wrong byte count
    EXPECT_EQ(errorOffset(bad), 4);

    // An out-of-range value (operator 6 output level 120) with a fixed checksum.
    bad = good;
    bad[6 + 14] = 120;
    bad[4102] = dxChecksum(std::span(bad).subspan(6, 4096));
    EXPECT_EQ(errorOffset(bad), 20);
    try {
        parseBank(bad);
    } catch (const SysExError& e) {
        EXPECT_NE(std::string(e.what()).find("output level"), std::string::npos) << e.what();
    }

    bad = good;
    bad[50] = 0x90; // a status byte inside the message
    EXPECT_EQ(errorOffset(bad), 50);

    EXPECT_EQ(errorOffset({}), -1);
    EXPECT_EQ(errorOffset(std::vector<std::uint8_t>(200, 0)), -1) << "not a multiple of 128";
    std::vector<std::uint8_t> raw(128, 0);
    raw[110] = 40; // algorithm 41
    EXPECT_EQ(errorOffset(raw), 110);
    EXPECT_EQ(errorOffset({0xF0, 0x7E, 0x00, 0x06, 0x01, 0xF7}), -1) << "no DX7 dump in it";
    EXPECT_THROW(loadBankFile("/nonexistent/bank.syx"), std::exception);
}

TEST(FmSysEx, ExportRefusesOutOfRangeVoices) {
    DxVoice v = DxVoice::initVoice();
    v.params[134] = 40;
    EXPECT_THROW(singleVoiceSysEx(v), SysExError);
    EXPECT_THROW(cartridgeSysEx(std::vector<DxVoice>(33)), std::invalid_argument);
    EXPECT_THROW(singleVoiceSysEx(DxVoice::initVoice(), 17), std::invalid_argument);
}
