#pragma once
// The 32 DX7 algorithms (DX7 owner's manual, algorithm chart): which operators modulate which,
// which are carriers, and where the feedback loop is. Operators are numbered 1 … 6; in every
// algorithm a modulator has a higher number than the operator it modulates, so rendering
// 6 → 1 sees each modulator's output before it is needed. Feedback runs from `feedbackFrom` to
// `feedbackTo` (the same operator, except algorithms 4 and 6 where it closes a loop over 3 and
// 2 operators).

#include <array>
#include <cstdint>

namespace latentrack::core::fm {

struct Algorithm {
    /// modulators[op − 1]: bit (m − 1) is set when operator m modulates op.
    std::array<std::uint8_t, 6> modulators{};
    std::uint8_t carriers = 0; ///< bit (op − 1) set for carriers
    int feedbackFrom = 6;
    int feedbackTo = 6;

    bool isCarrier(int op) const noexcept { return (carriers >> (op - 1)) & 1u; }
    bool modulates(int m, int op) const noexcept {
        return (modulators[static_cast<std::size_t>(op - 1)] >> (m - 1)) & 1u;
    }
    int numCarriers() const noexcept;
};

/// Algorithm 1 … 32 (the voice parameter 0 … 31 plus one). Out-of-range numbers are clamped.
const Algorithm& algorithm(int number) noexcept;

} // namespace latentrack::core::fm
