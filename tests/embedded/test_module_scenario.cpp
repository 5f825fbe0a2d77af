// The module's default instrument played from scripted scenarios with the shipped F-RAVE
// model (assets/models/rave-percussion): a gate starts the sound, a CV ramp on an attribute
// input moves that descriptor of the output (measured on the audio), gate 2 changes all
// attributes at once; the audio thread neither allocates nor locks.

#include <cmath>
#include <numeric>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/dsp/Descriptors.h"
#include "core/rt/RealtimeGuard.h"
#include "embedded/module/DrumModule.h"
#include "embedded/module/ModuleHardware.h"
#include "embedded/module/OfflineRun.h"
#include "models/rave/FaderScale.h"
#include "models/rave/RaveModelIo.h"
#include "tests/embedded/ModuleTestUtil.h"
#include "tests/models/RaveTestUtil.h"

using namespace latentrack::embedded;
namespace dsp = latentrack::core::dsp;

namespace {

constexpr double kRate = 48000.0;
constexpr int kBlock = 256;

const std::filesystem::path kAssets = std::filesystem::path(LATENTRACK_SOURCE_DIR) / "assets";

struct Played {
    module::OfflineResult audio;
    std::vector<std::pair<double, module::ModuleRuntime::State>> states;
    std::vector<std::pair<double, std::array<float, 5>>> targets;
    double reaction = -1.0;
    latentrack::core::rt::Violations violations;
};

Played play(const std::string& csv, double seconds, module::ModuleConfig config = {}) {
    auto hardware = module::openHardware(config, hw::Scenario::parseCsv(csv));
    module::ModuleRuntime rt(config, hardware->panel, kAssets);
    Played p;
    latentrack::core::rt::resetViolations();
    p.audio = module::runOffline(rt, seconds, kRate, kBlock, [&](double t) {
        if (p.states.empty() || t - p.states.back().first >= 0.05) {
            p.states.emplace_back(t, rt.state());
            p.targets.emplace_back(t, rt.voiceTargets());
        }
    });
    p.violations = latentrack::core::rt::violations();
    p.reaction = rt.reactionSeconds();
    return p;
}

double rmsDb(const std::vector<float>& x, double from, double to) {
    return latentrack::test::rmsDb(x, kRate, from, to);
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy + 1e-30);
}

/// Mean of descriptor `d` of the output over [from, to) seconds.
double meanDescriptor(const std::vector<float>& x, dsp::Descriptor d, double from, double to) {
    dsp::DescriptorConfig c;
    c.sampleRate = kRate;
    c.frameSize = 4096;
    c.hop = 1024;
    c.loudnessFrameSize = 8192;
    dsp::DescriptorAnalyzer analyzer(c);
    const auto a = static_cast<std::size_t>(from * kRate), b = static_cast<std::size_t>(to * kRate);
    const auto frames = analyzer.analyse(std::span<const float>(x.data() + a, b - a));
    double s = 0.0;
    for (const auto& f : frames)
        s += f[d];
    return s / static_cast<double>(frames.size());
}

} // namespace

