// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/preset/PresetInference.h"
#include "models/preset/PresetRefinement.h"
#include "models/preset/VocalSketch.h"

#include "ui/presets/PresetUnit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <utility>

#include "core/fm/SysEx.h"
#include "core/io/AudioFile.h"
#include "models/image/PngWriter.h"
#include "ui/ProjectFiles.h"
#include "ui/fm/FmUnit.h"

namespace latentrack::ui {

namespace preset = models::preset;

namespace {

/// A log-mel spectrogram as an image, two pixels a frame and a band.
QPixmap spectrogramPixmap(const core::dsp::LogMel& mel) {
    if (mel.frames == 0)
        return {};
    models::image::RgbImage img(mel.frames * 2, mel.mels * 2);
    models::image::paintSpectrogram(img, 0, 0, mel.db, mel.frames, mel.mels, -100.0f, 10.0f, 2, 2);
    QImage q(img.pixels.data(), img.width, img.height, img.width * 3, QImage::Format_RGB888);
    return QPixmap::fromImage(q.copy());
}

} // namespace

PresetUnit::PresetUnit(InstrumentHost& host, FmUnit& fm) : Instrument(host), m_fm(fm) {}

PresetUnit::~PresetUnit() {
    shutdown();
}

void PresetUnit::shutdown() {
    cancelRefinement();
    joinWorker();
}

void PresetUnit::joinWorker() {
    if (m_worker.joinable())
        m_worker.join();
}

const std::vector<preset::PresetCandidate>& PresetUnit::candidates() const {
    return m_candidates;
}

QWidget* PresetUnit::buildTab(QWidget* parent) {
    auto* tab = new QWidget(parent);
    auto* layout = new QVBoxLayout(tab);
    auto* top = new QHBoxLayout;
    m_models = new QComboBox(tab);
    for (const auto& folder : shippedModelFolders(QStringLiteral("preset")))
        m_models->addItem(QFileInfo(folder).fileName(), folder);
    auto* other = new QPushButton(tr("Other model…"), tab);
    auto* open = new QPushButton(tr("Open sound…"), tab);
    m_sketch = new QCheckBox(tr("Vocal sketch (trim, shift the sung pitch to C4)"), tab);
    m_sketch->setChecked(true);
    top->addWidget(new QLabel(tr("Model"), tab));
    top->addWidget(m_models, 1);
    top->addWidget(other);
    top->addSpacing(16);
    top->addWidget(open);
    top->addWidget(m_sketch);
    layout->addLayout(top);

    auto* middle = new QHBoxLayout;
    auto* images = new QGridLayout;
    m_soundImage = new QLabel(tab);
    m_voiceImage = new QLabel(tab);
    images->addWidget(new QLabel(tr("Sound"), tab), 0, 0);
    images->addWidget(new QLabel(tr("Voice (our FM engine)"), tab), 0, 1);
    images->addWidget(m_soundImage, 1, 0);
    images->addWidget(m_voiceImage, 1, 1);
    images->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    middle->addLayout(images, 3);
    m_list = new QListWidget(tab);
    middle->addWidget(m_list, 1);
    layout->addLayout(middle, 1);

    auto* bottom = new QHBoxLayout;
    m_seconds = new QDoubleSpinBox(tab);
    m_seconds->setRange(0.5, 120.0);
    m_seconds->setValue(10.0);
    m_seconds->setSuffix(tr(" s"));
    m_refine = new QPushButton(tr("Refine"), tab);
    m_progress = new QProgressBar(tab);
    m_progress->setRange(0, 1000);
    auto* save = new QPushButton(tr("Save voice…"), tab);
    m_info = new QLabel(tr("Open a sound, or sing one in, to get a DX7 voice."), tab);
    bottom->addWidget(m_refine);
    bottom->addWidget(m_seconds);
    bottom->addWidget(m_progress, 1);
    bottom->addWidget(save);
    layout->addLayout(bottom);
    layout->addWidget(m_info);

    connect(m_models, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            loadModel(m_models->itemData(i).toString());
    });
    connect(other, &QPushButton::clicked, this, [this, tab] {
        const QString dir = QFileDialog::getExistingDirectory(tab, tr("Preset model folder"));
        if (!dir.isEmpty())
            loadModel(dir);
    });
    connect(open, &QPushButton::clicked, this, [this, tab] {
        const QString f = QFileDialog::getOpenFileName(
            tab, tr("Sound to match"), {}, tr("Audio (*.wav *.flac *.ogg *.aiff *.aif)"));
        if (!f.isEmpty())
            openSound(f);
    });
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
    connect(save, &QPushButton::clicked, this, [this, tab] {
        const QString f =
            QFileDialog::getSaveFileName(tab, tr("Save voice"), {}, tr("DX7 voice (*.syx)"));
        if (!f.isEmpty())
            saveVoice(f);
    });
    // The shipped model is read on first use, not at start-up (14 MB of weights).
    if (m_models->count() > 0)
        m_pendingModel = m_models->itemData(0).toString();
    return tab;
}

