// ts_fixture DIR: writes the tests' TorchScript models (TorchScriptFixtures.h) into DIR —
// scripted-rave-v1.ts, scripted-rave-v2.ts (stereo, 44.1 kHz) and rave-sized.ts — for the
// CLI, app and module tests that run executables, and to try them by hand.
#include <cstdio>
#include <filesystem>

#include "tests/models/TorchScriptFixtures.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: ts_fixture DIR\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    latentrack::test::writeTsModel(dir / "scripted-rave-v1.ts");
    latentrack::test::TsModelOptions v2;
    v2.v2 = true;
    v2.outChannels = 2;
    v2.sampleRate = 44100;
    v2.ratio = 128;
    v2.latent = 4;
    latentrack::test::writeTsModel(dir / "scripted-rave-v2.ts", v2);
    latentrack::test::writeRaveSizedModel(dir / "rave-sized.ts");
    return 0;
}
