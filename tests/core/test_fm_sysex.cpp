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

    bad = good;
    bad[50] = 0x90; // a status byte inside the message
    EXPECT_EQ(errorOffset(bad), 50);

    EXPECT_EQ(errorOffset({}), -1);
    EXPECT_EQ(errorOffset(std::vector<std::uint8_t>(200, 0)), -1) << "not a multiple of 128";
    std::vector<std::uint8_t> raw(128, 0);
    raw[110] = 0x85; // not 7-bit data in a raw packed bank
    EXPECT_EQ(errorOffset(raw), 110);
    EXPECT_EQ(errorOffset({0xF0, 0x7E, 0x00, 0x06, 0x01, 0xF7}), -1) << "no DX7 dump in it";
    EXPECT_THROW(loadBankFile("/nonexistent/bank.syx"), std::exception);
}

// Cartridges dumped from real instruments and editors hold values above a field's range and
// stray bits in packed bytes; the loader masks and clamps them (as the DX7 and hexter do) and
// says what it changed. Built byte by byte on the first ROM cartridge; checksums are fixed.
TEST(FmSysEx, DirtyCartridgesLoadWithAReportOfWhatWasClamped) {
    const auto good = validCartridge();
    const auto clean = parseBank(good);
    EXPECT_TRUE(clean.repairs.empty());
    EXPECT_EQ(describeRepairs(clean), "");

    auto dirty = good;
    const std::size_t voice3 = 6 + 2 * 128;               // data start + voice 3
    dirty[voice3 + 0] = 127;                              // operator 6 R1 127
    dirty[voice3 + 17 + 12] = (15 << 3) | 2;              // operator 5 detune 15, rate scaling 2
    dirty[voice3 + 102 + 9] = dirty[voice3 + 111] | 0x70; // stray bits over feedback/key sync
    dirty[voice3 + 102 + 14] = (dirty[voice3 + 116] & 0x71) | (7 << 1); // LFO wave 7
    dirty[voice3 + 118] = 0x07; // a control code in the name
    dirty[4102] = dxChecksum(std::span(dirty).subspan(6, 4096));

    const DxBank bank = parseBank(dirty);
    ASSERT_EQ(bank.voices.size(), 32u);
    const DxVoice& v = bank.voices[2];
    EXPECT_EQ(v.op(6, OpParam::Rate1), 99);
    EXPECT_EQ(v.op(5, OpParam::Detune), 14);
    EXPECT_EQ(v.op(5, OpParam::RateScaling), 2);
    EXPECT_EQ(v.get(VoiceParam::Feedback), clean.voices[2].get(VoiceParam::Feedback));
    EXPECT_EQ(v.get(VoiceParam::OscKeySync), clean.voices[2].get(VoiceParam::OscKeySync));
    EXPECT_EQ(v.get(VoiceParam::LfoWave), 5);
    EXPECT_EQ(v.params[static_cast<std::size_t>(VoiceParam::Name)], ' ');
    EXPECT_NO_THROW(validateVoice(v));
    for (std::size_t i = 0; i < 32; ++i) {
        if (i != 2) {
            EXPECT_EQ(bank.voices[i], clean.voices[i]);
        }
    }

    ASSERT_EQ(bank.repairs.size(), 5u);
    EXPECT_EQ(bank.repairs[0].voice, 2);
    EXPECT_EQ(bank.repairs[0].byteOffset, static_cast<long>(voice3));
    EXPECT_EQ(bank.repairs[0].found, 127);
    EXPECT_EQ(bank.repairs[0].loaded, 99);
    EXPECT_EQ(bank.repairs[1].byteOffset, static_cast<long>(voice3 + 29));
    EXPECT_EQ(bank.repairs[1].found, 15);
    EXPECT_EQ(bank.repairs[1].loaded, 14);
    EXPECT_NE(bank.repairs[2].parameter.find("feedback"), std::string::npos);
    EXPECT_NE(bank.repairs[3].parameter.find("LFO wave"), std::string::npos);
    EXPECT_NE(bank.repairs[4].parameter.find("name"), std::string::npos);
    const std::string report = describeRepairs(bank, 2);
    EXPECT_NE(report.find("5 values"), std::string::npos) << report;
    EXPECT_NE(report.find("voice 3 operator 6 R1 127 → 99 (byte " + std::to_string(voice3) + ")"),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("…"), std::string::npos) << report;

    // The same voice as a raw packed bank and as a single-voice dump (155 unpacked bytes).
    std::vector<std::uint8_t> raw(dirty.begin() + static_cast<long>(voice3),
                                  dirty.begin() + static_cast<long>(voice3 + 128));
    EXPECT_EQ(parseBank(raw).voices[0], v);
    EXPECT_EQ(parseBank(raw).repairs.size(), 5u);
    auto single = singleVoiceSysEx(clean.voices[2]);
    single[6 + 0] = 127;  // operator 6 R1
    single[6 + 134] = 40; // algorithm 41
    single[161] = dxChecksum(std::span(single).subspan(6, 155));
    const DxBank one = parseBank(single);
    EXPECT_EQ(one.voices[0].op(6, OpParam::Rate1), 99);
    EXPECT_EQ(one.voices[0].get(VoiceParam::Algorithm), 31);
    EXPECT_EQ(one.repairs.size(), 2u);

    // What is structurally wrong is still refused, with the byte named.
    auto broken = dirty;
    broken[4102] ^= 0x01;
    EXPECT_EQ(errorOffset(broken), 4102);
}

TEST(FmSysEx, ExportRefusesOutOfRangeVoices) {
    DxVoice v = DxVoice::initVoice();
    v.params[134] = 40;
    EXPECT_THROW(singleVoiceSysEx(v), SysExError);
    EXPECT_THROW(cartridgeSysEx(std::vector<DxVoice>(33)), std::invalid_argument);
    EXPECT_THROW(singleVoiceSysEx(DxVoice::initVoice(), 17), std::invalid_argument);
}
