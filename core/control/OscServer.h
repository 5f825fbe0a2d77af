#pragma once
// OSC server for remote control of the drum machine (OSC 1.0 over UDP; messages encoded and
// decoded with liblo). Binds to 127.0.0.1 by default. Runs its own control thread, which only
// validates messages and hands them to an OscTarget (queue pushes, atomic stores).
//
// Address space (indices are 0-based):
//   /play               start the transport from step 0
//   /stop               stop the transport
//   /bpm f|i            tempo, 40–300 BPM
//   /step i i f         track 0–9, step 0–63, velocity 0–1 (0 turns the step off)
//   /sample_note i      track: generate a new hit from the neural model ("sample_note"),
//   /sample_path i      or from a random linear path in its grain space ("sample_path");
//                       when the sound is in the engine the sender gets
//                       /sample_ready i s s i  (track, "note"|"path", class, seed)
//                       or, if generation failed, /error s s.
//   /fader/<name> f     attribute fader (rms, centroid, bandwidth, sharpness, boominess),
//                       normalised −1 … 1
//   /mod/<name> s f f f its modulator: shape (off, sine, square, saw, rampup, rampdown,
//                       random), rate 0.001–50 Hz, amount and bias −1 … 1
//   /knob i f f         a TorchScript (nn~ / RAVE) model's latent knob: dimension 1–8, bias
//                       −4 … 4 (latent units), scale 0 … 2
// Preset inference, in the Flow Synthesizer's vocabulary (answered to the sender):
//   /encode s           a sound file → its DX7 voice plays; replies /params f×144 (the voice's
//                       parameters 0 … 143, each value/max in 0 … 1) and /z_pos f×D (its latent
//                       point)
//   /decode f…          a latent point (D numbers) → its voice plays; replies /params
//   /load_preset i      voice i (0-based) of the FM tab's bank plays; replies /params, /z_pos
// Anything else, wrong argument types or out-of-range values are answered to the sender with
//   /error s s          (offending address, explanation)
// and never crash the server. Undecodable packets are answered with /error "" "<reason>".

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/gen/SoundGenerator.h"

namespace latentrack::core::control {

/// Answers one OSC sender later, from any thread (UDP sendto on the server's socket). Valid
/// while the OscServer that made it exists.
class OscReply {
public:
    OscReply() = default;
    OscReply(int socket, const void* peer, unsigned peerLen);
    /// /sample_ready i s s i
    void sampleReady(int track, gen::GenerationMode mode, const std::string& className,
                     std::uint64_t seed) const;
    /// /error s s
    void error(const std::string& path, const std::string& why) const;
    /// `path` f f f … (e.g. /params, /z_pos)
    void floats(const std::string& path, const std::vector<float>& values) const;

private:
    int m_socket = -1;
    std::vector<unsigned char> m_peer;
};

/// A preset-inference request (/encode, /decode, /load_preset), already checked for types.
struct PresetRequest {
    enum class Kind { Encode, Decode, LoadPreset };
    Kind kind = Kind::Encode;
    std::string file;     ///< Encode: the sound file
    std::vector<float> z; ///< Decode: the latent point
    int index = 0;        ///< LoadPreset: voice of the current bank, 0-based
};

class OscError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What OSC messages act on. Called on the OSC thread; implementations must not block.
class OscTarget {
public:
    virtual ~OscTarget() = default;
    virtual void play() = 0;
    virtual void stop() = 0;
    virtual void setBpm(double bpm) = 0;
    virtual void setStep(int track, int step, float velocity) = 0;
    /// Number of tracks of the current layout (8 or 10) and steps of the pattern, for validation.
    virtual int trackCount() const = 0;
    virtual int stepCount() const = 0;
    /// /sample_note, /sample_path: starts generating a sound for `track` (already checked
    /// against trackCount()) and answers through `reply` when done. Returns an empty string when
    /// accepted, otherwise why not (sent back as /error). Default: no neural model.
    virtual std::string sampleSound(int track, gen::GenerationMode mode, const OscReply& reply) {
        (void)track;
        (void)mode;
        (void)reply;
        return "no neural model is loaded";
    }
    /// /fader/<name> f and /mod/<name> s f f f, already checked: sets instrument parameter
    /// `id` ("fader.rms", "mod.rms.shape" = the shape's index, "mod.rms.rate", ".amount",
    /// ".bias") to `value`. Returns an empty string when accepted, otherwise why not.
    virtual std::string setParameter(const std::string& id, float value) {
        (void)id;
        (void)value;
        return "no instrument takes " + id;
    }
    /// /encode, /decode, /load_preset: starts the request and answers through `reply` (the
    /// replies above, or /error). Returns an empty string when accepted, otherwise why not.
    virtual std::string presetRequest(const PresetRequest& request, const OscReply& reply) {
        (void)request;
        (void)reply;
        return "preset inference is not available here";
    }
};

class OscServer {
public:
    /// Binds a UDP socket to host:port (port 0 picks a free one) and starts the thread.
    /// Throws OscError when the address cannot be bound (e.g. port in use).
    OscServer(OscTarget& target, int port, const std::string& host = "127.0.0.1");
    ~OscServer();
    OscServer(const OscServer&) = delete;
    OscServer& operator=(const OscServer&) = delete;

    /// The bound UDP port.
    int port() const noexcept { return m_port; }
    /// Messages handled / rejected since start. Thread: any.
    std::uint64_t handled() const noexcept { return m_handled.load(); }
    std::uint64_t rejected() const noexcept { return m_rejected.load(); }

private:
    void run();
    void handlePacket(const void* data, std::size_t size, const void* from, unsigned fromLen);
    void replyError(const void* to, unsigned toLen, const std::string& path,
                    const std::string& why);

    OscTarget& m_target;
    int m_socket = -1;
    int m_port = 0;
    std::atomic<bool> m_running{true};
    std::atomic<std::uint64_t> m_handled{0};
    std::atomic<std::uint64_t> m_rejected{0};
    std::thread m_thread;
};

} // namespace latentrack::core::control
