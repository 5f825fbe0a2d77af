#pragma once
// A producer's queue into the engine (STYLE.md §4). Exactly one thread may push to a port;
// the audio thread drains every port at the top of each block.

#include "core/engine/Command.h"

namespace latentrack::core::engine {

class CommandPort {
public:
    virtual ~CommandPort() = default;
    /// Never blocks or allocates; false when the queue is full (the command is not sent).
    /// Thread: the port's one producer.
    virtual bool push(const Command& command) noexcept = 0;
};

} // namespace latentrack::core::engine
