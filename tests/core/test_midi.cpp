// MIDI input without a driver (messages fed to MidiInput::handleMessage): notes reach the FM
// engine and drum tracks, mapped controllers move parameters (7- and 14-bit, range, inversion),
// MIDI learn, mappings in JSON.

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "EngineTestUtil.h"
#include "core/control/EngineParameters.h"
#include "core/control/MidiInput.h"

using namespace latentrack;
using namespace latentrack::core::control;

namespace {

struct Rig {
    Rig() {
        engine.prepare(48000.0, 256);
        guiPort = &engine.openPort();
        midiPort = &engine.openPort();
        registerEngineParameters(registry, engine, *midiPort);
        midi = std::make_unique<MidiInput>(*midiPort, registry);
    }
    void send(std::initializer_list<unsigned char> bytes) {
        const std::vector<unsigned char> v(bytes);
        midi->handleMessage(v.data(), v.size());
    }
    float renderPeak(int blocks = 20) { return test::renderPeak(engine, blocks); }
    core::engine::Engine engine;
    core::engine::DrumMachine& drums = engine.add<core::engine::DrumMachine>();
    core::engine::FmInstrument& fm = engine.add<core::engine::FmInstrument>();
    core::engine::Engine::CommandPort* guiPort = nullptr;
    core::engine::Engine::CommandPort* midiPort = nullptr;
    ParameterRegistry registry;
    std::unique_ptr<MidiInput> midi;
};

} // namespace

TEST(Midi, NotesPlayTheFmEngineAndDrumNotesTheirTracks) {
    Rig rig;
    rig.send({0x90, 60, 100});
    EXPECT_GT(rig.renderPeak(), 0.05f);
    EXPECT_EQ(rig.fm.activeVoices(), 1);
    rig.send({0x80, 60, 0});
    rig.renderPeak(400);
    EXPECT_EQ(rig.fm.activeVoices(), 0);

    rig.drums.setTrackSample(*rig.guiPort, 1, test::constantSample(48000.0, 4000, 0.5f));
    rig.renderPeak(1);
    rig.send({0x99, 38, 127}); // channel 10, GM snare → track 2 (snare) of the 8-track layout
    EXPECT_NEAR(rig.renderPeak(2), 0.5f, 0.01f);
    EXPECT_EQ(rig.fm.activeVoices(), 0) << "drum-channel notes do not play the FM engine";
}

TEST(Midi, MappedControllerMovesItsParameterOverItsRange) {
    Rig rig;
    MidiMapping m;
    m.parameter = "transport.bpm";
    m.channel = 1;
    m.cc = 21;
    m.min = 0.25f;
    m.max = 0.75f;
    EXPECT_TRUE(rig.midi->setMappings({m}).empty());
    rig.send({0xB0, 21, 127});
    EXPECT_NEAR(rig.engine.bpm.load(), 40.0 + 0.75 * 260.0, 1e-3);
    rig.send({0xB0, 21, 0});
    EXPECT_NEAR(rig.engine.bpm.load(), 40.0 + 0.25 * 260.0, 1e-3);
    rig.send({0xB1, 21, 127}); // other channel: not mapped
    EXPECT_NEAR(rig.engine.bpm.load(), 105.0, 1e-3);

    m.invert = true;
    m.min = 0.0f;
    m.max = 1.0f;
    m.parameter = "track.3.gain";
    rig.midi->setMappings({m});
    rig.send({0xB0, 21, 127});
    EXPECT_FLOAT_EQ(rig.drums.tracks[2].gainDb.load(), -60.0f);
    MidiEvent e;
    bool changed = false;
    while (rig.midi->pollEvent(e))
        changed = changed || (e.type == MidiEvent::Type::ParameterChanged &&
                              e.parameter == rig.registry.find("track.3.gain"));
    EXPECT_TRUE(changed) << "the GUI hears about it";
}

TEST(Midi, FourteenBitPairsGiveFineSteps) {
    Rig rig;
    MidiMapping m;
    m.parameter = "master.gain";
    m.cc = 7;
    m.highResolution = true;
    rig.midi->setMappings({m});
    rig.send({0xB0, 7, 64});
    rig.send({0xB0, 39, 1}); // LSB
    const float expected = -60.0f + 72.0f * static_cast<float>(64 * 128 + 1) / 16383.0f;
    EXPECT_NEAR(rig.engine.masterGainDb.load(), expected, 1e-4);
    rig.send({0xB0, 39, 2});
    EXPECT_NEAR(rig.engine.masterGainDb.load() - expected, 72.0f / 16383.0f, 1e-4);
}

TEST(Midi, LearnCapturesTheNextControllerAndDetects14Bit) {
    Rig rig;
    const int fmLevel = rig.registry.find(fmParameterId(126 - 21 + 16)); // OP1 output level
    ASSERT_GE(fmLevel, 0);
    rig.midi->armLearn(fmLevel);
    rig.send({0xB2, 74, 10}); // channel 3, CC 74
    MidiEvent e;
    ASSERT_TRUE(rig.midi->pollEvent(e));
    EXPECT_EQ(e.type, MidiEvent::Type::Learned);
    EXPECT_EQ(e.parameter, fmLevel);
    EXPECT_EQ(e.channel, 3);
    EXPECT_EQ(e.controller, 74);
    EXPECT_FALSE(e.highResolution);
    EXPECT_EQ(rig.midi->learning(), -1);

    rig.midi->armLearn(rig.registry.find("track.1.pan"));
    rig.send({0xB0, 2, 64});
    rig.send({0xB0, 34, 0}); // its LSB
    ASSERT_TRUE(rig.midi->pollEvent(e));
    EXPECT_EQ(e.controller, 2);
    EXPECT_TRUE(e.highResolution);

    // The learned mapping moves the FM operator level (a command to the engine).
    MidiMapping m{rig.registry.info(fmLevel).id, 3, 74, false, 0.0f, 1.0f, false};
    rig.midi->setMappings({m});
    rig.send({0x90, 60, 100});
    const float loud = rig.renderPeak();
    rig.send({0xB2, 74, 0});
    rig.renderPeak(2);
    EXPECT_LT(rig.renderPeak(), loud * 0.01f) << "output level 0 silences the carrier";
}

TEST(Midi, MappingsRoundTripThroughJsonAndBadEntriesAreNamed) {
    std::vector<MidiMapping> mappings{{"transport.bpm", 0, 20, false, 0.1f, 0.9f, true},
                                      {"fm.param.134", 16, 3, true, 0.0f, 1.0f, false}};
    const auto json = toJson(mappings);
    EXPECT_EQ(mappingsFromJson(json), mappings);
    auto bad = json;
    bad[1]["cc"] = 40; // 14-bit MSB must be 0 … 31
    try {
        mappingsFromJson(bad);
        FAIL() << "accepted a bad mapping";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("midiMappings[1]"), std::string::npos) << e.what();
    }
    Rig rig;
    const auto unknown = rig.midi->setMappings({{"no.such.knob", 0, 1, false, 0.0f, 1.0f, false}});
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_EQ(unknown[0], "no.such.knob");
}
