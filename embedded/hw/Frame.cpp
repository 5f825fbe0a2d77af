#include "embedded/hw/Hardware.h"

namespace latentrack::embedded::hw {

void Frame::set(int x, int y, bool on) noexcept {
    if (x < 0 || y < 0 || x >= kWidth || y >= kHeight)
        return;
    auto& b = bytes[static_cast<std::size_t>((y / 8) * kWidth + x)];
    const auto bit = static_cast<std::uint8_t>(1u << (y % 8));
    b = on ? static_cast<std::uint8_t>(b | bit) : static_cast<std::uint8_t>(b & ~bit);
}

bool Frame::get(int x, int y) const noexcept {
    if (x < 0 || y < 0 || x >= kWidth || y >= kHeight)
        return false;
    return (bytes[static_cast<std::size_t>((y / 8) * kWidth + x)] >> (y % 8)) & 1u;
}

} // namespace latentrack::embedded::hw
