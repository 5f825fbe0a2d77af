// MainWindow's neural drum machine: the model, per-track sample_note / sample_path, keep,
// re-sampling every N loops, MIDI triggers, sounds stored with the project as recipes.

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStatusBar>

#include "core/control/EngineOscTarget.h"
#include "core/dsp/Gain.h"
#include "core/io/AudioFile.h"
#include "core/kit/KitTracks.h"
#include "models/granular/GrainStreamer.h"
#include "models/granular/GranularGenerator.h"
#include "models/granular/GranularModel.h"
#include "ui/MainWindow.h"
#include "ui/ProjectFiles.h"
#include "ui/StepGrid.h"
#include "ui/TrackStrip.h"
#include "ui/WaveformView.h"
#include "ui/explorer/LatentExplorer.h"
#include "ui/midi/MidiHub.h"

namespace latentrack::ui {

using core::gen::GenerationMode;

QWidget* MainWindow::buildNeuralBar(QWidget* parent) {
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
        if (m_project.neural.autoEveryLoops != n) {
            m_project.neural.autoEveryLoops = n;
            markModified();
        }
    });
    // Alt+1 … Alt+0: sample_note on tracks 1–10; with Shift: sample_path.
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        const int key = Qt::Key_0 + (t + 1) % 10;
        auto* note = new QShortcut(QKeySequence(Qt::ALT | key), this);
        connect(note, &QShortcut::activated, this,
                [this, t] { requestSound(t, GenerationMode::Note); });
        auto* path = new QShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | key), this);
        connect(path, &QShortcut::activated, this,
                [this, t] { requestSound(t, GenerationMode::Path); });
    }
    auto* menu = menuBar()->addMenu(tr("&Neural"));
    menu->addAction(tr("Load model folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Neural model folder"));
        if (dir.isEmpty())
            return;
        m_project.neural.model = dir.toStdString();
        markModified();
        loadNeuralModel();
    });
    menu->addAction(tr("Sample notes on every track"), this, [this] {
        for (int t = 0; t < m_project.pattern.numTracks(); ++t)
            requestSound(t, GenerationMode::Note);
    });
    menu->addAction(tr("Save selected track's sound as WAV…"), this, [this] { saveTrackSound(); });
    return bar;
}

void MainWindow::connectNeuralStrip(TrackStrip* s) {
    connect(s, &TrackStrip::sampleNoteRequested, this,
            [this](int t) { requestSound(t, GenerationMode::Note); });
    connect(s, &TrackStrip::samplePathRequested, this,
            [this](int t) { requestSound(t, GenerationMode::Path); });
    connect(s, &TrackStrip::keepChanged, this, [this](int t, bool keep) {
        m_project.tracks[t].keepNeural = keep;
        markModified();
    });
}

void MainWindow::loadNeuralModel() {
    m_explorer->setModel(nullptr, nullptr);
    m_generation.reset(); // joins the workers before the model goes
    m_streamer.reset();
    m_model.reset();
    m_generating.fill(false);
    const QString name = m_options.modelPath.isEmpty()
                             ? QString::fromStdString(m_project.neural.model)
                             : m_options.modelPath;
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
                std::make_unique<core::gen::GenerationService>(generator, m_engine, *m_genPort);
            // The ring must hold two device blocks; at small blocks the default keeps the
            // explorer's reaction under 50 ms.
            const auto audio = m_audio.status();
            const double block = audio.running ? audio.bufferFrames / m_engine.sampleRate() : 0.0;
            m_streamer = std::make_unique<models::granular::GrainStreamer>(
                m_model, m_explorerStream.ring(), m_engine.sampleRate(),
                std::max(models::granular::GrainStreamer::kDefaultAheadSeconds, 2.0 * block));
            m_explorer->setModel(m_model.get(), m_streamer.get());
            status = tr("Neural model: %1 (%2 classes, %3 Hz)")
                         .arg(QFileInfo(folder).fileName())
                         .arg(m_model->classes().size())
                         .arg(m_model->sampleRate());
        } catch (const std::exception& e) {
            status = tr("Neural model could not be loaded: %1").arg(QString::fromUtf8(e.what()));
            showError(status);
        }
    }
    m_modelLabel->setText(status);
    publishGenerationToOsc();
    updateNeuralStrips();
}

