#include "models/dataset/DrumDataset.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/dsp/Trim.h"
#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "core/io/DebianPackages.h"
#include "core/kit/HydrogenKit.h"
#include "models/dataset/SoundFontLayers.h"
#include "models/dataset/SoundFontRenderer.h"

namespace latentrack::models::dataset {

namespace fs = std::filesystem;
using core::kit::classifyInstrument;

namespace {

const std::map<int, std::string> kAvlKeys = {
    {36, "Kick"},           {37, "Side Stick"}, {38, "Snare"},         {39, "Hand Clap"},
    {40, "Snare Edge"},     {41, "Floor Tom"},  {42, "Hat Closed"},    {43, "Floor Tom Edge"},
    {44, "Hat Pedal"},      {45, "Tom"},        {46, "Hat Semi-Open"}, {47, "Tom Edge"},
    {48, "Hat Swish"},      {49, "Crash"},      {50, "Crash Choke"},   {51, "Ride"},
    {52, "Ride Choke"},     {53, "Ride Bell"},  {54, "Tambourine"},    {55, "Splash"},
    {56, "Cowbell"},        {57, "Crash 2"},    {58, "Crash 2 Choke"}, {59, "Ride Shank"},
    {60, "Paiste 2002 22"}, {61, "Maraca"}};

std::string sanitise(const std::string& s) {
    std::string out;
    for (unsigned char c : s)
        out.push_back(std::isalnum(c) || c == '-' || c == '.' ? static_cast<char>(c) : '_');
    return out.empty() ? "unnamed" : out;
}

// Trailing silence off (below −60 dB of the peak), then at most maxFrames with a 10 ms fade.
// Returns false for silent audio.
bool tidy(std::vector<float>& x, double sampleRate, double maxSeconds) {
    float peak = 0.0f;
    for (float v : x)
        peak = std::max(peak, std::abs(v));
    if (peak < 1e-4f)
        return false;
    const float floor = peak * 0.001f;
    std::size_t end = x.size();
    while (end > 0 && std::abs(x[end - 1]) < floor)
        --end;
    const auto maxFrames = static_cast<std::size_t>(maxSeconds * sampleRate);
    if (end > maxFrames) {
        end = maxFrames;
        const auto fade = std::min<std::size_t>(end, static_cast<std::size_t>(0.01 * sampleRate));
        for (std::size_t i = 0; i < fade; ++i)
            x[end - fade + i] *= 1.0f - static_cast<float>(i + 1) / static_cast<float>(fade);
    }
    x.resize(end);
    return true;
}

struct Builder {
    const DrumDatasetOptions& opt;
    DrumDatasetReport report;

    void add(std::vector<float> mono, const std::string& kit, const std::string& instrument,
             int velocity, const std::string& source) {
        const auto cls = classifyInstrument(instrument);
        if (!tidy(mono, opt.sampleRate, opt.maxSeconds)) {
            report.problems.push_back(kit + ": " + instrument + " v" + std::to_string(velocity) +
                                      " is silent; skipped");
            return;
        }
        DrumDatasetEntry e;
        e.file = (fs::path("audio") / sanitise(kit) /
                  (sanitise(instrument) + "_v" + std::to_string(velocity) + ".wav"))
                     .string();
        // Two layers of one instrument may share a top velocity after rounding: keep both.
        for (int n = 2; fs::exists(opt.outDir / e.file); ++n)
            e.file = (fs::path("audio") / sanitise(kit) /
                      (sanitise(instrument) + "_v" + std::to_string(velocity) + "_" +
                       std::to_string(n) + ".wav"))
                         .string();
        e.class8 = cls.drums8;
        e.class10 = cls.dnb10;
        e.kit = kit;
        e.instrument = instrument;
        e.velocity = velocity;
        e.duration = static_cast<double>(mono.size()) / opt.sampleRate;
        e.source = source;
        fs::create_directories((opt.outDir / e.file).parent_path());
        core::io::writeAudioFile(opt.outDir / e.file, {mono}, opt.sampleRate);
        if (e.class8)
            ++report.perClass8[std::string(core::kit::name(*e.class8))];
        if (e.class10)
            ++report.perClass10[std::string(core::kit::name(*e.class10))];
        report.entries.push_back(std::move(e));
    }

