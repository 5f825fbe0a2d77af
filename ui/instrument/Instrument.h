#pragma once
// An instrument of the app as one unit: its engine source(s) (core), its workers (models) and
// its tab, owned together by one Instrument. The shell (MainWindow) keeps what all instruments
// share — engine, audio device, OSC, MIDI hub, transport, status bar, menus, tabs, project
// files — and talks to each instrument through the few calls below. Adding an instrument is
// writing its unit and adding it to the shell's list.
//
// Order of the shell's calls, all on the GUI thread:
//   constructor (adds engine sources and opens command ports: before audio starts)
//   → buildTab() and buildMenus() (the MIDI hub exists: register MIDI learn)
//   → applyProject() whenever a project is opened or made, audioChanged() after the audio
//     device reopened, poll() 30 times a second, mirrorParameter() for MIDI moves
//   → shutdown() in reverse list order before the shell tears down OSC, MIDI and audio.

#include <QObject>
#include <QString>

#include "core/audio/AudioDevice.h"
#include "core/engine/Engine.h"
#include "core/project/Project.h"

class QMenuBar;
class QWidget;

namespace latentrack::ui {

class MidiHub;
class TransportBar;

/// What the shell offers its instruments. Thread: GUI.
class InstrumentHost {
public:
    virtual ~InstrumentHost() = default;
    virtual core::engine::Engine& engine() = 0;
    /// The GUI thread's command port.
    virtual core::engine::CommandPort& port() = 0;
    /// The open project; each instrument reads and writes its own part of it.
    virtual core::project::Project& project() = 0;
    virtual void markModified() = 0;
    virtual MidiHub& midi() = 0;
    virtual TransportBar& transport() = 0;
    virtual core::audio::AudioStatus audioStatus() const = 0;
    /// A passing message in the status bar for `ms` milliseconds.
    virtual void showStatus(const QString& text, int ms) = 0;
    /// An error: the status bar and a non-modal message box.
    virtual void showError(const QString& text) = 0;

    /// Pushes a command through port(); says so in the status bar when the queue is full.
    void send(core::engine::CommandType type, int track = 0, int step = 0, float value = 0.0f);
};

class Instrument : public QObject {
    Q_OBJECT
public:
    /// Subclasses add their engine sources and open their command ports here.
    explicit Instrument(InstrumentHost& host) : m_host(host) {}

    /// The tab's title ("Drum machine").
    virtual QString title() const = 0;
    /// Builds the tab (owned by the caller's tab widget) and attaches MIDI learn.
    virtual QWidget* buildTab(QWidget* parent) = 0;
    /// Adds the instrument's own menus or actions.
    virtual void buildMenus(QMenuBar*) {}
    /// The project was replaced: send the instrument's part to the engine, refresh the tab.
    virtual void applyProject() = 0;
    /// The audio device was reopened (the engine may run at another rate).
    virtual void audioChanged() {}
    /// 30 Hz: collect worker results, show meters.
    virtual void poll(const core::engine::Snapshot&) {}
    /// A MIDI-mapped parameter moved (the engine already has the value): mirror it in the
    /// project and the widgets. False when the id is not the instrument's.
    virtual bool mirrorParameter(const QString& /*id*/, float /*value*/) { return false; }
    /// A short state for the status bar ("voices 3"), or empty.
    virtual QString statusText() const { return {}; }
    /// Stops workers that use the engine, the model or the OSC server.
    virtual void shutdown() {}

protected:
    InstrumentHost& host() const { return m_host; }

private:
    InstrumentHost& m_host;
};

} // namespace latentrack::ui
