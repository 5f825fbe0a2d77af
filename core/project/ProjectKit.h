#pragma once
// Loads the sounds a project asks for and hands a project to the engine. Both run on a
// non-realtime thread (GUI, CLI); the engine receives everything through its command port.

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/Engine.h"
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

/// Sends the playing settings that need no sound — per-track choke group and polyphony, FM
/// polyphony — through `port`, and sets the track and FM levels, to whichever of the drum
/// machine and the FM synthesizer the engine has. Thread: the port's producer
/// thread. Throws std::runtime_error when the command queue is full.
void applyPlaySettings(engine::Engine& engine, engine::Engine::CommandPort& port,
                       const Project& project);

/// Sends pattern, sounds, choke groups, polyphony and the FM voice through `port` to the
/// engine's drum machine and FM synthesizer (those it has) and sets the continuous controls. Takes
/// the samples out of `kit`. Thread: the port's producer thread. Throws std::runtime_error when the
/// command queue is full.
void applyProject(engine::Engine& engine, engine::Engine::CommandPort& port, const Project& project,
                  LoadedKit& kit);

} // namespace latentrack::core::project
