#pragma once
// The desktop app's MIDI: owns the parameter registry, the MIDI input and output, and MIDI
// learn. Any widget can be made learnable with attach(): its context menu gains "MIDI learn"
// and "Forget MIDI mapping". Learned mappings and controller moves come back through signals;
// the main window stores mappings in the project and moves its widgets. Thread: GUI
// (poll() at the main window's 30 Hz).

#include <QObject>
#include <QString>
#include <functional>
#include <memory>

#include "core/control/MidiInput.h"
#include "core/control/MidiOutput.h"
#include "core/control/Parameters.h"
#include "core/engine/Engine.h"
#include "core/project/Project.h"

class QMenu;
class QWidget;

namespace latentrack::ui {

class MidiHub : public QObject {
    Q_OBJECT
public:
    /// `midiPort` must be a port of `engine` used by nothing else (the MIDI thread pushes to it).
    MidiHub(core::engine::Engine& engine, core::engine::Engine::CommandPort& midiPort,
            QObject* parent = nullptr);
    ~MidiHub() override;

    const core::control::ParameterRegistry& registry() const { return m_registry; }
    /// For instruments to add their own parameters. Only before the MIDI input opens (the
    /// shell applies the project's MIDI settings after every tab is built): the MIDI thread
    /// reads the registry without a lock.
    core::control::ParameterRegistry& registry() { return m_registry; }
    core::control::MidiInput& input() { return *m_input; }

    /// Applies a project's MIDI settings: mappings, channels, drum notes, and opens the named
    /// ports when present (a missing port is reported, not fatal). Returns problems found.
    QStringList apply(const core::project::MidiSettings& settings);
    /// The current settings (for saving).
    core::project::MidiSettings settings() const { return m_settings; }

    /// Adds "MIDI learn" / "Forget MIDI mapping" to a widget's context menu for parameter id.
    void attach(QWidget* widget, const QString& parameterId);
    /// Starts learning for a parameter id; the next controller moved is mapped to it.
    void learn(const QString& parameterId);
    void forget(const QString& parameterId);
    void setMappings(const std::vector<core::control::MidiMapping>& mappings);

    /// Opens an input source by index of MidiInput::sources(), or none (−1). Throws nothing:
    /// errors come back as the returned message (empty on success).
    QString openInput(int source);
    QString openOutput(int destination);
    /// Sends a SysEx message to the output; error message or empty.
    QString sendSysEx(const std::vector<std::uint8_t>& message);
    QString status() const;

    /// Adds the MIDI menu (inputs, outputs, mappings dialog, send voice/cartridge).
    void buildMenu(QMenu* menu, QWidget* dialogParent);
    void poll();

signals:
    void parameterChanged(const QString& id, float value);
    void noteActivity(int channel, int note, int velocity);
    void mappingsChanged();
    void learnStateChanged(const QString& message);
    void sendVoiceRequested();
    void sendCartridgeRequested();

private:
    void addPortMenu(QMenu* menu, std::function<std::vector<std::string>()> list,
                     std::function<QString(int)> open);

    core::control::ParameterRegistry m_registry;
    std::unique_ptr<core::control::MidiInput> m_input;
    core::control::MidiOutput m_output;
    core::project::MidiSettings m_settings;
};

} // namespace latentrack::ui
