#pragma once
// The learnable form of a DX7 voice for preset inference: DAFx21's "NumCat++" representation
// (Le Vaillant et al., "Improving synthesizer programming from variational autoencoders latent
// space", DAFx 2021). Of the voice's 145 numeric parameters (DxVoice indices 0 … 144) the 144
// without transpose are learnt; transpose is fixed at 24 (C3, no transposition) and the name is
// not part of the sound.
//
// A parameter is categorical when it is a choice (algorithm, curves, LFO wave, operator mode,
// syncs) or has at most 32 values (rate scaling, AMS, KVS, coarse, detune, feedback, PMS); the
// others (rates, levels, break point, depths, output level, fine, LFO speed/delay/depths, pitch
// EG) are numeric: 90 numeric and 54 categorical parameters.
//
// The regression vector v (length vectorSize() = 610) is laid out as the 90 numeric values,
// each value/max scaled to [0, 1], then one block per categorical parameter holding its K
// logits (one-hot in a target). Thread: any; the representation is immutable after
// construction, and shared() gives one process-wide instance.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/fm/DxVoice.h"

namespace latentrack::models::preset {

struct CategoricalParam {
    int index = 0;   ///< DxVoice parameter index (0 … 143)
    int classes = 0; ///< K: values 0 … K − 1
    int offset = 0;  ///< first of its K logits in the regression vector
};

class PresetRepresentation {
public:
    static constexpr int kLearnable = 144;
    static constexpr int kTranspose = 24; ///< the fixed transpose of every inferred voice

    PresetRepresentation();
    static const PresetRepresentation& shared();

    int numericCount() const noexcept { return static_cast<int>(m_numeric.size()); }
    int categoricalCount() const noexcept { return static_cast<int>(m_categorical.size()); }
    /// Length of the regression vector (90 + Σ K = 610).
    int vectorSize() const noexcept { return m_vectorSize; }
    /// DxVoice indices of the numeric parameters, in vector order.
    const std::vector<int>& numeric() const noexcept { return m_numeric; }
    const std::vector<CategoricalParam>& categorical() const noexcept { return m_categorical; }

    /// Target of one voice: numeric values in [0, 1] (numericOut, numericCount() values) and
    /// class indices (classesOut, categoricalCount() values).
    void encode(const core::fm::DxVoice& voice, std::span<float> numericOut,
                std::span<std::int64_t> classesOut) const;
    /// One-hot regression vector of a voice (vectorSize() values): numeric part as encode(), a
    /// 1 at each categorical parameter's class, 0 elsewhere.
    std::vector<float> oneHot(const core::fm::DxVoice& voice) const;
    /// Loss mask of one voice, per learnable parameter in vector order (numeric first, then
    /// categorical): 0 for the parameters of an operator whose output level is 0 (it cannot be
    /// heard, so its other settings are arbitrary), 1 otherwise. numericOut: numericCount(),
    /// categoricalOut: categoricalCount() values.
    void mask(const core::fm::DxVoice& voice, std::span<float> numericOut,
              std::span<float> categoricalOut) const;
    /// The voice a regression vector describes: numeric values clamped to [0, 1] and rounded to
    /// the parameter's steps, the arg-max class of each categorical block, transpose 24, the
    /// given name. Throws std::invalid_argument when v has the wrong length.
    core::fm::DxVoice decode(std::span<const float> v, const std::string& name = "INFERRED") const;

private:
    std::vector<int> m_numeric;
    std::vector<CategoricalParam> m_categorical;
    int m_vectorSize = 0;
};

} // namespace latentrack::models::preset
