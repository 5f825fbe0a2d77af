#include "core/render/FmRender.h"

#include <cmath>
#include <stdexcept>

#include "core/engine/FmInstrument.h"

namespace latentrack::core::render {

namespace {
void send(engine::Engine::CommandPort& port, const engine::Command& c) {
    if (!port.push(c))
        throw std::runtime_error("renderFmNote: engine command queue is full");
}
} // namespace

std::vector<float> renderFmNote(engine::Engine& engine, engine::Engine::CommandPort& port,
                                const fm::DxVoice& voice, const FmNoteRequest& r) {
    if (r.note < 0 || r.note > 127 || r.velocity < 1 || r.velocity > 127)
        throw std::invalid_argument("renderFmNote: note must be 0 … 127 and velocity 1 … 127");
    if (r.holdSeconds < 0.0 || r.releaseSeconds < 0.0 || r.holdSeconds + r.releaseSeconds > 600.0)
        throw std::invalid_argument("renderFmNote: hold and release must be 0 … 600 s in all");
    if (r.blockFrames < 1 || r.blockFrames > engine.maxBlockFrames())
        throw std::invalid_argument("renderFmNote: block size exceeds the engine's");
    using engine::Command;
    using engine::CommandType;
    send(port, Command{CommandType::FmAllNotesOff, 0, 0, 0.0f, nullptr});
    if (!engine.require<engine::FmInstrument>("FM synthesizer").loadVoice(port, voice))
        throw std::runtime_error("renderFmNote: engine command queue is full");
    send(port, Command{CommandType::FmNoteOn, static_cast<std::int16_t>(r.velocity),
                       static_cast<std::int16_t>(r.note), 0.0f, nullptr});

    const double rate = engine.sampleRate();
    const auto holdFrames = static_cast<std::size_t>(std::llround(r.holdSeconds * rate));
    const auto totalFrames =
        holdFrames + static_cast<std::size_t>(std::llround(r.releaseSeconds * rate));
    std::vector<float> out(totalFrames);
    std::vector<float> left(static_cast<std::size_t>(r.blockFrames));
    std::vector<float> right(static_cast<std::size_t>(r.blockFrames));
    bool released = false;
    for (std::size_t pos = 0; pos < totalFrames;) {
        if (!released && pos >= holdFrames) {
            send(port, Command{CommandType::FmNoteOff, 0, static_cast<std::int16_t>(r.note), 0.0f,
                               nullptr});
            released = true;
        }
        // Blocks end exactly at the release point, so the note-off lands on its sample.
        std::size_t n =
            std::min<std::size_t>(static_cast<std::size_t>(r.blockFrames), totalFrames - pos);
        if (!released)
            n = std::min(n, holdFrames - pos);
        engine.process(left.data(), right.data(), static_cast<int>(n));
        std::copy(left.begin(), left.begin() + static_cast<long>(n),
                  out.begin() + static_cast<long>(pos));
        pos += n;
    }
    engine.collectGarbage();
    return out;
}

} // namespace latentrack::core::render
