// The fader tab's widgets: model chooser, source, the five faders with their modulators, the
// plot; their MIDI registration and value labels. The unit's behaviour is in FaderUnit.cpp.
// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/rave/FaderScale.h"
#include "models/rave/RaveModelIo.h"
#include "models/rave/RaveVoice.h"

#include "ui/faders/FaderUnit.h"

#include <QComboBox>
#include <QDial>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

#include "core/dsp/Descriptors.h"
#include "core/io/AudioFile.h"
#include "ui/PlotStyle.h"
#include "ui/ProjectFiles.h"
#include "ui/faders/LatentKnobs.h"
#include "ui/midi/MidiHub.h"

namespace latentrack::ui {

namespace {

using core::dsp::Descriptor;

/// A modulator's cycle: free (Hz), or beats of the tempo.
constexpr std::pair<const char*, double> kSyncDivisions[] = {
    {"free (Hz)", 0.0}, {"4 bars", 16.0}, {"2 bars", 8.0}, {"1 bar", 4.0},
    {"1/2", 2.0},       {"1/4", 1.0},     {"1/8", 0.5},    {"1/16", 0.25}};

QString descriptorTitle(int a) {
    const auto d = static_cast<Descriptor>(a);
    const QString name = QString::fromUtf8(core::dsp::descriptorName(d));
    const QString unit = d == Descriptor::Rms ? QStringLiteral("dB")
                                              : QString::fromUtf8(core::dsp::descriptorUnit(d));
    return unit.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, unit);
}

} // namespace

