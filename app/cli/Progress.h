#pragma once
// Progress bars of the CLI's long commands: one line on stderr, rewritten in place.

#include <string>

#include "models/granular/GranularTrainer.h"

namespace latentrack::app {

/// h:mm:ss of a duration in seconds.
std::string clockText(double seconds);
/// [####....] phase step/total losses … steps/s ETA
void printProgress(const models::granular::TrainProgress& p);
/// [####....] label done/total (ends the line when done == total).
void printCount(const std::string& label, int done, int total);

} // namespace latentrack::app
