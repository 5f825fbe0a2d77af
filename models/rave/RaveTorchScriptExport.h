#pragma once
// An attribute-fader model (RaveBundle) written as an nn~ TorchScript file, so that a model
// trained by LatentRack plays in nn~ (Max, Pd), in other hosts that read RAVE exports, and in
// LatentRack's own TorchScript player. The file follows the nn~ convention (MODELS.md):
//   encode  [1, 1, T] → μ [1, latent, T / compression]      encode_params [1, 1, z, c]
//   decode  [1, latent + A, L] → [1, 1, L · compression]     decode_params [z + A, c, 1, 1]
//           (the A attribute channels after z, normalised −1 … 1 over the training data;
//           a model with a pitch input takes one more channel, last: the oscillator's pitch,
//           MIDI, ≤ 0 for the pitch its head reads; decode_params [z + A + 1, c, 1, 1])
//   forward [1, 1, T] → [1, 1, T]: decode(encode(x) ⊕ the attributes' constant values)
//                                                            forward_params [1, 1, 1, 1]
// with get_methods(), get_attributes() (the descriptor names), get_<name>() / set_<name>(v) for
// forward's constant attributes (default: the training data's median, FaderScale::centre;
// with a pitch input also `pitch`, MIDI, default 60),
// get_sample_rate(), and the buffers sampling_rate and latent_size. The code is the model's own
// causal architecture written out in TorchScript, every convolution with its left context in a
// cache buffer (cached_conv), the PQMF analysis and synthesis with their history, and a
// harmonic oscillator's last controls and phase (HarmonicOscillator.h): buffers give
// the same audio as one call, and the same as RaveModel in streaming mode.
// Thread: any non-realtime thread (builds and compiles a module, writes a file).
// Errors: std::runtime_error naming the file when it cannot be written.

#include <filesystem>

#include "models/rave/RaveModelIo.h"

namespace latentrack::models::rave {

void exportTorchScript(const RaveBundle& bundle, const std::filesystem::path& file);

} // namespace latentrack::models::rave
