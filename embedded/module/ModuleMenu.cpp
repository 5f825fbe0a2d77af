#include "embedded/module/ModuleMenu.h"

#include <algorithm>
#include <cmath>

#include "core/dsp/Descriptors.h"

namespace latentrack::embedded::module {

namespace {
// The targets a CV can cycle through: none, latent, each descriptor, then the pitch.
constexpr int kTargets = 3 + core::dsp::kNumDescriptors;

int targetIndex(const CvTarget& t) {
    return t.kind == CvTarget::Kind::None     ? 0
           : t.kind == CvTarget::Kind::Latent ? 1
           : t.kind == CvTarget::Kind::Pitch  ? kTargets - 1
                                              : 2 + t.attribute;
}

CvTarget targetAt(int i) {
    if (i == 0)
        return {};
    if (i == 1)
        return {CvTarget::Kind::Latent, 0};
    if (i == kTargets - 1)
        return {CvTarget::Kind::Pitch, 0};
    return {CvTarget::Kind::Attribute, i - 2};
}

int wrap(int i, int n) {
    return ((i % n) + n) % n;
}
} // namespace

unsigned ModuleMenu::handle(int detents, bool pushed, double seconds) {
    const bool press = pushed && !m_wasPushed;
    m_wasPushed = pushed;
    if (detents == 0 && !press) {
        if (m_open && seconds - m_lastTouch > kCloseSeconds) {
            m_open = false;
            m_editing = false;
        }
        return None;
    }
    m_lastTouch = seconds;
    if (!m_open) {
        m_open = true; // the first touch only opens the menu
        return None;
    }
    if (press) {
        m_editing = !m_editing;
        return None;
    }
    if (!m_editing) {
        m_item = static_cast<Item>(wrap(static_cast<int>(m_item) + detents, kItems));
        return None;
    }
    return edit(detents);
}

unsigned ModuleMenu::edit(int detents) {
    switch (m_item) {
    case Item::Model:
        if (m_values.models.size() < 2)
            return None;
        m_values.model = wrap(m_values.model + detents, static_cast<int>(m_values.models.size()));
        return Model;
    case Item::Cv1:
    case Item::Cv2:
    case Item::Cv3:
    case Item::Cv4: {
        auto& t = m_values.targets[static_cast<std::size_t>(static_cast<int>(m_item) - 1)];
        t = targetAt(wrap(targetIndex(t) + detents, kTargets));
        return Targets;
    }
    case Item::Range:
        if (detents % 2 != 0)
            m_values.range = m_values.range == control::CvRange::Bipolar
                                 ? control::CvRange::Unipolar
                                 : control::CvRange::Bipolar;
        return Range;
    case Item::Volume:
        m_values.volumeDb =
            std::clamp(m_values.volumeDb + static_cast<float>(detents), -60.0f, 0.0f);
        return Volume;
    }
    return None;
}

std::vector<std::string> ModuleMenu::lines() const {
    std::vector<std::string> out;
    out.push_back("model: " + (m_values.models.empty()
                                   ? std::string("-")
                                   : m_values.models[static_cast<std::size_t>(m_values.model)]));
    for (int i = 0; i < hw::kCvInputs; ++i)
        out.push_back("CV " + std::to_string(i + 1) + ": " +
                      m_values.targets[static_cast<std::size_t>(i)].name());
    out.push_back(std::string("range: ") +
                  (m_values.range == control::CvRange::Bipolar ? "+-5 V" : "0-10 V"));
    out.push_back("volume: " + std::to_string(static_cast<int>(std::lround(m_values.volumeDb))) +
                  " dB");
    return out;
}

} // namespace latentrack::embedded::module
