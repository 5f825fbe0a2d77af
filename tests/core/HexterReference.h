#pragma once
// Test-side reference renderer: Debian's hexter DX7 emulation, driven through its DSSI plugin
// (/usr/lib/dssi/hexter.so, loaded with dlopen), so that LatentRack's FM engine can be compared
// with it voice for voice (the FM fidelity test and `fm_compare`). hexter is a development
// reference, not a specification: where it departs from published DX7 data, the engine follows
// the published data (README, "FM synthesizer").
//
// Thread: one thread at a time (hexter keeps its voices in process-wide state). Allocates.

#include <string>
#include <vector>

#include "core/fm/DxVoice.h"

namespace latentrack::test {

class HexterReference {
public:
    /// Loads the plugin; available() is false (and why() says why) when it is not installed.
    HexterReference();
    ~HexterReference();
    HexterReference(const HexterReference&) = delete;
    HexterReference& operator=(const HexterReference&) = delete;

    bool available() const noexcept { return m_descriptor != nullptr; }
    const std::string& why() const noexcept { return m_why; }

    /// Plays `voice` (loaded into hexter as program 0 of a fresh instance) at MIDI note/velocity
    /// for holdSeconds, then releases it for releaseSeconds; mono samples at sampleRate (Hz),
    /// at hexter's own output level. Throws std::runtime_error when hexter is not available.
    std::vector<float> render(const core::fm::DxVoice& voice, int note, int velocity,
                              double holdSeconds, double releaseSeconds,
                              double sampleRate = 44100.0) const;

private:
    void* m_library = nullptr;
    const void* m_descriptor = nullptr; ///< const DSSI_Descriptor*
    std::string m_why;
};

/// hexter's "7 in 6" text encoding of a block of 7-bit bytes (its `patchesN` configure value):
/// "<byte count> <6-bit characters> <sum of the bytes>".
std::string encodeHexterPatches(const std::vector<unsigned char>& bytes);

} // namespace latentrack::test
