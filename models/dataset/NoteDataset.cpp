#include "models/dataset/NoteDataset.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/dsp/Trim.h"
#include "core/engine/DrumMachine.h"
#include "core/io/AtomicFile.h"
#include "core/io/AudioFile.h"
#include "core/io/DebianPackages.h"
#include "core/kit/HydrogenKit.h"
#include "core/project/ProjectKit.h"
#include "core/render/OfflineRender.h"
#include "models/dataset/DrumDataset.h"
#include "models/dataset/SoundFontRenderer.h"

namespace latentrack::models::dataset {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string sanitise(const std::string& s) {
    std::string out;
    for (unsigned char c : s)
        out.push_back(std::isalnum(c) || c == '-' || c == '.' ? static_cast<char>(c) : '_');
    return out;
}

float peakOf(const std::vector<float>& x) {
    float p = 0.0f;
    for (float v : x)
        p = std::max(p, std::abs(v));
    return p;
}

/// Renders every (program, key, velocity) and appends manifest entries with `classKey`.
void renderNotes(const NoteDatasetOptions& o, const std::vector<NoteProgram>& programs,
                 const std::string& classKey, json& entries, NoteDatasetReport& report,
                 const std::function<void(const std::string&)>& progress) {
    SoundFontRenderer renderer(o.soundFont, o.sampleRate);
    for (const auto& p : programs) {
        const std::string kit = "GM " + std::to_string(p.program + 1) + " " + p.className;
        int written = 0;
        for (int key = p.lowKey; key <= p.highKey; key += p.keyStep)
            for (int vel : o.velocities) {
                core::voice::Sample note;
                note.channel[0] =
                    renderer.renderNote(0, p.program, key, vel, o.holdSeconds, o.totalSeconds);
                note.sampleRate = o.sampleRate;
                core::dsp::trimLeadingSilence(note);
                const auto& audio = note.channel[0];
                if (peakOf(audio) < 1e-3f) {
                    report.problems.push_back(kit + " key " + std::to_string(key) + " v" +
                                              std::to_string(vel) + " is silent; skipped");
                    continue;
                }
                const auto file = fs::path("audio") / sanitise(p.className) /
                                  (std::to_string(p.program) + "_" + std::to_string(key) + "_v" +
                                   std::to_string(vel) + ".wav");
                fs::create_directories((o.outDir / file).parent_path());
                core::io::writeAudioFile(o.outDir / file, {audio}, o.sampleRate);
                const bool test = ((key - p.lowKey) / p.keyStep) % o.heldOutEvery == 1;
                entries.push_back({{"file", file.string()},
                                   {classKey, p.className},
                                   {"kit", kit},
                                   {"instrument", kit},
                                   {"pitch", key},
                                   {"velocity", vel},
                                   {"duration", audio.size() / o.sampleRate},
                                   {"sampleRate", o.sampleRate},
                                   {"source", "soundfont"},
                                   {"split", test ? "test" : "train"}});
                ++report.perClass[p.className];
                if (test)
                    ++report.heldOutPerClass[p.className];
                ++written;
            }
        if (progress)
            progress(kit + ": " + std::to_string(written) + " notes");
    }
}

/// One-bar break loops on every Hydrogen kit, rendered by the engine at the dataset's rate.
void renderBreaks(const NoteDatasetOptions& o, json& entries, NoteDatasetReport& report,
                  const std::function<void(const std::string&)>& progress) {
    struct Groove {
        const char* name;
        std::vector<int> kick, snare, hat;
    };
    const std::vector<Groove> grooves = {
        {"two-step", {0, 10}, {4, 12}, {0, 2, 4, 6, 8, 10, 12, 14}},
        {"amen", {0, 2, 10, 11}, {4, 7, 9, 12, 15}, {0, 2, 4, 6, 8, 10, 12, 14}},
    };
    using core::kit::DrumClass;
    for (const auto& kitPath : core::kit::packageHydrogenKits()) {
        core::project::Project project;
        project.kit = kitPath.string();
        core::project::LoadedKit probe;
        try {
            probe = core::project::loadProjectKit(project, o.sampleRate);
        } catch (const std::exception& e) {
            report.problems.push_back(kitPath.string() + ": " + e.what());
            continue;
        }
        const auto kick = static_cast<int>(DrumClass::Kick);
        const auto snare = static_cast<int>(DrumClass::Snare);
        const auto hat = static_cast<int>(DrumClass::ClosedHat);
        if (!probe.samples[kick] || !probe.samples[snare] || !probe.samples[hat])
            continue; // a break needs kick, snare and closed hat
        const std::string kitName = probe.kit.name;
        for (const auto& g : grooves)
            for (double bpm : {164.0, 174.0}) {
                project.bpm = bpm;
                project.pattern = core::seq::Pattern{};
                for (int s : g.kick)
                    project.pattern.set(kick, s, 1.0f);
                for (int s : g.snare)
                    project.pattern.set(snare, s, s % 4 == 0 ? 1.0f : 0.6f);
                for (int s : g.hat)
                    project.pattern.set(hat, s, s % 4 == 0 ? 0.8f : 0.5f);
                core::engine::Engine engine;
                engine.add<core::engine::DrumMachine>();
                engine.prepare(o.sampleRate, 256);
                auto& port = engine.openPort();
                auto kit = core::project::loadProjectKit(project, o.sampleRate);
                core::project::applyProject(engine, port, project, kit);
                const auto audio = core::render::renderBars(engine, port, 1, 256, 0.0);
                std::vector<float> mono(audio.channel[0].size());
                for (std::size_t i = 0; i < mono.size(); ++i)
                    mono[i] = 0.5f * (audio.channel[0][i] + audio.channel[1][i]);
                const auto file = fs::path("audio") / "break" /
                                  (sanitise(kitName) + "_" + g.name + "_" +
                                   std::to_string(static_cast<int>(bpm)) + ".wav");
                fs::create_directories((o.outDir / file).parent_path());
                core::io::writeAudioFile(o.outDir / file, {mono}, o.sampleRate);
                entries.push_back(
                    {{"file", file.string()},
                     {"class8", nullptr},
                     {"class10", "break"},
                     {"kit", kitName},
                     {"instrument",
                      std::string(g.name) + " " + std::to_string(static_cast<int>(bpm)) + " BPM"},
                     {"velocity", 127},
                     {"duration", mono.size() / o.sampleRate},
                     {"sampleRate", o.sampleRate},
                     {"source", "sequencer"}});
                ++report.perClass["break"];
            }
        if (progress)
            progress(kitName + ": 4 break loops");
    }
}

void writeManifest(const NoteDatasetOptions& o, const json& entries,
                   const NoteDatasetReport& report) {
    const json manifest = {
        {"version", 1},
        {"sampleRate", o.sampleRate},
        {"entries", entries},
        {"problems", report.problems},
        {"perClass", report.perClass},
        {"heldOutPerClass", report.heldOutPerClass},
        {"packages", core::io::packageVersions(
                         {"fluid-soundfont-gm", "timgm6mb-soundfont", "hydrogen-drumkits"})}};
    core::io::writeFileAtomically(o.outDir / "manifest.json", manifest.dump(1) + "\n");
}

} // namespace

