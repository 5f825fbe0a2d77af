#include "models/image/AudioFigure.h"

#include "core/dsp/MelSpectrogram.h"
#include "models/image/SpectrogramFigure.h"

namespace latentrack::models::image {

void writeMelFigure(const std::filesystem::path& path, const std::string& title,
                    const std::vector<std::pair<std::string, std::vector<float>>>& columns,
                    double sampleRate) {
    core::dsp::MelConfig mc;
    mc.sampleRate = sampleRate;
    mc.fftSize = 1024;
    mc.hop = 128;
    mc.numMels = 96;
    mc.maxHz = sampleRate / 2;
    mc.floorDb = -90.0;
    core::dsp::MelSpectrogram mel(mc);
    SpectrogramGrid g;
    g.title = title;
    g.cells.emplace_back();
    int frames = 0;
    for (const auto& [label, audio] : columns) {
        g.columnLabels.push_back(label);
        if (audio.size() < static_cast<std::size_t>(mc.fftSize)) {
            g.cells[0].push_back({});
            continue;
        }
        const auto s = mel.compute(audio);
        frames = std::max(frames, s.frames);
        g.cells[0].push_back({s.db, s.frames, s.mels});
    }
    g.xScale = 2;
    g.yScale = 2;
    g.minDb = -90.0f;
    g.maxDb = 0.0f;
    g.timeTicks = timeTicks(frames, mc.hop / sampleRate);
    g.frequencyTicks = melFrequencyTicks(mc);
    g.frequencyLabel = "frequency (Hz, mel scale)";
    writeFigure(g, path);
}

} // namespace latentrack::models::image
