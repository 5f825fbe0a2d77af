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

DxVoice unpackVoice(std::span<const std::uint8_t, kPackedVoiceBytes> p, long base) {
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
        for (int i = 0; i < 11; ++i) {
            check(off + i, b[i], 99, (opName + paramName(u + i).substr(4)).c_str());
            put(u + i, b[i]);
        }
        if (b[11] >> 4)
            throw SysExError(off + 11, opName + "curve byte has unused bits set");
        put(u + 11, b[11] & 3);
        put(u + 12, b[11] >> 2);
        put(u + 13, b[12] & 7);
        check(off + 12, b[12] >> 3, 14, (opName + "detune").c_str());
        put(u + 20, b[12] >> 3);
        if (b[13] >> 5)
            throw SysExError(off + 13, opName + "AMS/velocity byte has unused bits set");
        put(u + 14, b[13] & 3);
        put(u + 15, b[13] >> 2);
        check(off + 14, b[14], 99, (opName + "output level").c_str());
        put(u + 16, b[14]);
        if (b[15] >> 6)
            throw SysExError(off + 15, opName + "mode/coarse byte has unused bits set");
        put(u + 17, b[15] & 1);
        put(u + 18, b[15] >> 1);
        check(off + 16, b[16], 99, (opName + "fine").c_str());
        put(u + 19, b[16]);
    }
    const std::uint8_t* g = p.data() + kPackedGlobal;
    const long off = base + kPackedGlobal;
    for (int i = 0; i < 8; ++i) {
        check(off + i, g[i], 99, paramName(126 + i).c_str());
        put(126 + i, g[i]);
    }
    check(off + 8, g[8], 31, "algorithm");
    put(134, g[8]);
    if (g[9] >> 4)
        throw SysExError(off + 9, "feedback/key-sync byte has unused bits set");
    put(135, g[9] & 7);
    put(136, g[9] >> 3);
    for (int i = 0; i < 4; ++i) {
        check(off + 10 + i, g[10 + i], 99, paramName(137 + i).c_str());
        put(137 + i, g[10 + i]);
    }
    put(141, g[14] & 1);
    check(off + 14, (g[14] >> 1) & 7, 5, "LFO wave");
    put(142, (g[14] >> 1) & 7);
    put(143, g[14] >> 4);
    check(off + 15, g[15], 48, "transpose");
    put(144, g[15]);
    for (int i = 0; i < kNameLength; ++i) {
        if (g[16 + i] < 32)
            throw SysExError(off + 16 + i,
                             "name character " + std::to_string(g[16 + i]) + " is a control code");
        put(145 + i, g[16 + i]);
    }
    return v;
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
