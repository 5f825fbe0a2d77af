#include "ui/drums/NeuralDrums.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>

#include "core/io/AudioFile.h"
#include "core/kit/KitTracks.h"
#include "models/granular/GranularGenerator.h"
#include "models/granular/GranularModel.h"
#include "ui/ProjectFiles.h"

namespace latentrack::ui {

using core::gen::GenerationMode;

NeuralDrums::NeuralDrums(InstrumentHost& host, QString modelOverride, QObject* parent)
    : QObject(parent), m_host(host), m_modelOverride(std::move(modelOverride)),
      m_port(&host.engine().openPort()) {}

NeuralDrums::~NeuralDrums() {
    shutdown();
}

void NeuralDrums::shutdown() {
    m_generation.reset();
}

QWidget* NeuralDrums::buildBar(QWidget* parent, QWidget* shortcuts) {
    auto* bar = new QWidget(parent);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(4, 0, 4, 0);
    m_modelLabel = new QLabel(tr("Neural model: none"), bar);
    m_autoLoops = new QSpinBox(bar);
    m_autoLoops->setRange(0, 64);
    m_autoLoops->setSpecialValueText(tr("off"));
    m_autoLoops->setPrefix(tr("every "));
    m_autoLoops->setSuffix(tr(" loops"));
    m_autoLoops->setToolTip(tr("While the sequencer plays, re-sample every track that is not "
                               "kept (K) each N loops"));
    row->addWidget(m_modelLabel);
    row->addSpacing(16);
    row->addWidget(new QLabel(tr("Re-sample"), bar));
    row->addWidget(m_autoLoops);
    row->addStretch(1);
    connect(m_autoLoops, &QSpinBox::valueChanged, this, [this](int n) {
        auto& neural = m_host.project().neural;
        if (neural.autoEveryLoops != n) {
            neural.autoEveryLoops = n;
            m_host.markModified();
        }
    });
    // Alt+1 … Alt+0: sample_note on tracks 1–10; with Shift: sample_path.
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        const int key = Qt::Key_0 + (t + 1) % 10;
        auto* note = new QShortcut(QKeySequence(Qt::ALT | key), shortcuts);
        note->setWhatsThis(tr("Track %1: sample a note from the model").arg(t + 1));
        connect(note, &QShortcut::activated, this,
                [this, t] { requestSound(t, GenerationMode::Note); });
        auto* path = new QShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | key), shortcuts);
        path->setWhatsThis(tr("Track %1: sample a path (a drum hit)").arg(t + 1));
        connect(path, &QShortcut::activated, this,
                [this, t] { requestSound(t, GenerationMode::Path); });
    }
    return bar;
}

void NeuralDrums::buildMenu(QMenuBar* bar, std::function<int()> selectedTrack) {
    auto* menu = bar->addMenu(tr("&Neural"));
    menu->addAction(tr("Load model folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(nullptr, tr("Neural model folder"));
        if (dir.isEmpty())
            return;
        m_host.project().neural.model = dir.toStdString();
        m_host.markModified();
        loadModel();
    });
    menu->addAction(tr("Sample notes on every track"), this, [this] {
        for (int t = 0; t < m_host.project().pattern.numTracks(); ++t)
            requestSound(t, GenerationMode::Note);
    });
    menu->addAction(tr("Save selected track's sound as WAV…"), this,
                    [this, selectedTrack] { saveTrackSound(selectedTrack()); });
}

void NeuralDrums::loadModel() {
    emit modelChanged(nullptr); // the explorer lets go of it first
    m_generation.reset();       // joins the worker before the model goes
    m_model.reset();
    m_generating.fill(false);
    const auto& project = m_host.project();
    const QString name =
        m_modelOverride.isEmpty() ? QString::fromStdString(project.neural.model) : m_modelOverride;
    const QString folder = modelFolderPath(name);
    QString status;
    if (name.isEmpty()) {
        status = tr("Neural model: none");
    } else if (folder.isEmpty()) {
        status = tr("Neural model: \"%1\" not found").arg(name);
    } else {
        try {
            m_model = std::shared_ptr<models::granular::GranularModel>(
                models::granular::GranularModel::load(folder.toStdString()));
            auto generator = std::make_shared<models::granular::GranularGenerator>(m_model, 1);
            m_generation =
                std::make_unique<core::gen::GenerationService>(generator, m_host.engine(), *m_port);
            status = tr("Neural model: %1 (%2 classes, %3 Hz)")
                         .arg(QFileInfo(folder).fileName())
                         .arg(m_model->classes().size())
                         .arg(m_model->sampleRate());
        } catch (const std::exception& e) {
            status = tr("Neural model could not be loaded: %1").arg(QString::fromUtf8(e.what()));
            m_host.showError(status);
        }
    }
    if (m_modelLabel != nullptr)
        m_modelLabel->setText(status);
    if (m_model)
        emit modelChanged(m_model);
    emit stateChanged();
}

void NeuralDrums::applyProject() {
    const auto& project = m_host.project();
    if (m_autoLoops != nullptr) {
        const QSignalBlocker block(m_autoLoops);
        m_autoLoops->setValue(project.neural.autoEveryLoops);
    }
    loadModel();
    // Sounds stored as recipes regenerate identically.
    for (int t = 0; t < project.pattern.numTracks(); ++t)
        if (const auto& r = project.tracks[t].neural)
            requestRecipe(t, *r);
}

bool NeuralDrums::available(int track) const {
    return m_model && m_model->classIndex(
                          core::kit::trackClassId(m_host.project().pattern.layout, track)) >= 0;
}