TEST(ModuleScenario, AGateStartsTheSoundAndACvRampMovesItsAttribute) {
    // Gate 1 opens at 0.5 s; CV 2 (rms by default) ramps −5 → +5 V from 1 s to 4 s.
    const auto p = play("t,kind,input,value\n"
                        "0.5,gate,1,5\n"
                        "0.0,cv,2,-5\n"
                        "1.0,cv,2,-5\n"
                        "4.0,cv,2,5\n",
                        4.2);
    const auto& left = p.audio.left;
    EXPECT_EQ(p.audio.dryBlocks, 0);
    EXPECT_LT(rmsDb(left, 0.0, 0.49), -120.0) << "silent before the gate";
    EXPECT_GT(rmsDb(left, 0.6, 1.0), -90.0) << "sounding once the gate is open";
    // Output level against the CV, in 100 ms windows along the ramp.
    std::vector<double> cv, level;
    for (double t = 1.1; t + 0.1 <= 4.0; t += 0.1) {
        cv.push_back(-5.0 + 10.0 * (t + 0.05 - 1.0) / 3.0);
        level.push_back(rmsDb(left, t, t + 0.1));
    }
    const double r = pearson(cv, level);
    std::printf("CV 2 (rms) ramp → output RMS (dB): r = %.3f; %.1f dB → %.1f dB\n", r,
                level.front(), level.back());
    EXPECT_GT(r, 0.8);
    EXPECT_GT(level.back() - level.front(), 6.0);
    // The module's state followed: gate open, CV 2 at +1 by the end, rms fader at the top.
    const auto& last = p.states.back().second;
    EXPECT_TRUE(last.gate1);
    EXPECT_NEAR(last.cv[1], 1.0f, 0.02f);
    EXPECT_NEAR(last.attributes[0], 1.0f, 0.02f);
    EXPECT_EQ(last.led, (hw::LedColour{0, 255, 0}));
    EXPECT_TRUE(last.error.empty()) << last.error;
    EXPECT_GT(p.reaction, 0.0);
    EXPECT_LT(p.reaction, 0.1) << "a CV change is heard within 100 ms";
    ASSERT_TRUE(latentrack::core::rt::guardInstalled());
    EXPECT_EQ(p.violations.total(), 0u) << "the audio thread allocated or locked";
}

TEST(ModuleScenario, ACentroidRampMovesTheSpectralCentroid) {
    // CV 3 (centroid by default) from −5 V to +5 V in two held halves.
    const auto p = play("t,kind,input,value\n"
                        "0.0,gate,1,5\n"
                        "0.0,cv,3,-5\n"
                        "1.5,cv,3,-5\n"
                        "1.51,cv,3,5\n",
                        3.0);
    const double low = meanDescriptor(p.audio.left, dsp::Descriptor::Centroid, 0.5, 1.5);
    const double high = meanDescriptor(p.audio.left, dsp::Descriptor::Centroid, 2.0, 3.0);
    std::printf("CV 3 (centroid) at -5 V: %.0f Hz, at +5 V: %.0f Hz\n", low, high);
    EXPECT_GT(high, low * 1.3);
}

TEST(ModuleScenario, GateTwoChangesAllAttributesAtOnce) {
    const auto p = play("t,kind,input,value\n"
                        "0.0,gate,1,5\n"
                        "1.0,gate,2,5\n"
                        "1.1,gate,2,0\n"
                        "2.0,gate,2,5\n"
                        "2.1,gate,2,0\n",
                        2.6);
    auto at = [&](double t) {
        for (const auto& [when, s] : p.states)
            if (when >= t)
                return s;
        return p.states.back().second;
    };
    const auto before = at(0.9), first = at(1.5), second = at(2.5);
    EXPECT_EQ(before.macroCount, 0);
    EXPECT_EQ(first.macroCount, 1);
    EXPECT_EQ(second.macroCount, 2);
    for (int a = 0; a < 5; ++a) {
        EXPECT_GT(std::abs(first.attributes[a] - before.attributes[a]), 0.02f) << "attribute " << a;
        EXPECT_GT(std::abs(second.attributes[a] - first.attributes[a]), 0.02f) << "attribute " << a;
        EXPECT_LE(std::abs(first.attributes[a]), module::ModuleRuntime::kMacroSpread + 1e-6f);
    }
    // The voice decodes with them (its own record of the attributes of its last block).
    std::array<float, 5> decoded{};
    for (const auto& [when, t] : p.targets)
        if (when >= 1.5) {
            decoded = t;
            break;
        }
    // The faders are travel: the voice decodes them mapped by the model's FaderScale.
    const latentrack::models::rave::FaderScale scale(
        latentrack::models::rave::loadRaveModel(kAssets / "models/rave-percussion").binEdges);
    for (int a = 0; a < 5; ++a)
        EXPECT_NEAR(decoded[a], scale.toAttribute(a, first.attributes[a]), 1e-3)
            << "attribute " << a;
    // And the sound changed: its level before and after the first macro differ.
    EXPECT_GT(std::abs(rmsDb(p.audio.left, 0.5, 1.0) - rmsDb(p.audio.left, 1.4, 1.9)), 1.0);
}

