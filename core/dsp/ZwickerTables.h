#pragma once
// The tables of ISO 532-1:2017 Annex A (Zwicker & Fastl, J. Acoust. Soc. Jpn (E) 12, 1991),
// named as there: shared by the loudness model (ZwickerLoudness.cpp) and its differentiable
// counterpart in training (models/rave/LoudnessDescriptors.h). Levels in dB, critical-band
// rate z in Bark, specific loudness in sone/Bark. Thread: any (constants).

#include <array>

namespace latentrack::core::dsp::iso532 {

// Ranges of third-octave levels for the low-frequency correction (equal-loudness contours).
inline constexpr std::array<double, 8> kRap = {45, 55, 65, 71, 80, 90, 100, 120};
// Reduction of the 11 third-octave levels 25 … 250 Hz within each range of kRap.
inline constexpr double kDll[8][11] = {
    {-32, -24, -16, -10, -5, 0, -7, -3, 0, -2, 0}, {-29, -22, -15, -10, -4, 0, -7, -2, 0, -2, 0},
    {-27, -19, -14, -9, -4, 0, -6, -2, 0, -2, 0},  {-25, -17, -12, -9, -3, 0, -5, -2, 0, -2, 0},
    {-23, -16, -11, -7, -3, 0, -4, -1, 0, -1, 0},  {-20, -14, -10, -6, -3, 0, -4, -1, 0, -1, 0},
    {-18, -12, -9, -6, -2, 0, -3, -1, 0, -1, 0},   {-15, -10, -8, -4, -2, 0, -3, -1, 0, -1, 0}};
// Critical-band level at the threshold in quiet, without the ear's transmission.
inline constexpr std::array<double, 20> kLtq = {30, 18, 12, 8, 7, 6, 5, 4, 3, 3,
                                                3,  3,  3,  3, 3, 3, 3, 3, 3, 3};
// The ear's transmission.
inline constexpr std::array<double, 20> kA0 = {0,    0,    0,    0,    0,    0,  0,    0, 0, 0,
                                               -0.5, -1.6, -3.2, -5.4, -5.6, -4, -1.5, 2, 5, 12};
// Free to diffuse field.
inline constexpr std::array<double, 20> kDdf = {0, 0,    0.5, 0.9,  1.2, 1.6, 2.3, 2.8, 3,   2,
                                                0, -1.4, -2,  -1.9, -1,  0.5, 3,   4,   4.3, 4};
// Third-octave to critical-band level.
inline constexpr std::array<double, 20> kDcb = {-0.25, -0.6, -0.8, -0.8, -0.5, 0,   0.5,
                                                1.1,   1.5,  1.7,  1.8,  1.8,  1.7, 1.6,
                                                1.4,   1.2,  0.8,  0.5,  0,    -0.5};
// Upper edges (Bark) of the 21 approximated critical bands.
inline constexpr std::array<double, 21> kZup = {0.9,  1.8,  2.8,  3.5,  4.4,  5.4,  6.6,
                                                7.9,  9.2,  10.6, 12.3, 13.8, 15.2, 16.7,
                                                18.1, 19.3, 20.6, 21.8, 22.7, 23.6, 24.0};
// Ranges of specific loudness for the steepness of the upper slopes.
inline constexpr std::array<double, 18> kRns = {21.5, 18,   15.1, 11.5, 9,     6.1,
                                                4.4,  3.1,  2.13, 1.36, 0.82,  0.42,
                                                0.30, 0.22, 0.15, 0.10, 0.035, 0};
// Steepness of the upper slopes (sone/Bark per Bark) per range of kRns and critical band.
inline constexpr double kUsl[18][8] = {{13, 8.2, 6.3, 5.5, 5.5, 5.5, 5.5, 5.5},
                                       {9, 7.5, 6, 5.1, 4.5, 4.5, 4.5, 4.5},
                                       {7.8, 6.7, 5.6, 4.9, 4.4, 3.9, 3.9, 3.9},
                                       {6.2, 5.4, 4.6, 4.0, 3.5, 3.2, 3.2, 3.2},
                                       {4.5, 3.8, 3.6, 3.2, 2.9, 2.7, 2.7, 2.7},
                                       {3.7, 3.0, 2.8, 2.35, 2.2, 2.2, 2.2, 2.2},
                                       {2.9, 2.3, 2.1, 1.9, 1.8, 1.7, 1.7, 1.7},
                                       {2.4, 1.7, 1.5, 1.35, 1.3, 1.3, 1.3, 1.3},
                                       {1.95, 1.45, 1.3, 1.15, 1.1, 1.1, 1.1, 1.1},
                                       {1.5, 1.2, 0.94, 0.86, 0.82, 0.82, 0.82, 0.82},
                                       {0.72, 0.67, 0.64, 0.63, 0.62, 0.62, 0.62, 0.62},
                                       {0.59, 0.53, 0.51, 0.50, 0.42, 0.42, 0.42, 0.42},
                                       {0.40, 0.33, 0.26, 0.24, 0.24, 0.22, 0.22, 0.22},
                                       {0.27, 0.21, 0.20, 0.18, 0.17, 0.17, 0.17, 0.17},
                                       {0.16, 0.15, 0.14, 0.12, 0.11, 0.11, 0.11, 0.11},
                                       {0.12, 0.11, 0.10, 0.08, 0.08, 0.08, 0.08, 0.08},
                                       {0.09, 0.08, 0.07, 0.06, 0.06, 0.06, 0.06, 0.05},
                                       {0.06, 0.05, 0.03, 0.02, 0.02, 0.02, 0.02, 0.02}};

} // namespace latentrack::core::dsp::iso532
