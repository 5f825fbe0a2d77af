#include "embedded/module/ModuleConfig.h"

#include <cmath>

#include "core/dsp/Descriptors.h"
#include "core/io/AtomicFile.h"

namespace latentrack::embedded::module {

using nlohmann::json;

CvTarget CvTarget::fromName(const std::string& name) {
    if (name == "none")
        return {};
    if (name == "latent")
        return {Kind::Latent, 0};
    if (name == "pitch")
        return {Kind::Pitch, 0};
    try {
        return {Kind::Attribute, static_cast<int>(core::dsp::descriptorFromName(name))};
    } catch (const std::invalid_argument&) {
        throw ModuleConfigError("CV target \"" + name +
                                "\": use latent, pitch, none, rms, centroid, bandwidth, "
                                "sharpness or boominess");
    }
}

std::string CvTarget::name() const {
    switch (kind) {
    case Kind::None:
        return "none";
    case Kind::Latent:
        return "latent";
    case Kind::Attribute:
        return core::dsp::descriptorName(static_cast<core::dsp::Descriptor>(attribute));
    case Kind::Pitch:
        return "pitch";
    }
    return "none";
}

ModuleConfig::ModuleConfig() {
    cv[0].target = {CvTarget::Kind::Latent, 0};
    cv[1].target = {CvTarget::Kind::Attribute, static_cast<int>(core::dsp::Descriptor::Rms)};
    cv[2].target = {CvTarget::Kind::Attribute, static_cast<int>(core::dsp::Descriptor::Centroid)};
    cv[3].target = {CvTarget::Kind::Attribute, static_cast<int>(core::dsp::Descriptor::Bandwidth)};
    pins.offsets = {12, 13, 5, 6, 19, 16, 20, 21};
}

namespace {

template <typename T>
T get(const json& j, const char* key, T fallback, const std::string& what, double lo, double hi) {
    if (!j.contains(key))
        return fallback;
    const auto& v = j[key];
    if (!v.is_number())
        throw ModuleConfigError(what + ": \"" + key + "\" must be a number");
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < lo || d > hi)
        throw ModuleConfigError(what + ": \"" + key + "\" = " + v.dump() + " is outside " +
                                json(lo).dump() + " … " + json(hi).dump());
    return static_cast<T>(d);
}

std::string text(const json& j, const char* key, const std::string& fallback,
                 const std::string& what) {
    if (!j.contains(key))
        return fallback;
    if (!j[key].is_string())
        throw ModuleConfigError(what + ": \"" + key + "\" must be a string");
    return j[key].get<std::string>();
}

bool flag(const json& j, const char* key, bool fallback, const std::string& what) {
    if (!j.contains(key))
        return fallback;
    if (!j[key].is_boolean())
        throw ModuleConfigError(what + ": \"" + key + "\" must be true or false");
    return j[key].get<bool>();
}

constexpr const char* kPinKeys[hw::kPins] = {"gate1",       "gate2",  "encoderA", "encoderB",
                                             "encoderPush", "ledRed", "ledGreen", "ledBlue"};

} // namespace

