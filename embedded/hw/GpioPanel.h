#pragma once
// The panel's digital parts over GPIO lines: the two gate inputs (a wire level read as 0 V or
// 5 V, so the GateDetector's minimum time debounces it), the push encoder (quadrature decoded
// in software at the control rate) and the RGB LED (one line per colour, on when its channel
// is ≥ 128).
//
// Thread: the control thread.

#include "embedded/control/QuadratureDecoder.h"
#include "embedded/hw/GpioLines.h"

namespace latentrack::embedded::hw {

class GpioPanel final : public GateInput, public Encoder, public Led {
public:
    GpioPanel(GpioLines& lines, const PinMap& map);

    bool read(double seconds, std::array<float, kGateInputs>& volts) override;
    bool read(double seconds, int& detents, bool& pushed) override;
    bool set(LedColour colour) override;

private:
    bool level(Pin pin, bool activeLow);
    GpioLines& m_lines;
    PinMap m_map;
    control::QuadratureDecoder m_decoder;
};

} // namespace latentrack::embedded::hw
