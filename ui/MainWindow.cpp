#include "ui/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "core/control/EngineOscTarget.h"
#include "core/io/AudioFile.h"
#include "core/kit/HydrogenKit.h"
#include "core/kit/KitTracks.h"
#include "core/project/ProjectKit.h"
#include "models/granular/GrainStreamer.h"
#include "models/granular/GranularModel.h"
#include "ui/AudioSettingsDialog.h"
#include "ui/PlaySettingsDialog.h"
#include "ui/ProjectFiles.h"
#include "ui/StepGrid.h"
#include "ui/TrackStrip.h"
#include "ui/TransportBar.h"
#include "ui/WaveformView.h"
#include "ui/explorer/LatentExplorer.h"
#include "ui/midi/MidiHub.h"

namespace latentrack::ui {

using core::engine::CommandType;

/// OSC changes go to the engine at once (EngineOscTarget) and to the GUI model by a queued call.
class GuiOscTarget : public core::control::EngineOscTarget {
public:
    GuiOscTarget(MainWindow* window, core::engine::Engine& engine,
                 core::engine::Engine::CommandPort& port)
        : EngineOscTarget(engine, port), m_window(window) {}
    void play() override {
        EngineOscTarget::play();
        QMetaObject::invokeMethod(
            m_window, [w = m_window] { w->applyRemotePlaying(true); }, Qt::QueuedConnection);
    }
    void stop() override {
        EngineOscTarget::stop();
        QMetaObject::invokeMethod(
            m_window, [w = m_window] { w->applyRemotePlaying(false); }, Qt::QueuedConnection);
    }
    void setBpm(double bpm) override {
        EngineOscTarget::setBpm(bpm);
        QMetaObject::invokeMethod(
            m_window, [w = m_window, bpm] { w->applyRemoteBpm(bpm); }, Qt::QueuedConnection);
    }
    void setStep(int track, int step, float velocity) override {
        EngineOscTarget::setStep(track, step, velocity);
        QMetaObject::invokeMethod(
            m_window,
            [w = m_window, track, step, velocity] { w->applyRemoteStep(track, step, velocity); },
            Qt::QueuedConnection);
    }

private:
    MainWindow* m_window;
};

MainWindow::MainWindow(const MainWindowOptions& options, QWidget* parent)
    : QMainWindow(parent), m_options(options) {
    // Ports are opened before any audio starts (Engine::openPort contract).
    m_port = &m_engine.openPort();
    m_oscPort = &m_engine.openPort();
    m_midiPort = &m_engine.openPort();
    m_genPort = &m_engine.openPort();
    m_midi = std::make_unique<MidiHub>(m_engine, *m_midiPort);
    buildUi();
    buildMenus();
    attachMidiLearn();
    if (m_options.openAudio)
        openAudio();
    else
        m_engine.prepare(48000.0, 2048);

    // Project: explicit path, else a recovered autosave, else the last project, else the demo.
    QString path = m_options.projectPath;
    bool recovered = false;
    if (path.isEmpty() && QFileInfo::exists(autosavePath())) {
        path = autosavePath();
        recovered = true;
    }
    if (path.isEmpty())
        path = lastProjectPath();
    if (path.isEmpty() || !QFileInfo::exists(path))
        path = demoProjectPath();
    if (path.isEmpty() || !openProject(path))
        setProject(core::project::Project{}, QString());
    if (recovered) {
        m_path = lastProjectPath();
        m_modified = true;
        updateTitle();
        statusBar()->showMessage(tr("Recovered unsaved changes from the last session"), 10000);
    }
    if (m_options.startOsc)
        startOsc(m_options.oscPort >= 0 ? m_options.oscPort : m_project.oscPort);

    connect(&m_pollTimer, &QTimer::timeout, this, &MainWindow::poll);
    m_pollTimer.start(33);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    m_autosaveTimer.start(30000);
}

MainWindow::~MainWindow() {
    m_explorer->setModel(nullptr, nullptr); // waits for its refinement worker
    m_generation.reset();                   // its OSC replies use the server's socket
    m_streamer.reset();
    m_osc.reset();
    m_midi.reset();
    m_audio.close();
}

void MainWindow::buildUi() {
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    m_transport = new TransportBar(central);
    column->addWidget(m_transport);
    column->addWidget(buildNeuralBar(central));

    auto* rows = new QWidget(central);
    auto* rowLayout = new QHBoxLayout(rows);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    auto* strips = new QWidget(rows);
    auto* stripLayout = new QVBoxLayout(strips);
    stripLayout->setContentsMargins(0, 0, 0, 0);
    stripLayout->setSpacing(0);
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        m_strips[t] = new TrackStrip(t, strips);
        stripLayout->addWidget(m_strips[t]);
        auto* s = m_strips[t];
        bindTrackControl(s, &TrackStrip::gainChanged, &core::engine::TrackControls::gainDb,
                         &core::project::TrackState::gainDb);
        bindTrackControl(s, &TrackStrip::panChanged, &core::engine::TrackControls::pan,
                         &core::project::TrackState::pan);
        bindTrackControl(s, &TrackStrip::muteChanged, &core::engine::TrackControls::mute,
                         &core::project::TrackState::mute);
        bindTrackControl(s, &TrackStrip::soloChanged, &core::engine::TrackControls::solo,
                         &core::project::TrackState::solo);
        connect(s, &TrackStrip::auditioned, this, [this](int track) {
            send(CommandType::Audition, track, 0, 100.0f / 127.0f);
            selectTrack(track);
        });
        connect(s, &TrackStrip::selected, this, &MainWindow::selectTrack);
        connectNeuralStrip(s);
    }
    stripLayout->addStretch(1);
    m_grid = new StepGrid(rows);
    rowLayout->addWidget(strips);
    rowLayout->addWidget(m_grid, 1);
    rowLayout->setAlignment(m_grid, Qt::AlignTop);
    column->addWidget(rows);
    m_waveform = new WaveformView(central);
    column->addWidget(m_waveform, 1);
    auto* tabs = new QTabWidget(this);
    tabs->addTab(central, tr("Drum machine"));
    tabs->addTab(buildFmTab(), tr("FM synth"));
    m_explorer = new LatentExplorer(tabs);
    tabs->addTab(m_explorer, tr("Latent explorer"));
    connect(m_explorer, &LatentExplorer::assignRequested, this, &MainWindow::assignPathToTrack);
    connect(m_explorer, &LatentExplorer::recordRequested, this, [this](bool on) {
        if (on)
            startRecording();
        else
            stopRecording();
    });
    connect(m_explorer, &LatentExplorer::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    setCentralWidget(tabs);

    m_audioLabel = new QLabel(this);
    m_loadLabel = new QLabel(this);
    m_oscLabel = new QLabel(this);
    statusBar()->addWidget(m_audioLabel, 1);
    statusBar()->addPermanentWidget(m_oscLabel);
    statusBar()->addPermanentWidget(m_loadLabel);

    connect(m_grid, &StepGrid::stepChanged, this, [this](int track, int step, float v) {
        m_project.pattern.set(track, step, v);
        send(CommandType::SetStep, track, step, v);
        markModified();
    });
    connect(m_transport, &TransportBar::playToggled, this,
            [this](bool play) { send(play ? CommandType::Play : CommandType::Stop); });
    connect(m_transport, &TransportBar::bpmChanged, this, [this](double bpm) {
        m_engine.bpm.store(bpm);
        m_project.bpm = bpm;
        markModified();
    });
    connect(m_transport, &TransportBar::swingChanged, this, [this](double swing) {
        m_engine.swing.store(swing);
        m_project.swing = swing;
        markModified();
    });
    connect(m_transport, &TransportBar::stepsChanged, this, [this](int steps) {
        m_project.pattern.numSteps = steps;
        send(CommandType::SetNumSteps, 0, steps);
        if (m_oscTarget)
            m_oscTarget->setShape(m_project.pattern.numTracks(), steps);
        m_grid->setPattern(m_project.pattern);
        markModified();
    });
    connect(m_transport, &TransportBar::kitChosen, this, &MainWindow::useKit);
    auto* space = new QShortcut(QKeySequence(Qt::Key_Space), this);
    connect(space, &QShortcut::activated, this,
            [this] { m_transport->requestPlaying(!m_engine.snapshot().playing); });
    resize(1180, 720);
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto newProject = [this](core::seq::TrackLayout layout) {
        core::project::Project p;
        p.pattern.layout = layout;
        p.midi.drumNotes = core::control::defaultDrumNotes(layout);
        p.kit = m_project.kit;
        p.audio = m_project.audio;
        p.oscPort = m_project.oscPort;
        if (layout == core::seq::TrackLayout::Drums8) {
            p.tracks[3].chokeGroup = 1; // closed and open hat choke each other
            p.tracks[4].chokeGroup = 1;
        }
        setProject(p, QString());
    };
    file->addAction(tr("New 8-track drum machine"), this,
                    [newProject] { newProject(core::seq::TrackLayout::Drums8); });
    file->addAction(tr("New 10-track drum && bass machine"), this,
                    [newProject] { newProject(core::seq::TrackLayout::DrumAndBass10); });
    file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), m_path,
                                                          tr("LatentRack projects (*.json)"));
        if (!path.isEmpty())
            openProject(path);
    });
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] {
        QString path = m_path;
        if (path.isEmpty() || path == demoProjectPath())
            path = QFileDialog::getSaveFileName(this, tr("Save project"), QString(),
                                                tr("LatentRack projects (*.json)"));
        if (!path.isEmpty())
            saveProject(path);
    });
    file->addAction(tr("Save &as…"), QKeySequence::SaveAs, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save project"), m_path,
                                                          tr("LatentRack projects (*.json)"));
        if (!path.isEmpty())
            saveProject(path);
    });
    file->addAction(tr("Use &kit folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Hydrogen kit folder (with drumkit.xml)"), QString());
        if (!dir.isEmpty())
            useKit(dir);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    auto* audio = menuBar()->addMenu(tr("&Audio"));
    audio->addAction(tr("Audio &settings…"), this, [this] {
        AudioSettingsDialog dialog(m_project.audio, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        m_project.audio = dialog.settings();
        markModified();
        openAudio();
        reloadKit();
        // At the new rate and block size: a new explorer stream and regenerated neural sounds.
        applyNeuralProject();
    });
    audio->addAction(tr("Tracks and &MIDI settings…"), this, [this] {
        PlaySettingsDialog dialog(m_project, this);
        if (dialog.exec() == QDialog::Accepted)
            applyPlaySettings(dialog.apply(m_project));
    });
}

