// LibTorch before Qt: Qt's `slots` macro breaks torch's headers.
#include "models/preset/PresetInference.h"
#include "models/preset/PresetMacros.h"
#include "models/preset/PresetRefinement.h"
#include "models/preset/VocalSketch.h"

#include "ui/presets/PresetUnit.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <utility>

#include "core/fm/SysEx.h"
#include "core/io/AudioFile.h"
#include "ui/fm/FmPanel.h"
#include "ui/fm/FmUnit.h"
#include "ui/midi/MidiHub.h"
#include "ui/presets/MacroKnobs.h"
#include "ui/presets/PresetPixmaps.h"

namespace latentrack::ui {

namespace preset = models::preset;

PresetUnit::PresetUnit(InstrumentHost& host, FmUnit& fm)
    : Instrument(host), m_fm(fm), m_stream(host.engine().add<core::engine::StreamPlayer>()) {}

PresetUnit::~PresetUnit() {
    shutdown();
}

void PresetUnit::shutdown() {
    cancelRefinement();
    joinWorker();
    if (m_recorder.recording())
        m_recorder.stop();
}

void PresetUnit::joinWorker() {
    if (m_worker.joinable())
        m_worker.join();
}

const std::vector<preset::PresetCandidate>& PresetUnit::candidates() const {
    return m_candidates;
}

const std::vector<preset::MacroDimension>& PresetUnit::macros() const {
    return m_macros;
}

bool PresetUnit::ensureModel() {
    if (!m_pendingModel.isEmpty())
        loadModel(std::exchange(m_pendingModel, QString()));
    return m_inferencer != nullptr;
}

bool PresetUnit::loadModel(const QString& folder) {
    m_pendingModel.clear();
    try {
        auto bundle = preset::loadPresetModel(folder.toStdString());
        const int latent = bundle.model->vectorSize();
        QString why;
        std::vector<preset::MacroDimension> macros;
        try {
            macros = preset::macrosFromJson(bundle.macros, latent);
            if (macros.empty())
                why = tr("Macros: this model has no sweep yet (latentrack-cli sweep preset "
                         "--model %1)")
                          .arg(folder);
        } catch (const std::exception& e) {
            why = tr("Macros: the model's sweep cannot be used: %1").arg(e.what());
        }
        m_inferencer = std::make_unique<preset::PresetInferencer>(std::move(bundle));
        m_macros = std::move(macros);
        m_macroKnobs.reset();
        m_modelFolder = folder;
        if (m_knobs)
            m_knobs->setMacros(m_macros, why);
        host().showStatus(tr("Preset model %1 loaded").arg(QFileInfo(folder).fileName()), 4000);
        return true;
    } catch (const std::exception& e) {
        host().showError(tr("Cannot use this preset model: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

bool PresetUnit::openSound(const QString& file) {
    try {
        const auto sample = core::io::readAudioFile(file.toStdString());
        return matchAudio(core::io::toMono(sample), sample.sampleRate, QFileInfo(file).fileName());
    } catch (const std::exception& e) {
        m_lastProblem =
            tr("Cannot match %1: %2").arg(QFileInfo(file).fileName(), QString::fromUtf8(e.what()));
        host().showError(m_lastProblem);
        return false;
    }
}

bool PresetUnit::matchAudio(std::vector<float> input, double sampleRate, const QString& label) {
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
        core::voice::Sample in;
        in.channel[0] = std::move(input);
        in.sampleRate = sampleRate;
        auto audio = core::io::resample(in, rate).channel[0];
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
        m_soundAudio = std::move(audio);
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
                            .arg(label)
                            .arg(m_candidates.size())
                            .arg(pitch));
        return true;
    } catch (const std::exception& e) {
        return fail(tr("Cannot match %1: %2").arg(label, QString::fromUtf8(e.what())));
    }
}

bool PresetUnit::startRecording() {
    const QString why = ensureModel() ? m_recorder.start(host().engine(), host().audioStatus())
                                      : tr("no preset model is loaded");
    if (!why.isEmpty()) {
        host().showStatus(tr("Cannot record: %1").arg(why), 8000);
        if (m_record)
            m_record->setChecked(false);
        return false;
    }
    if (m_record)
        m_record->setChecked(true);
    m_info->setText(tr("Recording the input… press Record again to stop"));
    return true;
}

void PresetUnit::stopRecording() {
    if (!m_recorder.recording())
        return;
    const double rate = m_recorder.sampleRate();
    auto audio = m_recorder.stop();
    if (m_record)
        m_record->setChecked(false);
    matchAudio(std::move(audio), rate, tr("the recording"));
}

bool PresetUnit::playComparison(bool voice) {
    if (!m_inferencer || !m_haveSound) {
        host().showStatus(tr("Open or record a sound first"), 4000);
        return false;
    }
    core::voice::Sample s;
    s.channel[0] = voice ? m_inferencer->renderer().render(m_voice) : m_soundAudio;
    s.sampleRate = m_inferencer->config().sampleRate;
    m_comparison = core::io::resample(s, host().engine().sampleRate()).channel[0];
    m_comparisonAt = 0;
    feedComparison();
    if (!host().audioStatus().running)
        host().showStatus(tr("Audio is off: nothing to hear"), 4000);
    return true;
}

void PresetUnit::feedComparison() {
    // A quarter of a second ahead of the audio thread, so that the next A/B starts at once.
    auto& ring = m_stream.ring();
    const auto ahead = static_cast<std::size_t>(0.25 * host().engine().sampleRate());
    if (m_comparisonAt >= m_comparison.size() || ring.available() >= ahead)
        return;
    const std::size_t n =
        std::min({ahead - ring.available(), ring.space(), m_comparison.size() - m_comparisonAt});
    m_comparisonAt += ring.write(m_comparison.data() + m_comparisonAt, n);
}

void PresetUnit::useVoice(const core::fm::DxVoice& voice, double distanceDb) {
    m_voice = voice;
    m_distanceDb = distanceDb;
    m_fm.playVoice(voice);
    showSpectrograms();
}

void PresetUnit::showSpectrograms() {
    if (!m_inferencer || m_voiceImage == nullptr)
        return;
    if (m_haveSound)
        m_soundImage->setPixmap(spectrogramPixmap(m_sound, 2));
    m_voiceImage->setPixmap(spectrogramPixmap(m_inferencer->renderer().renderLogMel(m_voice), 2));
}

bool PresetUnit::turnMacro(int knob, float position) {
    if (!ensureModel() || knob < 0 || knob >= static_cast<int>(m_macros.size()))
        return false;
    auto& p = host().project().presets;
    const auto& current = host().project().fm.voice;
    // Another voice in the FM synth (inferred, chosen or edited): the knobs start from it.
    if (!p.macroBase || !m_macroVoice || !(current == *m_macroVoice)) {
        p.macroBase = current;
        p.macros = {};
        m_macroKnobs.reset();
    }
    p.macros[static_cast<std::size_t>(knob)] = std::clamp(position, -1.0f, 1.0f);
    try {
        if (!m_macroKnobs)
            m_macroKnobs =
                std::make_unique<preset::VoiceMacros>(*m_inferencer, *p.macroBase, m_macros);
        m_macroVoice = m_macroKnobs->voiceAt(*m_inferencer, p.macros, p.macroBase->name());
    } catch (const std::exception& e) {
        host().showError(
            tr("The macro cannot move this voice: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    if (m_knobs)
        m_knobs->setPositions(p.macros);
    m_voice = *m_macroVoice;
    m_fm.playVoice(m_voice);
    showSpectrograms();
    return true;
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
    if (m_recorder.poll())
        stopRecording();
    feedComparison();
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
    try {
        if (request.kind == Kind::Encode) {
            if (!openSound(QString::fromStdString(request.file)))
                return reply.error(path, lastProblem().toStdString());
            reply.floats("/params", params());
            reply.floats("/z_pos", preset::latentValues(m_inferencer->encode(m_sound)));
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
            reply.floats("/z_pos", preset::latentValues(m_inferencer->latentOf(v)));
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

int PresetUnit::addToBank() {
    if (m_fm.panel() == nullptr)
        return 0;
    const int number = m_fm.panel()->addToBank(m_voice);
    host().showStatus(tr("“%1” is voice %2 of the FM bank (save the cartridge in the FM tab to "
                         "keep it)")
                          .arg(QString::fromStdString(m_voice.name()))
                          .arg(number),
                      6000);
    return number;
}

bool PresetUnit::sendToSynth() {
    const QString error = host().midi().sendSysEx(core::fm::singleVoiceSysEx(m_voice));
    if (!error.isEmpty()) {
        host().showError(tr("Cannot send the voice: %1").arg(error));
        return false;
    }
    host().showStatus(
        tr("Voice “%1” sent to the MIDI output").arg(QString::fromStdString(m_voice.name())), 4000);
    return true;
}

} // namespace latentrack::ui
