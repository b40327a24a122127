import Testing
import TerminalCore
@testable import Workbench

@Suite struct LineChartTests {
    @Test func brailleLineFallsFromTopLeftToBottomRight() {
        let chart = LineChart(series: [.init(name: "loss", points: [(0, 10), (1, 0)], role: .chartPrimary)])
        var grid = CellGrid(width: 20, height: 6)
        chart.draw(into: &grid, rect: Rect(x: 0, y: 0, width: 20, height: 6))
        let rows = (0..<5).map { grid.rowText($0) }
        // Labels: the top shows the maximum, the bottom the minimum.
        #expect(rows[0].hasPrefix("10"))
        #expect(rows[4].hasPrefix("0"))
        // The first plotted cell of the top row is near the left, of the bottom row near the right.
        func firstBraille(_ row: String) -> Int? {
            row.unicodeScalars.enumerated().first { (0x2801...0x28FF).contains($0.element.value) }?.offset
        }
        let top = try! #require(firstBraille(rows[0]))
        let bottom = try! #require(firstBraille(rows[4]))
        #expect(top < bottom)
        #expect(grid.role(x: top, y: 0) == .chartPrimary)
    }

    @Test func logScaleSkipsNonPositiveValuesAndLabelsInValueUnits() {
        var chart = LineChart(series: [.init(name: "loss", points: [(0, 100), (1, 10), (2, 1), (3, 0)], role: .chartPrimary)])
        chart.logScale = true
        var grid = CellGrid(width: 30, height: 8)
        chart.draw(into: &grid, rect: Rect(x: 0, y: 0, width: 30, height: 8))
        #expect(grid.rowText(0).hasPrefix("100"))
        #expect(grid.rowText(6).hasPrefix("1"))
        #expect(grid.rowText(3).hasPrefix("10"), "the middle of a log axis is the geometric mean")
    }

    @Test func fallbacksUseBlocksOrAscii() {
        var chart = LineChart(series: [.init(name: "a", points: [(0, 0), (1, 1), (2, 0)], role: .chartPrimary)])
        chart.resolution = .ascii
        var grid = CellGrid(width: 20, height: 6)
        chart.draw(into: &grid, rect: Rect(x: 0, y: 0, width: 20, height: 6))
        #expect(grid.text.contains("*"))
        #expect(!grid.text.unicodeScalars.contains { $0.value >= 0x2800 && $0.value <= 0x28FF })
        chart.resolution = .halfBlock
        grid = CellGrid(width: 20, height: 6)
        chart.draw(into: &grid, rect: Rect(x: 0, y: 0, width: 20, height: 6))
        #expect(grid.text.contains("▀") || grid.text.contains("▄") || grid.text.contains("█"))
    }

    @Test func emptyChartSaysSo() {
        let chart = LineChart(series: [])
        var grid = CellGrid(width: 30, height: 6)
        chart.draw(into: &grid, rect: Rect(x: 0, y: 0, width: 30, height: 6))
        #expect(grid.text.contains("no data yet"))
    }

    @Test func smoothingStartsAtTheFirstValueAndFollowsTheTrend() {
        let smoothed = Smoothing.exponentialMovingAverage([4, 4, 4, 0, 0, 0], weight: 0.5)
        #expect(abs(smoothed[0] - 4) < 1e-12)
        #expect(abs(smoothed[2] - 4) < 1e-12)
        #expect(smoothed[5] < smoothed[3])
        #expect(smoothed[5] > 0)
    }
}
