#include "ui/midi/MidiHub.h"

#include <QAction>
#include <QMenu>
#include <QWidget>

#include "core/control/EngineParameters.h"
#include "ui/midi/MidiMappingDialog.h"

namespace latentrack::ui {

using namespace core::control;

MidiHub::MidiHub(core::engine::Engine& engine, core::engine::Engine::CommandPort& midiPort,
                 QObject* parent)
    : QObject(parent) {
    registerEngineParameters(m_registry, engine, midiPort);
    m_input = std::make_unique<MidiInput>(midiPort, m_registry);
}

MidiHub::~MidiHub() {
    m_input->close();
}

QStringList MidiHub::apply(const core::project::MidiSettings& s) {
    QStringList problems;
    m_settings = s;
    m_input->setFmChannel(s.fmChannel);
    m_input->setDrumChannel(s.drumChannel);
    for (int t = 0; t < core::seq::kMaxTracks; ++t)
        m_input->setDrumNote(t, s.drumNotes[static_cast<std::size_t>(t)]);
    for (const auto& unknown : m_input->setMappings(s.mappings))
        problems << tr("MIDI mapping for unknown parameter \"%1\" ignored")
                        .arg(QString::fromStdString(unknown));
    if (!s.input.empty()) {
        const auto sources = MidiInput::sources();
        const auto it = std::find(sources.begin(), sources.end(), s.input);
        if (it == sources.end())
            problems
                << tr("MIDI input \"%1\" is not connected").arg(QString::fromStdString(s.input));
        else if (QString e = openInput(static_cast<int>(it - sources.begin())); !e.isEmpty())
            problems << e;
    }
    return problems;
}

void MidiHub::attach(QWidget* widget, const QString& parameterId) {
    if (m_registry.find(parameterId.toStdString()) < 0)
        return;
    widget->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* learnAction = new QAction(tr("MIDI learn"), widget);
    auto* forgetAction = new QAction(tr("Forget MIDI mapping"), widget);
    widget->addAction(learnAction);
    widget->addAction(forgetAction);
    widget->setProperty("latentrackParameter", parameterId);
    connect(learnAction, &QAction::triggered, this, [this, parameterId] { learn(parameterId); });
    connect(forgetAction, &QAction::triggered, this, [this, parameterId] { forget(parameterId); });
}

void MidiHub::learn(const QString& parameterId) {
    const int index = m_registry.find(parameterId.toStdString());
    if (index < 0)
        return;
    m_input->armLearn(index);
    emit learnStateChanged(tr("MIDI learn: move a controller for %1")
                               .arg(QString::fromStdString(m_registry.info(index).name)));
}

void MidiHub::forget(const QString& parameterId) {
    auto mappings = m_settings.mappings;
    std::erase_if(mappings,
                  [&](const MidiMapping& m) { return m.parameter == parameterId.toStdString(); });
    setMappings(mappings);
}

void MidiHub::setMappings(const std::vector<MidiMapping>& mappings) {
    m_settings.mappings = mappings;
    m_input->setMappings(mappings);
    emit mappingsChanged();
}

QString MidiHub::openInput(int source) {
    try {
        if (source < 0) {
            m_input->close();
            m_settings.input.clear();
            m_inputName.clear();
            return {};
        }
        const auto names = MidiInput::sources();
        m_input->open(source);
        m_settings.input = names.at(static_cast<std::size_t>(source));
        m_inputName = QString::fromStdString(m_settings.input);
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

QString MidiHub::openOutput(int destination) {
    try {
        if (destination < 0) {
            m_output.close();
            m_settings.output.clear();
            m_outputName.clear();
            return {};
        }
        const auto names = MidiOutput::destinations();
        m_output.open(destination);
        m_settings.output = names.at(static_cast<std::size_t>(destination));
        m_outputName = QString::fromStdString(m_settings.output);
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

QString MidiHub::sendSysEx(const std::vector<std::uint8_t>& message) {
    if (!m_output.isOpen())
        return tr("No MIDI output is open (MIDI → Output)");
    try {
        m_output.send(message);
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

QString MidiHub::status() const {
    return m_inputName.isEmpty() ? tr("MIDI in: none") : tr("MIDI in: %1").arg(m_inputName);
}

void MidiHub::buildMenu(QMenu* menu, QWidget* dialogParent) {
    auto* inputs = menu->addMenu(tr("Input"));
    connect(inputs, &QMenu::aboutToShow, this, [this, inputs] {
        inputs->clear();
        inputs->addAction(tr("None"), this, [this] { openInput(-1); });
        const auto names = MidiInput::sources();
        for (std::size_t i = 0; i < names.size(); ++i)
            inputs->addAction(QString::fromStdString(names[i]), this, [this, i] {
                if (QString e = openInput(static_cast<int>(i)); !e.isEmpty())
                    emit learnStateChanged(e);
            });
    });
    auto* outputs = menu->addMenu(tr("Output"));
    connect(outputs, &QMenu::aboutToShow, this, [this, outputs] {
        outputs->clear();
        outputs->addAction(tr("None"), this, [this] { openOutput(-1); });
        const auto names = MidiOutput::destinations();
        for (std::size_t i = 0; i < names.size(); ++i)
            outputs->addAction(QString::fromStdString(names[i]), this, [this, i] {
                if (QString e = openOutput(static_cast<int>(i)); !e.isEmpty())
                    emit learnStateChanged(e);
            });
    });
    menu->addAction(tr("Controller mappings…"), this, [this, dialogParent] {
        MidiMappingDialog dialog(m_registry, m_settings.mappings, dialogParent);
        if (dialog.exec() == QDialog::Accepted)
            setMappings(dialog.mappings());
    });
    menu->addSeparator();
    menu->addAction(tr("Send FM voice to MIDI out"), this, [this] { emit sendVoiceRequested(); });
    menu->addAction(tr("Send FM bank as cartridge to MIDI out"), this,
                    [this] { emit sendCartridgeRequested(); });
}

void MidiHub::poll() {
    MidiEvent e;
    while (m_input->pollEvent(e)) {
        switch (e.type) {
        case MidiEvent::Type::ParameterChanged:
            emit parameterChanged(QString::fromStdString(m_registry.info(e.parameter).id), e.value);
            break;
        case MidiEvent::Type::Learned: {
            const std::string id = m_registry.info(e.parameter).id;
            auto mappings = m_settings.mappings;
            std::erase_if(mappings, [&](const MidiMapping& m) { return m.parameter == id; });
            mappings.push_back(
                MidiMapping{id, e.channel, e.controller, e.highResolution, 0.0f, 1.0f, false});
            setMappings(mappings);
            emit learnStateChanged(
                tr("Mapped CC %1%2 on channel %3 to %4")
                    .arg(e.controller)
                    .arg(e.highResolution ? tr(" (14-bit)") : QString())
                    .arg(e.channel)
                    .arg(QString::fromStdString(m_registry.info(e.parameter).name)));
            break;
        }
        case MidiEvent::Type::Note:
            emit noteActivity(e.channel, e.controller, static_cast<int>(e.value));
            break;
        }
    }
}

} // namespace latentrack::ui
