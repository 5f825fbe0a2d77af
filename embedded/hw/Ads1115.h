#pragma once
// The module's CV inputs through a TI ADS1115 (16-bit ΔΣ ADC, I²C address 0x48–0x4B; datasheet
// SBAS444): single-ended AIN0–AIN3 against GND, ±4.096 V full scale (PGA 001), single-shot
// conversions at 860 samples/s, comparator off. One conversion takes ~1.2 ms, so each read()
// collects the conversion it started last time (when its OS bit says done) and starts the
// next input's: the four inputs are refreshed round robin, one per control tick. Raw values
// are ADC volts (0 … 3.3 V after the op-amp stage); the CvScaler's calibration maps them to
// jack volts.
//
// Thread: the control thread. Registers: 0x00 conversion, 0x01 config (big-endian words).

#include <array>
#include <cstdint>

#include "embedded/hw/Hardware.h"
#include "embedded/hw/I2cBus.h"

namespace latentrack::embedded::hw {

class Ads1115 final : public CvInput {
public:
    static constexpr std::uint8_t kConversionRegister = 0x00;
    static constexpr std::uint8_t kConfigRegister = 0x01;
    static constexpr double kVoltsPerCode = 4.096 / 32768.0;

    /// The config word that starts a single-shot conversion of AIN`channel` (0–3).
    static std::uint16_t configWord(int channel) noexcept;

    /// Checks that a device answers at `address` (reads its config register). Throws
    /// HardwareError when none does.
    Ads1115(I2cBus& bus, std::uint8_t address = 0x48);

    bool read(double seconds, std::array<float, kCvInputs>& raw) override;

private:
    std::uint16_t readRegister(std::uint8_t reg);
    void startConversion(int channel);
    I2cBus& m_bus;
    std::uint8_t m_address;
    int m_converting = -1; ///< the channel whose conversion is running, −1 none
    std::array<float, kCvInputs> m_values{};
};

} // namespace latentrack::embedded::hw
