// MIDI through JACK's dummy backend (the server is started by the fixture): notes and
// controllers sent by another JACK client reach the engine through MidiInput; a mapped
// controller moves its parameter; MidiOutput sends a DX7 voice as SysEx that another client
// receives byte for byte.

#include <chrono>
#include <span>
#include <thread>

#include <gtest/gtest.h>
#include <rtmidi/RtMidi.h>

#include "EngineTestUtil.h"
#include "JackServer.h"
#include "core/control/EngineParameters.h"
#include "core/control/MidiInput.h"
#include "core/control/MidiOutput.h"
#include "core/engine/FmInstrument.h"
#include "core/fm/SysEx.h"

using namespace latentrack;
using namespace latentrack::core::control;
using namespace std::chrono_literals;

namespace {
int findPort(RtMidi& midi, const std::string& part) {
    for (unsigned i = 0; i < midi.getPortCount(); ++i)
        if (midi.getPortName(i).find(part) != std::string::npos)
            return static_cast<int>(i);
    return -1;
}

/// A JACK server, a receiving client "dexed" (SysEx on) and LatentRack's MIDI output
/// connected to it.
struct SysExLink {
    test::JackServer jack{48000, 1024};
    RtMidiIn dexed{RtMidi::UNIX_JACK, "dexed", 4096};
    MidiOutput out;

    /// False when the server or the connection is missing.
    bool open() {
        if (!jack.running())
            return false;
        dexed.ignoreTypes(false, true, true);
        dexed.openVirtualPort("in");
        const auto destinations = MidiOutput::destinations(MidiInput::Api::Jack);
        for (std::size_t i = 0; i < destinations.size(); ++i)
            if (destinations[i].find("dexed") != std::string::npos) {
                out.open(static_cast<int>(i), MidiInput::Api::Jack, "LatentRackOut");
                std::this_thread::sleep_for(200ms);
                return true;
            }
        return false;
    }

    /// The first message the receiver gets within `tries` × 10 ms (empty if none).
    std::vector<unsigned char> receive(int tries) {
        std::vector<unsigned char> got;
        for (int i = 0; i < tries && got.empty(); ++i) {
            std::this_thread::sleep_for(10ms);
            dexed.getMessage(&got);
        }
        return got;
    }
};
} // namespace

TEST(MidiJack, NotesAndMappedControllersReachTheEngine) {
    test::JackServer jack(48000, 1024);
    ASSERT_TRUE(jack.running()) << jack.log();
    core::engine::Engine engine;
    auto& fm = engine.add<core::engine::FmInstrument>();
    engine.prepare(48000.0, 256);
    auto& midiPort = engine.openPort();
    ParameterRegistry registry;
    registerEngineParameters(registry, engine, midiPort);
    MidiInput input(midiPort, registry);
    input.open(std::nullopt, MidiInput::Api::Jack, "LatentRackTest", "midi_in");
    input.setMappings({{"transport.bpm", 0, 20, false, 0.0f, 1.0f, false}});

    RtMidiOut keyboard(RtMidi::UNIX_JACK, "keyboard");
    const int port = findPort(keyboard, "LatentRackTest");
    ASSERT_GE(port, 0);
    keyboard.openPort(static_cast<unsigned>(port), "out");
    std::this_thread::sleep_for(200ms);
    const std::vector<unsigned char> noteOn{0x90, 64, 110};
    const std::vector<unsigned char> cc{0xB0, 20, 127};
    keyboard.sendMessage(&noteOn);
    keyboard.sendMessage(&cc);
    // Wait for JACK to deliver, while the engine renders.
    float peak = 0.0f;
    for (int i = 0; i < 100 && (peak < 0.01f || engine.bpm.load() < 299.0); ++i) {
        std::this_thread::sleep_for(10ms);
        peak = std::max(peak, test::renderPeak(engine, 1));
    }
    EXPECT_GT(peak, 0.01f) << "the note played the FM engine";
    EXPECT_EQ(fm.activeVoices(), 1);
    EXPECT_NEAR(engine.bpm.load(), 300.0, 1e-6) << "CC 20 moved the tempo";
    input.close();
}

TEST(MidiJack, VoiceSysExGoesOutByteForByte) {
    SysExLink link;
    ASSERT_TRUE(link.open()) << link.jack.log();
    const auto bank = core::fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    const auto message = core::fm::singleVoiceSysEx(bank.voices[10]);
    link.out.send(message);
    const auto got = link.receive(100);
    ASSERT_EQ(got.size(), message.size());
    EXPECT_TRUE(std::equal(got.begin(), got.end(), message.begin()));
    EXPECT_EQ(core::fm::parseBank(std::vector<std::uint8_t>(got.begin(), got.end())).voices[0],
              bank.voices[10]);
}

TEST(MidiJack, CartridgeSysExGoesOutByteForByte) {
    // A whole 32-voice cartridge (4104 bytes) in one SysEx message, as a DX7 receives it.
    SysExLink link;
    ASSERT_TRUE(link.open()) << link.jack.log();
    const auto bank = core::fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7");
    // dx7_roms.dx7 holds the four ROM cartridges (128 voices); send the third.
    const std::span<const core::fm::DxVoice> cartridge(bank.voices.data() + 64, 32);
    const auto message = core::fm::cartridgeSysEx(cartridge);
    ASSERT_EQ(message.size(), 4104u);
    link.out.send(message);
    const auto got = link.receive(200);
    ASSERT_EQ(got.size(), message.size());
    EXPECT_TRUE(std::equal(got.begin(), got.end(), message.begin()));
    const auto back = core::fm::parseBank(std::vector<std::uint8_t>(got.begin(), got.end()));
    ASSERT_EQ(back.voices.size(), 32u);
    for (std::size_t v = 0; v < 32; ++v)
        EXPECT_EQ(back.voices[v], cartridge[v]) << "voice " << v;
}
