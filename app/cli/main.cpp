// latentrack-cli: render, dataset and kit commands. Wiring only; the work is in core/ and models/.

#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "DatasetCommand.h"
#include "EvalCommand.h"
#include "FaderCommand.h"
#include "FmCommand.h"
#include "KitsCommand.h"
#include "RenderCommand.h"
#include "TorchScriptCommand.h"
#include "TrainCommand.h"
#include "latentrack/Version.h"

int main(int argc, char** argv) {
    // Logs and progress on stderr; results on stdout.
    spdlog::set_default_logger(spdlog::stderr_color_mt("latentrack"));
    CLI::App app{"LatentRack command-line tool: render projects, build datasets, train and "
                 "evaluate models, list kits, DX7 banks"};
    app.set_version_flag("--version", std::string("latentrack-cli ") + LATENTRACK_VERSION);
    app.require_subcommand(1);
    latentrack::app::addRenderCommand(app);
    latentrack::app::addDatasetCommand(app);
    latentrack::app::addKitsCommand(app);
    latentrack::app::addFmCommand(app);
    latentrack::app::addFaderCommand(app);
    latentrack::app::addTrainCommand(app);
    latentrack::app::addEvalCommand(app);
    latentrack::app::addInferCommand(app);
    latentrack::app::addSweepCommand(app);
    latentrack::app::addTorchScriptCommand(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const std::exception& e) {
        // LibTorch errors carry a C++ backtrace after the message: show the message only.
        const std::string what = e.what();
        spdlog::error("{}", what.substr(0, what.find("\nException raised from")));
        return 1;
    }
    return 0;
}
