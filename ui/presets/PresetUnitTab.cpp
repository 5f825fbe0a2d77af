// The "Preset inference" tab's widgets and their connections, MIDI learn and the project
// (PresetUnit.h).

// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/preset/PresetInference.h"
#include "models/preset/PresetMacros.h"

#include "ui/presets/PresetUnit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDial>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/ProjectFiles.h"
#include "ui/midi/MidiHub.h"
#include "ui/presets/InterpolationView.h"
#include "ui/presets/MacroKnobs.h"

namespace latentrack::ui {

QWidget* PresetUnit::buildTab(QWidget* parent) {
    auto* tab = new QWidget(parent);
    auto* layout = new QVBoxLayout(tab);
    auto* top = new QHBoxLayout;
    m_models = new QComboBox(tab);
    for (const auto& folder : shippedModelFolders(QStringLiteral("preset")))
        m_models->addItem(QFileInfo(folder).fileName(), folder);
    auto* other = new QPushButton(tr("Other model…"), tab);
    top->addWidget(new QLabel(tr("Model"), tab));
    top->addWidget(m_models, 1);
    top->addWidget(other);
    layout->addLayout(top);

    auto* pages = new QTabWidget(tab);
    auto* match = new QWidget(pages);
    buildMatchPage(match);
    pages->addTab(match, tr("Sound → voice"));
    m_interpolation = new InterpolationView(
        host(), m_fm, [this] { return ensureModel() ? m_inferencer.get() : nullptr; }, pages);
    pages->addTab(m_interpolation, tr("Interpolation"));
    layout->addWidget(pages, 1);

    m_knobs = new MacroKnobs(tab);
    m_knobs->setMacros({}, tr("Macros: load a preset model"));
    layout->addWidget(m_knobs);

    connect(m_models, &QComboBox::activated, this, [this](int i) {
        const QString folder = m_models->itemData(i).toString();
        if (loadModel(folder)) {
            host().project().presets.model = folder.toStdString();
            host().markModified();
        }
    });
    connect(other, &QPushButton::clicked, this, [this, tab] {
        const QString dir = QFileDialog::getExistingDirectory(tab, tr("Preset model folder"));
        if (!dir.isEmpty() && loadModel(dir)) {
            host().project().presets.model = dir.toStdString();
            host().markModified();
        }
    });
    connect(m_knobs, &MacroKnobs::moved, this,
            [this](int knob, float position) { turnMacro(knob, position); });
    // The shipped model is read on first use, not at start-up (14 MB of weights).
    if (m_models->count() > 0)
        m_pendingModel = m_models->itemData(0).toString();
    registerParameters();
    return tab;
}

void PresetUnit::buildMatchPage(QWidget* page) {
    auto* layout = new QVBoxLayout(page);
    auto* top = new QHBoxLayout;
    auto* open = new QPushButton(tr("Open sound…"), page);
    m_record = new QPushButton(tr("Record"), page);
    m_record->setCheckable(true);
    m_record->setToolTip(tr("Sing or play into the audio input; press again to stop (≤ 10 s)"));
    m_sketch = new QCheckBox(tr("Vocal sketch (trim, shift the sung pitch to C4)"), page);
    m_sketch->setChecked(true);
    auto* playSound = new QPushButton(tr("A: sound"), page);
    auto* playVoice = new QPushButton(tr("B: voice"), page);
    playSound->setToolTip(tr("Play the sound the model matched"));
    playVoice->setToolTip(tr("Play the voice's rendering of it (note 60)"));
    top->addWidget(open);
    top->addWidget(m_record);
    top->addWidget(m_sketch);
    top->addStretch(1);
    top->addWidget(playSound);
    top->addWidget(playVoice);
    layout->addLayout(top);

    auto* middle = new QHBoxLayout;
    auto* images = new QGridLayout;
    m_soundImage = new QLabel(page);
    m_voiceImage = new QLabel(page);
    for (auto* image : {m_soundImage, m_voiceImage}) {
        image->setMinimumSize(256, 128); // the small model's 128 frames × 64 bands, twice
        image->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    }
    images->addWidget(new QLabel(tr("Sound"), page), 0, 0);
    images->addWidget(new QLabel(tr("Voice (our FM engine)"), page), 0, 1);
    images->addWidget(m_soundImage, 1, 0);
    images->addWidget(m_voiceImage, 1, 1);
    images->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    middle->addLayout(images, 3);
    m_list = new QListWidget(page);
    middle->addWidget(m_list, 1);
    layout->addLayout(middle, 1);

    auto* bottom = new QHBoxLayout;
    m_seconds = new QDoubleSpinBox(page);
    m_seconds->setRange(0.5, 120.0);
    m_seconds->setValue(10.0);
    m_seconds->setSuffix(tr(" s"));
    m_refine = new QPushButton(tr("Refine"), page);
    m_progress = new QProgressBar(page);
    m_progress->setRange(0, 1000);
    auto* save = new QPushButton(tr("Save voice…"), page);
    auto* add = new QPushButton(tr("Add to bank"), page);
    auto* send = new QPushButton(tr("Send to DX7"), page);
    send->setToolTip(tr("The voice as SysEx to the MIDI output (a DX7, Dexed …)"));
    m_info = new QLabel(tr("Open a sound, or sing one in, to get a DX7 voice."), page);
    bottom->addWidget(m_refine);
    bottom->addWidget(m_seconds);
    bottom->addWidget(m_progress, 1);
    bottom->addWidget(save);
    bottom->addWidget(add);
    bottom->addWidget(send);
    layout->addLayout(bottom);
    layout->addWidget(m_info);

    connect(open, &QPushButton::clicked, this, [this, page] {
        const QString f = QFileDialog::getOpenFileName(
            page, tr("Sound to match"), {}, tr("Audio (*.wav *.flac *.ogg *.aiff *.aif)"));
        if (!f.isEmpty())
            openSound(f);
    });
    connect(m_record, &QPushButton::clicked, this, [this](bool on) {
        if (on)
            startRecording();
        else
            stopRecording();
    });
    connect(playSound, &QPushButton::clicked, this, [this] { playComparison(false); });
    connect(playVoice, &QPushButton::clicked, this, [this] { playComparison(true); });
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < static_cast<int>(m_candidates.size()))
            useVoice(m_candidates[static_cast<std::size_t>(row)].voice,
                     m_candidates[static_cast<std::size_t>(row)].distanceDb);
    });
    connect(m_refine, &QPushButton::clicked, this, [this] {
        if (refining())
            cancelRefinement();
        else
            refine(m_seconds->value());
    });
    connect(save, &QPushButton::clicked, this, [this, page] {
        const QString f =
            QFileDialog::getSaveFileName(page, tr("Save voice"), {}, tr("DX7 voice (*.syx)"));
        if (!f.isEmpty())
            saveVoice(f);
    });
    connect(add, &QPushButton::clicked, this, [this] { addToBank(); });
    connect(send, &QPushButton::clicked, this, [this] { sendToSynth(); });
}