    void hydrogen(const fs::path& folder) {
        const auto kit = core::kit::loadHydrogenKit(folder);
        for (const auto& inst : kit.instruments) {
            const auto cls = classifyInstrument(inst.name);
            if (!cls.drums8 && !cls.dnb10) {
                report.unmapped.push_back(kit.name + ": " + inst.name);
                continue;
            }
            for (const auto& layer : inst.layers) {
                const int velocity =
                    std::clamp(static_cast<int>(std::lround(layer.maxVelocity * 127.0f)), 1, 127);
                try {
                    auto s =
                        core::io::resample(core::io::readAudioFile(layer.file), opt.sampleRate);
                    core::dsp::trimLeadingSilence(s);
                    auto mono = core::io::toMono(s);
                    for (auto& v : mono)
                        v *= layer.gain * inst.volume;
                    add(std::move(mono), kit.name, inst.name, velocity, "hydrogen");
                } catch (const core::io::AudioFileError& e) {
                    report.problems.push_back(kit.name + ": " + inst.name + ": " + e.what());
                }
            }
        }
    }

    void soundFont(const fs::path& sf2) {
        const std::string kit = sf2.stem().string();
        SoundFontRenderer renderer(sf2, opt.sampleRate);
        for (const auto& key : readVelocityLayers(sf2, 0, 0)) {
            const std::string name = avlKeyName(key.key);
            const auto cls = classifyInstrument(name);
            if (name.empty() || (!cls.drums8 && !cls.dnb10)) {
                report.unmapped.push_back(kit + ": key " + std::to_string(key.key) +
                                          (name.empty() ? "" : " (" + name + ")"));
                continue;
            }
            for (const auto& layer : key.layers) {
                core::voice::Sample s;
                s.channel[0] =
                    renderer.renderNote(0, 0, key.key, layer.high, 0.1, opt.maxSeconds + 0.5);
                core::dsp::trimLeadingSilence(s);
                add(std::move(s.channel[0]), kit, name, layer.high, "soundfont");
            }
        }
    }
};

nlohmann::json manifest(const DrumDatasetOptions& opt, const DrumDatasetReport& r) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : r.entries) {
        entries.push_back(
            {{"file", e.file},
             {"class8", e.class8 ? nlohmann::json(core::kit::name(*e.class8)) : nlohmann::json()},
             {"class10",
              e.class10 ? nlohmann::json(core::kit::name(*e.class10)) : nlohmann::json()},
             {"kit", e.kit},
             {"instrument", e.instrument},
             {"velocity", e.velocity},
             {"duration", e.duration},
             {"sampleRate", opt.sampleRate},
             {"source", e.source}});
    }
    return {
        {"version", 1},
        {"sampleRate", opt.sampleRate},
        {"entries", entries},
        {"unmapped", r.unmapped},
        {"problems", r.problems},
        {"perClass8", r.perClass8},
        {"perClass10", r.perClass10},
        {"packages", core::io::packageVersions({"hydrogen-drumkits", "avldrums.lv2-soundfont"})}};
}

} // namespace

std::string avlKeyName(int key) {
    const auto it = kAvlKeys.find(key);
    return it == kAvlKeys.end() ? std::string() : it->second;
}

DrumDatasetReport buildDrumDataset(const DrumDatasetOptions& options,
                                   const std::function<void(const std::string&)>& progress) {
    Builder b{options, {}};
    fs::create_directories(options.outDir);
    // By default the kits of the hydrogen-drumkits package alone: the same data on every
    // machine, whatever other kits are installed (--kit adds others).
    const auto kits = options.kits.empty() ? core::kit::packageHydrogenKits() : options.kits;
    for (const auto& folder : kits) {
        try {
            b.hydrogen(folder);
        } catch (const core::kit::KitError& e) {
            b.report.problems.push_back(e.what());
        }
        if (progress)
            progress("hydrogen kit " + folder.filename().string() + ": " +
                     std::to_string(b.report.entries.size()) + " hits so far");
    }
    if (options.useSoundFonts) {
        auto fonts = options.soundFonts;
        if (fonts.empty())
            for (const char* f : {"/usr/share/sounds/sf2/Black_Pearl_4_LV2.sf2",
                                  "/usr/share/sounds/sf2/Red_Zeppelin_4_LV2.sf2"})
                if (fs::exists(f))
                    fonts.emplace_back(f);
        for (const auto& sf2 : fonts) {
            try {
                b.soundFont(sf2);
            } catch (const SoundFontError& e) {
                b.report.problems.push_back(e.what());
            }
            if (progress)
                progress("soundfont " + sf2.filename().string() + ": " +
                         std::to_string(b.report.entries.size()) + " hits so far");
        }
    }
    core::io::writeFileAtomically(options.outDir / "manifest.json",
                                  manifest(options, b.report).dump(1) + "\n");
    return b.report;
}

} // namespace latentrack::models::dataset