QWidget* FaderUnit::buildTab(QWidget* parent) {
    auto* tab = new QWidget(parent);
    tab->setAcceptDrops(true); // a model (.ts, folder) or a sound to play through it
    tab->installEventFilter(this);
    auto* column = new QVBoxLayout(tab);

    auto* top = new QHBoxLayout;
    m_models = new QComboBox(tab);
    m_models->setMinimumWidth(220);
    for (const auto& folder : shippedModelFolders(QStringLiteral("rave")))
        m_models->addItem(QFileInfo(folder).fileName(), folder);
    auto* open = new QPushButton(tr("Model folder…"), tab);
    auto* openScript = new QPushButton(tr("TorchScript file…"), tab);
    openScript->setToolTip(tr("An nn~ / RAVE model exported as TorchScript (.ts)"));
    m_play = new QPushButton(tr("Play"), tab);
    m_play->setCheckable(true);
    auto* through = new QPushButton(tr("Play a sound through it…"), tab);
    m_recordButton = new QPushButton(tr("Record"), tab);
    m_recordButton->setCheckable(true);
    m_recordButton->setToolTip(tr("Record the voice's output; stopping saves it as a WAV file"));
    m_liveButton = new QPushButton(tr("Live input"), tab);
    m_liveButton->setCheckable(true);
    m_liveButton->setToolTip(tr("The audio input through the model (record-arm)"));
    m_transferMode = new QComboBox(tab);
    m_transferMode->addItem(tr("encode → knobs → decode"));
    m_transferMode->addItem(tr("forward"));
    m_transferMode->setToolTip(tr("How a sound goes through the TorchScript model"));
    m_transferMode->setVisible(false);
    auto* prior = new QPushButton(tr("Generate"), tab);
    prior->setToolTip(tr("Back to the model's prior: a slow random walk in its latent space"));
    m_sourceLabel = new QLabel(tr("Source: the prior"), tab);
    m_firstLatent = new QDial(tab);
    m_firstLatent->setRange(-kSliderSteps, kSliderSteps);
    m_firstLatent->setFixedSize(44, 44);
    m_firstLatent->setToolTip(tr("First latent dimension of the prior (the module's CV 1)"));
    m_note = new QSpinBox(tab);
    m_note->setObjectName(QStringLiteral("fader-note"));
    m_note->setRange(24, 108);
    m_note->setValue(60);
    m_note->setToolTip(tr("A model with a pitch input: the note it plays from its prior, and "
                          "from a sound before its first clear pitch (MIDI)"));
    m_noteName = new QLabel(tab);
    m_noteName->setMinimumWidth(28);
    m_transpose = new QSpinBox(tab);
    m_transpose->setObjectName(QStringLiteral("fader-transpose"));
    m_transpose->setRange(-24, 24);
    m_transpose->setSuffix(tr(" st"));
    m_transpose->setToolTip(
        tr("A model with a pitch input: semitones added to the pitch it plays (the sound's own, "
           "the live input's or the note)"));
    auto* changeAll = new QPushButton(tr("Change all"), tab);
    changeAll->setToolTip(
        tr("Every fader (or latent knob) to a new random position (the module's gate 2)"));
    top->addWidget(new QLabel(tr("Model"), tab));
    top->addWidget(m_models);
    top->addWidget(open);
    top->addWidget(openScript);
    top->addSpacing(12);
    top->addWidget(m_play);
    top->addWidget(prior);
    top->addWidget(through);
    top->addWidget(m_liveButton);
    top->addWidget(m_recordButton);
    top->addWidget(m_transferMode);
    top->addWidget(m_sourceLabel, 1);
    top->addWidget(new QLabel(tr("Latent 1"), tab));
    top->addWidget(m_firstLatent);
    top->addWidget(new QLabel(tr("Note"), tab));
    top->addWidget(m_note);
    top->addWidget(m_noteName);
    top->addWidget(m_transpose);
    top->addWidget(changeAll);
    column->addLayout(top);

    m_faderPanel = new QWidget(tab);
    auto* faders = new QHBoxLayout(m_faderPanel);
    faders->setContentsMargins(0, 0, 0, 0);
    for (int a = 0; a < kFaders; ++a) {
        const auto i = static_cast<std::size_t>(a);
        auto* box = new QGroupBox(descriptorTitle(a), m_faderPanel);
        auto* grid = new QGridLayout(box);
        m_sliders[i] = new QSlider(Qt::Vertical, box);
        m_sliders[i]->setRange(-kSliderSteps, kSliderSteps);
        m_sliders[i]->setMinimumHeight(160);
        m_values[i] = new QLabel(box);
        m_values[i]->setAlignment(Qt::AlignCenter);
        m_shapes[i] = new QComboBox(box);
        for (int s = 0; s <= static_cast<int>(core::control::ModShape::Random); ++s)
            m_shapes[i]->addItem(QString::fromUtf8(
                core::control::modShapeName(static_cast<core::control::ModShape>(s))));
        m_shapes[i]->addItem(tr("follow a sound…")); // kFollowShape
        m_shapes[i]->setItemData(kFollowShape, tr("The descriptor curve of another sound, looped"),
                                 Qt::ToolTipRole);
        m_rates[i] = new QDoubleSpinBox(box);
        m_rates[i]->setRange(0.01, 20.0);
        m_rates[i]->setValue(0.5);
        m_rates[i]->setSuffix(tr(" Hz"));
        m_amounts[i] = new QDoubleSpinBox(box);
        m_amounts[i]->setRange(-1.0, 1.0);
        m_amounts[i]->setSingleStep(0.1);
        m_amounts[i]->setValue(0.5);
        m_amounts[i]->setPrefix(tr("amount "));
        m_biases[i] = new QDoubleSpinBox(box);
        m_biases[i]->setRange(-1.0, 1.0);
        m_biases[i]->setSingleStep(0.1);
        m_biases[i]->setPrefix(tr("bias "));
        m_syncs[i] = new QComboBox(box);
        m_syncs[i]->setToolTip(tr("Free rate in Hz, or one cycle per so many beats of the tempo"));
        for (const auto& [label, beats] : kSyncDivisions)
            m_syncs[i]->addItem(tr(label), beats);
        grid->addWidget(m_sliders[i], 0, 0, 6, 1, Qt::AlignHCenter);
        grid->addWidget(m_values[i], 6, 0);
        grid->addWidget(new QLabel(tr("Modulator"), box), 0, 1);
        grid->addWidget(m_shapes[i], 1, 1);
        grid->addWidget(m_syncs[i], 2, 1);
        grid->addWidget(m_rates[i], 3, 1);
        grid->addWidget(m_amounts[i], 4, 1);
        grid->addWidget(m_biases[i], 5, 1);
        faders->addWidget(box);
        connect(m_sliders[i], &QSlider::valueChanged, this, [this, a](int v) {
            setFader(a, static_cast<float>(v) / kSliderSteps);
            host().project().faders.positions[static_cast<std::size_t>(a)] =
                m_positions[static_cast<std::size_t>(a)];
            host().markModified();
        });
        const auto modulatorChanged = [this, a] {
            modulatorFromWidgets(a);
            host().markModified();
        };
        connect(m_shapes[i], &QComboBox::currentIndexChanged, this, [this, a, i](int index) {
            const bool following = !host().project().faders.follow[i].empty();
            if (index == kFollowShape && !following) {
                const QString f = QFileDialog::getOpenFileName(nullptr, tr("Sound to follow"));
                if (f.isEmpty() || !setFollow(a, f)) {
                    const QSignalBlocker block(m_shapes[i]);
                    m_shapes[i]->setCurrentIndex(0);
                }
            } else if (index != kFollowShape && following) {
                setFollow(a, {});
            }
            modulatorFromWidgets(a);
            host().markModified();
        });
        connect(m_syncs[i], &QComboBox::currentIndexChanged, this, modulatorChanged);
        connect(m_rates[i], &QDoubleSpinBox::valueChanged, this, modulatorChanged);
        connect(m_amounts[i], &QDoubleSpinBox::valueChanged, this, modulatorChanged);
        connect(m_biases[i], &QDoubleSpinBox::valueChanged, this, modulatorChanged);
    }
    column->addWidget(m_faderPanel);
    m_knobs = new LatentKnobs(tab);
    m_knobs->setVisible(false);
    column->addWidget(m_knobs);
    connect(m_knobs, &LatentKnobs::changed, this,
            [this](int d, float bias, float scale) { setKnob(d, bias, scale); });

    auto* plotRow = new QHBoxLayout;
    m_plotted = new QComboBox(tab);
    for (int a = 0; a < kFaders; ++a)
        m_plotted->addItem(descriptorTitle(a));
    m_plotLabel = new QLabel(tr("Plot"), tab);
    plotRow->addWidget(m_plotLabel);
    plotRow->addWidget(m_plotted);
    plotRow->addStretch(1);
    column->addLayout(plotRow);
    m_plot = new QCustomPlot(tab);
    applyDarkPlotStyle(m_plot);
    m_plot->setMinimumHeight(180);
    m_plot->addGraph(); // target
    m_plot->addGraph(); // measured
    m_plot->graph(0)->setName(tr("target"));
    m_plot->graph(0)->setPen(QPen(QColor(0xf3, 0x9b, 0x3f), 2));
    m_plot->graph(1)->setName(tr("measured in the output"));
    m_plot->graph(1)->setPen(QPen(QColor(0x4d, 0xbb, 0xd5), 2));
    m_plot->legend->setVisible(true);
    m_plot->xAxis->setLabel(tr("seconds"));
    m_plot->yAxis->setLabel(tr("normalised (−1 … 1 over the training data)"));
    m_plot->yAxis->setRange(-1.1, 1.1);
    column->addWidget(m_plot, 1);

    connect(m_models, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0 && loadModel(m_models->itemData(index).toString())) {
            host().project().faders.model = m_modelFolder.toStdString();
            host().markModified();
        }
    });
    connect(open, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(nullptr, tr("Attribute-fader model"));
        if (!dir.isEmpty() && loadModel(dir)) {
            host().project().faders.model = dir.toStdString();
            host().markModified();
        }
    });
    connect(openScript, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(nullptr, tr("nn~ / RAVE TorchScript model"),
                                                       {}, tr("TorchScript (*.ts);;All files (*)"));
        if (!f.isEmpty() && loadModel(f)) {
            host().project().faders.model = f.toStdString();
            host().markModified();
        }
    });
    connect(m_liveButton, &QPushButton::toggled, this, &FaderUnit::setLiveInput);
    connect(m_recordButton, &QPushButton::toggled, this, [this](bool on) { setRecording(on); });
    connect(m_transferMode, &QComboBox::currentIndexChanged, this, [this](int index) {
        setForward(index == 1);
        host().markModified();
    });
    connect(m_play, &QPushButton::toggled, this, &FaderUnit::setPlaying);
    connect(prior, &QPushButton::clicked, this, [this] {
        if (playThrough({})) {
            host().project().faders.sound.clear();
            host().markModified();
        }
    });
    connect(through, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(nullptr, tr("Sound to play through"));
        if (!f.isEmpty() && playThrough(f)) {
            host().project().faders.sound = f.toStdString();
            host().markModified();
        }
    });
    connect(m_firstLatent, &QDial::valueChanged, this, [this](int v) {
        const float value = static_cast<float>(v) / kSliderSteps;
        if (m_voice)
            m_voice->setFirstLatent(value);
        host().project().faders.firstLatent = value;
        host().markModified();
    });
    connect(m_note, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_voice)
            m_voice->setNote(v);
        host().project().faders.note = static_cast<float>(v);
        host().markModified();
        refreshPitchControls();
    });
    connect(m_transpose, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_voice)
            m_voice->setTranspose(v);
        host().project().faders.transpose = static_cast<float>(v);
        host().markModified();
    });
    connect(changeAll, &QPushButton::clicked, this, [this] {
        if (m_script) { // a TorchScript model: every knob's bias to a random point in ±2
            for (int d = 0; d < m_knobs->dimensions(); ++d)
                m_knobs->biasDial(d)->setValue(QRandomGenerator::global()->bounded(-50, 51));
            return;
        }
        for (auto* s : m_sliders)
            s->setValue(QRandomGenerator::global()->bounded(-kSliderSteps, kSliderSteps + 1));
    });
    connect(m_plotted, &QComboBox::currentIndexChanged, this, [this] {
        m_plot->graph(0)->data()->clear();
        m_plot->graph(1)->data()->clear();
    });
    registerParameters();
    refreshLabels();
    refreshPitchControls();
    return tab;
}