TEST(ModuleScenario, AMissingModelIsAClearError) {
    module::ModuleConfig config;
    config.model = "models/no-such-model";
    auto hardware = module::openHardware(config, std::nullopt);
    try {
        module::ModuleRuntime rt(config, hardware->panel, kAssets);
        FAIL() << "a missing model was accepted";
    } catch (const module::ModuleConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-model"), std::string::npos) << e.what();
    }
    config.model = "models/drums8"; // a granular model, not an attribute-fader one
    EXPECT_ANY_THROW(module::ModuleRuntime(config, hardware->panel, kAssets));
}

// Small enough for qemu-aarch64 (LibTorch runs there 100–2000× slower): an untrained tiny
// F-RAVE-shaped model, a quarter second at 16 kHz. The cross-build's one Torch test.
TEST(ModuleTiny, ATinyModelPlaysWhileTheGateIsOpen) {
    namespace rave = latentrack::models::rave;
    const auto bundle = latentrack::test::tinyRaveBundle(3, {1.0f, 1.0f, 1.0f, 1.0f, 1.0f});
    const auto folder = std::filesystem::temp_directory_path() /
                        ("latentrack-tiny-rave-" + std::to_string(::getpid()));
    rave::saveRaveModel(folder, bundle);
    module::ModuleConfig config;
    config.model = folder;
    config.controlRate = 200;
    config.displayRate = 5;
    auto hardware = module::openHardware(config, hw::Scenario::parseCsv("t,kind,input,value\n"
                                                                        "0.1,gate,1,5\n"
                                                                        "0,cv,2,4\n"));
    module::ModuleRuntime rt(config, hardware->panel, {});
    const auto out = module::runOffline(rt, 0.25, 16000.0, 256);
    std::filesystem::remove_all(folder);
    EXPECT_EQ(out.dryBlocks, 0);
    double before = 0.0, after = 0.0;
    for (std::size_t i = 0; i < 1500; ++i)
        before += std::abs(out.left[i]);
    for (std::size_t i = 2000; i < out.left.size(); ++i)
        after += std::abs(out.left[i]);
    EXPECT_EQ(before, 0.0) << "silent before the gate";
    EXPECT_GT(after, 0.0) << "the voice sounds after it";
    EXPECT_NEAR(rt.state().attributes[0], 0.8f, 0.02f) << "CV 2 at +4 V drives rms to 0.8";
}

// A model given its pitch (RaveConfig::pitchInput): a CV assigned to "pitch" plays it at
// 1 V/octave from C4, bipolar or unipolar; without one the voice plays C4.
TEST(ModuleScenario, APitchCvPlaysAModelGivenItsPitchAtOneVoltPerOctave) {
    namespace rave = latentrack::models::rave;
    auto c = latentrack::test::tinyRaveConfig();
    c.harmonics = 2;
    c.pitchInput = true;
    const auto bundle = latentrack::test::tinyRaveBundle(3, {1.0f, 1.0f, 1.0f, 1.0f, 1.0f}, c);
    const auto folder = std::filesystem::temp_directory_path() /
                        ("latentrack-pitch-rave-" + std::to_string(::getpid()));
    rave::saveRaveModel(folder, bundle);
    const auto pitchAfter = [&](const std::string& csv, control::CvRange range) {
        module::ModuleConfig config;
        config.model = folder;
        config.cv[2].target = module::CvTarget::fromName("pitch");
        config.cv[2].range = range;
        auto hardware = module::openHardware(config, hw::Scenario::parseCsv(csv));
        module::ModuleRuntime rt(config, hardware->panel, {});
        module::runOffline(rt, 0.3, 16000.0, 256);
        return rt.voicePitch();
    };
    const std::string gate = "t,kind,input,value\n0,gate,1,5\n";
    EXPECT_NEAR(pitchAfter(gate + "0,cv,3,1\n", control::CvRange::Bipolar), 72.0f, 0.02f)
        << "+1 V: C5";
    EXPECT_NEAR(pitchAfter(gate + "0,cv,3,-1.5\n", control::CvRange::Bipolar), 42.0f, 0.02f);
    EXPECT_NEAR(pitchAfter(gate + "0,cv,3,2\n", control::CvRange::Unipolar), 84.0f, 0.02f);
    EXPECT_NEAR(pitchAfter(gate, control::CvRange::Bipolar), 60.0f, 0.02f) << "0 V: C4";
    std::filesystem::remove_all(folder);
}

