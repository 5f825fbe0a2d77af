// Geometry of trajectory editing in the latent-space explorer: hit-testing and the
// Ramer–Douglas–Peucker simplification of a freehand stroke.

#include <cmath>

#include <gtest/gtest.h>

#include "ui/explorer/PathGeometry.h"

using namespace latentrack::ui;

TEST(PathGeometry, SimplifyKeepsCornersAndDropsCollinearPoints) {
    // An L of 21 points: 10 steps right, 10 steps up, with sub-tolerance jitter.
    std::vector<QPointF> stroke;
    for (int i = 0; i <= 10; ++i)
        stroke.emplace_back(10.0 * i, (i % 2) * 0.5);
    for (int i = 1; i <= 10; ++i)
        stroke.emplace_back(100.0 + (i % 2) * 0.5, 10.0 * i);
    EXPECT_EQ(path::simplify(stroke, 1.5), (std::vector<int>{0, 10, 20}));
    // Exactly collinear points go even with no tolerance; a zig-zag keeps every point.
    EXPECT_EQ(path::simplify({{0, 0}, {1, 1}, {2, 2}, {3, 3}}, 0.0), (std::vector<int>{0, 3}));
    EXPECT_EQ(path::simplify({{0, 0}, {1, 1}, {2, 0}, {3, 1}}, 0.0),
              (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(path::simplify({}, 1.0).size(), 0u);
    EXPECT_EQ(path::simplify({{1, 1}}, 1.0), (std::vector<int>{0}));
}

TEST(PathGeometry, HitTestingFindsTheNearestPointAndSegmentWithinTheRadius) {
    const std::vector<QPointF> p{{0, 0}, {100, 0}, {100, 100}};
    EXPECT_EQ(path::nearestPoint(p, {98, 3}, 8.0), 1);
    EXPECT_EQ(path::nearestPoint(p, {50, 3}, 8.0), -1);
    EXPECT_EQ(path::nearestSegment(p, {50, 3}, 8.0), 0);
    EXPECT_EQ(path::nearestSegment(p, {104, 60}, 8.0), 1);
    EXPECT_EQ(path::nearestSegment(p, {50, 50}, 8.0), -1);
    EXPECT_EQ(path::nearestSegment({{5, 5}}, {5, 5}, 8.0), -1);
}
