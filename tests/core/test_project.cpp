// Project JSON: round trip, validation, corrupt and future-version files, atomic saving.

#include <filesystem>
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include "core/io/AtomicFile.h"
#include "core/project/Project.h"

#include <nlohmann/json.hpp>

using namespace latentrack::core;
namespace fs = std::filesystem;

namespace {

fs::path tempDir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("latentrack-test-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

project::Project sample() {
    project::Project p;
    p.name = "Groove";
    p.pattern.layout = seq::TrackLayout::DrumAndBass10;
    p.pattern.numSteps = 24;
    p.pattern.set(0, 0, 1.0f);
    p.pattern.set(9, 23, 64.0f / 127.0f);
    p.bpm = 174.0;
    p.swing = 0.58;
    p.kit = "The Black Pearl 1.0";
    p.tracks[3].gainDb = -3.5f;
    p.tracks[3].pan = 0.25f;
    p.tracks[4].mute = true;
    p.tracks[5].solo = true;
    p.tracks[6].chokeGroup = 2;
    p.tracks[7].polyphony = 8;
    p.tracks[2].instrument = "Sabian Hat Closed";
    p.audio.api = "jack";
    p.audio.bufferFrames = 64;
    p.oscPort = 9100;
    return p;
}

} // namespace

TEST(Project, JsonRoundTripKeepsEverything) {
    const auto p = sample();
    const auto q = project::projectFromJson(project::toJson(p), "memory");
    EXPECT_EQ(q.name, p.name);
    EXPECT_EQ(q.pattern.layout, p.pattern.layout);
    EXPECT_EQ(q.pattern.numSteps, 24);
    EXPECT_FLOAT_EQ(q.pattern.velocity[0][0], 1.0f);
    EXPECT_FLOAT_EQ(q.pattern.velocity[9][23], 64.0f / 127.0f);
    EXPECT_FALSE(q.pattern.isOn(9, 22));
    EXPECT_DOUBLE_EQ(q.bpm, 174.0);
    EXPECT_DOUBLE_EQ(q.swing, 0.58);
    EXPECT_EQ(q.kit, p.kit);
    EXPECT_FLOAT_EQ(q.tracks[3].gainDb, -3.5f);
    EXPECT_FLOAT_EQ(q.tracks[3].pan, 0.25f);
    EXPECT_TRUE(q.tracks[4].mute);
    EXPECT_TRUE(q.tracks[5].solo);
    EXPECT_EQ(q.tracks[6].chokeGroup, 2);
    EXPECT_EQ(q.tracks[7].polyphony, 8);
    EXPECT_EQ(q.tracks[2].instrument, "Sabian Hat Closed");
    EXPECT_EQ(q.audio.api, "jack");
    EXPECT_EQ(q.audio.bufferFrames, 64);
    EXPECT_EQ(q.oscPort, 9100);
    EXPECT_EQ(project::toJson(q), project::toJson(p));
}

TEST(Project, CorruptJsonGivesClearError) {
    try {
        project::projectFromJson("{\"version\": 1, \"bpm\": 12", "song.json");
        FAIL() << "no error";
    } catch (const project::ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("song.json: not valid JSON"), std::string::npos)
            << e.what();
    }
}

TEST(Project, FutureVersionIsRefusedWithVersionNumbers) {
    try {
        project::projectFromJson(R"({"version": 7})", "new.json");
        FAIL() << "no error";
    } catch (const project::ProjectError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("newer LatentRack"), std::string::npos) << what;
        EXPECT_NE(what.find("version 7"), std::string::npos) << what;
    }
}

TEST(Project, InvalidValuesAreNamed) {
    EXPECT_THROW(project::projectFromJson(R"({"bpm": 120})", "x"), project::ProjectError);
    EXPECT_THROW(project::projectFromJson(R"({"version": 1, "bpm": 900})", "x"),
                 project::ProjectError);
    EXPECT_THROW(project::projectFromJson(R"({"version": 1, "layout": "drums12"})", "x"),
                 project::ProjectError);
    EXPECT_THROW(
        project::projectFromJson(R"({"version": 1, "tracks": [{"velocities": [200]}]})", "x"),
        project::ProjectError);
    EXPECT_THROW(project::projectFromJson(R"({"version": 1, "tracks": [{"mute": "yes"}]})", "x"),
                 project::ProjectError);
    EXPECT_THROW(project::projectFromJson("[1, 2]", "x"), project::ProjectError);
    try {
        project::projectFromJson(R"({"version": 1, "tracks": [{}, {"pan": 3}]})", "p.json");
        FAIL() << "pan 3 accepted";
    } catch (const project::ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("track 2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("\"pan\""), std::string::npos) << e.what();
    }
}