TEST(ModuleScenario, DrumModeClocksThePatternAndGeneratesOnGateTwo) {
    module::ModuleConfig config;
    config.mode = "drums";
    config.volumeDb = 0.0f;
    // Gate 1: 16 clock pulses, one every 125 ms from 0.1 s; CV 1 at +5 V (the last class);
    // gate 2 at 1.0 s.
    std::string csv = "t,kind,input,value\n0,cv,1,5\n1.0,gate,2,5\n1.05,gate,2,0\n";
    for (int k = 0; k < 16; ++k) {
        csv += std::to_string(0.1 + 0.125 * k) + ",gate,1,5\n";
        csv += std::to_string(0.1 + 0.125 * k + 0.02) + ",gate,1,0\n";
    }
    auto hardware = module::openHardware(config, hw::Scenario::parseCsv(csv));
    auto instrument = module::makeInstrument(config, hardware->panel, kAssets, ".");
    auto& drums = dynamic_cast<module::DrumModule&>(*instrument);
    const auto out = module::runOffline(drums, 2.2, kRate, kBlock);
    const auto s = drums.state();
    EXPECT_EQ(s.model, "drums8");
    EXPECT_EQ(s.stepsPlayed, 16);
    EXPECT_EQ(s.step, 0);
    EXPECT_EQ(s.selected, static_cast<int>(s.classes.size()) - 1);
    EXPECT_EQ(s.generated, 1);
    EXPECT_TRUE(s.error.empty()) << s.error;
    EXPECT_EQ(out.dryBlocks, 0);
    EXPECT_LT(rmsDb(out.left, 0.0, 0.09), -120.0) << "silent before the first clock";
    EXPECT_GT(rmsDb(out.left, 0.1, 0.15), -40.0) << "step 1 (kick, hat) sounds on the clock";
    // Step 2 (index 1) has nothing in the pattern: quieter than the hit of step 1 around it.
    EXPECT_LT(rmsDb(out.left, 0.26, 0.35), rmsDb(out.left, 0.1, 0.19));
}

TEST(ModuleScenario, TheMenuSwitchesTheModelWhileTheControlsKeepRunning) {
    // Turn (opens the menu on "model"), push (edit), release, turn: the next model.
    const auto p = play("t,kind,input,value\n"
                        "0.0,gate,1,5\n"
                        "0.1,encoder,0,1\n"
                        "0.2,push,0,1\n"
                        "0.25,push,0,0\n"
                        "0.3,encoder,0,1\n",
                        1.5);
    EXPECT_EQ(p.states.front().second.model, "rave-percussion");
    const auto& last = p.states.back().second;
    EXPECT_EQ(last.model, "rave-strings") << last.error;
    EXPECT_TRUE(last.error.empty()) << last.error;
    EXPECT_EQ(p.audio.ticks, 750) << "every control tick ran while the model loaded";
}
