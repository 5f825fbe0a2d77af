#pragma once
// A rotary encoder's two quadrature pins (A, B) read by polling, decoded with the Gray-code
// transition table: each valid transition moves ±1 quarter step, an invalid one (both pins
// changed: a missed reading or contact bounce) is ignored; `quartersPerDetent` quarter steps
// make one detent (click), reported as ±1.
//
// Thread: the module's control thread (plain value type).

namespace latentrack::embedded::control {

class QuadratureDecoder {
public:
    explicit QuadratureDecoder(int quartersPerDetent = 4);

    /// The pins' levels at one poll. Returns the detents turned since the previous call
    /// (+ clockwise: A leads B).
    int process(bool a, bool b) noexcept;

private:
    int m_quartersPerDetent;
    int m_state = -1; ///< last 2-bit state (A<<1 | B), −1 before the first reading
    int m_quarters = 0;
};

} // namespace latentrack::embedded::control
