#pragma once
// Registers the engine's controllable parameters in a ParameterRegistry:
//   transport.bpm (40 … 300), transport.swing (50 … 75 %), transport.play (button),
//   master.gain (dB), fm.gain (dB), track.N.gain (dB), track.N.pan (−1 … 1), track.N.mute,
//   track.N.solo (N = 1 … 10), fm.param.I (I = 0 … 144, the DX7 voice parameters without the
//   name, in their own ranges), fm.bend (−1 … 1), fm.modwheel (0 … 1).
// Apply functions write the engine's atomics or push commands into `port`, which must belong to
// the thread that calls apply() (the MIDI thread). Thread: owner, before control threads start.

#include "core/control/Parameters.h"
#include "core/engine/Engine.h"

namespace latentrack::core::control {

void registerEngineParameters(ParameterRegistry& registry, engine::Engine& engine,
                              engine::Engine::CommandPort& port);

/// Id of DX7 voice parameter `index` (0 … 144): "fm.param.<index>".
std::string fmParameterId(int index);

} // namespace latentrack::core::control
