#include "models/preset/OutOfDomainSounds.h"

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include "core/io/AudioFile.h"
#include "models/dataset/SoundFontRenderer.h"

namespace latentrack::models::preset {

namespace fs = std::filesystem;

namespace {

std::vector<float> fit(std::vector<float> x, double sampleRate, double seconds) {
    x.resize(static_cast<std::size_t>(sampleRate * seconds), 0.0f);
    return x;
}

std::vector<float> fileAt(const fs::path& p, double sampleRate) {
    return core::io::readMonoAudio(p, sampleRate);
}

} // namespace

OutOfDomainSet outOfDomainSounds(double sampleRate, double seconds) {
    OutOfDomainSet set;
    const fs::path gm = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
    if (fs::exists(gm)) {
        dataset::SoundFontRenderer fluid(gm, sampleRate);
        const std::pair<const char*, int> programs[] = {{"piano", 0},    {"organ", 19},
                                                        {"guitar", 24},  {"violin", 40},
                                                        {"trumpet", 56}, {"flute", 73}};
        for (const auto& [name, program] : programs)
            set.sounds.push_back(
                {std::string("gm ") + name, gm.string(),
                 fit(fluid.renderNote(0, program, 60, 85, 3.0, seconds), sampleRate, seconds)});
    } else {
        set.missing.push_back(gm.string() + " (fluid-soundfont-gm)");
    }
    const fs::path kit = "/usr/share/hydrogen/data/drumkits/ColomboAcousticDrumkit";
    const std::pair<const char*, const char*> hits[] = {
        {"kick", "bassdrum-4mics-br-stereo-normal3.flac"},
        {"snare", "snare-opaque-normal-mic-normal_shot2.flac"},
        {"hi-hat", "hihat-closed-4.flac"},
        {"tom", "tom-mid-1.flac"}};
    for (const auto& [name, file] : hits) {
        const auto p = kit / file;
        if (fs::exists(p))
            set.sounds.push_back({std::string("hydrogen ") + name, p.string(),
                                  fit(fileAt(p, sampleRate), sampleRate, seconds)});
        else
            set.missing.push_back(p.string() + " (hydrogen-drumkits)");
    }
    const auto tmp =
        fs::temp_directory_path() / ("latentrack-vowel-" + std::to_string(::getpid()) + ".wav");
    const std::pair<const char*, const char*> vowels[] = {
        {"ah", "aaah"}, {"oo", "oooh"}, {"ee", "eeee"}};
    for (const auto& [name, text] : vowels) {
        const std::string cmd =
            "espeak-ng -v en -s 60 -w '" + tmp.string() + "' '" + text + "' >/dev/null 2>&1";
        if (std::system(cmd.c_str()) == 0 && fs::exists(tmp)) {
            set.sounds.push_back({std::string("espeak ") + name,
                                  "espeak-ng \"" + std::string(text) + "\"",
                                  fit(fileAt(tmp, sampleRate), sampleRate, seconds)});
        } else {
            set.missing.push_back(std::string("espeak-ng \"") + text + "\" (espeak-ng)");
        }
        fs::remove(tmp);
    }
    return set;
}

} // namespace latentrack::models::preset
