#include "models/dataset/SoundFontRenderer.h"

#include <cmath>

#include <fluidsynth.h>

#include "models/dataset/SoundFontLayers.h"

namespace latentrack::models::dataset {

struct SoundFontRenderer::Impl {
    fluid_settings_t* settings = nullptr;
    fluid_synth_t* synth = nullptr;
    int fontId = -1;
    double sampleRate = 0.0;
};

SoundFontRenderer::SoundFontRenderer(const std::filesystem::path& sf2, double sampleRate)
    : m_impl(std::make_unique<Impl>()) {
    fluid_set_log_function(FLUID_WARN, nullptr, nullptr);
    fluid_set_log_function(FLUID_INFO, nullptr, nullptr);
    m_impl->sampleRate = sampleRate;
    m_impl->settings = new_fluid_settings();
    fluid_settings_setnum(m_impl->settings, "synth.sample-rate", sampleRate);
    fluid_settings_setint(m_impl->settings, "synth.reverb.active", 0);
    fluid_settings_setint(m_impl->settings, "synth.chorus.active", 0);
    fluid_settings_setnum(m_impl->settings, "synth.gain", 1.0);
    m_impl->synth = new_fluid_synth(m_impl->settings);
    m_impl->fontId = fluid_synth_sfload(m_impl->synth, sf2.c_str(), 1);
    if (m_impl->fontId == FLUID_FAILED) {
        delete_fluid_synth(m_impl->synth);
        delete_fluid_settings(m_impl->settings);
        m_impl.reset();
        throw SoundFontError(sf2.string() + ": libfluidsynth cannot load this SoundFont");
    }
}

SoundFontRenderer::~SoundFontRenderer() {
    if (m_impl) {
        delete_fluid_synth(m_impl->synth);
        delete_fluid_settings(m_impl->settings);
    }
}

std::vector<float> SoundFontRenderer::renderNote(int bank, int program, int key, int velocity,
                                                 double holdSeconds, double totalSeconds) {
    auto* synth = m_impl->synth;
    fluid_synth_system_reset(synth);
    fluid_synth_program_select(synth, 0, m_impl->fontId, bank, program);
    const int total = static_cast<int>(std::lround(totalSeconds * m_impl->sampleRate));
    const int hold =
        std::min(total, static_cast<int>(std::lround(holdSeconds * m_impl->sampleRate)));
    std::vector<float> left(total), right(total);
    fluid_synth_noteon(synth, 0, key, velocity);
    fluid_synth_write_float(synth, hold, left.data(), 0, 1, right.data(), 0, 1);
    fluid_synth_noteoff(synth, 0, key);
    fluid_synth_write_float(synth, total - hold, left.data() + hold, 0, 1, right.data() + hold, 0,
                            1);
    for (int i = 0; i < total; ++i)
        left[i] = 0.5f * (left[i] + right[i]);
    return left;
}

std::vector<float> SoundFontRenderer::renderPhrase(int bank, int program, std::vector<Event> events,
                                                   double totalSeconds) {
    auto* synth = m_impl->synth;
    fluid_synth_system_reset(synth);
    fluid_synth_program_select(synth, 0, m_impl->fontId, bank, program);
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.seconds < b.seconds; });
    const int total = static_cast<int>(std::lround(totalSeconds * m_impl->sampleRate));
    std::vector<float> left(static_cast<std::size_t>(total)), right(left.size());
    int done = 0;
    for (const auto& e : events) {
        const int at =
            std::clamp(static_cast<int>(std::lround(e.seconds * m_impl->sampleRate)), 0, total);
        if (at > done) {
            fluid_synth_write_float(synth, at - done, left.data() + done, 0, 1, right.data() + done,
                                    0, 1);
            done = at;
        }
        if (e.type == Event::Type::NoteOn)
            fluid_synth_noteon(synth, 0, e.number, std::clamp(e.value, 1, 127));
        else if (e.type == Event::Type::NoteOff)
            fluid_synth_noteoff(synth, 0, e.number);
        else
            fluid_synth_cc(synth, 0, e.number, std::clamp(e.value, 0, 127));
    }
    if (total > done)
        fluid_synth_write_float(synth, total - done, left.data() + done, 0, 1, right.data() + done,
                                0, 1);
    for (std::size_t i = 0; i < left.size(); ++i)
        left[i] = 0.5f * (left[i] + right[i]);
    return left;
}

} // namespace latentrack::models::dataset
