#include "core/control/Parameters.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace latentrack::core::control {

int ParameterRegistry::add(ParameterInfo info, std::function<void(float)> apply) {
    if (find(info.id) >= 0)
        throw std::invalid_argument("parameter id \"" + info.id + "\" is registered twice");
    if (!(info.max > info.min))
        throw std::invalid_argument("parameter \"" + info.id + "\" has an empty range");
    m_entries.push_back(Entry{std::move(info), std::move(apply)});
    return size() - 1;
}

int ParameterRegistry::find(const std::string& id) const noexcept {
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].info.id == id)
            return static_cast<int>(i);
    return -1;
}

float ParameterRegistry::fromNormalised(int index, float normalised) const noexcept {
    if (index < 0 || index >= size())
        return 0.0f;
    const ParameterInfo& p = m_entries[static_cast<std::size_t>(index)].info;
    float v = p.min + std::clamp(normalised, 0.0f, 1.0f) * (p.max - p.min);
    if (p.integer || p.toggle)
        v = std::round(v);
    return v;
}

void ParameterRegistry::apply(int index, float value) const noexcept {
    if (index < 0 || index >= size())
        return;
    const Entry& e = m_entries[static_cast<std::size_t>(index)];
    float v = std::clamp(value, e.info.min, e.info.max);
    if (e.info.integer)
        v = std::round(v);
    if (e.apply)
        e.apply(v);
}

} // namespace latentrack::core::control