void MainWindow::applyNeuralProject() {
    {
        const QSignalBlocker block(m_autoLoops);
        m_autoLoops->setValue(m_project.neural.autoEveryLoops);
    }
    loadNeuralModel();
    // Sounds stored as recipes regenerate identically.
    for (int t = 0; t < m_project.pattern.numTracks(); ++t)
        if (const auto& r = m_project.tracks[t].neural)
            requestRecipe(t, *r);
}

bool MainWindow::requestSound(int track, GenerationMode mode, std::optional<std::uint64_t> seed) {
    if (track < 0 || track >= m_project.pattern.numTracks())
        return false;
    core::gen::GenerationRecipe recipe{mode,
                                       core::kit::trackClassId(m_project.pattern.layout, track),
                                       seed ? *seed : (m_seedRng() & 0x7fffffffu),
                                       {}};
    if (mode == GenerationMode::Drawn) { // a new take of the track's drawn path: new noise
        const auto& current = m_project.tracks[static_cast<std::size_t>(track)].neural;
        if (!current || current->mode != GenerationMode::Drawn)
            return false;
        recipe.className = current->className;
        recipe.latents = current->latents;
    }
    return requestRecipe(track, std::move(recipe));
}

bool MainWindow::requestRecipe(int track, core::gen::GenerationRecipe recipe) {
    if (track < 0 || track >= m_project.pattern.numTracks())
        return false;
    QString why;
    if (!m_generation)
        why = tr("no neural model is loaded");
    else if (m_model->classIndex(recipe.className) < 0)
        why = tr("the model has no class \"%1\"").arg(QString::fromStdString(recipe.className));
    if (!why.isEmpty()) {
        statusBar()->showMessage(tr("Track %1: %2").arg(track + 1).arg(why), 6000);
        return false;
    }
    m_generation->request(track, std::move(recipe));
    m_generating[static_cast<std::size_t>(track)] = true;
    updateNeuralStrips();
    return true;
}

void MainWindow::collectSounds() {
    if (!m_generation)
        return;
    bool changed = false;
    while (auto r = m_generation->poll()) {
        const auto t = static_cast<std::size_t>(r->track);
        m_generating[t] = false;
        changed = true;
        if (!r->error.empty()) {
            statusBar()->showMessage(tr("Track %1: generation failed: %2")
                                         .arg(r->track + 1)
                                         .arg(QString::fromUtf8(r->error.c_str())),
                                     8000);
            continue;
        }
        const bool isNew = m_project.tracks[t].neural.has_value() == false ||
                           m_project.tracks[t].neural->seed != r->recipe.seed ||
                           m_project.tracks[t].neural->mode != r->recipe.mode ||
                           m_project.tracks[t].neural->latents != r->recipe.latents;
        m_project.tracks[t].neural = r->recipe;
        m_neuralAudio[t] = r->audio;
        core::voice::Sample raw;
        raw.channel[0] = r->audio;
        raw.sampleRate = r->sampleRate;
        m_waveforms[t] = core::io::resample(raw, m_engine.sampleRate()).channel[0];
        m_instruments[t] = QStringLiteral("%1 %2 #%3 (%4 ms)")
                               .arg(QString::fromUtf8(core::gen::modeName(r->recipe.mode).data()))
                               .arg(QString::fromStdString(r->recipe.className))
                               .arg(r->recipe.seed)
                               .arg(r->seconds * 1000.0, 0, 'f', 0);
        if (isNew)
            markModified();
    }
    if (changed) {
        refreshWidgets();
        updateNeuralStrips();
    }
}

void MainWindow::autoResample(const core::engine::Snapshot& snap) {
    const int every = m_project.neural.autoEveryLoops;
    const int steps = m_project.pattern.numSteps;
    if (!snap.playing || every <= 0 || steps <= 0 || !m_generation) {
        m_lastLoop = -1;
        return;
    }
    const std::int64_t loop = snap.stepCounter / steps;
    if (m_lastLoop >= 0 && loop != m_lastLoop && loop % every == 0)
        for (int t = 0; t < m_project.pattern.numTracks(); ++t)
            if (!m_project.tracks[t].keepNeural)
                requestSound(t, m_project.tracks[t].neural ? m_project.tracks[t].neural->mode
                                                           : GenerationMode::Note);
    m_lastLoop = loop;
}

