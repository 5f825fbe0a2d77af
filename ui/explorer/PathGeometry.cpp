#include "ui/explorer/PathGeometry.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace latentrack::ui::path {

namespace {
double distance(QPointF a, QPointF b) {
    return std::hypot(a.x() - b.x(), a.y() - b.y());
}

/// Distance from p to the segment a → b.
double segmentDistance(QPointF p, QPointF a, QPointF b) {
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    if (len2 <= 0.0)
        return distance(p, a);
    const double t = std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0);
    return distance(p, a + t * ab);
}
} // namespace

int nearestPoint(const std::vector<QPointF>& points, QPointF at, double radius) {
    int best = -1;
    double bestDistance = radius;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double d = distance(points[i], at);
        if (d <= bestDistance) {
            best = static_cast<int>(i);
            bestDistance = d;
        }
    }
    return best;
}

int nearestSegment(const std::vector<QPointF>& points, QPointF at, double radius) {
    int best = -1;
    double bestDistance = radius;
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        const double d = segmentDistance(at, points[i], points[i + 1]);
        if (d <= bestDistance) {
            best = static_cast<int>(i);
            bestDistance = d;
        }
    }
    return best;
}

std::vector<int> simplify(const std::vector<QPointF>& points, double epsilon) {
    const int n = static_cast<int>(points.size());
    if (n <= 2) {
        std::vector<int> all(static_cast<std::size_t>(n));
        std::iota(all.begin(), all.end(), 0);
        return all;
    }
    std::vector<bool> keep(static_cast<std::size_t>(n), false);
    keep.front() = keep.back() = true;
    std::vector<std::pair<int, int>> spans{{0, n - 1}}; // iterative: no recursion depth limit
    while (!spans.empty()) {
        const auto [first, last] = spans.back();
        spans.pop_back();
        int farthest = -1;
        double farthestDistance = epsilon;
        for (int i = first + 1; i < last; ++i) {
            const double d = segmentDistance(points[static_cast<std::size_t>(i)],
                                             points[static_cast<std::size_t>(first)],
                                             points[static_cast<std::size_t>(last)]);
            if (d > farthestDistance) {
                farthest = i;
                farthestDistance = d;
            }
        }
        if (farthest < 0)
            continue;
        keep[static_cast<std::size_t>(farthest)] = true;
        spans.emplace_back(first, farthest);
        spans.emplace_back(farthest, last);
    }
    std::vector<int> out;
    for (int i = 0; i < n; ++i)
        if (keep[static_cast<std::size_t>(i)])
            out.push_back(i);
    return out;
}

} // namespace latentrack::ui::path