ModuleConfig ModuleConfig::fromJson(const json& j, const std::string& what) {
    if (!j.is_object())
        throw ModuleConfigError(what + ": the configuration must be a JSON object");
    ModuleConfig c;
    c.mode = text(j, "mode", c.mode, what);
    if (c.mode != "faders" && c.mode != "drums")
        throw ModuleConfigError(what + ": mode \"" + c.mode + "\" (faders or drums)");
    c.model = text(j, "model", c.model.string(), what);
    c.drumModel = text(j, "drumModel", c.drumModel.string(), what);
    if (j.contains("audio")) {
        const auto& a = j["audio"];
        const auto w = what + " audio";
        if (!a.is_object())
            throw ModuleConfigError(w + ": must be an object");
        c.audio.api = text(a, "api", c.audio.api, w);
        c.audio.device = text(a, "device", c.audio.device, w);
        c.audio.sampleRate = get<unsigned>(a, "sampleRate", c.audio.sampleRate, w, 8000, 192000);
        c.audio.bufferFrames = get<unsigned>(a, "bufferFrames", c.audio.bufferFrames, w, 32, 2048);
    }
    c.volumeDb = get<float>(j, "volumeDb", c.volumeDb, what, -60, 0);
    if (j.contains("cv")) {
        const auto& list = j["cv"];
        if (!list.is_array() || list.size() > hw::kCvInputs)
            throw ModuleConfigError(what + ": \"cv\" must be a list of up to 4 inputs");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto& e = list[i];
            const auto w = what + " cv " + std::to_string(i + 1);
            if (!e.is_object())
                throw ModuleConfigError(w + ": must be an object");
            auto& in = c.cv[i];
            try {
                in.target = CvTarget::fromName(text(e, "target", in.target.name(), w));
                in.range = control::cvRangeFromName(
                    text(e, "range", control::cvRangeName(in.range), w).c_str());
            } catch (const std::invalid_argument& err) {
                throw ModuleConfigError(w + ": " + err.what());
            } catch (const ModuleConfigError& err) {
                throw ModuleConfigError(w + ": " + err.what());
            }
            if (e.contains("calibration")) {
                const auto& cal = e["calibration"];
                if (!cal.is_object() || !cal.contains("raw") || !cal.contains("volts") ||
                    !cal["raw"].is_array() || cal["raw"].size() != 2 || !cal["volts"].is_array() ||
                    cal["volts"].size() != 2 || !cal["raw"][0].is_number() ||
                    !cal["raw"][1].is_number() || !cal["volts"][0].is_number() ||
                    !cal["volts"][1].is_number())
                    throw ModuleConfigError(
                        w + ": calibration must be {\"raw\": [r1, r2], \"volts\": [v1, v2]}");
                in.calibration = {cal["raw"][0].get<float>(), cal["volts"][0].get<float>(),
                                  cal["raw"][1].get<float>(), cal["volts"][1].get<float>()};
                try {
                    in.calibration.validate();
                } catch (const std::invalid_argument& err) {
                    throw ModuleConfigError(w + ": " + err.what());
                }
            }
        }
    }
    if (j.contains("gate")) {
        const auto& g = j["gate"];
        const auto w = what + " gate";
        if (!g.is_object())
            throw ModuleConfigError(w + ": must be an object");
        c.gate.highVolts = get<float>(g, "highVolts", c.gate.highVolts, w, 0.1, 12);
        c.gate.lowVolts = get<float>(g, "lowVolts", c.gate.lowVolts, w, 0, 12);
        c.gate.minGateSeconds = get<float>(g, "minGateSeconds", c.gate.minGateSeconds, w, 0, 1);
        c.attackSeconds = get<float>(g, "attackSeconds", c.attackSeconds, w, 0.0005, 10);
        c.releaseSeconds = get<float>(g, "releaseSeconds", c.releaseSeconds, w, 0.001, 30);
        try {
            c.gate.validate();
        } catch (const std::invalid_argument& err) {
            throw ModuleConfigError(w + ": " + err.what());
        }
    }
    c.smoothingSeconds = get<float>(j, "smoothingSeconds", c.smoothingSeconds, what, 0, 1);
    c.controlRate = get<double>(j, "controlRate", c.controlRate, what, 50, 4000);
    c.displayRate = get<double>(j, "displayRate", c.displayRate, what, 1, 60);
    c.macroSeed = get<std::uint64_t>(j, "macroSeed", c.macroSeed, what, 0, 4294967295.0);
    c.hardware = text(j, "hardware", c.hardware, what);
    if (c.hardware != "simulated" && c.hardware != "linux")
        throw ModuleConfigError(what + ": hardware \"" + c.hardware + "\" (simulated or linux)");
    if (j.contains("linux")) {
        const auto& l = j["linux"];
        const auto w = what + " linux";
        if (!l.is_object())
            throw ModuleConfigError(w + ": must be an object");
        c.i2cDevice = text(l, "i2c", c.i2cDevice, w);
        c.adcAddress = get<std::uint8_t>(l, "adc", c.adcAddress, w, 0x48, 0x4B);
        c.oledAddress = get<std::uint8_t>(l, "oled", c.oledAddress, w, 0x3C, 0x3D);
        c.pins.chip = text(l, "chip", c.pins.chip, w);
        c.pins.gatesActiveLow = flag(l, "gatesActiveLow", c.pins.gatesActiveLow, w);
        c.pins.encoderActiveLow = flag(l, "encoderActiveLow", c.pins.encoderActiveLow, w);
        if (l.contains("pins")) {
            const auto& p = l["pins"];
            if (!p.is_object())
                throw ModuleConfigError(w + ": \"pins\" must be an object");
            for (const auto& [key, value] : p.items()) {
                int index = -1;
                for (int i = 0; i < hw::kPins; ++i)
                    if (key == kPinKeys[i])
                        index = i;
                if (index < 0)
                    throw ModuleConfigError(w + ": unknown pin \"" + key + "\"");
                c.pins.offsets[static_cast<std::size_t>(index)] =
                    get<int>(p, key.c_str(), -1, w + " pins", -1, 1023);
            }
        }
    }
    c.oscPort = get<int>(j, "osc", c.oscPort, what, 0, 65535);
    c.displayPng = text(j, "displayPng", c.displayPng.string(), what);
    c.displayTerminal = flag(j, "displayTerminal", c.displayTerminal, what);
    return c;
}