TEST(Project, SaveAndLoadFile) {
    const auto dir = tempDir("project");
    const auto path = dir / "sub" / "groove.json";
    project::saveProject(path, sample());
    EXPECT_EQ(project::loadProject(path).name, "Groove");
    // Only the project remains: no temporary files left behind.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir / "sub"), fs::directory_iterator()), 1);
}

TEST(Project, FailedSaveLeavesOldFileIntact) {
    const auto dir = tempDir("readonly");
    const auto path = dir / "groove.json";
    project::saveProject(path, sample());
    const std::string before = io::readFile(path);
    // Make the folder unwritable; root ignores permissions, so point at a file as folder instead.
    const auto bogus = path / "child.json";
    EXPECT_THROW(project::saveProject(bogus, sample()), project::ProjectError);
    EXPECT_EQ(io::readFile(path), before);
}

TEST(Project, LoadingCorruptFileLeavesItUntouched) {
    const auto dir = tempDir("corrupt");
    const auto path = dir / "bad.json";
    { std::ofstream(path) << "{\"version\": 1, \"tracks\": [tru"; }
    const std::string before = io::readFile(path);
    EXPECT_THROW(project::loadProject(path), project::ProjectError);
    EXPECT_EQ(io::readFile(path), before);
    EXPECT_THROW(project::loadProject(dir / "missing.json"), project::ProjectError);
}

TEST(Project, FmVoiceAndMidiSettingsRoundTrip) {
    project::Project p;
    p.fm.voice.setOp(3, fm::OpParam::OutputLevel, 77);
    p.fm.voice.setName("MY VOICE");
    p.fm.polyphony = 32;
    p.fm.bank = "/usr/share/hexter/dx7_roms.dx7";
    p.fm.voiceNumber = 11;
    p.midi.fmChannel = 2;
    p.midi.drumNotes[0] = 35;
    p.midi.mappings.push_back({"track.1.gain", 1, 7, false, 0.0f, 1.0f, true});
    const auto back = project::projectFromJson(project::toJson(p), "test");
    EXPECT_EQ(back.fm.voice, p.fm.voice);
    EXPECT_EQ(back.fm.polyphony, 32);
    EXPECT_EQ(back.fm.voiceNumber, 11);
    EXPECT_EQ(back.midi.fmChannel, 2);
    EXPECT_EQ(back.midi.drumNotes, p.midi.drumNotes);
    EXPECT_EQ(back.midi.mappings, p.midi.mappings);
}

TEST(Project, BadFmVoiceOrMappingIsNamed) {
    auto j = nlohmann::json::parse(project::toJson(project::Project{}));
    j["fm"]["voice"][134] = 45; // algorithm 46
    try {
        project::projectFromJson(j.dump(), "p.json");
        FAIL();
    } catch (const project::ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("ALGORITHM"), std::string::npos) << e.what();
    }
    j = nlohmann::json::parse(project::toJson(project::Project{}));
    j["midi"]["mappings"] = {{{"parameter", "transport.bpm"}, {"cc", 300}}};
    EXPECT_THROW(project::projectFromJson(j.dump(), "p.json"), project::ProjectError);
}

TEST(Project, NeuralRecipesRoundTripAndBadOnesAreNamed) {
    project::Project p;
    p.neural.model = "drums8";
    p.neural.autoEveryLoops = 4;
    p.tracks[2].neural =
        gen::GenerationRecipe{gen::GenerationMode::Path, "clap", 9007199254740991ull, {}};
    p.tracks[2].keepNeural = true;
    const auto q = project::projectFromJson(project::toJson(p), "memory");
    EXPECT_EQ(q.neural.model, "drums8");
    EXPECT_EQ(q.neural.autoEveryLoops, 4);
    ASSERT_TRUE(q.tracks[2].neural.has_value());
    EXPECT_EQ(q.tracks[2].neural->mode, gen::GenerationMode::Path);
    EXPECT_EQ(q.tracks[2].neural->className, "clap");
    EXPECT_EQ(q.tracks[2].neural->seed, 9007199254740991ull);
    EXPECT_TRUE(q.tracks[2].keepNeural);
    EXPECT_FALSE(q.tracks[1].neural.has_value());

    try {
        project::projectFromJson(
            R"({"version": 1, "tracks": [{"neural": {"mode": "walk", "class": "kick", "seed": 1}}]})",
            "song.json");
        FAIL() << "no error";
    } catch (const project::ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("song.json: track 1: neural: \"mode\""),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(project::projectFromJson(
                     R"({"version": 1, "tracks": [{"neural": {"mode": "note", "class": "kick",
                         "seed": -3}}]})",
                     "x"),
                 project::ProjectError);
}

