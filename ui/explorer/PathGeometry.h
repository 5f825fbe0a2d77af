#pragma once
// Plane geometry for editing a trajectory drawn in the latent-space explorer: hit-testing of
// points and segments, and Ramer–Douglas–Peucker simplification of a freehand stroke (Douglas
// & Peucker 1973), so that a drawn path has few enough points to edit one by one. All
// distances are in the units of the points given (the explorer passes widget pixels).
// Thread: any; pure functions.

#include <QPointF>
#include <vector>

namespace latentrack::ui::path {

/// Index of the point nearest to `at` no farther than `radius`, or −1.
int nearestPoint(const std::vector<QPointF>& points, QPointF at, double radius);

/// Index i of the segment points[i] → points[i+1] nearest to `at` no farther than `radius`,
/// or −1 (also for fewer than 2 points).
int nearestSegment(const std::vector<QPointF>& points, QPointF at, double radius);

/// Indices of the points Ramer–Douglas–Peucker keeps with tolerance `epsilon` ≥ 0: the first
/// and last point always, and every point farther than `epsilon` from the simplified line.
/// Ascending order.
std::vector<int> simplify(const std::vector<QPointF>& points, double epsilon);

} // namespace latentrack::ui::path
