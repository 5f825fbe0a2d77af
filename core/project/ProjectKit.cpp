#include "core/project/ProjectKit.h"

#include <stdexcept>

#include "core/io/AudioFile.h"
#include "core/kit/KitTracks.h"

namespace latentrack::core::project {

namespace fs = std::filesystem;

LoadedKit loadProjectKit(const Project& project, double sampleRate) {
    if (project.kit.empty())
        throw kit::KitError("project names no kit");
    fs::path folder =
        fs::is_directory(project.kit) ? fs::path(project.kit) : kit::findKitByName(project.kit);
    if (folder.empty())
        throw kit::KitError("drum kit \"" + project.kit +
                            "\" is not installed (install Debian's hydrogen-drumkits, or put the "
                            "kit under ~/.hydrogen/data/drumkits)");
    LoadedKit out;
    out.kit = kit::loadHydrogenKit(folder);
    const auto layout = project.pattern.layout;
    const auto byClass = kit::assignInstruments(out.kit, layout);
    for (int t = 0; t < seq::trackCount(layout); ++t) {
        int chosen = byClass[t];
        const std::string& wanted = project.tracks[t].instrument;
        if (!wanted.empty()) {
            int found = -1;
            for (int i = 0; i < static_cast<int>(out.kit.instruments.size()); ++i)
                if (out.kit.instruments[i].name == wanted)
                    found = i;
            if (found >= 0)
                chosen = found;
            else
                out.warnings.push_back("track " + std::to_string(t + 1) + ": instrument \"" +
                                       wanted + "\" is not in kit " + out.kit.name);
        }
        if (chosen < 0)
            continue;
        const auto& inst = out.kit.instruments[chosen];
        try {
            out.samples[t] =
                std::make_unique<voice::Sample>(kit::loadInstrumentSample(inst, sampleRate));
            out.instrument[t] = inst.name;
        } catch (const io::AudioFileError& e) {
            out.warnings.push_back(e.what());
        }
    }
    return out;
}

namespace {
void sendOrThrow(engine::CommandPort& port, const engine::Command& c) {
    if (!port.push(c))
        throw std::runtime_error("engine command queue is full");
}
} // namespace

void applyTransport(engine::Engine& engine, const Project& project) {
    engine.bpm.store(project.bpm);
    engine.swing.store(project.swing);
    engine.masterGainDb.store(project.masterGainDb);
}

void applyDrumPlaySettings(engine::DrumMachine& drums, engine::CommandPort& port,
                           const Project& project) {
    using engine::Command;
    using engine::CommandType;
    for (int t = 0; t < seq::kMaxTracks; ++t) {
        const auto& ts = project.tracks[t];
        drums.tracks[t].gainDb.store(ts.gainDb);
        drums.tracks[t].pan.store(ts.pan);
        drums.tracks[t].mute.store(ts.mute);
        drums.tracks[t].solo.store(ts.solo);
        const auto track = static_cast<std::int16_t>(t);
        sendOrThrow(port, Command{CommandType::SetChokeGroup, track,
                                  static_cast<std::int16_t>(ts.chokeGroup), 0.0f, nullptr});
        sendOrThrow(port, Command{CommandType::SetPolyphony, track,
                                  static_cast<std::int16_t>(ts.polyphony), 0.0f, nullptr});
    }
}

void applyDrumMachine(engine::DrumMachine& drums, engine::CommandPort& port, const Project& project,
                      LoadedKit& kit) {
    if (!drums.loadPattern(port, project.pattern))
        throw std::runtime_error("engine command queue is full");
    applyDrumPlaySettings(drums, port, project);
    for (int t = 0; t < seq::kMaxTracks; ++t)
        if (!drums.setTrackSample(port, t, std::move(kit.samples[t])))
            throw std::runtime_error("engine command queue is full");
}

void applyFmPlaySettings(engine::FmInstrument& fm, engine::CommandPort& port,
                         const Project& project) {
    fm.strip.gainDb.store(project.fm.gainDb);
    sendOrThrow(port,
                engine::Command{engine::CommandType::FmSetPolyphony, 0,
                                static_cast<std::int16_t>(project.fm.polyphony), 0.0f, nullptr});
}

void applyFm(engine::FmInstrument& fm, engine::CommandPort& port, const Project& project) {
    applyFmPlaySettings(fm, port, project);
    if (!fm.loadVoice(port, project.fm.voice))
        throw std::runtime_error("engine command queue is full");
}

void applyProject(engine::Engine& engine, engine::CommandPort& port, const Project& project,
                  LoadedKit& kit) {
    applyTransport(engine, project);
    if (auto* drums = engine.find<engine::DrumMachine>())
        applyDrumMachine(*drums, port, project, kit);
    if (auto* fm = engine.find<engine::FmInstrument>())
        applyFm(*fm, port, project);
}

void applyPlaySettings(engine::Engine& engine, engine::CommandPort& port, const Project& project) {
    if (auto* drums = engine.find<engine::DrumMachine>())
        applyDrumPlaySettings(*drums, port, project);
    if (auto* fm = engine.find<engine::FmInstrument>())
        applyFmPlaySettings(*fm, port, project);
}

} // namespace latentrack::core::project
