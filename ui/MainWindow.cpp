#include "ui/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "core/kit/KitTracks.h"
#include "core/project/ProjectKit.h"
#include "ui/AudioSettingsDialog.h"
#include "ui/GuiOscTarget.h"
#include "ui/HelpDialogs.h"
#include "ui/PlaySettingsDialog.h"
#include "ui/ProjectFiles.h"
#include "ui/StatusLine.h"
#include "ui/TransportBar.h"
#include "ui/drums/DrumMachineUnit.h"
#include "ui/explorer/ExplorerUnit.h"
#include "ui/faders/FaderUnit.h"
#include "ui/fm/FmUnit.h"
#include "ui/midi/MidiHub.h"
#include "ui/presets/PresetUnit.h"

namespace latentrack::ui {

using core::engine::CommandType;

class MainWindow::Host final : public InstrumentHost {
public:
    explicit Host(MainWindow& w) : m_w(w) {}
    core::engine::Engine& engine() override { return m_w.m_engine; }
    core::engine::CommandPort& port() override { return *m_w.m_port; }
    core::project::Project& project() override { return m_w.m_project; }
    void markModified() override { m_w.markModified(); }
    MidiHub& midi() override { return *m_w.m_midi; }
    TransportBar& transport() override { return *m_w.m_transport; }
    core::audio::AudioStatus audioStatus() const override { return m_w.m_audio.status(); }
    void showStatus(const QString& text, int ms) override { m_w.showStatus(text, ms); }
    void showError(const QString& text) override { m_w.showError(text); }

private:
    MainWindow& m_w;
};

template <typename U, typename... Args> U& MainWindow::addInstrument(Args&&... args) {
    auto unit = std::make_unique<U>(*m_host, std::forward<Args>(args)...);
    U& ref = *unit;
    m_instruments.push_back(std::move(unit));
    return ref;
}

MainWindow::MainWindow(const MainWindowOptions& options, QWidget* parent)
    : QMainWindow(parent), m_options(options), m_host(std::make_unique<Host>(*this)) {
    // Ports and engine sources come before any audio starts (Engine::openPort and add).
    m_port = &m_engine.openPort();
    m_oscPort = &m_engine.openPort();
    m_midiPort = &m_engine.openPort();
    // The instruments, in tab order: each adds its engine source here.
    m_drums = &addInstrument<DrumMachineUnit>(m_options.modelPath);
    auto& fm = addInstrument<FmUnit>();
    addInstrument<ExplorerUnit>(m_drums->neural());
    addInstrument<FaderUnit>();
    addInstrument<PresetUnit>(fm);

    m_midi = std::make_unique<MidiHub>(m_engine, *m_midiPort); // registers the engine's sources
    buildUi();
    buildMenus();
    if (m_options.openAudio)
        openAudio();
    else
        m_engine.prepare(48000.0, 2048);

    // Project: explicit path, else a recovered autosave, else the last project, else the demo.
    bool recovered = false;
    const QString path = startupProjectPath(m_options.projectPath, recovered);
    if (path.isEmpty() || !openProject(path))
        setProject(core::project::Project{}, QString());
    if (recovered) {
        m_path = lastProjectPath();
        m_modified = true;
        updateTitle();
        showStatus(tr("Recovered unsaved changes from the last session"), 10000);
    }
    if (m_options.startOsc)
        startOsc(m_options.oscPort >= 0 ? m_options.oscPort : m_project.oscPort);

    connect(&m_pollTimer, &QTimer::timeout, this, &MainWindow::poll);
    m_pollTimer.start(33);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    m_autosaveTimer.start(30000);
}

MainWindow::~MainWindow() {
    // Workers first (the generation worker's OSC replies use the server's socket), then OSC,
    // MIDI and audio; the engine and its sources go last.
    for (auto it = m_instruments.rbegin(); it != m_instruments.rend(); ++it)
        (*it)->shutdown();
    m_osc.reset();
    m_midi.reset();
    m_audio.close();
}

void MainWindow::buildUi() {
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    m_transport = new TransportBar(central);
    column->addWidget(m_transport);
    auto* tabs = new QTabWidget(central);
    for (const auto& unit : m_instruments)
        tabs->addTab(unit->buildTab(tabs), unit->title());
    column->addWidget(tabs, 1);
    setCentralWidget(central);

    m_status = std::make_unique<StatusLine>(statusBar());

    connect(m_transport, &TransportBar::playToggled, this,
            [this](bool play) { m_host->send(play ? CommandType::Play : CommandType::Stop); });
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
    connect(m_drums, &DrumMachineUnit::shapeChanged, this, [this](int tracks, int steps) {
        if (m_oscTarget)
            m_oscTarget->setShape(tracks, steps);
    });
    connect(&m_drums->neural(), &NeuralDrums::modelChanged, this,
            &MainWindow::publishGenerationToOsc);
    auto* space = new QShortcut(QKeySequence(Qt::Key_Space), this);
    space->setWhatsThis(tr("Play / stop"));
    connect(space, &QShortcut::activated, this,
            [this] { m_transport->requestPlaying(!m_engine.snapshot().playing); });

    m_midi->attach(m_transport->bpmWidget(), QStringLiteral("transport.bpm"));
    m_midi->attach(m_transport->swingWidget(), QStringLiteral("transport.swing"));
    m_midi->attach(m_transport->playWidget(), QStringLiteral("transport.play"));
    connect(m_midi.get(), &MidiHub::parameterChanged, this, &MainWindow::applyMidiParameter);
    connect(m_midi.get(), &MidiHub::learnStateChanged, this,
            [this](const QString& message) { showStatus(message, 8000); });
    connect(m_midi.get(), &MidiHub::mappingsChanged, this, [this] {
        m_project.midi = m_midi->settings();
        markModified();
    });
    resize(1180, 760);
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto newProject = [this](core::seq::TrackLayout layout) {
        setProject(core::project::newProject(layout, m_project), QString());
    };
    file->addAction(tr("New 8-track drum machine"), this,
                    [newProject] { newProject(core::seq::TrackLayout::Drums8); });
    file->addAction(tr("New 10-track drum && bass machine"), this,
                    [newProject] { newProject(core::seq::TrackLayout::DrumAndBass10); });
    const QString filter = tr("LatentRack projects (*.latentrack.json *.json)");
    file->addAction(tr("&Open…"), QKeySequence::Open, this, [this, filter] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), m_path, filter);
        if (!path.isEmpty())
            openProject(path);
    });
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this, filter] {
        QString path = m_path;
        if (path.isEmpty() || path == demoProjectPath())
            path = QFileDialog::getSaveFileName(this, tr("Save project"), QString(), filter);
        if (!path.isEmpty())
            saveProject(path);
    });
    file->addAction(tr("Save &as…"), QKeySequence::SaveAs, this, [this, filter] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save project"), m_path, filter);
        if (!path.isEmpty())
            saveProject(path);
    });
    file->addAction(tr("Use &kit folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Hydrogen kit folder (with drumkit.xml)"), QString());
        if (!dir.isEmpty())
            m_drums->useKit(dir);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    for (const auto& unit : m_instruments)
        unit->buildMenus(menuBar());
    auto* audio = menuBar()->addMenu(tr("&Audio"));
    audio->addAction(tr("Audio &settings…"), this, [this] {
        AudioSettingsDialog dialog(m_project.audio, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        m_project.audio = dialog.settings();
        markModified();
        openAudio();
        for (const auto& unit : m_instruments)
            unit->audioChanged();
    });
    audio->addAction(tr("Tracks and &MIDI settings…"), this, [this] {
        PlaySettingsDialog dialog(m_project, this);
        if (dialog.exec() == QDialog::Accepted)
            applyPlaySettings(dialog.apply(m_project));
    });
    m_midi->buildMenu(menuBar()->addMenu(tr("&MIDI")), this);
    addHelpMenu(menuBar(), this);
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
    showStatus(tr("Saved %1").arg(path), 4000);
    return true;
}

