// nn~ / RAVE TorchScript models: real TorchScript written by the fixtures (both export
// conventions), their description, streaming against one offline call, the latent knobs, the
// voice on a ring, and every malformed file refused with its reason.
#include <gtest/gtest.h>

#include <caffe2/serialize/inline_container.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include "core/rt/AudioRing.h"
#include "models/rave/FaderScale.h"
#include "models/rave/RaveTorchScriptExport.h"
#include "models/torchscript/TorchScriptModel.h"
#include "models/torchscript/TorchScriptStream.h"
#include "models/torchscript/TorchScriptVoice.h"
#include "tests/models/RaveTestUtil.h"
#include "tests/models/TorchScriptFixtures.h"

namespace fs = std::filesystem;
using namespace latentrack::models::torchscript;
using latentrack::test::TsModelOptions;

namespace {

class TorchScript : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("latentrack_ts_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path model(const std::string& name, const TsModelOptions& o = {}) {
        const auto p = m_dir / name;
        latentrack::test::writeTsModel(p, o);
        return p;
    }
    fs::path m_dir;
};

/// A chirp with a little noise, mono, `n` samples at 16 kHz.
std::vector<float> testSignal(std::size_t n) {
    std::vector<float> x(n);
    double phase = 0.0;
    std::uint32_t noise = 1;
    for (std::size_t i = 0; i < n; ++i) {
        const double f = 100.0 + 3000.0 * static_cast<double>(i) / static_cast<double>(n);
        phase += 2.0 * M_PI * f / 16000.0;
        noise = noise * 1664525u + 1013904223u;
        x[i] = static_cast<float>(0.5 * std::sin(phase) +
                                  0.05 * (static_cast<double>(noise) / 4294967296.0 - 0.5));
    }
    return x;
}

double rms(const std::vector<float>& x) {
    double s = 0.0;
    for (float v : x)
        s += static_cast<double>(v) * v;
    return x.empty() ? 0.0 : std::sqrt(s / static_cast<double>(x.size()));
}

double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
    double d = 0.0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        d = std::max(d, static_cast<double>(std::abs(a[i] - b[i])));
    return d;
}

std::vector<float> streamed(TorchScriptModel& m, StreamMode mode, const std::vector<float>& in,
                            int buffer, LatentKnob knob0 = {}) {
    TorchScriptStream s(m, mode, buffer);
    s.setKnob(0, knob0);
    std::vector<float> out;
    for (std::size_t at = 0; at + static_cast<std::size_t>(buffer) <= in.size();
         at += static_cast<std::size_t>(buffer)) {
        const auto y = s.process(in.data() + at);
        EXPECT_EQ(y.size(), static_cast<std::size_t>(buffer));
        out.insert(out.end(), y.begin(), y.end());
    }
    return out;
}

