#include "models/preset/PresetRepresentation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace latentrack::models::preset {

namespace fm = core::fm;

namespace {

bool isChoice(int index) {
    if (index < fm::kNumOperators * fm::kOperatorParams) {
        const auto p = static_cast<fm::OpParam>(index % fm::kOperatorParams);
        return p == fm::OpParam::LeftCurve || p == fm::OpParam::RightCurve ||
               p == fm::OpParam::Mode;
    }
    const auto p = static_cast<fm::VoiceParam>(index);
    return p == fm::VoiceParam::Algorithm || p == fm::VoiceParam::OscKeySync ||
           p == fm::VoiceParam::LfoKeySync || p == fm::VoiceParam::LfoWave;
}

/// Operator 1 … 6 of an operator parameter, 0 for a voice-wide one.
int operatorOf(int index) {
    if (index >= fm::kNumOperators * fm::kOperatorParams)
        return 0;
    return fm::kNumOperators - index / fm::kOperatorParams;
}

} // namespace

PresetRepresentation::PresetRepresentation() {
    int offset = 0;
    std::vector<int> categorical;
    for (int i = 0; i < kLearnable; ++i) {
        const int values = fm::paramMax(i) + 1;
        if (isChoice(i) || values <= 32)
            categorical.push_back(i);
        else
            m_numeric.push_back(i);
    }
    offset = static_cast<int>(m_numeric.size());
    for (int i : categorical) {
        const int k = fm::paramMax(i) + 1;
        m_categorical.push_back({i, k, offset});
        offset += k;
    }
    m_vectorSize = offset;
}

const PresetRepresentation& PresetRepresentation::shared() {
    static const PresetRepresentation r;
    return r;
}

void PresetRepresentation::encode(const fm::DxVoice& voice, std::span<float> numericOut,
                                  std::span<std::int64_t> classesOut) const {
    for (std::size_t n = 0; n < m_numeric.size(); ++n) {
        const int i = m_numeric[n];
        numericOut[n] = static_cast<float>(voice.params[static_cast<std::size_t>(i)]) /
                        static_cast<float>(fm::paramMax(i));
    }
    for (std::size_t c = 0; c < m_categorical.size(); ++c) {
        const auto& p = m_categorical[c];
        classesOut[c] =
            std::min<std::int64_t>(voice.params[static_cast<std::size_t>(p.index)], p.classes - 1);
    }
}

std::vector<float> PresetRepresentation::oneHot(const fm::DxVoice& voice) const {
    std::vector<float> v(static_cast<std::size_t>(m_vectorSize), 0.0f);
    std::vector<std::int64_t> classes(m_categorical.size());
    encode(voice, std::span<float>(v.data(), m_numeric.size()), classes);
    for (std::size_t c = 0; c < m_categorical.size(); ++c)
        v[static_cast<std::size_t>(m_categorical[c].offset + classes[c])] = 1.0f;
    return v;
}

void PresetRepresentation::mask(const fm::DxVoice& voice, std::span<float> numericOut,
                                std::span<float> categoricalOut) const {
    auto audible = [&](int index) {
        const int op = operatorOf(index);
        if (op == 0)
            return true;
        const auto out = static_cast<int>(fm::OpParam::OutputLevel);
        return index % fm::kOperatorParams == out || voice.op(op, fm::OpParam::OutputLevel) > 0;
    };
    for (std::size_t n = 0; n < m_numeric.size(); ++n)
        numericOut[n] = audible(m_numeric[n]) ? 1.0f : 0.0f;
    for (std::size_t c = 0; c < m_categorical.size(); ++c)
        categoricalOut[c] = audible(m_categorical[c].index) ? 1.0f : 0.0f;
}

fm::DxVoice PresetRepresentation::decode(std::span<const float> v, const std::string& name) const {
    if (static_cast<int>(v.size()) != m_vectorSize)
        throw std::invalid_argument("preset vector of " + std::to_string(v.size()) +
                                    " values, expected " + std::to_string(m_vectorSize));
    fm::DxVoice voice = fm::DxVoice::initVoice();
    for (std::size_t n = 0; n < m_numeric.size(); ++n) {
        const int i = m_numeric[n];
        const float x = std::isfinite(v[n]) ? std::clamp(v[n], 0.0f, 1.0f) : 0.0f;
        voice.params[static_cast<std::size_t>(i)] =
            static_cast<std::uint8_t>(std::lround(x * static_cast<float>(fm::paramMax(i))));
    }
    for (const auto& p : m_categorical) {
        int best = 0;
        for (int k = 1; k < p.classes; ++k)
            if (v[static_cast<std::size_t>(p.offset + k)] >
                v[static_cast<std::size_t>(p.offset + best)])
                best = k;
        voice.params[static_cast<std::size_t>(p.index)] = static_cast<std::uint8_t>(best);
    }
    voice.set(fm::VoiceParam::Transpose, kTranspose);
    voice.setName(name);
    return voice;
}

} // namespace latentrack::models::preset
