#pragma once
// The encoder's small menu, as on a Eurorack module: turning opens it and moves through the
// items (model, each CV's target, CV range, volume); a push edits the selected item, turning
// then changes its value, and another push leaves editing; six seconds without a touch close
// it. Plain logic, no hardware: the runtime feeds it encoder readings and applies what it
// reports changed.
//
// Thread: the control thread; the screen reads lines() under the runtime's state lock.

#include <array>
#include <string>
#include <vector>

#include "embedded/module/ModuleConfig.h"

namespace latentrack::embedded::module {

/// What the menu edits.
struct MenuValues {
    std::vector<std::string> models; ///< model names the menu can choose from
    int model = 0;                   ///< index into models
    std::array<CvTarget, hw::kCvInputs> targets;
    control::CvRange range = control::CvRange::Bipolar; ///< of all CV inputs
    float volumeDb = -6.0f;                             ///< −60 … 0, 1 dB a detent
};

class ModuleMenu {
public:
    enum class Item { Model, Cv1, Cv2, Cv3, Cv4, Range, Volume };
    static constexpr int kItems = 7;
    static constexpr double kCloseSeconds = 6.0;

    enum Change : unsigned { None = 0, Model = 1, Targets = 2, Range = 4, Volume = 8 };

    explicit ModuleMenu(MenuValues values) : m_values(std::move(values)) {}

    /// One encoder reading at `seconds`: `detents` turned, `pushed` the knob's state now (an
    /// edge is a press). Returns the Change bits of the values it altered.
    unsigned handle(int detents, bool pushed, double seconds);

    bool isOpen() const noexcept { return m_open; }
    bool editing() const noexcept { return m_editing; }
    Item item() const noexcept { return m_item; }
    const MenuValues& values() const noexcept { return m_values; }
    MenuValues& values() noexcept { return m_values; }

    /// "label: value" of each item, for the screen.
    std::vector<std::string> lines() const;

private:
    unsigned edit(int detents);
    MenuValues m_values;
    Item m_item = Item::Model;
    bool m_open = false;
    bool m_editing = false;
    bool m_wasPushed = false;
    double m_lastTouch = 0.0;
};

} // namespace latentrack::embedded::module
