#pragma once
// Loads the sounds a project asks for and hands a project to the engine. Both run on a
// non-realtime thread (GUI, CLI); the engine receives everything through its command port.

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/DrumMachine.h"
#include "core/engine/Engine.h"
#include "core/engine/FmInstrument.h"
#include "core/kit/HydrogenKit.h"
#include "core/project/Project.h"
#include "core/voice/Sample.h"

namespace latentrack::core::project {

struct LoadedKit {
    kit::HydrogenKit kit;
    /// Per track: the sound, or null when the kit has nothing for the track's class.
    std::array<std::unique_ptr<voice::Sample>, seq::kMaxTracks> samples;
    /// Instrument name per track (empty where none).
    std::array<std::string, seq::kMaxTracks> instrument;
    /// Problems that did not stop loading (missing instrument, unreadable layer …).
    std::vector<std::string> warnings;
};

/// Resolves `project.kit` (installed kit name or folder), assigns instruments to tracks (the
/// project's instrument names first, then by class) and loads them at `sampleRate` Hz.
/// Throws kit::KitError when the kit itself cannot be found or read.
LoadedKit loadProjectKit(const Project& project, double sampleRate);

/// Tempo, swing and master gain into the engine's atomics. Thread: any.
void applyTransport(engine::Engine& engine, const Project& project);

/// The drum machine's playing settings that need no sound: track levels, pan, mute, solo (its
/// atomics) and choke groups and polyphony (through `port`). Thread: the port's producer.
/// Throws std::runtime_error when the command queue is full.
void applyDrumPlaySettings(engine::DrumMachine& drums, engine::CommandPort& port,
                           const Project& project);
/// The pattern, the play settings and the sounds (taken out of `kit`). Throws as above.
void applyDrumMachine(engine::DrumMachine& drums, engine::CommandPort& port, const Project& project,
                      LoadedKit& kit);

/// FM level (its strip) and polyphony. Throws as above.
void applyFmPlaySettings(engine::FmInstrument& fm, engine::CommandPort& port,
                         const Project& project);
/// The FM play settings and the voice. Throws as above.
void applyFm(engine::FmInstrument& fm, engine::CommandPort& port, const Project& project);

/// applyDrumPlaySettings() and applyFmPlaySettings() for whichever of the two instruments the
/// engine has.
void applyPlaySettings(engine::Engine& engine, engine::CommandPort& port, const Project& project);

/// The whole project — transport, drum machine, FM synthesizer (those the engine has) — as the
/// CLI renderer and the module use it. Takes the samples out of `kit`. Throws as above.
void applyProject(engine::Engine& engine, engine::CommandPort& port, const Project& project,
                  LoadedKit& kit);

} // namespace latentrack::core::project
