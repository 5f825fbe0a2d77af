#include "ui/drums/DrumMachineUnit.h"

#include <QHBoxLayout>
#include <QMenuBar>
#include <QVBoxLayout>

#include "core/io/AudioFile.h"
#include "core/kit/HydrogenKit.h"
#include "core/kit/KitTracks.h"
#include "core/project/ProjectKit.h"
#include "ui/StepGrid.h"
#include "ui/TrackStrip.h"
#include "ui/TransportBar.h"
#include "ui/WaveformView.h"
#include "ui/midi/MidiHub.h"

namespace latentrack::ui {

using core::engine::CommandType;
using core::gen::GenerationMode;

DrumMachineUnit::DrumMachineUnit(InstrumentHost& host, const QString& modelOverride)
    : Instrument(host), m_drums(host.engine().add<core::engine::DrumMachine>()),
      m_neural(host, modelOverride, this) {
    connect(&m_neural, &NeuralDrums::stateChanged, this, &DrumMachineUnit::updateNeuralStrips);
    connect(&m_neural, &NeuralDrums::soundArrived, this,
            [this](int track, const QString& name, const std::vector<float>& waveform) {
                m_waveforms.at(static_cast<std::size_t>(track)) = waveform;
                m_instruments.at(static_cast<std::size_t>(track)) = name;
                refreshWidgets();
            });
}

template <typename Signal, typename T>
void DrumMachineUnit::bindTrackControl(TrackStrip* strip, Signal signal,
                                       std::atomic<T> core::engine::TrackControls::*control,
                                       T core::project::TrackState::*field) {
    // The engine's atomic and the project's field change together, so they never drift apart.
    connect(strip, signal, this, [this, control, field](int track, T value) {
        (m_drums.tracks[track].*control).store(value);
        host().project().tracks[track].*field = value;
        host().markModified();
    });
}

QWidget* DrumMachineUnit::buildTab(QWidget* parent) {
    auto* tab = new QWidget(parent);
    auto* column = new QVBoxLayout(tab);
    column->addWidget(m_neural.buildBar(tab, tab->window()));
    column->addWidget(buildTracks(tab));
    m_waveform = new WaveformView(tab);
    column->addWidget(m_waveform, 1);

    connect(m_grid, &StepGrid::stepChanged, this, [this](int track, int step, float v) {
        host().project().pattern.set(track, step, v);
        host().send(CommandType::SetStep, track, step, v);
        host().markModified();
    });
    auto& transport = host().transport();
    connect(&transport, &TransportBar::stepsChanged, this, [this](int steps) {
        auto& pattern = host().project().pattern;
        pattern.numSteps = steps;
        host().send(CommandType::SetNumSteps, 0, steps);
        emit shapeChanged(pattern.numTracks(), steps);
        m_grid->setPattern(pattern);
        host().markModified();
    });
    connect(&transport, &TransportBar::kitChosen, this, &DrumMachineUnit::useKit);
    attachMidiLearn();
    return tab;
}

QWidget* DrumMachineUnit::buildTracks(QWidget* parent) {
    auto* rows = new QWidget(parent);
    auto* rowLayout = new QHBoxLayout(rows);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    auto* strips = new QWidget(rows);
    auto* stripLayout = new QVBoxLayout(strips);
    stripLayout->setContentsMargins(0, 0, 0, 0);
    stripLayout->setSpacing(0);
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        auto* s = new TrackStrip(t, strips);
        m_strips[t] = s;
        stripLayout->addWidget(s);
        bindTrackControl(s, &TrackStrip::gainChanged, &core::engine::TrackControls::gainDb,
                         &core::project::TrackState::gainDb);
        bindTrackControl(s, &TrackStrip::panChanged, &core::engine::TrackControls::pan,
                         &core::project::TrackState::pan);
        bindTrackControl(s, &TrackStrip::muteChanged, &core::engine::TrackControls::mute,
                         &core::project::TrackState::mute);
        bindTrackControl(s, &TrackStrip::soloChanged, &core::engine::TrackControls::solo,
                         &core::project::TrackState::solo);
        connect(s, &TrackStrip::auditioned, this, [this](int track) {
            host().send(CommandType::Audition, track, 0, 100.0f / 127.0f);
            selectTrack(track);
        });
        connect(s, &TrackStrip::selected, this, &DrumMachineUnit::selectTrack);
        connect(s, &TrackStrip::sampleNoteRequested, this,
                [this](int track) { m_neural.requestSound(track, GenerationMode::Note); });
        connect(s, &TrackStrip::samplePathRequested, this,
                [this](int track) { m_neural.requestSound(track, GenerationMode::Path); });
        connect(s, &TrackStrip::keepChanged, this, [this](int track, bool keep) {
            host().project().tracks[track].keepNeural = keep;
            host().markModified();
        });
    }
    stripLayout->addStretch(1);
    m_grid = new StepGrid(rows);
    rowLayout->addWidget(strips);
    rowLayout->addWidget(m_grid, 1);
    rowLayout->setAlignment(m_grid, Qt::AlignTop);
    return rows;
}

void DrumMachineUnit::attachMidiLearn() {
    auto& midi = host().midi();
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        const QString id = QStringLiteral("track.%1.").arg(t + 1);
        midi.attach(m_strips[t]->gainWidget(), id + QStringLiteral("gain"));
        midi.attach(m_strips[t]->panWidget(), id + QStringLiteral("pan"));
        midi.attach(m_strips[t]->muteWidget(), id + QStringLiteral("mute"));
        midi.attach(m_strips[t]->soloWidget(), id + QStringLiteral("solo"));
        midi.attach(m_strips[t]->sampleNoteWidget(), id + QStringLiteral("sample_note"));
        midi.attach(m_strips[t]->samplePathWidget(), id + QStringLiteral("sample_path"));
    }
}

