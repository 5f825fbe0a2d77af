#include "ui/explorer/ExplorerController.h"

#include "models/granular/GrainStreamer.h"

namespace latentrack::ui {

ExplorerController::ExplorerController(QObject* parent) : QObject(parent) {}

ExplorerController::~ExplorerController() {
    stopRefining();
}

void ExplorerController::setModel(models::granular::GranularModel* model,
                                  models::granular::GrainStreamer* streamer) {
    stopRefining();
    m_model = model;
    m_streamer = streamer;
}

void ExplorerController::follow(int cls, const std::vector<float>& z) {
    if (!m_streamer)
        return;
    m_streamer->setClass(cls);
    m_streamer->follow(z);
}

void ExplorerController::loop(int cls, std::vector<std::vector<float>> latents, float step,
                              bool pingPong, bool randomStep) {
    if (!m_streamer || latents.empty())
        return;
    m_streamer->setClass(cls);
    m_streamer->loop(std::move(latents), step, pingPong, randomStep);
}

void ExplorerController::setClass(int cls) {
    if (m_streamer && cls >= 0)
        m_streamer->setClass(cls);
}

void ExplorerController::silence() {
    if (m_streamer)
        m_streamer->silence();
}

void ExplorerController::play(const models::granular::LatentSeries& z, int cls) {
    std::vector<std::vector<float>> latents;
    for (int i = 0; i < z.numGrains; ++i)
        latents.emplace_back(z.grain(i), z.grain(i) + z.latentDim);
    loop(cls, std::move(latents), 1.0f, false, false);
    emit seriesPlaying(z, cls);
}

void ExplorerController::stopRefining() {
    m_refineCancel = true;
    if (m_refineThread.joinable())
        m_refineThread.join();
    ++m_refineGeneration;
    m_refining = false;
}

void ExplorerController::resynthesize(const std::vector<float>& audio, int cls, int steps) {
    if (!m_model)
        return;
    stopRefining();
    const auto z = m_model->encode(audio, cls);
    play(z, cls);
    if (steps == 0) {
        emit status(tr("Resynthesising %1 grains (encoder)").arg(z.numGrains));
        return;
    }
    emit status(tr("Resynthesising %1 grains; refining the latents…").arg(z.numGrains));
    m_refineCancel = false;
    m_refining = true;
    const int generation = m_refineGeneration;
    auto* model = m_model;
    m_refineThread = std::thread([this, model, audio, cls, steps, generation] {
        models::granular::LatentSeries refined;
        QString error;
        const auto progress = [this, generation](int done, int total) {
            if (done % 10 == 0)
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, done, total] {
                        if (generation == m_refineGeneration)
                            emit status(
                                tr("Refining the resynthesis: step %1 of %2").arg(done).arg(total));
                    },
                    Qt::QueuedConnection);
            return !m_refineCancel.load();
        };
        try {
            refined = model->encode(audio, cls, {steps}, progress); // default rate and seed
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, refined = std::move(refined), error, cls, steps, generation] {
                if (generation != m_refineGeneration)
                    return; // cancelled, or a newer resynthesis
                m_refining = false;
                if (!error.isEmpty()) {
                    emit message(tr("Resynthesis refinement failed: %1").arg(error));
                    return;
                }
                play(refined, cls);
                emit status(tr("Resynthesising %1 grains (refined, %2 steps)")
                                .arg(refined.numGrains)
                                .arg(steps));
                emit this->refined();
            },
            Qt::QueuedConnection);
    });
}

void ExplorerController::morph(int cls, std::uint64_t seedA, std::uint64_t seedB, float amount) {
    if (!m_model || !m_streamer)
        return;
    stopRefining();
    play(m_model->morphLatents(cls, seedA, seedB, amount), cls);
}

} // namespace latentrack::ui
