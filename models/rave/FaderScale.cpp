#include "models/rave/FaderScale.h"

#include <algorithm>

namespace latentrack::models::rave {

namespace {
constexpr float kCentreLimit = 0.95f;
}

FaderScale::FaderScale(const std::vector<std::vector<float>>& binEdges) {
    const auto n = std::min(binEdges.size(), m_centre.size());
    for (std::size_t d = 0; d < n; ++d) {
        const auto& edges = binEdges[d];
        if (!edges.empty())
            m_centre[d] = std::clamp(edges[(edges.size() - 1) / 2], -kCentreLimit, kCentreLimit);
    }
}

float FaderScale::centre(int a) const {
    return a >= 0 && a < static_cast<int>(m_centre.size()) ? m_centre[static_cast<std::size_t>(a)]
                                                           : 0.0f;
}

float FaderScale::toAttribute(int a, float travel) const {
    const float t = std::clamp(travel, -1.0f, 1.0f);
    const float c = centre(a);
    return t <= 0.0f ? c + t * (c + 1.0f) : c + t * (1.0f - c);
}

float FaderScale::toTravel(int a, float value) const {
    const float v = std::clamp(value, -1.0f, 1.0f);
    const float c = centre(a);
    return v <= c ? (v - c) / (c + 1.0f) : (v - c) / (1.0f - c);
}

} // namespace latentrack::models::rave
