#include "core/fm/DxPacking.h"

namespace latentrack::core::fm {

namespace {

constexpr int kPackedOpBytes = 17;
constexpr int kPackedGlobal = kNumOperators * kPackedOpBytes; // 102

std::uint8_t at(const DxVoice& v, int index) {
    return v.params[static_cast<std::size_t>(index)];
}

void check(long offset, int value, int max, const char* what) {
    if (value > max)
        throw SysExError(offset, std::string(what) + " is " + std::to_string(value) +
                                     ", above its maximum " + std::to_string(max));
}

/// The value clamped to 0 … max; a change is recorded.
int clampField(long offset, int value, int max, const std::string& what,
               std::vector<ValueRepair>* repairs) {
    if (value <= max)
        return value;
    if (repairs)
        repairs->push_back({offset, -1, what, value, max});
    return max;
}

/// The byte with only the bits in `mask`; a change is recorded.
int maskByte(long offset, int byte, int mask, const std::string& what,
             std::vector<ValueRepair>* repairs) {
    if ((byte & ~mask) != 0 && repairs)
        repairs->push_back({offset, -1, what + " byte (unused bits)", byte, byte & mask});
    return byte & mask;
}

} // namespace

SysExError::SysExError(long byteOffset, const std::string& problem)
    : std::runtime_error(byteOffset >= 0 ? "byte " + std::to_string(byteOffset) + ": " + problem
                                         : problem),
      m_offset(byteOffset) {}

SysExError::SysExError(const std::string& context, const SysExError& inner)
    : std::runtime_error(context + ": " + inner.what()), m_offset(inner.m_offset) {}

PackedVoice packVoice(const DxVoice& v) noexcept {
    PackedVoice p{};
    for (int o = 0; o < kNumOperators; ++o) {
        const int u = o * kOperatorParams;
        std::uint8_t* b = p.data() + o * kPackedOpBytes;
        for (int i = 0; i < 11; ++i)
            b[i] = at(v, u + i) & 0x7F;
        b[11] = static_cast<std::uint8_t>((at(v, u + 11) & 3) | (at(v, u + 12) & 3) << 2);
        b[12] = static_cast<std::uint8_t>((at(v, u + 13) & 7) | (at(v, u + 20) & 15) << 3);
        b[13] = static_cast<std::uint8_t>((at(v, u + 14) & 3) | (at(v, u + 15) & 7) << 2);
        b[14] = at(v, u + 16) & 0x7F;
        b[15] = static_cast<std::uint8_t>((at(v, u + 17) & 1) | (at(v, u + 18) & 31) << 1);
        b[16] = at(v, u + 19) & 0x7F;
    }
    std::uint8_t* g = p.data() + kPackedGlobal;
    for (int i = 0; i < 8; ++i)
        g[i] = at(v, 126 + i) & 0x7F;
    g[8] = at(v, 134) & 31;
    g[9] = static_cast<std::uint8_t>((at(v, 135) & 7) | (at(v, 136) & 1) << 3);
    for (int i = 0; i < 4; ++i)
        g[10 + i] = at(v, 137 + i) & 0x7F;
    g[14] =
        static_cast<std::uint8_t>((at(v, 141) & 1) | (at(v, 142) & 7) << 1 | (at(v, 143) & 7) << 4);
    g[15] = at(v, 144) & 0x7F;
    for (int i = 0; i < kNameLength; ++i)
        g[16 + i] = at(v, 145 + i) & 0x7F;
    return p;
}

DxVoice unpackVoice(std::span<const std::uint8_t, kPackedVoiceBytes> p, long base,
                    std::vector<ValueRepair>* repairs) {
    for (int i = 0; i < kPackedVoiceBytes; ++i)
        if (p[static_cast<std::size_t>(i)] > 0x7F)
            throw SysExError(base + i, "data byte has its top bit set (not 7-bit MIDI data)");
    DxVoice v;
    auto put = [&v](int index, int value) {
        v.params[static_cast<std::size_t>(index)] = static_cast<std::uint8_t>(value);
    };
    for (int o = 0; o < kNumOperators; ++o) {
        const int u = o * kOperatorParams;
        const long off = base + o * kPackedOpBytes;
        const std::uint8_t* b = p.data() + o * kPackedOpBytes;
        const std::string opName = "operator " + std::to_string(kNumOperators - o) + " ";
        for (int i = 0; i < 11; ++i)
            put(u + i, clampField(off + i, b[i], 99, opName + paramName(u + i).substr(4), repairs));
        const int curves = maskByte(off + 11, b[11], 0x0F, opName + "curve", repairs);
        put(u + 11, curves & 3);
        put(u + 12, curves >> 2);
        const int rsDetune =
            maskByte(off + 12, b[12], 0x7F, opName + "rate-scaling/detune", repairs);
        put(u + 13, rsDetune & 7);
        put(u + 20, clampField(off + 12, rsDetune >> 3, 14, opName + "detune", repairs));
        const int amsKvs = maskByte(off + 13, b[13], 0x1F, opName + "AMS/velocity", repairs);
        put(u + 14, amsKvs & 3);
        put(u + 15, amsKvs >> 2);
        put(u + 16, clampField(off + 14, b[14], 99, opName + "output level", repairs));
        const int modeCoarse = maskByte(off + 15, b[15], 0x3F, opName + "mode/coarse", repairs);
        put(u + 17, modeCoarse & 1);
        put(u + 18, modeCoarse >> 1);
        put(u + 19, clampField(off + 16, b[16], 99, opName + "fine", repairs));
    }
    const std::uint8_t* g = p.data() + kPackedGlobal;
    const long off = base + kPackedGlobal;
    for (int i = 0; i < 8; ++i)
        put(126 + i, clampField(off + i, g[i], 99, paramName(126 + i), repairs));
    put(134, maskByte(off + 8, g[8], 0x1F, "algorithm", repairs));
    const int fbSync = maskByte(off + 9, g[9], 0x0F, "feedback/key-sync", repairs);
    put(135, fbSync & 7);
    put(136, fbSync >> 3);
    for (int i = 0; i < 4; ++i)
        put(137 + i, clampField(off + 10 + i, g[10 + i], 99, paramName(137 + i), repairs));
    put(141, g[14] & 1);
    put(142, clampField(off + 14, (g[14] >> 1) & 7, 5, "LFO wave", repairs));
    put(143, g[14] >> 4);
    put(144, clampField(off + 15, g[15], 48, "transpose", repairs));
    for (int i = 0; i < kNameLength; ++i) {
        int c = g[16 + i];
        if (c < 32) {
            if (repairs)
                repairs->push_back(
                    {off + 16 + i, -1, "name character " + std::to_string(i + 1), c, 32});
            c = 32;
        }
        put(145 + i, c);
    }
    return v;
}

void repairVoice(DxVoice& v, long base, std::vector<ValueRepair>* repairs) {
    for (int i = 0; i < kVoiceParams; ++i) {
        int value = at(v, i);
        if (i >= static_cast<int>(VoiceParam::Name)) {
            if (value < 32 || value > 127) {
                if (repairs)
                    repairs->push_back({base + i, -1, paramName(i), value, 32});
                value = 32;
            }
        } else {
            value = clampField(base + i, value, paramMax(i), paramName(i), repairs);
        }
        v.params[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value);
    }
}

void validateVoice(const DxVoice& v, long base) {
    for (int i = 0; i < kVoiceParams; ++i) {
        const int value = at(v, i);
        if (i >= static_cast<int>(VoiceParam::Name) && (value < 32 || value > 127))
            throw SysExError(base + i, paramName(i) + " is " + std::to_string(value) +
                                           ", not a printable character");
        check(base + i, value, paramMax(i), paramName(i).c_str());
    }
}

} // namespace latentrack::core::fm