void MainWindow::saveTrackSound() {
    const auto& audio = m_neuralAudio[static_cast<std::size_t>(m_selected)];
    if (audio.empty() || !m_model) {
        statusBar()->showMessage(tr("Track %1 has no generated sound").arg(m_selected + 1), 6000);
        return;
    }
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save sound"), QString(), tr("WAV files (*.wav)"));
    if (path.isEmpty())
        return;
    try {
        core::io::writeAudioFile(path.toStdString(), {audio}, m_model->sampleRate(),
                                 core::io::SampleFormat::Float32);
        statusBar()->showMessage(tr("Saved %1").arg(path), 6000);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::updateNeuralStrips() {
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        const bool available =
            m_model &&
            m_model->classIndex(core::kit::trackClassId(m_project.pattern.layout, t)) >= 0;
        m_strips[t]->setNeuralState(available, m_generating[static_cast<std::size_t>(t)],
                                    m_project.tracks[t].keepNeural);
    }
}

void MainWindow::assignPathToTrack(int track, const std::vector<std::vector<float>>& latents,
                                   int classIndex) {
    if (!m_model || latents.empty() || classIndex < 0 ||
        classIndex >= static_cast<int>(m_model->classes().size()))
        return;
    // Stored as a recipe (class, noise seed, grain latents): the project regenerates it.
    core::gen::GenerationRecipe recipe{GenerationMode::Drawn,
                                       m_model->classes()[static_cast<std::size_t>(classIndex)],
                                       m_seedRng() & 0x7fffffffu, latents};
    if (requestRecipe(track, std::move(recipe)))
        statusBar()->showMessage(tr("Path assigned to track %1").arg(track + 1), 4000);
}

bool MainWindow::triggerFromMidi(const QString& id, float value) {
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

bool MainWindow::startRecording() {
    const auto audio = m_audio.status();
    QString why;
    if (!m_model)
        why = tr("no neural model is loaded");
    else if (!audio.running)
        why = tr("audio is off");
    else if (audio.inputChannels == 0)
        why = QString::fromStdString(audio.inputError);
    if (!why.isEmpty()) {
        statusBar()->showMessage(tr("Cannot record: %1").arg(why), 8000);
        m_explorer->setRecording(false);
        return false;
    }
    std::vector<float> old(m_engine.captureRing().available());
    m_engine.captureRing().read(old.data(), old.size()); // drop anything left from before
    m_recording.clear();
    m_recording.reserve(static_cast<std::size_t>(kMaxRecordingSeconds * m_engine.sampleRate()));
    m_recordingOn = true;
    m_engine.capture = true;
    m_explorer->setRecording(true);
    return true;
}

void MainWindow::pollRecording() {
    if (!m_recordingOn)
        return;
    auto& ring = m_engine.captureRing();
    const std::size_t limit =
        static_cast<std::size_t>(kMaxRecordingSeconds * m_engine.sampleRate());
    const std::size_t n = std::min(ring.available(), limit - m_recording.size());
    const std::size_t at = m_recording.size();
    m_recording.resize(at + n);
    ring.read(m_recording.data() + at, n);
    if (m_recording.size() >= limit)
        stopRecording();
}

void MainWindow::stopRecording() {
    if (!m_recordingOn)
        return;
    m_engine.capture = false;
    pollRecording(); // what arrived before the flag was seen
    m_recordingOn = false;
    m_explorer->setRecording(false);
    if (!m_model)
        return;
    core::voice::Sample in;
    in.channel[0] = std::move(m_recording);
    in.sampleRate = m_engine.sampleRate();
    m_recording.clear();
    auto audio = core::io::resample(in, m_model->sampleRate()).channel[0];
    if (static_cast<int>(audio.size()) < m_model->config().grainSize) {
        statusBar()->showMessage(tr("The recording is shorter than one grain"), 6000);
        return;
    }
    core::dsp::normalisePeak(audio, 0.9f, 1e-4f); // as the training examples
    m_explorer->resynthesize(audio);
    statusBar()->showMessage(
        tr("Recorded %1 s from the input")
            .arg(static_cast<double>(audio.size()) / m_model->sampleRate(), 0, 'f', 2),
        6000);
}

} // namespace latentrack::ui
