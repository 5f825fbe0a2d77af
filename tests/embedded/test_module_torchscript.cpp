// The module playing an nn~ / RAVE TorchScript file (written by the tests' fixture, RAVE v1
// convention) instead of an F-RAVE folder: the gate opens it, CV 1 moves its first latent
// dimension (heard from the moment it moves, not before), the screen names the knobs, the
// menu lists .ts files, and the audio thread neither allocates nor locks.

#include <cmath>
#include <fstream>
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/rt/RealtimeGuard.h"
#include "embedded/module/ModuleHardware.h"
#include "embedded/module/ModuleRuntime.h"
#include "embedded/module/OfflineRun.h"
#include "tests/embedded/ModuleTestUtil.h"
#include "tests/models/TorchScriptFixtures.h"

using namespace latentrack::embedded;

namespace {

constexpr double kRate = 48000.0;

struct Assets {
    Assets() {
        root = std::filesystem::temp_directory_path() /
               ("latentrack-module-ts-" + std::to_string(::getpid()));
        std::filesystem::create_directories(root / "models");
        latentrack::test::writeTsModel(root / "models" / "scripted.ts");
    }
    ~Assets() { std::filesystem::remove_all(root); }
    std::filesystem::path root;
};

struct Run {
    module::OfflineResult audio;
    module::ModuleRuntime::State state;
    std::string voiceMode;
    std::vector<std::string> menuModels;
};

Run play(const Assets& assets, const std::string& csv, double seconds) {
    module::ModuleConfig config;
    config.model = "models/scripted.ts";
    auto hardware = module::openHardware(config, hw::Scenario::parseCsv(csv));
    module::ModuleRuntime rt(config, hardware->panel, assets.root);
    Run r;
    r.audio = module::runOffline(rt, seconds, kRate, 256);
    r.state = rt.state();
    r.voiceMode = latentrack::models::torchscript::streamModeName(rt.torchScriptVoice()->mode());
    r.menuModels = module::faderModels(assets.root);
    return r;
}

double rmsDb(const std::vector<float>& x, double from, double to) {
    return latentrack::test::rmsDb(x, kRate, from, to);
}

double maxDifference(const std::vector<float>& x, const std::vector<float>& y, double from,
                     double to) {
    double d = 0.0;
    for (auto i = static_cast<std::size_t>(from * kRate); i < static_cast<std::size_t>(to * kRate);
         ++i)
        d = std::max(d, static_cast<double>(std::abs(x[i] - y[i])));
    return d;
}

} // namespace

TEST(ModuleTorchScript, AGateOpensItAndCvOneMovesItsFirstLatent) {
    const Assets assets;
    const std::string gate = "t,kind,input,value\n0.3,gate,1,5\n";
    latentrack::core::rt::resetViolations();
    const auto still = play(assets, gate, 1.6);
    const auto violations = latentrack::core::rt::violations();
    const auto moved = play(assets, gate + "1.0,cv,1,5\n", 1.6);

    EXPECT_EQ(still.voiceMode, "generate");
    EXPECT_EQ(still.audio.dryBlocks, 0);
    EXPECT_LT(rmsDb(still.audio.left, 0.0, 0.29), -120.0) << "silent before the gate";
    EXPECT_GT(rmsDb(still.audio.left, 0.4, 1.0), -60.0) << "sounding once it opens";
    // The same latent walk (same seed) until CV 1 moves at 1.0 s; after it, z1 + 2.
    EXPECT_LT(maxDifference(still.audio.left, moved.audio.left, 0.0, 0.99), 1e-6);
    EXPECT_GT(maxDifference(still.audio.left, moved.audio.left, 1.2, 1.6), 1e-2);
    EXPECT_NEAR(moved.state.latent, 1.0f, 0.02f);
    EXPECT_TRUE(moved.state.error.empty()) << moved.state.error;
    EXPECT_EQ(moved.state.model, "scripted.ts");
    EXPECT_NE(std::find(moved.menuModels.begin(), moved.menuModels.end(), "scripted.ts"),
              moved.menuModels.end());
    EXPECT_EQ(violations.total(), 0u) << "the audio thread allocated or locked";
}

TEST(ModuleTorchScript, AMalformedFileIsRefusedWithItsReason) {
    const Assets assets;
    { std::ofstream(assets.root / "models" / "broken.ts") << "not a model"; }
    module::ModuleConfig config;
    config.model = "models/broken.ts";
    auto hardware = module::openHardware(config, hw::Scenario::parseCsv("t,kind,input,value\n"));
    try {
        module::ModuleRuntime rt(config, hardware->panel, assets.root);
        FAIL() << "a broken TorchScript file was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("not a TorchScript file"), std::string::npos)
            << e.what();
    }
}