std::vector<NoteProgram> orchestraPrograms() {
    // GM programs (0-based) and playable ranges of each instrument.
    return {{"violin", 40, 55, 91, 1},      {"cello", 42, 36, 72, 1},
            {"double_bass", 43, 28, 60, 1}, {"flute", 73, 60, 93, 1},
            {"clarinet", 71, 50, 86, 1},    {"oboe", 68, 58, 88, 1},
            {"french_horn", 60, 41, 74, 1}, {"trumpet", 56, 54, 84, 1},
            {"piano", 0, 33, 96, 2},        {"harp", 46, 36, 96, 2}};
}

std::vector<NoteProgram> dnbMelodicPrograms() {
    return {{"bass", 33, 28, 52, 2}, {"bass", 38, 28, 52, 2}, {"bass", 39, 28, 52, 2},
            {"lead", 80, 48, 84, 3}, {"lead", 81, 48, 84, 3}, {"lead", 84, 48, 84, 3},
            {"pad", 88, 48, 72, 3},  {"pad", 89, 48, 72, 3},  {"pad", 94, 48, 72, 3},
            {"fx", 96, 48, 72, 4},   {"fx", 98, 48, 72, 4},   {"fx", 102, 48, 72, 4}};
}

NoteDatasetReport buildOrchestraDataset(const NoteDatasetOptions& o,
                                        const std::function<void(const std::string&)>& progress) {
    fs::create_directories(o.outDir);
    NoteDatasetReport report;
    json entries = json::array();
    renderNotes(o, orchestraPrograms(), "class", entries, report, progress);
    report.entries = static_cast<int>(entries.size());
    writeManifest(o, entries, report);
    return report;
}

NoteDatasetReport buildDnbDataset(const NoteDatasetOptions& o,
                                  const std::function<void(const std::string&)>& progress) {
    DrumDatasetOptions drums;
    drums.outDir = o.outDir;
    drums.sampleRate = o.sampleRate;
    const auto hits = buildDrumDataset(drums, progress);
    NoteDatasetReport report;
    json entries = json::array();
    for (const auto& e : hits.entries) {
        if (!e.class10)
            continue;
        const std::string cls(core::kit::name(*e.class10));
        entries.push_back({{"file", e.file},
                           {"class10", cls},
                           {"kit", e.kit},
                           {"instrument", e.instrument},
                           {"velocity", e.velocity},
                           {"duration", e.duration},
                           {"sampleRate", o.sampleRate},
                           {"source", e.source}});
        ++report.perClass[cls];
    }
    renderNotes(o, dnbMelodicPrograms(), "class10", entries, report, progress);
    renderBreaks(o, entries, report, progress);
    report.entries = static_cast<int>(entries.size());
    writeManifest(o, entries, report);
    return report;
}

} // namespace latentrack::models::dataset