void PresetUnit::registerParameters() {
    auto& midi = host().midi();
    for (int k = 0; k < models::preset::kMacroKnobs; ++k) {
        const std::string id = "preset.macro." + std::to_string(k + 1);
        // The GUI applies it (mirrorParameter): the voice is built from the model on the GUI
        // thread and sent to the engine whole.
        midi.registry().add(
            {id, "Preset macro " + std::to_string(k + 1), -1.0f, 1.0f, false, false}, [](float) {});
        midi.attach(m_knobs->dial(k), QString::fromStdString(id));
    }
    midi.registry().add({"preset.morph", "Preset morph A → B", 0.0f, 1.0f, false, false},
                        [](float) {});
    midi.attach(m_interpolation->morphSlider(), QStringLiteral("preset.morph"));
}

bool PresetUnit::mirrorParameter(const QString& id, float value) {
    if (id == QLatin1String("preset.morph")) {
        if (m_interpolation)
            m_interpolation->morphSlider()->setValue(
                static_cast<int>(std::lround(value * InterpolationView::kMorphSteps)));
        return true;
    }
    if (!id.startsWith(QLatin1String("preset.macro.")))
        return false;
    const int knob = id.mid(13).toInt() - 1;
    if (m_knobs && knob >= 0 && knob < MacroKnobs::kKnobs)
        m_knobs->dial(knob)->setValue(static_cast<int>(std::lround(value * MacroKnobs::kSteps)));
    return true;
}

void PresetUnit::applyProject() {
    const auto& p = host().project().presets;
    if (!p.model.empty() && m_models) {
        const QString folder = QString::fromStdString(p.model);
        const int i = m_models->findData(folder);
        if (i >= 0)
            m_models->setCurrentIndex(i);
        if (!m_inferencer || folder != m_modelFolder)
            m_pendingModel = folder; // read on first use
    }
    if (m_knobs)
        m_knobs->setPositions(p.macros);
    m_macroKnobs.reset();
    // A project whose knobs were turned plays the voice they made: turning on continues.
    m_macroVoice.reset();
    if (p.macroBase)
        m_macroVoice = host().project().fm.voice;
    if (m_interpolation)
        m_interpolation->applyProject();
}

} // namespace latentrack::ui