void MainWindow::setProject(const core::project::Project& project, const QString& path) {
    m_project = project;
    m_path = path;
    m_modified = false;
    m_host->send(CommandType::Stop);
    core::project::applyTransport(m_engine, m_project);
    m_transport->setValues(m_project.bpm, m_project.swing, m_project.pattern.numSteps);
    for (const auto& unit : m_instruments)
        unit->applyProject();
    const QStringList problems = m_midi->apply(m_project.midi);
    if (!problems.isEmpty())
        showStatus(problems.join(QStringLiteral("; ")), 10000);
    m_modified = false; // applying is not editing
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
        showStatus(problems.join(QStringLiteral("; ")), 10000);
    markModified();
}

void MainWindow::applyMidiParameter(const QString& id, float value) {
    // The engine already has the value (the MIDI thread applied it); mirror it in the project
    // and the widgets.
    if (id == QLatin1String("transport.bpm")) {
        m_project.bpm = value;
    } else if (id == QLatin1String("transport.swing")) {
        m_project.swing = value / 100.0;
    } else if (id == QLatin1String("master.gain")) {
        m_project.masterGainDb = value;
    } else {
        for (const auto& unit : m_instruments)
            if (unit->mirrorParameter(id, value))
                return;
        return;
    }
    m_transport->setValues(m_project.bpm, m_project.swing, m_project.pattern.numSteps);
    markModified();
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
        m_status->setOsc(tr("OSC 127.0.0.1:%1").arg(m_osc->port()));
        publishGenerationToOsc();
    } catch (const core::control::OscError& e) {
        m_status->setOsc(tr("OSC off"), QString::fromStdString(e.what()));
    }
}

