#pragma once
// A scripted timeline of what a patch does to the module's inputs, for tests and demos: CV
// keyframes (volts, linearly interpolated between keyframes of the same input, held after the
// last; 0 V before the first), gate levels (volts, held until the next event), encoder turns
// (detents) and pushes.
//
// Two file forms, one meaning:
//   CSV  — a header "t,kind,input,value" then one event per line, e.g.
//            0.0,gate,1,5        gate 1 goes to 5 V at 0 s
//            0.5,cv,2,-5         CV 2 at −5 V at 0.5 s …
//            4.5,cv,2,5          … ramping to +5 V at 4.5 s
//            2.0,encoder,0,1     one detent clockwise
//            3.0,push,0,1        pushed (value 0: released)
//          '#' starts a comment line; "end,<seconds>" may give the duration.
//   JSON — {"duration": 6.0, "events": [{"t": 0.0, "kind": "gate", "input": 1, "value": 5}, …]}
// Inputs are numbered from 1 as on the panel (CV 1–4, gate 1–2).
//
// Thread: parse anywhere; a Scenario is immutable after parsing, its queries are const.

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "embedded/hw/Hardware.h"

namespace latentrack::embedded::hw {

class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ScenarioEvent {
    enum class Kind { Cv, Gate, Encoder, Push };
    double t = 0.0; ///< seconds from the start
    Kind kind = Kind::Cv;
    int input = 0; ///< 1-based for cv and gate; unused for encoder and push
    float value = 0.0f;
};

class Scenario {
public:
    /// Reads a .csv or .json file (chosen by its extension, else by its first character).
    /// Throws ScenarioError naming the file, line and reason (unknown kind, input out of range,
    /// time going backwards, a value that is not a number).
    static Scenario load(const std::filesystem::path& file);
    static Scenario parseCsv(const std::string& text, const std::string& what = "scenario");
    static Scenario parseJson(const std::string& text, const std::string& what = "scenario");

    /// Seconds the scenario lasts: its "duration"/"end", else its last event's time.
    double duration() const noexcept { return m_duration; }
    const std::vector<ScenarioEvent>& events() const noexcept { return m_events; }

    /// CV voltages and gate voltages at time `t`.
    std::array<float, kCvInputs> cvAt(double t) const;
    std::array<float, kGateInputs> gatesAt(double t) const;
    /// Encoder detents of the events in (from, to], and whether the knob is pushed at `to`.
    int detentsBetween(double from, double to) const;
    bool pushedAt(double t) const;

private:
    void finish(const std::string& what);
    std::vector<ScenarioEvent> m_events; ///< sorted by time (stable)
    double m_duration = 0.0;
};

} // namespace latentrack::embedded::hw