TEST(Project, DrawnPathLatentsRoundTripExactlyAndBadOnesAreNamed) {
    project::Project p;
    gen::GenerationRecipe drawn{gen::GenerationMode::Drawn, "tom", 42, {}};
    for (int g = 0; g < 5; ++g)
        drawn.latents.push_back({0.1f * static_cast<float>(g), -1.0f / 3.0f, 2.5e-7f});
    p.tracks[4].neural = drawn;
    const auto q = project::projectFromJson(project::toJson(p), "memory");
    ASSERT_TRUE(q.tracks[4].neural.has_value());
    EXPECT_EQ(q.tracks[4].neural->mode, gen::GenerationMode::Drawn);
    EXPECT_EQ(q.tracks[4].neural->seed, 42u);
    EXPECT_EQ(q.tracks[4].neural->latents, drawn.latents); // float → JSON → float is exact

    const auto bad = [](const std::string& latents) {
        try {
            project::projectFromJson(
                R"({"version": 1, "tracks": [{}, {"neural": {"mode": "drawn", "class": "kick",
                    "seed": 1)" +
                    latents + "}}]}",
                "p.json");
        } catch (const project::ProjectError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(bad("").find("track 2: neural: \"latents\" must be an array"), std::string::npos);
    EXPECT_NE(bad(R"(, "latents": [[1, 2], [3]])").find("grain 1 has 1 values, grain 0 has 2"),
              std::string::npos);
    EXPECT_NE(bad(R"(, "latents": [[1, "x"]])").find("not a finite number"), std::string::npos);
}

TEST(Project, AttributeFadersRoundTripAndBadValuesAreRefused) {
    project::Project p;
    p.faders.model = "assets/models/rave-percussion";
    p.faders.sound = "/tmp/loop.wav";
    p.faders.firstLatent = -0.25f;
    p.faders.note = 57.0f;
    p.faders.transpose = -12.0f;
    p.faders.positions = {0.5f, -0.5f, 0.0f, 1.0f, -1.0f};
    p.faders.modulators[1] = {control::ModShape::Sine, 0.25f, 0.75f, -0.1f, 0.0f};
    p.faders.syncBeats[1] = 0.5f;
    p.faders.follow[3] = "/tmp/other.wav";
    const auto back = project::projectFromJson(project::toJson(p), "test");
    EXPECT_FLOAT_EQ(back.faders.syncBeats[1], 0.5f);
    EXPECT_EQ(back.faders.follow[3], "/tmp/other.wav");
    EXPECT_EQ(back.faders.follow[0], "");
    EXPECT_FLOAT_EQ(back.faders.modulators[1].bias, -0.1f);
    EXPECT_EQ(back.faders.model, p.faders.model);
    EXPECT_EQ(back.faders.sound, p.faders.sound);
    EXPECT_FLOAT_EQ(back.faders.firstLatent, -0.25f);
    EXPECT_FLOAT_EQ(back.faders.note, 57.0f);
    EXPECT_FLOAT_EQ(back.faders.transpose, -12.0f);
    EXPECT_EQ(back.faders.positions, p.faders.positions);
    EXPECT_EQ(back.faders.modulators[1].shape, control::ModShape::Sine);
    EXPECT_FLOAT_EQ(back.faders.modulators[1].amount, 0.75f);
    // A project written before the faders existed loads with them at rest.
    auto old = nlohmann::json::parse(project::toJson(p));
    old.erase("faders");
    EXPECT_EQ(project::projectFromJson(old.dump(), "old").faders.positions[0], 0.0f);
    auto bad = nlohmann::json::parse(project::toJson(p));
    bad["faders"]["positions"][2] = 3.0;
    try {
        project::projectFromJson(bad.dump(), "bad.json");
        FAIL();
    } catch (const project::ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("faders: position 3"), std::string::npos) << e.what();
    }
    bad = nlohmann::json::parse(project::toJson(p));
    bad["faders"]["note"] = 12;
    EXPECT_THROW(project::projectFromJson(bad.dump(), "bad.json"), project::ProjectError)
        << "below the oscillator's C1";
    bad = nlohmann::json::parse(project::toJson(p));
    bad["faders"]["syncBeats"][4] = 100;
    EXPECT_THROW(project::projectFromJson(bad.dump(), "bad.json"), project::ProjectError);
    bad = nlohmann::json::parse(project::toJson(p));
    bad["faders"]["modulators"][0]["shape"] = "triangle";
    EXPECT_THROW(project::projectFromJson(bad.dump(), "bad.json"), project::ProjectError);
}

