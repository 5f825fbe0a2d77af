#pragma once
// What the OLED shows, drawn into a 128 × 64 one-bit frame: the model's name and the CPU load
// on top; then one bar per attribute (the value the voice is decoded with, −1 … 1, the
// measured descriptor as a tick); or, while the menu is open, its items with the selected one
// inverted (and a marker while it is edited); an error replaces the bars until it is gone.
// Text through models::image::Font (FreeType, thresholded to one bit).
//
// Thread: the display thread. Allocates.

#include <array>
#include <string>
#include <vector>

#include "embedded/hw/Hardware.h"

namespace latentrack::embedded::module {

struct ScreenState {
    std::string model;
    float cpuLoad = 0.0f; ///< the process's CPU time per second, 0 … 1+ (one core = 1)
    bool gate = false;
    std::array<std::string, 5> attributeNames{};
    std::array<float, 5> attributes{}; ///< −1 … 1
    std::array<float, 5> measured{};   ///< −1 … 1
    bool showMeasured = true;          ///< false: no measurement (a TorchScript model's knobs)
    int numAttributes = 0;
    bool menuOpen = false;
    bool editing = false;
    int menuItem = 0;
    std::vector<std::string> menuLines;
    std::string error;
};

void drawScreen(hw::Frame& frame, const ScreenState& state);

/// One line of text in the screen's font (10 px), its top at y, lit (or dark when !on).
void drawText(hw::Frame& frame, int x, int y, const std::string& text, bool on = true);

} // namespace latentrack::embedded::module
