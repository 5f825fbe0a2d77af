#include "core/fm/DxVoice.h"

namespace latentrack::core::fm {

namespace {

constexpr std::array<std::uint8_t, kOperatorParams> kOpMax{
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 3, 3, 7, 3, 7, 99, 1, 31, 99, 14};
constexpr std::array<std::uint8_t, 19> kVoiceMax{99, 99, 99, 99, 99, 99, 99, 99, 31, 7,
                                                 1,  99, 99, 99, 99, 1,  5,  7,  48};
constexpr std::array<const char*, kOperatorParams> kOpNames{
    "R1",           "R2",           "R3",      "R4",
    "L1",           "L2",           "L3",      "L4",
    "BREAK POINT",  "L DEPTH",      "R DEPTH", "L CURVE",
    "R CURVE",      "RATE SCALING", "AMS",     "VELOCITY SENS",
    "OUTPUT LEVEL", "MODE",         "COARSE",  "FINE",
    "DETUNE"};
constexpr std::array<const char*, 19> kVoiceNames{
    "PITCH R1", "PITCH R2",     "PITCH R3", "PITCH R4",       "PITCH L1",  "PITCH L2",  "PITCH L3",
    "PITCH L4", "ALGORITHM",    "FEEDBACK", "OSC KEY SYNC",   "LFO SPEED", "LFO DELAY", "LFO PMD",
    "LFO AMD",  "LFO KEY SYNC", "LFO WAVE", "PITCH MOD SENS", "TRANSPOSE"};

constexpr int kGlobalStart = kNumOperators * kOperatorParams;  // 126
constexpr int kNameStart = static_cast<int>(VoiceParam::Name); // 145

} // namespace

int paramMax(int index) noexcept {
    if (index < 0 || index >= kVoiceParams)
        return 0;
    if (index < kGlobalStart)
        return kOpMax[static_cast<std::size_t>(index % kOperatorParams)];
    if (index < kNameStart)
        return kVoiceMax[static_cast<std::size_t>(index - kGlobalStart)];
    return 127;
}

std::string paramName(int index) {
    if (index < 0 || index >= kVoiceParams)
        return "?";
    if (index < kGlobalStart) {
        const int op = kNumOperators - index / kOperatorParams;
        return "OP" + std::to_string(op) + " " +
               kOpNames[static_cast<std::size_t>(index % kOperatorParams)];
    }
    if (index < kNameStart)
        return kVoiceNames[static_cast<std::size_t>(index - kGlobalStart)];
    return "NAME " + std::to_string(index - kNameStart + 1);
}

std::string DxVoice::name() const {
    std::string s;
    for (int i = 0; i < kNameLength; ++i)
        s.push_back(static_cast<char>(params[static_cast<std::size_t>(kNameStart + i)]));
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    return s;
}

void DxVoice::setName(std::string_view name) noexcept {
    for (int i = 0; i < kNameLength; ++i) {
        char c = i < static_cast<int>(name.size()) ? name[static_cast<std::size_t>(i)] : ' ';
        if (c < 32 || c > 126)
            c = '?';
        params[static_cast<std::size_t>(kNameStart + i)] = static_cast<std::uint8_t>(c);
    }
}

DxVoice DxVoice::initVoice() noexcept {
    DxVoice v;
    for (int op = 1; op <= kNumOperators; ++op) {
        for (int r = 0; r < 4; ++r)
            v.setOp(op, static_cast<OpParam>(r), 99);
        v.setOp(op, OpParam::Level1, 99);
        v.setOp(op, OpParam::Level2, 99);
        v.setOp(op, OpParam::Level3, 99);
        v.setOp(op, OpParam::Level4, 0);
        v.setOp(op, OpParam::BreakPoint, 39);
        v.setOp(op, OpParam::OutputLevel, op == 1 ? 99 : 0);
        v.setOp(op, OpParam::Coarse, 1);
        v.setOp(op, OpParam::Detune, 7);
    }
    for (int i = 0; i < 4; ++i) {
        v.params[static_cast<std::size_t>(kGlobalStart + i)] = 99;
        v.params[static_cast<std::size_t>(kGlobalStart + 4 + i)] = 50;
    }
    v.set(VoiceParam::OscKeySync, 1);
    v.set(VoiceParam::LfoSpeed, 35);
    v.set(VoiceParam::LfoKeySync, 1);
    v.set(VoiceParam::PitchModSens, 3);
    v.set(VoiceParam::Transpose, 24);
    v.setName("INIT VOICE");
    return v;
}

} // namespace latentrack::core::fm
