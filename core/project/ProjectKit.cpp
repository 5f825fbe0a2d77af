#include "core/project/ProjectKit.h"

#include "core/engine/DrumMachine.h"
#include "core/engine/FmInstrument.h"

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

void applyProject(engine::Engine& engine, engine::Engine::CommandPort& port, const Project& project,
                  LoadedKit& kit) {
    engine.bpm.store(project.bpm);
    engine.swing.store(project.swing);
    engine.masterGainDb.store(project.masterGainDb);
    applyPlaySettings(engine, port, project);
    if (auto* drums = engine.find<engine::DrumMachine>()) {
        if (!drums->loadPattern(port, project.pattern))
            throw std::runtime_error("engine command queue is full");
        for (int t = 0; t < seq::kMaxTracks; ++t)
            if (!drums->setTrackSample(port, t, std::move(kit.samples[t])))
                throw std::runtime_error("engine command queue is full");
    }
    if (auto* fm = engine.find<engine::FmInstrument>())
        if (!fm->loadVoice(port, project.fm.voice))
            throw std::runtime_error("engine command queue is full");
}

void applyPlaySettings(engine::Engine& engine, engine::Engine::CommandPort& port,
                       const Project& project) {
    using engine::Command;
    using engine::CommandType;
    auto send = [&](const Command& c) {
        if (!port.push(c))
            throw std::runtime_error("engine command queue is full");
    };
    auto* drums = engine.find<engine::DrumMachine>();
    for (int t = 0; drums != nullptr && t < seq::kMaxTracks; ++t) {
        const auto& ts = project.tracks[t];
        drums->tracks[t].gainDb.store(ts.gainDb);
        drums->tracks[t].pan.store(ts.pan);
        drums->tracks[t].mute.store(ts.mute);
        drums->tracks[t].solo.store(ts.solo);
        const auto track = static_cast<std::int16_t>(t);
        send(Command{CommandType::SetChokeGroup, track, static_cast<std::int16_t>(ts.chokeGroup),
                     0.0f, nullptr});
        send(Command{CommandType::SetPolyphony, track, static_cast<std::int16_t>(ts.polyphony),
                     0.0f, nullptr});
    }
    if (auto* fm = engine.find<engine::FmInstrument>()) {
        fm->strip.gainDb.store(project.fm.gainDb);
        send(Command{CommandType::FmSetPolyphony, 0,
                     static_cast<std::int16_t>(project.fm.polyphony), 0.0f, nullptr});
    }
}

} // namespace latentrack::core::project
