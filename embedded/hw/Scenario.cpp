#include "embedded/hw/Scenario.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/io/AtomicFile.h"

namespace latentrack::embedded::hw {

namespace {

ScenarioEvent::Kind kindOf(const std::string& name, const std::string& where) {
    if (name == "cv")
        return ScenarioEvent::Kind::Cv;
    if (name == "gate")
        return ScenarioEvent::Kind::Gate;
    if (name == "encoder")
        return ScenarioEvent::Kind::Encoder;
    if (name == "push")
        return ScenarioEvent::Kind::Push;
    throw ScenarioError(where + ": unknown event kind \"" + name +
                        "\" (cv, gate, encoder or push)");
}

void checkEvent(const ScenarioEvent& e, const std::string& where) {
    if (!std::isfinite(e.t) || e.t < 0.0)
        throw ScenarioError(where + ": the time must be a number of seconds ≥ 0");
    if (!std::isfinite(e.value))
        throw ScenarioError(where + ": the value is not a number");
    if (e.kind == ScenarioEvent::Kind::Cv && (e.input < 1 || e.input > kCvInputs))
        throw ScenarioError(where + ": CV input " + std::to_string(e.input) + " (the module has " +
                            std::to_string(kCvInputs) + ", numbered from 1)");
    if (e.kind == ScenarioEvent::Kind::Gate && (e.input < 1 || e.input > kGateInputs))
        throw ScenarioError(where + ": gate input " + std::to_string(e.input) +
                            " (the module has " + std::to_string(kGateInputs) +
                            ", numbered from 1)");
}

double number(const std::string& field, const std::string& where) {
    try {
        std::size_t used = 0;
        const double v = std::stod(field, &used);
        if (used != field.size())
            throw std::invalid_argument(field);
        return v;
    } catch (const std::exception&) {
        throw ScenarioError(where + ": \"" + field + "\" is not a number");
    }
}

std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(" \t\r");
    const auto b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

} // namespace

Scenario Scenario::parseCsv(const std::string& text, const std::string& what) {
    Scenario s;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    bool header = false;
    double explicitEnd = -1.0;
    while (std::getline(in, line)) {
        ++lineNo;
        line = trimmed(line);
        if (line.empty() || line[0] == '#')
            continue;
        std::vector<std::string> f;
        std::stringstream ls(line);
        for (std::string cell; std::getline(ls, cell, ',');)
            f.push_back(trimmed(cell));
        const std::string where = what + " line " + std::to_string(lineNo);
        if (!header) {
            if (f.size() != 4 || f[0] != "t" || f[1] != "kind" || f[2] != "input" ||
                f[3] != "value")
                throw ScenarioError(where +
                                    ": the first line must be the header t,kind,input,value");
            header = true;
            continue;
        }
        if (f.size() == 2 && f[0] == "end") {
            explicitEnd = number(f[1], where);
            continue;
        }
        if (f.size() != 4)
            throw ScenarioError(where + ": " + std::to_string(f.size()) +
                                " fields where t,kind,input,value are four");
        ScenarioEvent e;
        e.t = number(f[0], where);
        e.kind = kindOf(f[1], where);
        e.input = static_cast<int>(number(f[2], where));
        e.value = static_cast<float>(number(f[3], where));
        checkEvent(e, where);
        s.m_events.push_back(e);
    }
    if (!header)
        throw ScenarioError(what + ": empty (no header t,kind,input,value)");
    s.m_duration = explicitEnd;
    s.finish(what);
    return s;
}

Scenario Scenario::parseJson(const std::string& text, const std::string& what) {
    Scenario s;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const std::exception& e) {
        throw ScenarioError(what + ": not JSON: " + e.what());
    }
    if (!j.is_object() || !j.contains("events") || !j["events"].is_array())
        throw ScenarioError(what + ": expected {\"events\": [...]}");
    int k = 0;
    for (const auto& ej : j["events"]) {
        const std::string where = what + " event " + std::to_string(++k);
        try {
            ScenarioEvent e;
            e.t = ej.at("t").get<double>();
            e.kind = kindOf(ej.at("kind").get<std::string>(), where);
            e.input = ej.value("input", 0);
            e.value = ej.value("value", 1.0f);
            checkEvent(e, where);
            s.m_events.push_back(e);
        } catch (const nlohmann::json::exception& e) {
            throw ScenarioError(where + ": " + e.what());
        }
    }
    s.m_duration = j.value("duration", -1.0);
    s.finish(what);
    return s;
}

Scenario Scenario::load(const std::filesystem::path& file) {
    std::string text;
    try {
        text = core::io::readFile(file);
    } catch (const std::exception& e) {
        throw ScenarioError(file.string() + ": cannot read: " + e.what());
    }
    const auto ext = file.extension().string();
    const auto first = text.find_first_not_of(" \t\r\n");
    const bool json =
        ext == ".json" || (ext != ".csv" && first != std::string::npos && text[first] == '{');
    return json ? parseJson(text, file.string()) : parseCsv(text, file.string());
}

void Scenario::finish(const std::string& what) {
    std::stable_sort(m_events.begin(), m_events.end(),
                     [](const ScenarioEvent& a, const ScenarioEvent& b) { return a.t < b.t; });
    const double last = m_events.empty() ? 0.0 : m_events.back().t;
    if (m_duration < 0.0)
        m_duration = last;
    if (!std::isfinite(m_duration) || m_duration < last)
        throw ScenarioError(what + ": the duration ends before the last event");
}

std::array<float, kCvInputs> Scenario::cvAt(double t) const {
    std::array<float, kCvInputs> out{};
    for (int i = 1; i <= kCvInputs; ++i) {
        const ScenarioEvent* before = nullptr;
        const ScenarioEvent* after = nullptr;
        for (const auto& e : m_events) {
            if (e.kind != ScenarioEvent::Kind::Cv || e.input != i)
                continue;
            if (e.t <= t)
                before = &e;
            else {
                after = &e;
                break;
            }
        }
        float v = 0.0f;
        if (before && after)
            v = before->value + static_cast<float>((t - before->t) / (after->t - before->t)) *
                                    (after->value - before->value);
        else if (before)
            v = before->value;
        out[static_cast<std::size_t>(i - 1)] = v;
    }
    return out;
}

std::array<float, kGateInputs> Scenario::gatesAt(double t) const {
    std::array<float, kGateInputs> out{};
    for (const auto& e : m_events)
        if (e.kind == ScenarioEvent::Kind::Gate && e.t <= t)
            out[static_cast<std::size_t>(e.input - 1)] = e.value;
    return out;
}

int Scenario::detentsBetween(double from, double to) const {
    int n = 0;
    for (const auto& e : m_events)
        if (e.kind == ScenarioEvent::Kind::Encoder && e.t > from && e.t <= to)
            n += static_cast<int>(std::lround(e.value));
    return n;
}

bool Scenario::pushedAt(double t) const {
    bool pushed = false;
    for (const auto& e : m_events)
        if (e.kind == ScenarioEvent::Kind::Push && e.t <= t)
            pushed = e.value != 0.0f;
    return pushed;
}

} // namespace latentrack::embedded::hw
