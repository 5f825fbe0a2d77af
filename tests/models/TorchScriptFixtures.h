#pragma once
// Real TorchScript files made in the tests with LibTorch's torch::jit::Module::define, following
// the two RAVE export conventions (MODELS.md): v1 (hand-registered <method>_params,
// sampling_rate and latent_size buffers) and v2 (nn~'s register_method style: get_methods(),
// get_attributes(), get_<attr>/set_<attr>, get_sample_rate()). Both are streaming models: every
// convolution keeps its left context in a cache buffer between calls (cached_conv, DAFx 2022),
// so one call on a whole sound equals the same sound in buffers. And malformed ones, each for
// one of the loader's errors.

#include <filesystem>
#include <functional>
#include <string>

namespace latentrack::test {

struct TsModelOptions {
    bool v2 = false;         ///< nn~ register_method style (else RAVE v1 buffers)
    int latent = 8;          ///< latent channels
    int ratio = 64;          ///< audio samples per latent frame (encode/decode ratio)
    int hidden = 32;         ///< decoder channels
    int outChannels = 1;     ///< decode/forward output channels (2: stereo)
    int sampleRate = 16000;  ///< Hz
    bool withForward = true; ///< export forward
    bool withEncode = true;  ///< export encode
    unsigned seed = 1;       ///< weights
};

/// Writes a small streaming RAVE-like model: encode = a strided conv and tanh; decode = a
/// cached causal conv over latent frames, a transposed conv up to audio rate, a cached causal
/// conv at audio rate and tanh; forward = decode(encode(x)).
void writeTsModel(const std::filesystem::path& file, const TsModelOptions& o = {});

/// A decoder of a RAVE model's size and cost (latent 16, ratio 2048 at 48 kHz, ≈ 6 M weights,
/// ≈ 1.2 G multiply-adds per second of audio: five upsampling stages 1024 → 16 channels, each a
/// transposed conv and a residual stack of three dilated cached convs), with encode, for the
/// stream's CPU cost.
void writeRaveSizedModel(const std::filesystem::path& file);

/// A module whose source `code` (TorchScript, methods of `self`) is compiled as it stands, with
/// the buffers of a v1 model (forward/encode/decode params, sampling_rate 16000): for the
/// malformed cases (wrong output shape, NaN, an error raised inside).
void writeTsModule(const std::filesystem::path& file, const std::string& code,
                   bool withParams = true);

/// Copies TorchScript archive `in` to `out` record by record, with the file format version at
/// least `minVersion` and the code records passed through `editCode` (what a newer PyTorch
/// writes, e.g. an operator LibTorch 1.13 does not have).
void rewriteArchive(const std::filesystem::path& in, const std::filesystem::path& out,
                    unsigned minVersion,
                    const std::function<std::string(const std::string&)>& editCode = {});

} // namespace latentrack::test