ModuleConfig ModuleConfig::load(const std::filesystem::path& file) {
    std::string s;
    try {
        s = core::io::readFile(file);
    } catch (const std::exception& e) {
        throw ModuleConfigError(file.string() + ": cannot read: " + e.what());
    }
    json j;
    try {
        j = json::parse(s);
    } catch (const std::exception& e) {
        throw ModuleConfigError(file.string() + ": not JSON: " + e.what());
    }
    return fromJson(j, file.string());
}

json ModuleConfig::toJson() const {
    json cvs = json::array();
    for (const auto& in : cv)
        cvs.push_back({{"target", in.target.name()},
                       {"range", control::cvRangeName(in.range)},
                       {"calibration",
                        {{"raw", {in.calibration.raw1, in.calibration.raw2}},
                         {"volts", {in.calibration.volts1, in.calibration.volts2}}}}});
    json pinsJson = json::object();
    for (int i = 0; i < hw::kPins; ++i)
        pinsJson[kPinKeys[i]] = pins.offsets[static_cast<std::size_t>(i)];
    return {{"mode", mode},
            {"model", model.string()},
            {"drumModel", drumModel.string()},
            {"audio",
             {{"api", audio.api},
              {"device", audio.device},
              {"sampleRate", audio.sampleRate},
              {"bufferFrames", audio.bufferFrames}}},
            {"volumeDb", volumeDb},
            {"cv", cvs},
            {"gate",
             {{"highVolts", gate.highVolts},
              {"lowVolts", gate.lowVolts},
              {"minGateSeconds", gate.minGateSeconds},
              {"attackSeconds", attackSeconds},
              {"releaseSeconds", releaseSeconds}}},
            {"smoothingSeconds", smoothingSeconds},
            {"controlRate", controlRate},
            {"displayRate", displayRate},
            {"macroSeed", macroSeed},
            {"hardware", hardware},
            {"linux",
             {{"i2c", i2cDevice},
              {"adc", adcAddress},
              {"oled", oledAddress},
              {"chip", pins.chip},
              {"gatesActiveLow", pins.gatesActiveLow},
              {"encoderActiveLow", pins.encoderActiveLow},
              {"pins", pinsJson}}},
            {"osc", oscPort},
            {"displayPng", displayPng.string()},
            {"displayTerminal", displayTerminal}};
}

std::filesystem::path resolveModel(const std::filesystem::path& model,
                                   const std::filesystem::path& assets,
                                   const std::filesystem::path& configDir) {
    namespace fs = std::filesystem;
    // A folder (LatentRack's models) or a file (an nn~ / RAVE TorchScript export).
    const auto exists = [](const fs::path& p) {
        return fs::is_directory(p) || fs::is_regular_file(p);
    };
    if (model.is_absolute()) {
        if (exists(model))
            return model;
    } else {
        if (!assets.empty() && exists(assets / model))
            return assets / model;
        if (exists(configDir / model))
            return configDir / model;
        if (exists(model))
            return model;
    }
    throw ModuleConfigError("model \"" + model.string() + "\": no such folder or file (looked in " +
                            (assets.empty() ? std::string("no assets folder") : assets.string()) +
                            " and " + configDir.string() + ")");
}

std::filesystem::path moduleAssets() {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto dir = exe.parent_path();
        for (const auto& c : {dir / ".." / "share" / "latentrack" / "assets", dir / "assets"})
            if (fs::is_directory(c / "models"))
                return fs::weakly_canonical(c);
    }
#ifdef LATENTRACK_SOURCE_ASSETS
    if (fs::is_directory(fs::path(LATENTRACK_SOURCE_ASSETS) / "models"))
        return LATENTRACK_SOURCE_ASSETS;
#endif
    return {};
}

} // namespace latentrack::embedded::module
