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

namespace {
/// Opens port `index` of `names` with `open` (or calls `close` for a negative index) and
/// records the port's name in `setting`; returns the error, or an empty string.
template <typename Open, typename Close>
QString switchPort(int index, const std::vector<std::string>& names, Open open, Close close,
                   std::string& setting) {
    try {
        if (index < 0) {
            close();
            setting.clear();
            return {};
        }
        const std::string name = names.at(static_cast<std::size_t>(index));
        open(index);
        setting = name;
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}
} // namespace

QString MidiHub::openInput(int source) {
    return switchPort(
        source, MidiInput::sources(), [this](int i) { m_input->open(i); },
        [this] { m_input->close(); }, m_settings.input);
}

QString MidiHub::openOutput(int destination) {
    return switchPort(
        destination, MidiOutput::destinations(), [this](int i) { m_output.open(i); },
        [this] { m_output.close(); }, m_settings.output);
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
    return m_settings.input.empty()
               ? tr("MIDI in: none")
               : tr("MIDI in: %1").arg(QString::fromStdString(m_settings.input));
}

void MidiHub::buildMenu(QMenu* menu, QWidget* dialogParent) {
    addPortMenu(
        menu->addMenu(tr("Input")), [] { return MidiInput::sources(); },
        [this](int i) { return openInput(i); });
    addPortMenu(
        menu->addMenu(tr("Output")), [] { return MidiOutput::destinations(); },
        [this](int i) { return openOutput(i); });
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

void MidiHub::addPortMenu(QMenu* menu, std::function<std::vector<std::string>()> list,
                          std::function<QString(int)> open) {
    // Listed afresh each time the menu opens, so newly connected devices show up.
    connect(menu, &QMenu::aboutToShow, this, [this, menu, list, open] {
        menu->clear();
        menu->addAction(tr("None"), this, [open] { open(-1); });
        const auto names = list();
        for (std::size_t i = 0; i < names.size(); ++i)
            menu->addAction(QString::fromStdString(names[i]), this, [this, open, i] {
                if (QString e = open(static_cast<int>(i)); !e.isEmpty())
                    emit learnStateChanged(e);
            });
    });
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