void FaderUnit::modulatorFromWidgets(int a) {
    const auto i = static_cast<std::size_t>(a);
    core::control::ModulatorSettings m;
    m.shape = m_shapes[i]->currentIndex() == kFollowShape
                  ? core::control::ModShape::Off // the follow curve takes its place
                  : static_cast<core::control::ModShape>(m_shapes[i]->currentIndex());
    m.amount = static_cast<float>(m_amounts[i]->value());
    m.bias = static_cast<float>(m_biases[i]->value());
    const double beats = m_syncs[i]->currentData().toDouble();
    const double bpm = host().project().bpm;
    if (beats > 0.0 && bpm > 0.0) { // one cycle per `beats` beats
        const QSignalBlocker block(m_rates[i]);
        m_rates[i]->setValue(bpm / 60.0 / beats);
    }
    m_rates[i]->setEnabled(beats <= 0.0);
    m.rateHz = static_cast<float>(m_rates[i]->value());
    m_syncedBpm = bpm;
    setModulator(a, m);
    host().project().faders.modulators[i] = m;
    host().project().faders.syncBeats[i] = static_cast<float>(beats);
}

bool FaderUnit::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::DragEnter) {
        auto* e = static_cast<QDragEnterEvent*>(event);
        if (e->mimeData()->hasUrls() && e->mimeData()->urls().front().isLocalFile()) {
            e->acceptProposedAction();
            return true;
        }
    } else if (event->type() == QEvent::Drop) {
        auto* e = static_cast<QDropEvent*>(event);
        const auto urls = e->mimeData()->urls();
        if (!urls.isEmpty() && urls.front().isLocalFile()) {
            e->acceptProposedAction();
            openDropped(urls.front().toLocalFile());
            return true;
        }
    }
    return Instrument::eventFilter(watched, event);
}

