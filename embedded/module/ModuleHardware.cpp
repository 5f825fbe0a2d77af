#include "embedded/module/ModuleHardware.h"

#include "embedded/hw/Ads1115.h"
#include "embedded/hw/GpioPanel.h"
#include "embedded/hw/I2cBus.h"
#include "embedded/hw/Ssd1306.h"

namespace latentrack::embedded::module {

ModuleHardware::~ModuleHardware() {
    while (!owned.empty())
        owned.pop_back();
}

std::unique_ptr<ModuleHardware> openHardware(const ModuleConfig& c,
                                             std::optional<hw::Scenario> scenario) {
    auto h = std::make_unique<ModuleHardware>();
    if (c.hardware == "simulated") {
        auto inputs = std::make_shared<hw::SimulatedInputs>(std::move(scenario), c.oscPort);
        auto led = std::make_shared<hw::SimulatedLed>();
        auto display = std::make_shared<hw::SimulatedDisplay>(c.displayPng, c.displayTerminal);
        h->panel = {inputs.get(), inputs.get(), inputs.get(), led.get(), display.get()};
        h->simulated = inputs.get();
        h->simulatedLed = led.get();
        h->simulatedDisplay = display.get();
        h->owned = {inputs, led, display};
        return h;
    }
    auto bus = std::make_shared<hw::LinuxI2cBus>(c.i2cDevice);
    auto shared = std::make_shared<hw::SharedI2cBus>(*bus);
    h->owned.push_back(bus);
    h->owned.push_back(shared);
    auto adc = std::make_shared<hw::Ads1115>(*shared, c.adcAddress);
    h->owned.push_back(adc);
    auto screen = std::make_shared<hw::Ssd1306>(*shared, c.oledAddress);
    h->owned.push_back(screen);
    std::shared_ptr<hw::GpioLines> lines = hw::openLibgpiodLines(c.pins);
    h->owned.push_back(lines);
    auto gpio = std::make_shared<hw::GpioPanel>(*lines, c.pins);
    h->owned.push_back(gpio);
    h->panel = {adc.get(), gpio.get(), gpio.get(), gpio.get(), screen.get()};
    return h;
}

} // namespace latentrack::embedded::module
