#pragma once
// What every trainer here shares (granular, rave, preset): the device choice, and the running
// loss report written to the run's log and handed to the progress callback.
// Thread: the training thread.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "models/granular/GranularTrainer.h" // TrainProgress

namespace latentrack::models::training {

/// "cpu", "cuda" or "auto" (CUDA when present). Throws std::runtime_error for "cuda" without a
/// GPU or CUDA-enabled LibTorch, and for an unknown name.
torch::Device chooseDevice(const std::string& name);

/// Throws std::runtime_error("cannot resume: …") naming the first setting in `want` (a
/// configuration as JSON) that the checkpoint's `have` lacks or holds otherwise; the settings
/// named in `mayDiffer` may differ (by default "steps": a run can be extended).
void requireSameConfig(const nlohmann::json& have, const nlohmann::json& want,
                       const std::vector<std::string>& mayDiffer = {"steps"});

/// Checkpoint files: each part saved to <dir>/<name> through a temporary file, then
/// <dir>/state.json ({step, config}) last, so that a checkpoint is whole once state.json names
/// its step.
template <typename Part>
void saveCheckpointPart(const std::filesystem::path& dir, const std::string& name,
                        const Part& part) {
    std::filesystem::create_directories(dir);
    const auto tmp = dir / (name + ".tmp");
    torch::save(part, tmp.string());
    std::filesystem::rename(tmp, dir / name);
}
void saveCheckpointState(const std::filesystem::path& dir, int step, const nlohmann::json& config);
/// <dir>/state.json as written by saveCheckpointState(); throws when unreadable.
nlohmann::json readCheckpointState(const std::filesystem::path& dir);
/// <dir>/state.json ({step, config, …}), after requireSameConfig() of its config against
/// `config` with `mayDiffer`. The stored config is read through Config (its from_json), so
/// that a checkpoint written before a setting existed holds what from_json assumes for it
/// (what such runs were trained with) rather than lacking it. Every trainer resumes through
/// this. Throws as readCheckpointState() and requireSameConfig().
template <typename Config>
nlohmann::json loadCheckpointState(const std::filesystem::path& dir, const Config& config,
                                   const std::vector<std::string>& mayDiffer = {"steps"}) {
    auto state = readCheckpointState(dir);
    requireSameConfig(nlohmann::json(state.at("config").get<Config>()), nlohmann::json(config),
                      mayDiffer);
    return state;
}

/// When, after a step, to report, checkpoint and stop a run: reports every reportEvery steps,
/// checkpoints every checkpointEvery steps, and both at the last step; with stopAfter ≥ 0 the
/// run stops (checkpointed) after that many steps of this run, before the last.
class StepSchedule {
public:
    StepSchedule(int totalSteps, int reportEvery, int checkpointEvery, int stopAfter)
        : m_total(totalSteps), m_report(std::max(1, reportEvery)),
          m_checkpoint(std::max(1, checkpointEvery)), m_budget(stopAfter) {}
    struct Due {
        bool report = false, checkpoint = false, stop = false;
    };
    /// done: steps completed in the whole run (resumed ones included).
    Due after(int done) {
        const bool last = done == m_total;
        const bool spent = m_budget >= 0 && --m_budget == 0;
        return {done % m_report == 0 || last, done % m_checkpoint == 0 || last || spent,
                spent && !last};
    }

private:
    int m_total, m_report, m_checkpoint, m_budget;
};

/// Running means of named loss terms between reports.
class LossReporter {
public:
    /// phaseInLog: lines start with the phase name ("grain step 10/100 …") rather than
    /// "step 10/100 …".
    LossReporter(std::ofstream& log, std::function<void(const granular::TrainProgress&)> progress,
                 bool phaseInLog);
    void add(const std::map<std::string, double>& terms);
    /// Logs and reports the means since the last report (nothing when no step was added).
    /// remainingAfter: steps of later phases, for the ETA.
    void report(const std::string& phase, int step, int total, int remainingAfter = 0);
    /// The means of the last report.
    const std::map<std::string, double>& last() const { return m_last; }

private:
    std::ofstream& m_log;
    std::function<void(const granular::TrainProgress&)> m_progress;
    bool m_phaseInLog;
    std::map<std::string, double> m_sums;
    std::map<std::string, double> m_last;
    int m_count = 0;
    std::chrono::steady_clock::time_point m_since = std::chrono::steady_clock::now();
};

} // namespace latentrack::models::training
