#pragma once
// The panel the configuration asks for, built and owned in one place: "simulated" (scenario,
// OSC, PNG/terminal screen) or "linux" (GPIO through libgpiod, CVs from an ADS1115 and the
// screen on an SSD1306, both on one i2c-dev bus).
//
// Thread: the owner thread. Errors: HardwareError (a device that does not answer, a busy GPIO
// line, an OSC port in use), ScenarioError.

#include <memory>
#include <optional>
#include <vector>

#include "embedded/hw/Scenario.h"
#include "embedded/hw/SimulatedHardware.h"
#include "embedded/module/ModuleConfig.h"
#include "embedded/module/ModuleRuntime.h"

namespace latentrack::embedded::module {

struct ModuleHardware {
    Panel panel;
    hw::SimulatedInputs* simulated = nullptr; ///< the simulated backend's parts, else null
    hw::SimulatedLed* simulatedLed = nullptr;
    hw::SimulatedDisplay* simulatedDisplay = nullptr;
    std::vector<std::shared_ptr<void>> owned; ///< every part, destroyed in reverse order
    ~ModuleHardware();
};

std::unique_ptr<ModuleHardware> openHardware(const ModuleConfig& config,
                                             std::optional<hw::Scenario> scenario);

} // namespace latentrack::embedded::module
