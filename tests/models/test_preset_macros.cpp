// The preset model's macro knobs (PresetMacros.h) on the shipped model: the sweep ranks latent
// dimensions by how reliably they move a descriptor, at most two knobs per descriptor, the
// label's descriptor moves the way the label says, a knob at 0 is the voice itself; the held-out
// check measures direction (a reversed label reverses it); a malformed macro list is refused
// with its reason.

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "core/dsp/MelSpectrogram.h"
#include "core/fm/SysEx.h"
#include "models/preset/PresetInterpolation.h"
#include "models/preset/PresetMacros.h"
#include "models/preset/PresetModelIo.h"

using namespace latentrack::models::preset;
namespace fm = latentrack::core::fm;
using latentrack::core::dsp::logMelDistance;

namespace {

PresetInferencer& shipped() {
    static PresetInferencer inf(
        loadPresetModel(LATENTRACK_SOURCE_DIR "/assets/models/preset-small"));
    return inf;
}

} // namespace

TEST(PresetMacros, TheSweepRanksDimensionsByHowReliablyTheyMoveADescriptor) {
    auto& inf = shipped();
    const auto bank = fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7").voices;
    const std::vector<fm::DxVoice> from{bank[0]}; // BRASS 1
    const std::vector<fm::DxVoice> scales(bank.begin(), bank.begin() + 24);
    int calls = 0;
    MacroSweepOptions o;
    o.progress = [&calls](int, int) { ++calls; };
    const auto macros = sweepMacros(inf, from, scales, o);
    EXPECT_EQ(calls, 1);
    ASSERT_EQ(macros.size(), static_cast<std::size_t>(kMacroKnobs));
    std::set<int> dims;
    for (std::size_t k = 0; k < macros.size(); ++k) {
        dims.insert(macros[k].dimension);
        EXPECT_GT(macros[k].scale, 0.0);
        EXPECT_GE(interpolationDescriptorIndex(macros[k].descriptor), 0) << macros[k].descriptor;
        EXPECT_GT(macros[k].agreement, 0.5) << "one voice: its own change is the mean's";
        // Best first: the reliable effect |mean change| · (2·agreement − 1) never grows.
        if (k > 0) {
            EXPECT_GE(std::abs(macros[k - 1].effect) * (2.0 * macros[k - 1].agreement - 1.0),
                      std::abs(macros[k].effect) * (2.0 * macros[k].agreement - 1.0));
        }
        EXPECT_LE(std::count_if(macros.begin(), macros.end(),
                                [&](const MacroDimension& m) {
                                    return m.descriptor == macros[k].descriptor;
                                }),
                  kMacrosPerDescriptor)
            << macros[k].descriptor;
    }
    EXPECT_EQ(dims.size(), macros.size()) << "eight different dimensions";

    const auto base = inf.latentOf(from[0]);
    const std::vector<float> zero(kMacroKnobs, 0.0f);
    EXPECT_TRUE(inf.voiceAt(macroLatent(base, macros, zero)) == inf.voiceAt(base))
        << "knobs at 0 leave the voice where it is";
    // The top knob through its full turn, against a dimension the sweep left out.
    auto turned = [&](int knob, float at) {
        std::vector<float> p(kMacroKnobs, 0.0f);
        p[static_cast<std::size_t>(knob)] = at;
        return inf.renderer().renderLogMel(inf.voiceAt(macroLatent(base, macros, p)));
    };
    const auto up = turned(0, 1.0f);
    const auto down = turned(0, -1.0f);
    EXPECT_NEAR(logMelDistance(up, down), macros[0].movesDb, 1e-6);
    // The descriptor named on the knob moves the way its arrow says.
    const int k = interpolationDescriptorIndex(macros[0].descriptor);
    const double change = soundDescriptors(up, inf.config())[static_cast<std::size_t>(k)] -
                          soundDescriptors(down, inf.config())[static_cast<std::size_t>(k)];
    EXPECT_EQ(change > 0.0, macros[0].effect > 0.0) << macroLabel(macros[0]);

    const auto again = macrosFromJson(macrosJson(macros), 610);
    ASSERT_EQ(again.size(), macros.size());
    EXPECT_EQ(again[3].dimension, macros[3].dimension);
    EXPECT_DOUBLE_EQ(again[3].scale, macros[3].scale);
    EXPECT_DOUBLE_EQ(again[3].agreement, macros[3].agreement);
}