bool PresetUnit::ensureModel() {
    if (!m_inferencer && !m_pendingModel.isEmpty())
        loadModel(std::exchange(m_pendingModel, QString()));
    return m_inferencer != nullptr;
}

bool PresetUnit::loadModel(const QString& folder) {
    m_pendingModel.clear();
    try {
        auto bundle = preset::loadPresetModel(folder.toStdString());
        m_inferencer = std::make_unique<preset::PresetInferencer>(std::move(bundle));
        host().showStatus(tr("Preset model %1 loaded").arg(QFileInfo(folder).fileName()), 4000);
        return true;
    } catch (const std::exception& e) {
        host().showError(tr("Cannot use this preset model: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

bool PresetUnit::openSound(const QString& file) {
    auto fail = [this](const QString& why) {
        m_lastProblem = why;
        host().showError(why);
        return false;
    };
    if (!ensureModel())
        return fail(tr("Choose a preset model first"));
    if (refining())
        return fail(tr("Wait for the refinement to end, or cancel it"));
    joinWorker();
    try {
        const double rate = m_inferencer->config().sampleRate;
        auto audio =
            core::io::toMono(core::io::resample(core::io::readAudioFile(file.toStdString()), rate));
        preset::checkSound(audio, rate);
        QString pitch;
        if (m_sketch && m_sketch->isChecked()) {
            auto p = preset::prepareSketch(audio, rate);
            audio = std::move(p.audio);
            pitch = p.sungNote
                        ? tr("sung pitch MIDI %1 (shifted to C4; play key %1)").arg(*p.sungNote)
                        : tr("no sung pitch");
        }
        auto mel = m_inferencer->soundLogMel(audio);
        auto found = m_inferencer->infer(mel, 8);
        m_sound = std::move(mel);
        m_haveSound = true;
        m_candidates = std::move(found);
        m_list->blockSignals(true);
        m_list->clear();
        for (std::size_t k = 0; k < m_candidates.size(); ++k)
            m_list->addItem(tr("%1. algorithm %2  ·  %3 dB from the sound")
                                .arg(k + 1)
                                .arg(m_candidates[k].voice.get(core::fm::VoiceParam::Algorithm) + 1)
                                .arg(m_candidates[k].distanceDb, 0, 'f', 2));
        m_list->setCurrentRow(0);
        m_list->blockSignals(false);
        useVoice(m_candidates.front().voice, m_candidates.front().distanceDb);
        m_info->setText(tr("%1: %2 candidates, the best loaded into the FM synth. %3")
                            .arg(QFileInfo(file).fileName())
                            .arg(m_candidates.size())
                            .arg(pitch));
        return true;
    } catch (const std::exception& e) {
        return fail(
            tr("Cannot match %1: %2").arg(QFileInfo(file).fileName(), QString::fromUtf8(e.what())));
    }
}

void PresetUnit::useVoice(const core::fm::DxVoice& voice, double distanceDb) {
    m_voice = voice;
    m_distanceDb = distanceDb;
    m_fm.playVoice(voice);
    showSpectrograms();
}

void PresetUnit::showSpectrograms() {
    if (!m_inferencer || !m_haveSound)
        return;
    m_soundImage->setPixmap(spectrogramPixmap(m_sound));
    m_voiceImage->setPixmap(spectrogramPixmap(m_inferencer->renderer().renderLogMel(m_voice)));
}

void PresetUnit::refine(double seconds) {
    if (!m_inferencer || !m_haveSound || refining())
        return;
    joinWorker();
    m_cancel = false;
    m_done = false;
    m_refineSeconds = seconds;
    std::vector<core::fm::DxVoice> starts{m_voice};
    if (m_candidates.size() > 1 && !(m_candidates[1].voice == m_voice))
        starts.push_back(m_candidates[1].voice);
    m_refine->setText(tr("Cancel"));
    // The worker has its own renderer: PresetRenderer is not shared between threads.
    m_worker =
        std::thread([this, starts, seconds, config = m_inferencer->config(), target = m_sound] {
            preset::PresetRenderer renderer(config);
            preset::RefinementOptions o;
            o.seconds = seconds;
            o.cancel = &m_cancel;
            o.progress = [this](double t, double d) {
                m_progressSeconds = t;
                m_progressDb = d;
            };
            m_result = std::make_unique<preset::RefinementResult>(
                preset::refinePreset(renderer, target, starts, o));
            m_done = true;
        });
}

void PresetUnit::cancelRefinement() {
    m_cancel = true;
}

void PresetUnit::poll(const core::engine::Snapshot&) {
    if (!m_worker.joinable())
        return;
    if (!m_done.load()) {
        m_progress->setValue(static_cast<int>(1000.0 * m_progressSeconds.load() / m_refineSeconds));
        m_info->setText(tr("Refining: %1 dB").arg(m_progressDb.load(), 0, 'f', 2));
        return;
    }
    joinWorker();
    m_refine->setText(tr("Refine"));
    m_progress->setValue(1000);
    if (m_result) {
        auto v = m_result->voice;
        v.setName("REFINED");
        m_info->setText(tr("Refined %1 → %2 dB in %3 renderings%4")
                            .arg(m_result->startDb, 0, 'f', 2)
                            .arg(m_result->bestDb, 0, 'f', 2)
                            .arg(m_result->evaluations)
                            .arg(m_result->cancelled ? tr(" (cancelled)") : QString()));
        useVoice(v, m_result->bestDb);
        m_result.reset();
    }
}

void PresetUnit::oscRequest(const core::control::PresetRequest& request,
                            const core::control::OscReply& reply) {
    using Kind = core::control::PresetRequest::Kind;
    const std::string path = request.kind == Kind::Encode   ? "/encode"
                             : request.kind == Kind::Decode ? "/decode"
                                                            : "/load_preset";
    if (!ensureModel())
        return reply.error(path, "no preset model is loaded");
    auto params = [this] {
        std::vector<float> p;
        for (int i = 0; i < 144; ++i)
            p.push_back(static_cast<float>(m_voice.params[static_cast<std::size_t>(i)]) /
                        static_cast<float>(core::fm::paramMax(i)));
        return p;
    };
    auto latent = [](const torch::Tensor& z) {
        const auto c = z.contiguous();
        return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    };
    try {
        if (request.kind == Kind::Encode) {
            if (!openSound(QString::fromStdString(request.file)))
                return reply.error(path, lastProblem().toStdString());
            reply.floats("/params", params());
            reply.floats("/z_pos", latent(m_inferencer->encode(m_sound)));
        } else if (request.kind == Kind::Decode) {
            const int d = m_inferencer->bundle().model->vectorSize();
            if (static_cast<int>(request.z.size()) != d)
                return reply.error(path, "the latent point has " + std::to_string(d) +
                                             " values, got " + std::to_string(request.z.size()));
            auto z = torch::tensor(request.z);
            useVoice(m_inferencer->voiceAt(z, "DECODED"), 0.0);
            reply.floats("/params", params());
        } else {
            const auto& bank = m_fm.bankVoices();
            if (request.index >= static_cast<int>(bank.size()))
                return reply.error(path,
                                   "the FM bank has " + std::to_string(bank.size()) + " voices");
            const auto& v = bank[static_cast<std::size_t>(request.index)];
            useVoice(v, 0.0);
            reply.floats("/params", params());
            reply.floats("/z_pos", latent(m_inferencer->latentOf(v)));
        }
    } catch (const std::exception& e) {
        reply.error(path, e.what());
    }
}

bool PresetUnit::saveVoice(const QString& file) {
    try {
        core::fm::saveSingleVoiceFile(file.toStdString(), m_voice);
        host().showStatus(tr("Voice saved to %1").arg(file), 4000);
        return true;
    } catch (const std::exception& e) {
        host().showError(tr("Cannot save the voice: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

} // namespace latentrack::ui
