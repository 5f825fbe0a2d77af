#include "models/training/TrainSupport.h"

#include <stdexcept>

#include "core/io/AtomicFile.h"

namespace latentrack::models::training {

torch::Device chooseDevice(const std::string& name) {
    if (name == "cpu")
        return torch::kCPU;
    const bool cuda = torch::cuda::is_available();
    if (name == "cuda" && !cuda)
        throw std::runtime_error("--device cuda: this LibTorch has no CUDA or no GPU is present");
    if (name != "cuda" && name != "auto")
        throw std::runtime_error("unknown device '" + name + "' (cpu, cuda or auto)");
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

void requireSameConfig(const nlohmann::json& have, const nlohmann::json& want,
                       const std::vector<std::string>& mayDiffer) {
    for (const auto& [key, value] : want.items())
        if (std::find(mayDiffer.begin(), mayDiffer.end(), key) == mayDiffer.end() &&
            (!have.contains(key) || have[key] != value))
            throw std::runtime_error("cannot resume: checkpoint was trained with " + key + " = " +
                                     (have.contains(key) ? have[key].dump() : "(unset)") +
                                     ", this run asks for " + value.dump());
}

void saveCheckpointState(const std::filesystem::path& dir, int step, const nlohmann::json& config) {
    core::io::writeFileAtomically(
        dir / "state.json", nlohmann::json{{"step", step}, {"config", config}}.dump(1) + "\n");
}

nlohmann::json readCheckpointState(const std::filesystem::path& dir) {
    return nlohmann::json::parse(core::io::readFile(dir / "state.json"));
}

LossReporter::LossReporter(std::ofstream& log,
                           std::function<void(const granular::TrainProgress&)> progress,
                           bool phaseInLog)
    : m_log(log), m_progress(std::move(progress)), m_phaseInLog(phaseInLog) {}

void LossReporter::add(const std::map<std::string, double>& terms) {
    for (const auto& [k, v] : terms)
        m_sums[k] += v;
    ++m_count;
}

void LossReporter::report(const std::string& phase, int step, int total, int remainingAfter) {
    if (m_count == 0)
        return;
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - m_since).count();
    granular::TrainProgress p;
    p.phase = phase;
    p.step = step;
    p.totalSteps = total;
    p.stepsPerSecond = seconds > 0 ? m_count / seconds : 0.0;
    p.etaSeconds = p.stepsPerSecond > 0 ? (total - step + remainingAfter) / p.stepsPerSecond : 0.0;
    for (const auto& [k, v] : m_sums)
        p.losses[k] = v / m_count;
    if (m_phaseInLog)
        m_log << phase << " ";
    m_log << "step " << step << "/" << total;
    for (const auto& [k, v] : p.losses)
        m_log << " " << k << " " << v;
    m_log << " steps/s " << p.stepsPerSecond << std::endl;
    if (m_progress)
        m_progress(p);
    m_last = p.losses;
    m_sums.clear();
    m_count = 0;
    m_since = now;
}

} // namespace latentrack::models::training
