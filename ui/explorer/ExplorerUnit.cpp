#include "ui/explorer/ExplorerUnit.h"

#include "core/dsp/Gain.h"
#include "core/io/AudioFile.h"
#include "models/granular/GrainStreamer.h"
#include "models/granular/GranularModel.h"
#include "ui/drums/NeuralDrums.h"
#include "ui/explorer/LatentExplorer.h"

namespace latentrack::ui {

ExplorerUnit::ExplorerUnit(InstrumentHost& host, NeuralDrums& drums)
    : Instrument(host), m_stream(host.engine().add<core::engine::StreamPlayer>()), m_drums(drums) {
    connect(&drums, &NeuralDrums::modelChanged, this, &ExplorerUnit::setModel);
}

ExplorerUnit::~ExplorerUnit() {
    shutdown();
}

void ExplorerUnit::shutdown() {
    if (m_explorer != nullptr)
        m_explorer->setModel(nullptr, nullptr); // waits for its refinement worker
    m_streamer.reset();
    m_model.reset();
}

QWidget* ExplorerUnit::buildTab(QWidget* parent) {
    m_explorer = new LatentExplorer(parent);
    connect(m_explorer, &LatentExplorer::assignRequested, &m_drums, &NeuralDrums::assignPath);
    connect(m_explorer, &LatentExplorer::recordRequested, this, [this](bool on) {
        if (on)
            startRecording();
        else
            stopRecording();
    });
    connect(m_explorer, &LatentExplorer::message, this,
            [this](const QString& text) { host().showStatus(text, 8000); });
    return m_explorer;
}

void ExplorerUnit::setModel(std::shared_ptr<models::granular::GranularModel> model) {
    if (m_explorer != nullptr)
        m_explorer->setModel(nullptr, nullptr);
    m_streamer.reset();
    m_model = std::move(model);
    if (!m_model || m_explorer == nullptr)
        return;
    // The ring must hold two device blocks; at small blocks the default keeps the explorer's
    // reaction under 50 ms.
    auto& engine = host().engine();
    const auto audio = host().audioStatus();
    const double block = audio.running ? audio.bufferFrames / engine.sampleRate() : 0.0;
    m_streamer = std::make_unique<models::granular::GrainStreamer>(
        m_model, m_stream.ring(), engine.sampleRate(),
        std::max(models::granular::GrainStreamer::kDefaultAheadSeconds, 2.0 * block));
    m_explorer->setModel(m_model.get(), m_streamer.get());
}

bool ExplorerUnit::startRecording() {
    const QString why = m_model ? m_recorder.start(host().engine(), host().audioStatus())
                                : tr("no neural model is loaded");
    if (!why.isEmpty()) {
        host().showStatus(tr("Cannot record: %1").arg(why), 8000);
        m_explorer->setRecording(false);
        return false;
    }
    m_explorer->setRecording(true);
    return true;
}

void ExplorerUnit::pollRecording() {
    if (m_recorder.poll())
        stopRecording();
}

void ExplorerUnit::stopRecording() {
    if (!m_recorder.recording())
        return;
    const double rate = m_recorder.sampleRate();
    auto recorded = m_recorder.stop();
    m_explorer->setRecording(false);
    if (!m_model)
        return;
    core::voice::Sample in;
    in.channel[0] = std::move(recorded);
    in.sampleRate = rate;
    auto audio = core::io::resample(in, m_model->sampleRate()).channel[0];
    if (static_cast<int>(audio.size()) < m_model->config().grainSize) {
        host().showStatus(tr("The recording is shorter than one grain"), 6000);
        return;
    }
    core::dsp::normalisePeak(audio, 0.9f, 1e-4f); // as the training examples
    m_explorer->resynthesize(audio);
    host().showStatus(
        tr("Recorded %1 s from the input")
            .arg(static_cast<double>(audio.size()) / m_model->sampleRate(), 0, 'f', 2),
        6000);
}

} // namespace latentrack::ui
