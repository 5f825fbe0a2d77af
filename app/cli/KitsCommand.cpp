#include "KitsCommand.h"

#include <cstdio>

#include "core/kit/DrumClass.h"
#include "core/kit/HydrogenKit.h"

namespace latentrack::app {

void addKitsCommand(CLI::App& app) {
    auto classes = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("kits", "List installed Hydrogen drum kits");
    cmd->add_flag("--classes", *classes, "Show the drum class of every instrument");
    cmd->callback([classes] {
        namespace kit = latentrack::core::kit;
        for (const auto& folder : kit::findHydrogenKits()) {
            try {
                const auto k = kit::loadHydrogenKit(folder);
                std::printf("%-28s %3zu instruments  %s\n", k.name.c_str(), k.instruments.size(),
                            folder.c_str());
                if (!*classes)
                    continue;
                for (const auto& inst : k.instruments) {
                    const auto c = kit::classifyInstrument(inst.name);
                    std::printf("    %-44s %-11s %s\n", inst.name.c_str(),
                                c.drums8 ? std::string(kit::name(*c.drums8)).c_str() : "-",
                                c.dnb10 ? std::string(kit::name(*c.dnb10)).c_str() : "-");
                }
            } catch (const kit::KitError& e) {
                std::printf("%s: %s\n", folder.c_str(), e.what());
            }
        }
    });
}

} // namespace latentrack::app
