#include "core/dsp/ZwickerLoudness.h"

#include <algorithm>
#include <cmath>

#include "core/dsp/ZwickerTables.h"

namespace latentrack::core::dsp {

namespace {

using namespace iso532;

/// Core loudness of the 20 critical bands (and a 21st of zero) from the third-octave levels.
std::array<double, 21> coreLoudness(const std::array<double, kThirdOctaveBands>& lt,
                                    SoundField field) {
    // Bands up to 250 Hz: lowered along the equal-loudness contours, then summed into the first
    // three critical bands (25–80, 100–160, 200–250 Hz).
    std::array<double, 3> gi{};
    for (int i = 0; i < 11; ++i) {
        const double level = std::min(lt[static_cast<std::size_t>(i)], 120.0);
        int j = 0;
        while (j < 7 && level > kRap[static_cast<std::size_t>(j)] - kDll[j][i])
            ++j;
        const double intensity = std::pow(10.0, (level + kDll[j][i]) / 10.0);
        gi[static_cast<std::size_t>(i < 6 ? 0 : (i < 9 ? 1 : 2))] += intensity;
    }
    std::array<double, 21> nm{};
    for (int k = 0; k < 20; ++k) {
        const auto kk = static_cast<std::size_t>(k);
        double le = k < 3 ? (gi[kk] > 0.0 ? 10.0 * std::log10(gi[kk]) : -100.0)
                          : lt[static_cast<std::size_t>(k + 8)];
        le -= kA0[kk];
        if (field == SoundField::Diffuse)
            le += kDdf[kk];
        if (le <= kLtq[kk])
            continue;
        le -= kDcb[kk];
        constexpr double s = 0.25;
        const double mp1 = 0.0635 * std::pow(10.0, 0.025 * kLtq[kk]);
        const double mp2 =
            std::pow(1.0 - s + s * std::pow(10.0, 0.1 * (le - kLtq[kk])), 0.25) - 1.0;
        nm[kk] = std::max(0.0, mp1 * mp2);
    }
    // The threshold varies within the lowest critical band.
    const double korry = 0.4 + 0.32 * std::pow(nm[0], 0.2);
    if (korry <= 1.0)
        nm[0] *= korry;
    return nm;
}

} // namespace

double thirdOctaveCentreHz(int band) {
    static constexpr std::array<double, kThirdOctaveBands> kCentres = {
        25,  31.5, 40,   50,   63,   80,   100,  125,  160,  200,  250,  315,  400,   500,
        630, 800,  1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500};
    return kCentres[static_cast<std::size_t>(std::clamp(band, 0, kThirdOctaveBands - 1))];
}

ZwickerLoudness zwickerLoudness(const std::array<double, kThirdOctaveBands>& levelsDb,
                                SoundField field) {
    const auto nm = coreLoudness(levelsDb, field);
    // The specific-loudness pattern: each band's core loudness up to its upper edge, then the
    // upper slope falling, by ranges of kRns, at the steepness kUsl, until it meets a band
    // whose core loudness is higher.
    ZwickerLoudness out;
    double n = 0.0;
    double z1 = 0.0;
    double n1 = 0.0;
    int iz = 0; // next 0.1-Bark step to fill
    int j = 17; // range of kRns
    auto fill = [&](double z2, auto value) {
        while (iz < kSpecificLoudnessSteps && 0.1 * (iz + 1) <= z2)
            out.specific[static_cast<std::size_t>(iz)] = value(0.1 * (iz + 1)), ++iz;
    };
    for (int i = 0; i < 21; ++i) {
        const auto ii = static_cast<std::size_t>(i);
        const double zup = kZup[ii] + 1e-4;
        const int ig = std::clamp(i - 1, 0, 7);
        for (int guard = 0; guard < 64; ++guard) {
            double n2 = 0.0;
            double z2 = 0.0;
            if (n1 > nm[ii]) { // on the upper slope of an earlier band
                const double usl = kUsl[j][ig];
                n2 = std::max(kRns[static_cast<std::size_t>(j)], nm[ii]);
                double dz = (n1 - n2) / usl;
                z2 = z1 + dz;
                if (z2 > zup) {
                    z2 = zup;
                    dz = z2 - z1;
                    n2 = n1 - dz * usl;
                }
                n += dz * (n1 + n2) / 2.0;
                const double from = n1, at = z1;
                fill(z2, [&](double z) { return from - (z - at) * usl; });
            } else { // this band's core loudness
                if (n1 < nm[ii]) {
                    j = 0;
                    while (j < 17 && kRns[static_cast<std::size_t>(j)] >= nm[ii])
                        ++j;
                }
                z2 = zup;
                n2 = nm[ii];
                n += n2 * (z2 - z1);
                fill(z2, [&](double) { return n2; });
            }
            if (n2 <= kRns[static_cast<std::size_t>(j)] && j < 17)
                ++j;
            n1 = n2;
            z1 = z2;
            if (z1 >= zup)
                break;
        }
    }
    out.sone = std::max(0.0, n);
    return out;
}

ThirdOctaveBank::ThirdOctaveBank(int bins, double binHz) {
    // Each band is the power response of a sixth-order Butterworth band-pass (three pole
    // pairs, the order of the standard's third-octave filters, IEC 61260 class 1) centred on the
    // exact base-ten frequency 1000·10^((b − 16)/10) Hz: |H|² = 1 / (1 + (Q·(f/fc − fc/f))^6),
    // Q = centre / bandwidth. A sine at a band's centre keeps its level there and leaks about
    // −18 dB into each neighbour, as through the filter bank.
    const double q = 1.0 / (std::pow(2.0, 1.0 / 6.0) - std::pow(2.0, -1.0 / 6.0));
    for (int b = 0; b < kThirdOctaveBands; ++b) {
        const double fc = 1000.0 * std::pow(10.0, (b - 16) / 10.0);
        auto& band = m_bands[static_cast<std::size_t>(b)];
        band.first = -1;
        for (int k = 1; k < bins; ++k) {
            const double r = k * binHz / fc;
            const double x = q * (r - 1.0 / r);
            const double x2 = x * x;
            if (x2 > 1e4) { // below −120 dB
                if (band.first >= 0 && r > 1.0)
                    break;
                continue;
            }
            if (band.first < 0)
                band.first = k;
            band.weights.resize(static_cast<std::size_t>(k - band.first), 0.0f);
            band.weights.push_back(static_cast<float>(1.0 / (1.0 + x2 * x2 * x2)));
        }
        band.first = std::max(band.first, 0);
    }
}

std::array<double, kThirdOctaveBands> ThirdOctaveBank::levels(const std::vector<float>& power,
                                                              double dbSplAtUnitRms) const {
    std::array<double, kThirdOctaveBands> out{};
    for (int b = 0; b < kThirdOctaveBands; ++b) {
        const auto& band = m_bands[static_cast<std::size_t>(b)];
        double sum = 0.0;
        for (std::size_t i = 0; i < band.weights.size(); ++i) {
            const auto k = static_cast<std::size_t>(band.first) + i;
            if (k >= power.size())
                break;
            sum += static_cast<double>(power[k]) * band.weights[i];
        }
        out[static_cast<std::size_t>(b)] =
            sum > 1e-20 ? dbSplAtUnitRms + 10.0 * std::log10(sum) : -100.0;
    }
    return out;
}

std::array<double, kThirdOctaveBands> thirdOctaveLevels(const std::vector<float>& power,
                                                        double binHz, double dbSplAtUnitRms) {
    return ThirdOctaveBank(static_cast<int>(power.size()), binHz).levels(power, dbSplAtUnitRms);
}

} // namespace latentrack::core::dsp