std::string loadError(const fs::path& p) {
    try {
        TorchScriptModel::load(p);
    } catch (const TorchScriptError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_F(TorchScript, ReadsRaveV1Buffers) {
    const auto m = TorchScriptModel::load(model("v1.ts"));
    const auto& info = m->info();
    EXPECT_EQ(info.convention, "RAVE v1 (<method>_params buffers)");
    EXPECT_DOUBLE_EQ(info.sampleRate, 16000.0);
    EXPECT_EQ(info.rateFrom, "sampling_rate buffer");
    ASSERT_EQ(info.methods.size(), 3u);
    const auto* enc = info.method("encode");
    const auto* dec = info.method("decode");
    const auto* fwd = info.method("forward");
    ASSERT_TRUE(enc && dec && fwd);
    EXPECT_EQ(enc->inChannels, 1);
    EXPECT_EQ(enc->inRatio, 1);
    EXPECT_EQ(enc->outChannels, 8);
    EXPECT_EQ(enc->outRatio, 64);
    EXPECT_EQ(dec->inChannels, 8);
    EXPECT_EQ(dec->inRatio, 64);
    EXPECT_EQ(dec->outChannels, 1);
    EXPECT_EQ(fwd->outputFrames(4096), 4096);
    EXPECT_EQ(enc->outputFrames(4096), 64);
    EXPECT_EQ(info.latentSize, 8);
    EXPECT_EQ(info.largestRatio(), 64);
    EXPECT_EQ(info.defaultBuffer(), 2048);
    // enc 8·64, dec_w1 32·8·3, dec_w2 32·64, dec_w3 5
    EXPECT_EQ(info.parameters, 8 * 64 + 32 * 8 * 3 + 32 * 64 + 5);
    EXPECT_TRUE(info.attributes.empty());
}

TEST_F(TorchScript, ReadsNnTildeRegisterMethodStyle) {
    TsModelOptions o;
    o.v2 = true;
    o.outChannels = 2;
    o.sampleRate = 44100;
    o.ratio = 128;
    const auto m = TorchScriptModel::load(model("v2.ts", o));
    const auto& info = m->info();
    EXPECT_EQ(info.convention, "nn~ register_method (get_methods)");
    EXPECT_EQ(info.rateFrom, "get_sample_rate()");
    EXPECT_DOUBLE_EQ(info.sampleRate, 44100.0);
    ASSERT_EQ(info.methods.size(), 3u);
    EXPECT_EQ(info.methods[0].name, "forward"); // get_methods() order
    EXPECT_EQ(info.method("decode")->outChannels, 2);
    ASSERT_EQ(info.attributes.size(), 1u);
    EXPECT_EQ(info.attributes[0].first, "temperature");
    EXPECT_EQ(info.attributes[0].second, "1");
    EXPECT_EQ(info.largestRatio(), 128);
}

TEST_F(TorchScript, StreamingEqualsOneOfflineCallAtSeveralBufferSizes) {
    const auto file = model("stream.ts");
    const auto input = testSignal(8192);
    for (const auto mode : {StreamMode::Forward, StreamMode::Transfer, StreamMode::Generate}) {
        auto whole = TorchScriptModel::load(file);
        const auto reference = renderWhole(*whole, mode, input);
        ASSERT_EQ(reference.size(), input.size());
        EXPECT_GT(rms(reference), 1e-3) << streamModeName(mode);
        for (const int buffer : {64, 256, 2048}) {
            auto m = TorchScriptModel::load(file);
            const auto out = streamed(*m, mode, input, buffer);
            ASSERT_EQ(out.size(), input.size());
            EXPECT_LT(maxDifference(out, reference), 1e-4)
                << streamModeName(mode) << " in buffers of " << buffer;
        }
    }
}

TEST_F(TorchScript, LatentKnobsChangeTheOutput) {
    const auto file = model("knobs.ts");
    const auto input = testSignal(4096);
    for (const auto mode : {StreamMode::Transfer, StreamMode::Generate}) {
        auto a = TorchScriptModel::load(file);
        auto b = TorchScriptModel::load(file);
        auto c = TorchScriptModel::load(file);
        const auto plain = streamed(*a, mode, input, 1024);
        const auto biased = streamed(*b, mode, input, 1024, {2.0f, 1.0f});
        const auto muted = streamed(*c, mode, input, 1024, {0.0f, 0.0f});
        EXPECT_GT(maxDifference(plain, biased), 0.05) << streamModeName(mode);
        EXPECT_GT(maxDifference(plain, muted), 1e-3) << streamModeName(mode);
    }
    auto m = TorchScriptModel::load(file);
    TorchScriptStream s(*m, StreamMode::Transfer, 1024);
    s.setKnob(0, {1.5f, 0.0f});
    s.process(input.data());
    ASSERT_EQ(s.lastLatent().size(1), 16); // 1024 / 64 frames
    EXPECT_NEAR(s.lastLatent()[0].mean().item<float>(), 1.5f, 1e-6);
    EXPECT_EQ(s.knobCount(), 8);
}

TEST_F(TorchScript, StereoOutputIsMixedToMono) {
    TsModelOptions o;
    o.v2 = true;
    o.outChannels = 2;
    const auto file = model("stereo.ts", o);
    const auto input = testSignal(2048);
    auto direct = TorchScriptModel::load(file);
    const auto x = torch::from_blob(const_cast<float*>(input.data()), {1, 1, 2048}).clone();
    const auto y = direct->run(*direct->info().method("forward"), x);
    ASSERT_EQ(y.size(1), 2);
    EXPECT_GT((y[0][0] - y[0][1]).abs().max().item<float>(), 1e-3); // the channels differ
    auto m = TorchScriptModel::load(file);
    const auto mono = streamed(*m, StreamMode::Forward, input, 2048);
    const auto mean = y[0].mean(0);
    for (std::size_t i = 0; i < mono.size(); i += 97)
        EXPECT_NEAR(mono[i], mean[static_cast<std::int64_t>(i)].item<float>(), 1e-6);
}

TEST_F(TorchScript, ChoosesTheModeFromTheMethods) {
    TsModelOptions o;
    o.withEncode = false;
    auto noEncode = TorchScriptModel::load(model("noenc.ts", o));
    EXPECT_EQ(TorchScriptStream::preferredMode(noEncode->info(), true), StreamMode::Forward);
    EXPECT_EQ(TorchScriptStream::preferredMode(noEncode->info(), false), StreamMode::Generate);
    EXPECT_THROW({ TorchScriptStream s(*noEncode, StreamMode::Transfer, 1024); }, TorchScriptError);
    auto full = TorchScriptModel::load(model("full.ts"));
    EXPECT_EQ(TorchScriptStream::preferredMode(full->info(), true), StreamMode::Transfer);
}

TEST_F(TorchScript, RefusesFilesThatAreNotTorchScript) {
    const auto missing = loadError(m_dir / "missing.ts");
    EXPECT_NE(missing.find("no such file"), std::string::npos) << missing;
    { std::ofstream(m_dir / "riff.ts") << "RIFF\x24\x08\x00\x00WAVEfmt "; }
    const auto riff = loadError(m_dir / "riff.ts");
    EXPECT_NE(riff.find("not a TorchScript file"), std::string::npos) << riff;
    const auto good = model("good.ts");
    std::ifstream in(good, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(m_dir / "truncated.ts", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const auto truncated = loadError(m_dir / "truncated.ts");
    EXPECT_NE(truncated.find("truncated"), std::string::npos) << truncated;
    // A zip archive of pickled data without TorchScript code (what torch.save writes).
    {
        caffe2::serialize::PyTorchStreamWriter w((m_dir / "checkpoint.pt").string());
        const std::string pickle = "\x80\x02}q\x00.";
        w.writeRecord("data.pkl", pickle.data(), pickle.size());
        w.writeEndOfFile();
    }
    const auto checkpoint = loadError(m_dir / "checkpoint.pt");
    EXPECT_NE(checkpoint.find("not a TorchScript module"), std::string::npos) << checkpoint;
}

TEST_F(TorchScript, NamesBothVersionsForAFileFromANewerPyTorch) {
    const auto good = model("good.ts");
    latentrack::test::rewriteArchive(good, m_dir / "format11.ts", 11);
    const auto format = loadError(m_dir / "format11.ts");
    EXPECT_NE(format.find("newer PyTorch"), std::string::npos) << format;
    EXPECT_NE(format.find("version 11"), std::string::npos) << format;
    EXPECT_NE(format.find("up to " + std::to_string(newestReadableFileFormat())), std::string::npos)
        << format;
    EXPECT_NE(format.find(libtorchVersion()), std::string::npos) << format;
    EXPECT_NE(format.find("torch ≤ 1.13"), std::string::npos) << format;

    latentrack::test::rewriteArchive(good, m_dir / "newop.ts", 3, [](std::string code) {
        const auto at = code.find("torch.tanh");
        if (at != std::string::npos)
            code.replace(at, 10, "torch.scaled_dot_product_attention");
        return code;
    });
    const auto op = loadError(m_dir / "newop.ts");
    EXPECT_NE(op.find("aten::scaled_dot_product_attention"), std::string::npos) << op;
    EXPECT_NE(op.find("newer PyTorch"), std::string::npos) << op;
    EXPECT_NE(op.find("torch ≤ 1.13"), std::string::npos) << op;
}

TEST_F(TorchScript, RefusesModulesWithoutAPlayableMethod) {
    latentrack::test::writeTsModule(m_dir / "plain.ts", "def forward(self, x):\n    return x\n",
                                    false);
    const auto plain = loadError(m_dir / "plain.ts");
    EXPECT_NE(plain.find("no method nn~ can play"), std::string::npos) << plain;

    torch::jit::Module bad("__torch__.BadParams");
    bad.register_buffer("forward_params", torch::tensor({1, 1, 1}, torch::kInt));
    bad.register_buffer("sampling_rate", torch::tensor({16000}, torch::kInt));
    bad.define("def forward(self, x):\n    return x\n");
    bad.save((m_dir / "badparams.ts").string());
    const auto params = loadError(m_dir / "badparams.ts");
    EXPECT_NE(params.find("forward_params has 3 values"), std::string::npos) << params;

    torch::jit::Module norate("__torch__.NoRate");
    norate.register_buffer("forward_params", torch::tensor({1, 1, 1, 1}, torch::kInt));
    norate.define("def forward(self, x):\n    return x\n");
    norate.save((m_dir / "norate.ts").string());
    const auto rate = loadError(m_dir / "norate.ts");
    EXPECT_NE(rate.find("no usable sample rate"), std::string::npos) << rate;
}

TEST_F(TorchScript, RefusesBuffersTheRatiosDoNotDivide) {
    auto m = TorchScriptModel::load(model("ratios.ts"));
    try {
        TorchScriptStream s(*m, StreamMode::Transfer, 1000);
        FAIL() << "a buffer of 1000 samples was accepted for ratio 64";
    } catch (const TorchScriptError& e) {
        EXPECT_NE(std::string(e.what()).find("multiple of 64"), std::string::npos) << e.what();
    }
    latentrack::core::rt::AudioRing ring(1024);
    std::shared_ptr<TorchScriptModel> shared(std::move(m));
    EXPECT_THROW({ TorchScriptVoice voice(shared, ring, 48000.0, 0.03, 100); }, TorchScriptError);
}

TEST_F(TorchScript, RefusesOutputOfTheWrongShapeNaNAndErrorsInside) {
    latentrack::test::writeTsModule(
        m_dir / "shapes.ts",
        "def forward(self, x):\n    return x[:, :, 1:]\n"
        "def encode(self, x):\n    return torch.zeros(1, 3, x.size(2) // 64)\n"
        "def decode(self, z):\n    return torch.zeros(1, 1, z.size(2) * 64) / 0.0\n");
    auto m = TorchScriptModel::load(m_dir / "shapes.ts");
    const auto x = torch::zeros({1, 1, 256});
    const auto message = [&](const char* method, const torch::Tensor& in) {
        try {
            m->run(*m->info().method(method), in);
        } catch (const TorchScriptError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const auto shortOut = message("forward", x);
    EXPECT_NE(shortOut.find("returned [1, 1, 255]"), std::string::npos) << shortOut;
    EXPECT_NE(shortOut.find("[1, 1, 256]"), std::string::npos) << shortOut;
    const auto channels = message("encode", x);
    EXPECT_NE(channels.find("[1, 4, 4]"), std::string::npos) << channels;
    const auto nan = message("decode", torch::zeros({1, 4, 4}));
    EXPECT_NE(nan.find("NaN"), std::string::npos) << nan;
    const auto wrongInput = message("decode", torch::zeros({1, 3, 4}));
    EXPECT_NE(wrongInput.find("expected [1, 4, T]"), std::string::npos) << wrongInput;

    latentrack::test::writeTsModule(m_dir / "raises.ts",
                                    "def forward(self, x):\n"
                                    "    assert x.size(2) < 100, 'buffer too long'\n"
                                    "    return x\n");
    auto r = TorchScriptModel::load(m_dir / "raises.ts");
    try {
        r->run(*r->info().method("forward"), x);
        FAIL();
    } catch (const TorchScriptError& e) {
        EXPECT_NE(std::string(e.what()).find("failed inside the model"), std::string::npos)
            << e.what();
    }
}

TEST_F(TorchScript, VoicePlaysGenerateLoopAndLiveInputAtTheEngineRate) {
    latentrack::core::rt::AudioRing out(32768);
    auto shared = std::shared_ptr<TorchScriptModel>(TorchScriptModel::load(model("voice.ts")));
    TorchScriptVoice voice(shared, out, 48000.0, 0.05, 512);
    EXPECT_EQ(voice.mode(), StreamMode::Generate);
    EXPECT_EQ(voice.knobCount(), 8);
    voice.play(true);
    const auto waitFor = [&](auto done) {
        for (int i = 0; i < 2000 && !done(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return done();
    };
    ASSERT_TRUE(waitFor([&] { return out.available() >= 2400; }));
    std::vector<float> generated(out.available());
    out.read(generated.data(), generated.size());
    EXPECT_GT(rms(generated), 1e-3);

    voice.loop(testSignal(16000));
    ASSERT_TRUE(waitFor([&] { return voice.mode() == StreamMode::Transfer; }));
    voice.preferForward(true);
    ASSERT_TRUE(waitFor([&] { return voice.mode() == StreamMode::Forward; }));

    // Live: 0.5 s at 48 kHz in → about 0.5 s out, one 512-sample buffer (32 ms) behind.
    latentrack::core::rt::AudioRing live(1 << 16);
    voice.listen(&live);
    std::this_thread::sleep_for(std::chrono::milliseconds(150)); // the worker switches
    std::vector<float> drain(out.available());
    out.read(drain.data(), drain.size());
    const auto mic = testSignal(8000); // 16 kHz chirp, played here as 48 kHz input
    std::vector<float> in48(24000);
    for (std::size_t i = 0; i < in48.size(); ++i)
        in48[i] = mic[i / 3];
    const auto before = voice.buffers();
    live.write(in48.data(), in48.size());
    ASSERT_TRUE(waitFor([&] { return voice.buffers() - before >= 15; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(voice.buffers() - before, 15u); // 8000 model samples / 512 = 15 whole buffers
    std::vector<float> played(out.available());
    out.read(played.data(), played.size());
    EXPECT_NEAR(static_cast<double>(played.size()), 15 * 512 * 3, 200.0);
    EXPECT_GT(rms(played), 1e-3);
    EXPECT_EQ(voice.error(), "");
}

TEST_F(TorchScript, VoiceKeepsAModelErrorAndGoesSilent) {
    latentrack::test::writeTsModule(m_dir / "nan.ts",
                                    "def decode(self, z):\n"
                                    "    return torch.zeros(1, 1, z.size(2) * 64) / 0.0\n"
                                    "def encode(self, x):\n"
                                    "    return torch.zeros(1, 4, x.size(2) // 64)\n"
                                    "def forward(self, x):\n    return x\n");
    latentrack::core::rt::AudioRing out(32768);
    TorchScriptVoice voice(
        std::shared_ptr<TorchScriptModel>(TorchScriptModel::load(m_dir / "nan.ts")), out, 48000.0,
        0.05, 256);
    voice.play(true);
    for (int i = 0; i < 1000 && voice.error().empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    EXPECT_NE(voice.error().find("NaN"), std::string::npos) << voice.error();
    EXPECT_EQ(out.available(), 0u);
    voice.loop(testSignal(4096)); // a new source clears it: encode → decode is NaN again
    voice.preferForward(true);    // forward is fine
    for (int i = 0; i < 1000 && out.available() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    EXPECT_GT(out.available(), 0u);
    EXPECT_EQ(voice.error(), "");
}

// A model trained by LatentRack, written as an nn~ TorchScript file: the file's encode and
// decode give what the native model gives (offline and in buffers), with the nn~ description.
TEST_F(TorchScript, AnExportedAttributeFaderModelMatchesTheNativeOne) {
    namespace rave = latentrack::models::rave;
    auto c = latentrack::test::tinyRaveConfig();
    c.ratios = {4, 2};
    c.noiseBands = 2; // with the noise generator and the harmonic oscillator with its filtered
    c.harmonics = 3;  // noise, loud enough to matter
    c.oscillatorNoiseBands = 4;
    auto bundle = latentrack::test::tinyRaveBundle(5, {1.0f, 1.0f, 1.0f, 1.0f, 1.0f}, c);
    bundle.model->eval();
    for (auto& p : bundle.model->named_parameters()) {
        if (p.key() == "decoder.noise.conv.bias")
            p.value().detach().fill_(3.0);
        if (p.key() == "decoder.harmonic.head.4.conv.bias")
            p.value().detach()[1] = 5.0; // the oscillator's level
        if (p.key() == "decoder.harmonic.noise.conv.bias")
            p.value().detach().fill_(6.0); // its noise at sigmoid(−1)
    }
    const auto file = m_dir / "exported.ts";
    rave::exportTorchScript(bundle, file);

    auto m = TorchScriptModel::load(file);
    const auto& info = m->info();
    const int compression = c.compression(); // 8 bands · 4 · 2
    EXPECT_EQ(info.convention, "nn~ register_method (get_methods)");
    EXPECT_DOUBLE_EQ(info.sampleRate, 16000.0);
    ASSERT_NE(info.method("encode"), nullptr);
    EXPECT_EQ(info.method("encode")->outChannels, 4);
    EXPECT_EQ(info.method("encode")->outRatio, compression);
    EXPECT_EQ(info.method("decode")->inChannels, 4 + 5);
    ASSERT_EQ(info.attributes.size(), 5u);
    EXPECT_EQ(info.attributes[1].first, "centroid");

    torch::NoGradGuard noGrad;
    const int frames = 12;
    const auto z = torch::randn({1, c.latentDim, frames});
    const auto attributes = torch::rand({1, 5, frames}) * 2 - 1;
    const auto native = bundle.model->decode(z, attributes); // [1, T]
    const auto scripted = m->run(*info.method("decode"), torch::cat({z, attributes}, 1));
    EXPECT_LT((scripted[0][0] - native[0]).abs().max().item<float>(), 1e-4);
    EXPECT_GT(native.abs().max().item<float>(), 1e-3);

    const auto audio = torch::randn({1, frames * compression}) * 0.3;
    const auto mu = bundle.model->encode(audio).mean;
    auto fresh = TorchScriptModel::load(file);
    const auto scriptedMu = fresh->run(*info.method("encode"), audio.unsqueeze(1));
    EXPECT_LT((scriptedMu - mu).abs().max().item<float>(), 1e-4);

    // In buffers of 4 frames: the same as the one call above.
    auto streamed = TorchScriptModel::load(file);
    std::vector<torch::Tensor> parts;
    for (int at = 0; at < frames; at += 4)
        parts.push_back(
            streamed->run(*info.method("decode"), torch::cat({z, attributes}, 1).narrow(2, at, 4)));
    EXPECT_LT((torch::cat(parts, 2)[0][0] - native[0]).abs().max().item<float>(), 1e-4);
}

// The shipped F-RAVE model (assets/models/rave-percussion) as an nn~ file: trained weights give
// the same decoded audio through TorchScript, in buffers, as through the native model.
TEST_F(TorchScript, TheShippedPercussionModelExportsAndDecodesAsNative) {
    namespace rave = latentrack::models::rave;
    auto bundle = rave::loadRaveModel(std::filesystem::path(LATENTRACK_SOURCE_DIR) /
                                      "assets/models/rave-percussion");
    const auto file = m_dir / "rave-percussion.ts";
    rave::exportTorchScript(bundle, file);
    auto m = TorchScriptModel::load(file);
    const auto& c = bundle.config();
    EXPECT_EQ(m->info().latentSize, c.latentDim);
    EXPECT_EQ(m->info().method("decode")->inChannels, c.latentDim + c.attributes);
    // forward's constant attributes rest at the training data's medians, as a fader does.
    const rave::FaderScale scale(bundle.binEdges);
    ASSERT_EQ(m->info().attributes.size(), static_cast<std::size_t>(c.attributes));
    EXPECT_NEAR(std::stof(m->info().attributes[1].second), scale.centre(1), 1e-4);
    EXPECT_LT(scale.centre(1), -0.1f) << "percussion's centroid median lies low in its range";
    torch::NoGradGuard noGrad;
    torch::manual_seed(2);
    const int frames = 32; // 0.5 s at 16 kHz
    const auto z = torch::randn({1, c.latentDim, frames});
    const auto attributes = torch::linspace(-0.8, 0.8, frames).expand({1, c.attributes, frames});
    const auto native = bundle.model->decode(z, attributes.contiguous())[0];
    std::vector<torch::Tensor> parts;
    const auto input = torch::cat({z, attributes}, 1);
    for (int at = 0; at < frames; at += 8) // buffers of 2048 samples
        parts.push_back(m->run(*m->info().method("decode"), input.narrow(2, at, 8)));
    const auto scripted = torch::cat(parts, 2)[0][0];
    EXPECT_LT((scripted - native).abs().max().item<float>(), 1e-4);
    EXPECT_GT(native.pow(2).mean().sqrt().item<float>(), 1e-3) << "it sounds";
}