bool MainWindow::openProject(const QString& path) {
    try {
        const auto p = core::project::loadProject(path.toStdString());
        setProject(p, path == autosavePath() ? QString() : path);
        if (path != autosavePath() && path != demoProjectPath())
            setLastProjectPath(path);
        return true;
    } catch (const core::project::ProjectError& e) {
        showError(tr("Could not open the project: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
}

bool MainWindow::saveProject(const QString& path) {
    try {
        core::project::saveProject(path.toStdString(), m_project);
    } catch (const core::project::ProjectError& e) {
        showError(tr("Could not save: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    m_path = path;
    m_modified = false;
    setLastProjectPath(path);
    QFile::remove(autosavePath());
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
    return true;
}

void MainWindow::setProject(const core::project::Project& project, const QString& path) {
    m_project = project;
    m_path = path;
    m_modified = false;
    send(CommandType::Stop);
    reloadKit();
    if (m_oscTarget)
        m_oscTarget->setShape(m_project.pattern.numTracks(), m_project.pattern.numSteps);
    applyFmAndMidi();
    applyNeuralProject();
    updateTitle();
}

void MainWindow::applyPlaySettings(const core::project::Project& edited) {
    m_project = edited;
    try {
        core::project::applyPlaySettings(m_engine, *m_port, m_project);
    } catch (const std::exception& e) {
        showError(QString::fromStdString(e.what()));
    }
    const QStringList problems = m_midi->apply(m_project.midi);
    if (!problems.isEmpty())
        statusBar()->showMessage(problems.join(QStringLiteral("; ")), 10000);
    markModified();
}

void MainWindow::reloadKit() {
    core::project::LoadedKit kit;
    QString problem;
    try {
        kit = core::project::loadProjectKit(m_project, m_engine.sampleRate());
        for (const auto& w : kit.warnings)
            problem += QString::fromStdString(w) + QLatin1Char('\n');
    } catch (const core::kit::KitError& e) {
        problem = QString::fromStdString(e.what());
    }
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        m_instruments[t] = QString::fromStdString(kit.instrument[t]);
        m_waveforms[t] = kit.samples[t] ? core::io::toMono(*kit.samples[t]) : std::vector<float>{};
        if (!kit.instrument[t].empty())
            m_project.tracks[t].instrument = kit.instrument[t];
    }
    try {
        core::project::applyProject(m_engine, *m_port, m_project, kit);
    } catch (const std::exception& e) {
        problem += QString::fromStdString(e.what());
    }
    if (!problem.isEmpty())
        showError(problem.trimmed());
    refreshWidgets();
}

void MainWindow::useKit(const QString& kit) {
    m_project.kit = kit.toStdString();
    for (auto& t : m_project.tracks)
        t.instrument.clear(); // instruments are chosen anew by class
    reloadKit();
    markModified();
}

void MainWindow::refreshWidgets() {
    QStringList kits;
    for (const auto& folder : core::kit::findHydrogenKits())
        kits << QString::fromStdString(folder.filename().string());
    m_transport->setKits(kits, QString::fromStdString(m_project.kit));
    m_transport->setValues(m_project.bpm, m_project.swing, m_project.pattern.numSteps);
    m_grid->setPattern(m_project.pattern);
    const int n = m_project.pattern.numTracks();
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        m_strips[t]->setVisible(t < n);
        const auto& ts = m_project.tracks[t];
        m_strips[t]->setNames(
            QString::fromStdString(core::kit::trackName(m_project.pattern.layout, t)),
            m_instruments[t]);
        m_strips[t]->setState(ts.gainDb, ts.pan, ts.mute, ts.solo);
    }
    selectTrack(std::min(m_selected, n - 1));
}

void MainWindow::selectTrack(int track) {
    m_selected = track;
    m_waveform->setWaveform(
        QStringLiteral("%1 — %2").arg(
            QString::fromStdString(core::kit::trackName(m_project.pattern.layout, track)),
            m_instruments[track].isEmpty() ? tr("no sound") : m_instruments[track]),
        m_waveforms[track], m_engine.sampleRate());
}

void MainWindow::openAudio() {
    const auto& a = m_project.audio;
    core::audio::AudioConfig config{a.api, a.device, static_cast<unsigned>(a.sampleRate),
                                    static_cast<unsigned>(a.bufferFrames)};
    if (!m_audio.open(config)) {
        // No device: keep the app usable (editing, saving, rendering) at the default rate.
        m_engine.prepare(48000.0, 2048);
    }
}

void MainWindow::startOsc(int port) {
    m_oscTarget = std::make_unique<GuiOscTarget>(this, m_engine, *m_oscPort);
    m_oscTarget->setShape(m_project.pattern.numTracks(), m_project.pattern.numSteps);
    try {
        m_osc = std::make_unique<core::control::OscServer>(*m_oscTarget, port);
        m_oscStatus = tr("OSC 127.0.0.1:%1").arg(m_osc->port());
        publishGenerationToOsc();
    } catch (const core::control::OscError& e) {
        m_oscStatus = tr("OSC off");
        m_oscLabel->setToolTip(QString::fromStdString(e.what()));
    }
    m_oscLabel->setText(m_oscStatus);
}

// GuiOscTarget is complete only in this file.
void MainWindow::publishGenerationToOsc() {
    if (!m_oscTarget)
        return;
    std::array<std::string, core::seq::kMaxTracks> classes;
    for (int t = 0; m_model && t < m_project.pattern.numTracks(); ++t) {
        const auto id = core::kit::trackClassId(m_project.pattern.layout, t);
        if (m_model->classIndex(id) >= 0)
            classes[static_cast<std::size_t>(t)] = id;
    }
    m_oscTarget->setGeneration(m_generation.get(), classes);
}

void MainWindow::poll() {
    m_engine.collectGarbage();
    m_midi->poll();
    collectSounds();
    pollRecording();
    const auto snap = m_engine.snapshot();
    const auto drums = m_drums.snapshot();
    autoResample(snap);
    m_grid->setPlayhead(snap.playing ? drums.step : -1);
    m_transport->setPlaying(snap.playing);
    for (int t = 0; t < core::seq::kMaxTracks; ++t)
        m_strips[t]->setLevel(drums.trackPeak[t]);
    const auto st = m_audio.status();
    m_audioLabel->setText(
        st.running
            ? tr("Audio: %1 · %2 · %3 Hz · %4 frames")
                  .arg(QString::fromStdString(st.api), QString::fromStdString(st.device))
                  .arg(st.sampleRate)
                  .arg(st.bufferFrames)
            : tr("Audio off: %1 (Audio → Audio settings)").arg(QString::fromStdString(st.error)));
    m_loadLabel->setText(tr("CPU %1 % (peak %2 %) · xruns %3 · voices %4 · FM %5 · %6")
                             .arg(std::clamp(snap.cpuLoad * 100.0f, 0.0f, 999.0f), 0, 'f', 1)
                             .arg(std::clamp(snap.cpuPeak * 100.0f, 0.0f, 999.0f), 0, 'f', 0)
                             .arg(snap.xruns)
                             .arg(drums.activeVoices)
                             .arg(m_fm.activeVoices())
                             .arg(m_midi->status()));
}

void MainWindow::autosave() {
    if (!m_modified)
        return;
    try {
        core::project::saveProject(autosavePath().toStdString(), m_project);
    } catch (const core::project::ProjectError& e) {
        statusBar()->showMessage(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())),
                                 8000);
    }
}

void MainWindow::markModified() {
    if (!m_modified) {
        m_modified = true;
        updateTitle();
    }
}

void MainWindow::updateTitle() {
    const QString name =
        m_path.isEmpty() ? QString::fromStdString(m_project.name) : QFileInfo(m_path).fileName();
    setWindowTitle(QStringLiteral("%1%2 — LatentRack")
                       .arg(name, m_modified ? QStringLiteral(" *") : QString()));
}

void MainWindow::showError(const QString& message) {
    m_lastError = message;
    statusBar()->showMessage(message, 15000);
    if (QApplication::platformName() == QLatin1String("offscreen"))
        return; // tests: no dialogs to dismiss
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("LatentRack"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::send(CommandType type, int track, int step, float value) {
    if (!m_port->push({type, static_cast<std::int16_t>(track), static_cast<std::int16_t>(step),
                       value, nullptr}))
        statusBar()->showMessage(tr("Engine busy: command dropped"), 3000);
}

void MainWindow::applyRemoteStep(int track, int step, float velocity) {
    m_project.pattern.set(track, step, velocity);
    m_grid->setPattern(m_project.pattern);
    markModified();
}

void MainWindow::applyRemoteBpm(double bpm) {
    m_project.bpm = bpm;
    m_transport->setValues(m_project.bpm, m_project.swing, m_project.pattern.numSteps);
    markModified();
}

void MainWindow::applyRemotePlaying(bool playing) {
    m_transport->setPlaying(playing);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_modified) {
        // Never lose work: unsaved changes stay in the autosave file for the next launch.
        autosave();
    } else {
        QFile::remove(autosavePath());
    }
    event->accept();
}

} // namespace latentrack::ui