TEST(PresetMacros, TheCheckMeasuresWhetherKnobsDoWhatTheirLabelsSay) {
    auto& inf = shipped();
    const auto bank = fm::loadBankFile("/usr/share/hexter/dx7_roms.dx7").voices;
    const std::vector<fm::DxVoice> voices{bank[3], bank[10], bank[17]};
    auto macros = macrosFromJson(inf.bundle().macros, 610);
    macros.resize(3);
    const VoiceMacros knobs(inf, voices[0], macros);
    const std::vector<float> zero(macros.size(), 0.0f);
    EXPECT_EQ(knobs.voiceAt(inf, zero, voices[0].name()), voices[0]) << "knobs at 0: the voice";

    const auto checks = checkMacros(inf, macros, voices, 5);
    ASSERT_EQ(checks.size(), macros.size());
    // The same knobs with their labels' arrows reversed: every measure of direction flips.
    auto reversed = macros;
    for (auto& m : reversed)
        m.effect = -m.effect;
    const auto flipped = checkMacros(inf, reversed, voices, 5);
    for (std::size_t k = 0; k < checks.size(); ++k) {
        const auto& c = checks[k];
        EXPECT_GE(c.labelHolds, 0.0);
        EXPECT_LE(c.labelHolds, 1.0);
        EXPECT_GE(c.rankCorrelation, -1.0);
        EXPECT_LE(c.rankCorrelation, 1.0);
        EXPECT_GT(c.movesDb, 0.0) << "a knob's full turn changes the sound";
        EXPECT_NEAR(flipped[k].rankCorrelation, -c.rankCorrelation, 1e-12);
        EXPECT_LE(flipped[k].labelHolds, 1.0 - c.labelHolds + 1e-12);
        EXPECT_DOUBLE_EQ(flipped[k].movesDb, c.movesDb);
        EXPECT_DOUBLE_EQ(flipped[k].dropoutShare, c.dropoutShare);
    }
    const auto j = macroChecksJson(checks, 3, 5);
    EXPECT_EQ(j["knobs"].size(), 3u);
    EXPECT_NEAR(
        j["rankCorrelation"].get<double>(),
        (checks[0].rankCorrelation + checks[1].rankCorrelation + checks[2].rankCorrelation) / 3.0,
        1e-12);
    EXPECT_THROW(checkMacros(inf, macros, {}, 5), std::invalid_argument);
    EXPECT_THROW(checkMacros(inf, macros, voices, 2), std::invalid_argument);
    auto unlabelled = macros;
    unlabelled[1].descriptor.clear();
    EXPECT_THROW(checkMacros(inf, unlabelled, voices, 5), std::invalid_argument);
}

TEST(PresetMacros, AMalformedMacroListIsRefusedWithItsReason) {
    auto refused = [](const nlohmann::json& j) {
        try {
            macrosFromJson(j, 610);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(refused({{"dimension", 3}}).find("list"), std::string::npos);
    EXPECT_NE(refused(nlohmann::json::array({{{"dimension", 700}, {"scale", 1.0}}}))
                  .find("outside the model's 610"),
              std::string::npos);
    EXPECT_NE(refused(nlohmann::json::array({{{"dimension", 2}, {"scale", -1.0}}})).find("scale"),
              std::string::npos);
    EXPECT_NE(refused(nlohmann::json::array({{{"scale", 1.0}}})).find("macro 1"),
              std::string::npos);
    EXPECT_THROW(sweepMacros(shipped(), {}, {}), std::invalid_argument);
}
