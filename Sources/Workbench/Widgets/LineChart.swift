import Foundation
import TerminalCore

/// A line chart drawn into cells: braille dots (2×4 per cell) where the terminal has Unicode, half blocks
/// (1×2 per cell) as a fallback, and ASCII `*` for `--ascii`. Several series share the axes, each in its own role;
/// the y axis is linear or logarithmic, and labels show its range.
struct LineChart {
    enum Resolution {
        case braille, halfBlock, ascii

        var dotsPerCell: (x: Int, y: Int) {
            switch self {
            case .braille: return (2, 4)
            case .halfBlock: return (1, 2)
            case .ascii: return (1, 1)
            }
        }
    }

    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
        var role: StyleRole
    }

    var series: [Series]
    var logScale = false
    var resolution: Resolution = .braille
    /// Shown when no series has a point.
    var emptyText = "no data yet"

    /// The y value as plotted (log10 for a log scale; non-positive values are skipped there).
    private func plotted(_ y: Double) -> Double? {
        guard y.isFinite else { return nil }
        if logScale { return y > 0 ? log10(y) : nil }
        return y
    }

    /// Draws the chart with a y-axis label column on the left and an x range under it.
    func draw(into grid: inout CellGrid, rect: Rect) {
        let points = series.flatMap { $0.points }.compactMap { p in plotted(p.y).map { (p.x, $0) } }
        guard let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(),
              var minY = points.map(\.1).min(), var maxY = points.map(\.1).max(), rect.width > 12, rect.height > 3 else {
            grid.put(emptyText, x: rect.x + 1, y: rect.y + rect.height / 2, maxWidth: rect.width - 2, role: .muted)
            return
        }
        if minY == maxY {
            minY -= 0.5
            maxY += 0.5
        }
        let labels = [maxY, (maxY + minY) / 2, minY].map(axisLabel)
        let labelWidth = labels.map { $0.count }.max() ?? 0
        let plot = Rect(x: rect.x + labelWidth + 1, y: rect.y, width: rect.width - labelWidth - 1, height: rect.height - 1)
        guard plot.width > 2, plot.height > 1 else { return }
        grid.put(labels[0], x: rect.x, y: plot.y, role: .muted)
        grid.put(labels[1], x: rect.x, y: plot.y + plot.height / 2, role: .muted)
        grid.put(labels[2], x: rect.x, y: plot.maxY - 1, role: .muted)
        let xLeft = axisNumber(minX), xRight = axisNumber(maxX)
        grid.put(xLeft, x: plot.x, y: plot.maxY, role: .muted)
        grid.put(xRight, x: max(plot.x + xLeft.count + 1, plot.maxX - xRight.count), y: plot.maxY, role: .muted)

        let (dx, dy) = resolution.dotsPerCell
        let width = plot.width * dx, height = plot.height * dy
        var bits = [UInt8](repeating: 0, count: plot.width * plot.height)
        var owner = [Int](repeating: -1, count: plot.width * plot.height)

        func setDot(_ px: Int, _ py: Int, series index: Int) {
            guard px >= 0, px < width, py >= 0, py < height else { return }
            let cell = (py / dy) * plot.width + px / dx
            bits[cell] |= dotBit(column: px % dx, row: py % dy)
            owner[cell] = index
        }

        for (index, line) in series.enumerated() {
            var previous: (Int, Int)?
            for point in line.points {
                guard let y = plotted(point.y) else { previous = nil; continue }
                let px = maxX == minX ? width / 2 : Int(((point.x - minX) / (maxX - minX) * Double(width - 1)).rounded())
                let py = height - 1 - Int(((y - minY) / (maxY - minY) * Double(height - 1)).rounded())
                if let (qx, qy) = previous {
                    drawSegment(from: (qx, qy), to: (px, py)) { setDot($0, $1, series: index) }
                } else {
                    setDot(px, py, series: index)
                }
                previous = (px, py)
            }
        }

        for cy in 0..<plot.height {
            for cx in 0..<plot.width {
                let cell = cy * plot.width + cx
                guard bits[cell] != 0 else { continue }
                grid.put(glyph(bits[cell]), x: plot.x + cx, y: plot.y + cy, role: series[owner[cell]].role)
            }
        }
    }

    /// The bit for a dot inside a cell. For braille it is the Unicode dot numbering (1–3 and 7 down the left column,
    /// 4–6 and 8 down the right); for half blocks bit 0 is the upper half and bit 1 the lower.
    private func dotBit(column: Int, row: Int) -> UInt8 {
        switch resolution {
        case .braille:
            let left: [UInt8] = [0x01, 0x02, 0x04, 0x40], right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
            return column == 0 ? left[row] : right[row]
        case .halfBlock: return row == 0 ? 1 : 2
        case .ascii: return 1
        }
    }

    private func glyph(_ bits: UInt8) -> String {
        switch resolution {
        case .braille: return String(Character(Unicode.Scalar(0x2800 + UInt32(bits))!))
        case .halfBlock: return bits == 3 ? "█" : (bits == 1 ? "▀" : "▄")
        case .ascii: return "*"
        }
    }

    /// Bresenham's line between two dots.
    private func drawSegment(from a: (Int, Int), to b: (Int, Int), plot: (Int, Int) -> Void) {
        var (x0, y0) = a
        let (x1, y1) = b
        let dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1
        let dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        while true {
            plot(x0, y0)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x0 += sx }
            if e2 <= dx { error += dx; y0 += sy }
        }
    }

    private func axisLabel(_ plottedValue: Double) -> String {
        axisNumber(logScale ? pow(10, plottedValue) : plottedValue)
    }

    private func axisNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e7 { return String(Int(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e4 || magnitude < 1e-3 { return String(format: "%.2e", value) }
        return String(format: magnitude >= 100 ? "%.0f" : (magnitude >= 1 ? "%.2f" : "%.3f"), value)
    }
}

/// Exponential moving average with bias correction (the smoothing TensorBoard users know), for the smoothed loss.
enum Smoothing {
    static func exponentialMovingAverage(_ values: [Double], weight: Double = 0.9) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(values.count)
        var average = 0.0
        var count = 0
        for value in values where value.isFinite {
            count += 1
            average = weight * average + (1 - weight) * value
            result.append(average / (1 - pow(weight, Double(count))))
        }
        return result
    }
}