bool NeuralDrums::requestSound(int track, GenerationMode mode, std::optional<std::uint64_t> seed) {
    const auto& project = m_host.project();
    if (track < 0 || track >= project.pattern.numTracks())
        return false;
    core::gen::GenerationRecipe recipe{mode,
                                       core::kit::trackClassId(project.pattern.layout, track),
                                       seed ? *seed : (m_seedRng() & 0x7fffffffu),
                                       {}};
    if (mode == GenerationMode::Drawn) { // a new take of the track's drawn path: new noise
        const auto& current = project.tracks[static_cast<std::size_t>(track)].neural;
        if (!current || current->mode != GenerationMode::Drawn)
            return false;
        recipe.className = current->className;
        recipe.latents = current->latents;
    }
    return requestRecipe(track, std::move(recipe));
}

bool NeuralDrums::requestRecipe(int track, core::gen::GenerationRecipe recipe) {
    if (track < 0 || track >= m_host.project().pattern.numTracks())
        return false;
    QString why;
    if (!m_generation)
        why = tr("no neural model is loaded");
    else if (m_model->classIndex(recipe.className) < 0)
        why = tr("the model has no class \"%1\"").arg(QString::fromStdString(recipe.className));
    if (!why.isEmpty()) {
        m_host.showStatus(tr("Track %1: %2").arg(track + 1).arg(why), 6000);
        return false;
    }
    m_generation->request(track, std::move(recipe));
    m_generating[static_cast<std::size_t>(track)] = true;
    emit stateChanged();
    return true;
}

void NeuralDrums::collect() {
    if (!m_generation)
        return;
    bool changed = false;
    auto& project = m_host.project();
    while (auto r = m_generation->poll()) {
        const auto t = static_cast<std::size_t>(r->track);
        m_generating[t] = false;
        changed = true;
        if (!r->error.empty()) {
            m_host.showStatus(tr("Track %1: generation failed: %2")
                                  .arg(r->track + 1)
                                  .arg(QString::fromUtf8(r->error.c_str())),
                              8000);
            continue;
        }
        auto& stored = project.tracks[t].neural;
        const bool isNew = !stored.has_value() || stored->seed != r->recipe.seed ||
                           stored->mode != r->recipe.mode || stored->latents != r->recipe.latents;
        stored = r->recipe;
        m_audio[t] = r->audio;
        core::voice::Sample raw;
        raw.channel[0] = r->audio;
        raw.sampleRate = r->sampleRate;
        const QString name = QStringLiteral("%1 %2 #%3 (%4 ms)")
                                 .arg(QString::fromUtf8(core::gen::modeName(r->recipe.mode).data()))
                                 .arg(QString::fromStdString(r->recipe.className))
                                 .arg(r->recipe.seed)
                                 .arg(r->seconds * 1000.0, 0, 'f', 0);
        emit soundArrived(r->track, name,
                          core::io::resample(raw, m_host.engine().sampleRate()).channel[0]);
        if (isNew)
            m_host.markModified();
    }
    if (changed)
        emit stateChanged();
}

void NeuralDrums::autoResample(const core::engine::Snapshot& snap) {
    const auto& project = m_host.project();
    const int every = project.neural.autoEveryLoops;
    const int steps = project.pattern.numSteps;
    if (!snap.playing || every <= 0 || steps <= 0 || !m_generation) {
        m_lastLoop = -1;
        return;
    }
    const std::int64_t loop = snap.stepCounter / steps;
    if (m_lastLoop >= 0 && loop != m_lastLoop && loop % every == 0)
        for (int t = 0; t < project.pattern.numTracks(); ++t)
            if (!project.tracks[t].keepNeural)
                requestSound(t, project.tracks[t].neural ? project.tracks[t].neural->mode
                                                         : GenerationMode::Note);
    m_lastLoop = loop;
}

void NeuralDrums::saveTrackSound(int track) {
    const auto& audio = m_audio.at(static_cast<std::size_t>(track));
    if (audio.empty() || !m_model) {
        m_host.showStatus(tr("Track %1 has no generated sound").arg(track + 1), 6000);
        return;
    }
    const QString path =
        QFileDialog::getSaveFileName(nullptr, tr("Save sound"), QString(), tr("WAV files (*.wav)"));
    if (path.isEmpty())
        return;
    try {
        core::io::writeAudioFile(path.toStdString(), {audio}, m_model->sampleRate(),
                                 core::io::SampleFormat::Float32);
        m_host.showStatus(tr("Saved %1").arg(path), 6000);
    } catch (const std::exception& e) {
        m_host.showError(QString::fromUtf8(e.what()));
    }
}

void NeuralDrums::assignPath(int track, const std::vector<std::vector<float>>& latents,
                             int classIndex) {
    if (!m_model || latents.empty() || classIndex < 0 ||
        classIndex >= static_cast<int>(m_model->classes().size()))
        return;
    // Stored as a recipe (class, noise seed, grain latents): the project regenerates it.
    core::gen::GenerationRecipe recipe{GenerationMode::Drawn,
                                       m_model->classes()[static_cast<std::size_t>(classIndex)],
                                       m_seedRng() & 0x7fffffffu, latents};
    if (requestRecipe(track, std::move(recipe)))
        m_host.showStatus(tr("Path assigned to track %1").arg(track + 1), 4000);
}

bool NeuralDrums::triggerFromMidi(const QString& id, float value) {
    const bool note = id.endsWith(QLatin1String(".sample_note"));
    if (!note && !id.endsWith(QLatin1String(".sample_path")))
        return false;
    const float previous = m_lastTrigger.value(id, 0.0f);
    m_lastTrigger[id] = value;
    if (value >= 0.5f && previous < 0.5f) {
        const int track = id.section(QLatin1Char('.'), 1, 1).toInt() - 1;
        requestSound(track, note ? GenerationMode::Note : GenerationMode::Path);
    }
    return true;
}

} // namespace latentrack::ui
