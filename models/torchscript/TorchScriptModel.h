#pragma once
// An nn~ / RAVE model exported as TorchScript (a `.ts` file written by torch.jit.save), loaded
// with LibTorch and described the way nn~ reads it (MODELS.md, "the nn~ TorchScript
// convention"):
// - methods: the names `get_methods()` returns (nn~'s register_method, RAVE v2 exports), else
//   every method that has a `<method>_params` buffer (RAVE v1 exports);
// - each method's `<method>_params` buffer [in_channels, in_ratio, out_channels, out_ratio]: a
//   call takes [1, in_channels, T] and returns [1, out_channels, T · in_ratio / out_ratio];
// - the sample rate: `get_sample_rate()`, else the `sampling_rate` buffer or attribute;
// - attributes: `get_attributes()` and each one's `get_<name>()`.
//
// Threads: load() and run() on one non-realtime thread at a time (a worker: loading reads the
// file and compiles its code; a streaming model keeps its caches inside the module, so two
// threads must not run it at once). info() from any thread once loaded (immutable).
// Errors: TorchScriptError, whose what() names the file and the reason; never a crash.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <torch/script.h>

namespace latentrack::models::torchscript {

/// A file that cannot be used or a call that failed: not TorchScript, exported by a newer
/// PyTorch than this LibTorch reads (names both versions and what to do), no method nn~ can
/// play, a bad `<method>_params` buffer, a buffer size the ratios do not divide, an output of
/// the wrong shape, NaN or infinite output, an error raised inside the model.
class TorchScriptError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Latent dimensions a player offers knobs for (Neutone-style), at most.
constexpr int kMaxLatentKnobs = 8;

/// One playable method and its `<name>_params` buffer.
struct MethodSpec {
    std::string name;
    int inChannels = 1;
    int inRatio = 1;
    int outChannels = 1;
    int outRatio = 1;
    /// Input frames of a call → its output frames: inFrames · inRatio / outRatio.
    std::int64_t outputFrames(std::int64_t inFrames) const { return inFrames * inRatio / outRatio; }
    /// The audio samples one frame of this method's latent side stands for: the larger ratio.
    int largestRatio() const { return std::max(inRatio, outRatio); }
};

struct TorchScriptInfo {
    std::filesystem::path file;
    double sampleRate = 0.0; ///< Hz
    std::string rateFrom;    ///< "get_sample_rate()", "sampling_rate buffer", …
    std::string convention;  ///< "nn~ register_method (get_methods)" or "RAVE v1 (buffers)"
    std::vector<MethodSpec> methods;
    /// get_attributes(), each with its get_<name>() value printed ("?" when it takes arguments
    /// or fails).
    std::vector<std::pair<std::string, std::string>> attributes;
    std::int64_t parameters = 0; ///< weights, counted over all submodules
    /// The latent_size buffer, else encode's out_channels, else decode's in_channels (0 without
    /// either). decode may take more channels than that: a conditioned model's attributes after
    /// the latent (LatentRack's own exports), which the stream holds at 0 plus their knobs.
    int latentSize = 0;

    /// The method called `name`, or null.
    const MethodSpec* method(std::string_view name) const;
    /// The largest ratio of all methods (nn~'s buffer must be a multiple of it).
    int largestRatio() const;
    /// nn~'s default buffer: the smallest power of two ≥ max(largestRatio(), 2048) samples.
    int defaultBuffer() const;
    /// The latent knobs that act (TorchScriptStream): min(kMaxLatentKnobs, latentSize) with
    /// decode, else 0.
    int knobCount() const;
};

/// "1.13.0" (TORCH_VERSION of the LibTorch this build links) and the newest TorchScript file
/// format it reads.
std::string libtorchVersion();
std::uint64_t newestReadableFileFormat();

class TorchScriptModel {
public:
    /// Loads `file` onto the CPU and reads its description. Throws TorchScriptError.
    static std::unique_ptr<TorchScriptModel> load(const std::filesystem::path& file);

    const TorchScriptInfo& info() const noexcept { return m_info; }

    /// Throws TorchScriptError unless `bufferSamples` (at the model's rate) is a positive
    /// multiple of every ratio of `method`.
    static void checkBuffer(const MethodSpec& method, int bufferSamples);

    /// Runs `method` on `input` [1, in_channels, T] (float32, T · in_ratio a multiple of
    /// out_ratio) under c10::InferenceMode; returns [1, out_channels, T · in_ratio / out_ratio].
    /// Throws TorchScriptError on an input of the wrong shape, an error inside the model, an
    /// output of another shape, or NaN / infinite output.
    torch::Tensor run(const MethodSpec& method, const torch::Tensor& input);

private:
    TorchScriptModel() = default;
    torch::jit::Module m_module;
    TorchScriptInfo m_info;
};

} // namespace latentrack::models::torchscript
