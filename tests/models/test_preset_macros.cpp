// The preset model's macro knobs (PresetMacros.h) on the shipped model: the sweep ranks latent
// dimensions by how much they move the rendering, its top knob moves the sound more than a
// dimension it left out, the label's descriptor moves the way the label says, a knob at 0 is
// the voice itself; a malformed macro list is refused with its reason.

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

int descriptorIndex(const std::string& name) {
    for (int k = 0; k < kInterpolationDescriptors; ++k)
        if (name == interpolationDescriptorName(k))
            return k;
    return -1;
}

} // namespace

TEST(PresetMacros, TheSweepRanksDimensionsByHowMuchTheyMoveTheSound) {
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
        EXPECT_GE(descriptorIndex(macros[k].descriptor), 0) << macros[k].descriptor;
        if (k > 0) {
            EXPECT_GE(macros[k - 1].movesDb, macros[k].movesDb);
        }
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
    int other = 0;
    while (dims.count(other) != 0)
        ++other;
    auto step = torch::zeros_like(base);
    step[other] = macros[0].scale;
    const double otherMoves = logMelDistance(inf.renderer().renderLogMel(inf.voiceAt(base + step)),
                                             inf.renderer().renderLogMel(inf.voiceAt(base - step)));
    EXPECT_GT(macros[0].movesDb, otherMoves);
    // The descriptor named on the knob moves the way its arrow says.
    const int k = descriptorIndex(macros[0].descriptor);
    const double change = soundDescriptors(up, inf.config())[static_cast<std::size_t>(k)] -
                          soundDescriptors(down, inf.config())[static_cast<std::size_t>(k)];
    EXPECT_EQ(change > 0.0, macros[0].effect > 0.0) << macroLabel(macros[0]);

    const auto again = macrosFromJson(macrosJson(macros), 610);
    ASSERT_EQ(again.size(), macros.size());
    EXPECT_EQ(again[3].dimension, macros[3].dimension);
    EXPECT_DOUBLE_EQ(again[3].scale, macros[3].scale);
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
