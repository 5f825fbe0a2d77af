#include "RenderCommand.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "core/engine/DrumMachine.h"
#include "core/engine/FmInstrument.h"
#include "core/io/AudioFile.h"
#include "core/project/ProjectKit.h"
#include "core/render/OfflineRender.h"

namespace latentrack::app {

namespace {
struct RenderOptions {
    std::string project;
    std::string output;
    int bars = 4;
    double rate = 48000.0;
    int block = 256;
    double tail = 1.0;
};
} // namespace

void addRenderCommand(CLI::App& app) {
    auto opt = std::make_shared<RenderOptions>();
    auto* cmd = app.add_subcommand("render", "Render a project's pattern to an audio file");
    cmd->add_option("project", opt->project, "Project JSON file")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", opt->output, "Output file (.wav, .flac, .ogg)")->required();
    cmd->add_option("--bars", opt->bars, "Bars of 16 steps to render")->check(CLI::Range(1, 1000));
    cmd->add_option("--rate", opt->rate, "Sample rate in Hz")->check(CLI::Range(8000.0, 192000.0));
    cmd->add_option("--block", opt->block, "Engine block size in frames")
        ->check(CLI::Range(1, 2048));
    cmd->add_option("--tail", opt->tail, "Seconds of ring-out after the last bar")
        ->check(CLI::Range(0.0, 30.0));
    cmd->callback([opt] {
        namespace core = latentrack::core;
        const auto project = core::project::loadProject(opt->project);
        core::engine::Engine engine;
        engine.add<core::engine::DrumMachine>();
        engine.add<core::engine::FmInstrument>();
        engine.prepare(opt->rate, opt->block);
        auto& port = engine.openPort();
        auto kit = core::project::loadProjectKit(project, opt->rate);
        for (const auto& w : kit.warnings)
            spdlog::warn("{}", w);
        core::project::applyProject(engine, port, project, kit);
        const auto started = std::chrono::steady_clock::now();
        const auto audio = core::render::renderBars(engine, port, opt->bars, opt->block, opt->tail);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        core::io::writeAudioFile(opt->output, {audio.channel[0], audio.channel[1]}, opt->rate,
                                 core::io::SampleFormat::Pcm24);
        const double length = static_cast<double>(audio.channel[0].size()) / opt->rate;
        spdlog::info("rendered {} bars ({:.2f} s) of \"{}\" to {} in {:.3f} s ({:.0f}x realtime)",
                     opt->bars, length, project.name, opt->output, seconds,
                     length / std::max(seconds, 1e-9));
    });
}

} // namespace latentrack::app
