#pragma once
// The process's CPU time (every thread: audio, control, the model's worker) per second of wall
// time since the previous sample, as a share of one core — what decides whether the module
// keeps up, and what its screen shows. Thread: the one that samples it (the display thread).

namespace latentrack::embedded::module {

class ProcessCpuMeter {
public:
    /// The load since the previous call (0 on the first), 0 … cores.
    float sample();

private:
    double m_wall = 0.0, m_cpu = 0.0;
    float m_load = 0.0f;
};

} // namespace latentrack::embedded::module