void DrumMachineUnit::buildMenus(QMenuBar* bar) {
    m_neural.buildMenu(bar, [this] { return m_selected; });
}

void DrumMachineUnit::applyProject() {
    const auto& pattern = host().project().pattern;
    emit shapeChanged(pattern.numTracks(), pattern.numSteps);
    reloadKit();
    m_neural.applyProject();
}

void DrumMachineUnit::audioChanged() {
    // At the new rate: the kit resampled, the neural sounds regenerated.
    reloadKit();
    m_neural.applyProject();
}

void DrumMachineUnit::reloadKit() {
    auto& project = host().project();
    core::project::LoadedKit kit;
    QString problem;
    try {
        kit = core::project::loadProjectKit(project, host().engine().sampleRate());
        for (const auto& w : kit.warnings)
            problem += QString::fromStdString(w) + QLatin1Char('\n');
    } catch (const core::kit::KitError& e) {
        problem = QString::fromStdString(e.what());
    }
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        m_instruments[t] = QString::fromStdString(kit.instrument[t]);
        m_waveforms[t] = kit.samples[t] ? core::io::toMono(*kit.samples[t]) : std::vector<float>{};
        if (!kit.instrument[t].empty())
            project.tracks[t].instrument = kit.instrument[t];
    }
    try {
        core::project::applyDrumMachine(m_drums, host().port(), project, kit);
    } catch (const std::exception& e) {
        problem += QString::fromStdString(e.what());
    }
    if (!problem.isEmpty())
        host().showError(problem.trimmed());
    refreshWidgets();
}

void DrumMachineUnit::useKit(const QString& kit) {
    auto& project = host().project();
    project.kit = kit.toStdString();
    for (auto& t : project.tracks)
        t.instrument.clear(); // instruments are chosen anew by class
    reloadKit();
    host().markModified();
}

void DrumMachineUnit::refreshWidgets() {
    const auto& project = host().project();
    QStringList kits;
    for (const auto& folder : core::kit::findHydrogenKits())
        kits << QString::fromStdString(folder.filename().string());
    host().transport().setKits(kits, QString::fromStdString(project.kit));
    m_grid->setPattern(project.pattern);
    const int n = project.pattern.numTracks();
    for (int t = 0; t < core::seq::kMaxTracks; ++t) {
        m_strips[t]->setVisible(t < n);
        const auto& ts = project.tracks[t];
        m_strips[t]->setNames(
            QString::fromStdString(core::kit::trackName(project.pattern.layout, t)),
            m_instruments[t]);
        m_strips[t]->setState(ts.gainDb, ts.pan, ts.mute, ts.solo);
    }
    updateNeuralStrips();
    selectTrack(std::min(m_selected, n - 1));
}

void DrumMachineUnit::selectTrack(int track) {
    m_selected = track;
    const auto layout = host().project().pattern.layout;
    m_waveform->setWaveform(
        QStringLiteral("%1 — %2").arg(QString::fromStdString(core::kit::trackName(layout, track)),
                                      m_instruments[track].isEmpty() ? tr("no sound")
                                                                     : m_instruments[track]),
        m_waveforms[track], host().engine().sampleRate());
}

void DrumMachineUnit::updateNeuralStrips() {
    const auto& project = host().project();
    for (int t = 0; t < core::seq::kMaxTracks; ++t)
        m_strips[t]->setNeuralState(m_neural.available(t), m_neural.generating(t),
                                    project.tracks[t].keepNeural);
}

void DrumMachineUnit::poll(const core::engine::Snapshot& snap) {
    m_neural.collect();
    m_neural.autoResample(snap);
    const auto drums = m_drums.snapshot();
    m_grid->setPlayhead(snap.playing ? drums.step : -1);
    for (int t = 0; t < core::seq::kMaxTracks; ++t)
        m_strips[t]->setLevel(drums.trackPeak[t]);
}

QString DrumMachineUnit::statusText() const {
    return tr("voices %1").arg(m_drums.snapshot().activeVoices);
}

void DrumMachineUnit::showRemoteStep(int track, int step, float velocity) {
    host().project().pattern.set(track, step, velocity);
    m_grid->setPattern(host().project().pattern);
}

bool DrumMachineUnit::mirrorParameter(const QString& id, float value) {
    if (m_neural.triggerFromMidi(id, value))
        return true;
    if (!id.startsWith(QLatin1String("track.")))
        return false;
    const QStringList parts = id.split(QLatin1Char('.'));
    const int t = parts.value(1).toInt() - 1;
    if (t < 0 || t >= core::seq::kMaxTracks)
        return true;
    auto& ts = host().project().tracks[t];
    const QString what = parts.value(2);
    if (what == QLatin1String("gain"))
        ts.gainDb = value;
    else if (what == QLatin1String("pan"))
        ts.pan = value;
    else if (what == QLatin1String("mute"))
        ts.mute = value >= 0.5f;
    else if (what == QLatin1String("solo"))
        ts.solo = value >= 0.5f;
    m_strips[t]->setState(ts.gainDb, ts.pan, ts.mute, ts.solo);
    host().markModified();
    return true;
}

} // namespace latentrack::ui