TEST(Project, TorchScriptKnobsRoundTripAndBadValuesAreRefused) {
    project::Project p;
    p.faders.model = "/home/me/models/darbuka.ts";
    p.faders.knobs[0] = {2.5f, 0.5f};
    p.faders.knobs[7] = {-4.0f, 2.0f};
    p.faders.forward = true;
    const auto back = project::projectFromJson(project::toJson(p), "test");
    EXPECT_EQ(back.faders.model, p.faders.model);
    EXPECT_EQ(back.faders.knobs, p.faders.knobs);
    EXPECT_TRUE(back.faders.forward);
    auto old = nlohmann::json::parse(project::toJson(p));
    old["faders"].erase("knobs");
    old["faders"].erase("forward");
    const auto older = project::projectFromJson(old.dump(), "old");
    EXPECT_EQ(older.faders.knobs[0], project::LatentKnobState{});
    EXPECT_FALSE(older.faders.forward);
    const auto refused = [&](const char* key, const nlohmann::json& value) {
        auto bad = nlohmann::json::parse(project::toJson(p));
        bad["faders"]["knobs"][3][key] = value;
        try {
            project::projectFromJson(bad.dump(), "bad.json");
        } catch (const project::ProjectError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(refused("bias", 5.0).find("faders: knob 4"), std::string::npos);
    EXPECT_NE(refused("scale", -1.0).find("\"scale\""), std::string::npos);
    auto shortList = nlohmann::json::parse(project::toJson(p));
    shortList["faders"]["knobs"].erase(0);
    EXPECT_THROW(project::projectFromJson(shortList.dump(), "bad.json"), project::ProjectError);
}

TEST(Project, PresetTabStateRoundTripsAndBadValuesAreRefused) {
    project::Project p;
    p.presets.model = "assets/models/preset-small";
    p.presets.macros = {0.5f, -1.0f, 0.0f, 0.25f, 0.0f, 0.0f, 1.0f, -0.75f};
    auto base = fm::DxVoice::initVoice();
    base.setOp(2, fm::OpParam::OutputLevel, 77);
    p.presets.macroBase = base;
    p.presets.morphA = fm::DxVoice::initVoice();
    p.presets.morphB = base;
    p.presets.morphSteps = 9;
    p.presets.morph = 0.4f;
    p.presets.morphLatent = false;
    const auto back = project::projectFromJson(project::toJson(p), "test");
    EXPECT_EQ(back.presets.model, p.presets.model);
    EXPECT_EQ(back.presets.macros, p.presets.macros);
    ASSERT_TRUE(back.presets.macroBase.has_value());
    EXPECT_EQ(*back.presets.macroBase, base);
    EXPECT_EQ(*back.presets.morphB, base);
    EXPECT_EQ(back.presets.morphSteps, 9);
    EXPECT_FLOAT_EQ(back.presets.morph, 0.4f);
    EXPECT_FALSE(back.presets.morphLatent);
    // Older projects load with the knobs at rest and no ends.
    auto old = nlohmann::json::parse(project::toJson(p));
    old.erase("presets");
    const auto plain = project::projectFromJson(old.dump(), "old");
    EXPECT_FALSE(plain.presets.macroBase.has_value());
    EXPECT_EQ(plain.presets.macros[0], 0.0f);
    auto refused = [&p](const std::function<void(nlohmann::json&)>& spoil) {
        auto j = nlohmann::json::parse(project::toJson(p));
        spoil(j["presets"]);
        try {
            project::projectFromJson(j.dump(), "bad.json");
        } catch (const project::ProjectError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(refused([](auto& j) { j["macros"][7] = 2.0; }).find("presets: macro 8"),
              std::string::npos);
    EXPECT_NE(refused([](auto& j) { j["macroBase"].erase(0); }).find("\"macroBase\""),
              std::string::npos);
    EXPECT_NE(refused([](auto& j) { j["morphA"][134] = 40; }).find("\"morphA\""),
              std::string::npos);
    EXPECT_NE(refused([](auto& j) { j["morphIn"] = "sideways"; }).find("morphIn"),
              std::string::npos);
    EXPECT_NE(refused([](auto& j) { j["morphSteps"] = 40; }).find("morphSteps"), std::string::npos);
}