bool FaderUnit::openDropped(const QString& path) {
    const QFileInfo info(path);
    const bool model =
        info.isDir() || info.suffix().compare(QLatin1String("ts"), Qt::CaseInsensitive) == 0;
    if (model) {
        if (!loadModel(path))
            return false;
        host().project().faders.model = path.toStdString();
        host().markModified();
        return true;
    }
    if (!playThrough(path))
        return false;
    host().project().faders.sound = path.toStdString();
    host().markModified();
    return true;
}

void FaderUnit::registerParameters() {
    auto& midi = host().midi();
    for (int a = 0; a < kFaders; ++a) {
        const std::string name = core::dsp::descriptorName(static_cast<Descriptor>(a));
        // The GUI applies it (mirrorParameter): the voice's setters belong to the GUI thread's
        // view of the model, which a model change replaces.
        midi.registry().add({"fader." + name, "Fader " + name, -1.0f, 1.0f, false, false},
                            [](float) {});
        midi.attach(m_sliders[static_cast<std::size_t>(a)],
                    QString::fromStdString("fader." + name));
    }
    midi.registry().add({"fader.latent1", "Fader voice latent 1", -1.0f, 1.0f, false, false},
                        [](float) {});
    midi.attach(m_firstLatent, QStringLiteral("fader.latent1"));
    midi.registry().add(
        {"fader.note", "Fader voice note (pitch input)", 24.0f, 108.0f, false, false},
        [](float) {});
    midi.attach(m_note, QStringLiteral("fader.note"));
    midi.registry().add(
        {"fader.transpose", "Fader voice transpose (pitch input)", -24.0f, 24.0f, false, false},
        [](float) {});
    midi.attach(m_transpose, QStringLiteral("fader.transpose"));
    for (int d = 0; d < LatentKnobs::kKnobs; ++d) {
        const std::string z = "ts.z" + std::to_string(d + 1);
        midi.registry().add({z + ".bias", "nn~ z" + std::to_string(d + 1) + " bias",
                             -LatentKnobs::kBiasRange, LatentKnobs::kBiasRange, false, false},
                            [](float) {});
        midi.registry().add({z + ".scale", "nn~ z" + std::to_string(d + 1) + " scale", 0.0f,
                             LatentKnobs::kScaleMax, false, false},
                            [](float) {});
        midi.attach(m_knobs->biasDial(d), QString::fromStdString(z + ".bias"));
        midi.attach(m_knobs->scaleDial(d), QString::fromStdString(z + ".scale"));
    }
}

