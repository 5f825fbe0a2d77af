#pragma once
// What latentrack-module plays, whichever mode the configuration chooses: the attribute-fader
// voice (ModuleRuntime, "faders") or the neural drum machine (DrumModule, "drums"). The live
// loop and the offline renderer drive either through this interface.
//
// Threads: start() and config() on the owner thread; tick() on the control thread;
// drawDisplay() on the display thread; ready() on the thread that processes the engine.

#include <filesystem>
#include <memory>

#include "core/engine/Engine.h"
#include "embedded/module/ModuleConfig.h"

namespace latentrack::embedded::module {

struct Panel;

class ModuleInstrument {
public:
    virtual ~ModuleInstrument() = default;
    virtual core::engine::Engine& engine() noexcept = 0;
    /// Starts the instrument's workers for an engine prepared at `engineRate` Hz with blocks of
    /// up to `bufferFrames`.
    virtual void start(double engineRate, int bufferFrames) = 0;
    /// One control tick at `seconds` since start (non-decreasing).
    virtual void tick(double seconds) = 0;
    /// Draws the screen and shows it.
    virtual void drawDisplay() = 0;
    /// True when the next `frames` frames can be processed as a device would hear them (the
    /// voice's worker has decoded them, no sound is still being generated): offline runs wait
    /// for it.
    virtual bool ready(int frames) = 0;
    virtual const ModuleConfig& config() const noexcept = 0;
};

/// The instrument of `config.mode`. Throws as the instrument's constructor does.
std::unique_ptr<ModuleInstrument> makeInstrument(const ModuleConfig& config, const Panel& panel,
                                                 const std::filesystem::path& assets,
                                                 const std::filesystem::path& configDir);

} // namespace latentrack::embedded::module