void MainWindow::publishGenerationToOsc() {
    if (!m_oscTarget)
        return;
    const auto& neural = m_drums->neural();
    std::array<std::string, core::seq::kMaxTracks> classes;
    for (int t = 0; t < m_project.pattern.numTracks(); ++t)
        if (neural.available(t))
            classes[static_cast<std::size_t>(t)] =
                core::kit::trackClassId(m_project.pattern.layout, t);
    m_oscTarget->setGeneration(neural.generation(), classes);
}

void MainWindow::poll() {
    m_engine.collectGarbage();
    m_midi->poll();
    const auto snap = m_engine.snapshot();
    QStringList parts;
    for (const auto& unit : m_instruments) {
        unit->poll(snap);
        if (const QString s = unit->statusText(); !s.isEmpty())
            parts << s;
    }
    m_transport->setPlaying(snap.playing);
    m_status->update(m_audio.status(), snap, parts << m_midi->status());
}

void MainWindow::autosave() {
    if (!m_modified)
        return;
    try {
        core::project::saveProject(autosavePath().toStdString(), m_project);
    } catch (const core::project::ProjectError& e) {
        showStatus(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())), 8000);
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

void MainWindow::applyRemoteStep(int track, int step, float velocity) {
    m_drums->showRemoteStep(track, step, velocity);
    markModified();
}

void MainWindow::applyRemoteBpm(double bpm) {
    m_project.bpm = bpm;
    m_transport->setValues(m_project.bpm, m_project.swing, m_project.pattern.numSteps);
    markModified();
}

void MainWindow::applyRemotePreset(const core::control::PresetRequest& request,
                                   const core::control::OscReply& reply) {
    if (auto* unit = instrument<PresetUnit>())
        unit->oscRequest(request, reply);
}

void MainWindow::applyRemoteParameter(const QString& id, float value) {
    for (const auto& unit : m_instruments)
        if (unit->mirrorParameter(id, value))
            return;
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