void FaderUnit::refreshPitchControls() {
    static constexpr std::array<const char*, 12> names = {"C",  "C♯", "D",  "D♯", "E",  "F",
                                                          "F♯", "G",  "G♯", "A",  "A♯", "B"};
    const bool pitch = m_bundle && !m_script && m_bundle->config().pitchInput;
    m_note->setEnabled(pitch);
    m_transpose->setEnabled(pitch);
    const int n = m_note->value();
    m_noteName->setText(QString::fromUtf8(names[static_cast<std::size_t>(n % 12)]) +
                        QString::number(n / 12 - 1));
    m_noteName->setEnabled(pitch);
}

void FaderUnit::refreshLabels() {
    const auto scale =
        m_bundle ? models::rave::FaderScale(m_bundle->binEdges) : models::rave::FaderScale();
    for (int a = 0; a < kFaders; ++a) {
        const auto i = static_cast<std::size_t>(a);
        if (!m_bundle) {
            m_values[i]->setText(QStringLiteral("%1").arg(m_positions[i], 0, 'f', 2));
            continue;
        }
        const auto d = static_cast<Descriptor>(a);
        const float v = m_bundle->range.denormalise(d, scale.toAttribute(a, m_positions[i]));
        if (!m_soundFile.isEmpty())
            m_values[i]->setText(QStringLiteral("%1%2")
                                     .arg(m_positions[i] >= 0 ? "+" : "")
                                     .arg(m_positions[i], 0, 'f', 2));
        else if (d == Descriptor::Rms)
            m_values[i]->setText(tr("%1 dB").arg(20.0 * std::log10(std::max(v, 1e-6f)), 0, 'f', 1));
        else if (d == Descriptor::Centroid || d == Descriptor::Bandwidth)
            m_values[i]->setText(tr("%1 Hz").arg(v, 0, 'f', 0));
        else if (d == Descriptor::Sharpness)
            m_values[i]->setText(tr("%1 acum").arg(v, 0, 'f', 2));
        else
            m_values[i]->setText(QStringLiteral("%1").arg(v, 0, 'f', 2));
    }
}

} // namespace latentrack::ui
