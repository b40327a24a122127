import Foundation
import Runs
import TerminalCore

/// One run, live: the loss (raw, smoothed, and eval) large, a second chart that cycles through learning rate,
/// gradient norm, tokens/s and the detector's mean score of each evaluation's samples, a side panel with step, epoch, ETA, memory and the last checkpoint, and the latest
/// sample generations. Zoom shows the last `zoomSteps` steps or the whole run; the y axis is linear or log; a second
/// run can be overlaid for comparison.
struct RunView {
    enum SecondChart: CaseIterable {
        case learningRate, gradNorm, tokensPerSecond, detectorScore

        var title: String {
            switch self {
            case .learningRate: return "learning rate"
            case .gradNorm: return "gradient norm"
            case .tokensPerSecond: return "tokens/s"
            case .detectorScore: return "detector: mean P(machine) of the samples per eval"
            }
        }
    }

    var logScale = false
    var zoomed = false
    var zoomSteps = 100
    var second: SecondChart = .learningRate

    static let keyMap = KeyMap(title: "Run", bindings: [
        KeyBinding([.character("p")], .pauseRun),
        KeyBinding([.character("x")], .stopRun),
        KeyBinding([.character("r")], .resumeRun),
        KeyBinding([.character("z")], .toggleZoom),
        // Not `L`: that launches a run from the list and the config form.
        KeyBinding([.character("a")], .toggleLogScale),
        KeyBinding([.character("c")], .nextChart),
        KeyBinding([.character("o")], .compareRun),
    ])

    func draw(into grid: inout CellGrid, rect: Rect, run: RunEntry, compare: RunEntry?, glyphs: BoxGlyphs,
              resolution: LineChart.Resolution) {
        let panelWidth = min(34, rect.width / 3)
        let (charts, panel) = rect.splitLeft(rect.width - panelWidth)
        let samplesHeight = run.samples.isEmpty ? 0 : min(6, charts.height / 4)
        let chartArea = Rect(x: charts.x, y: charts.y, width: charts.width, height: charts.height - samplesHeight)
        let lossHeight = chartArea.height * 2 / 3
        let lossRect = Rect(x: chartArea.x, y: chartArea.y, width: chartArea.width, height: lossHeight)
        let secondRect = Rect(x: chartArea.x, y: chartArea.y + lossHeight, width: chartArea.width,
                              height: chartArea.height - lossHeight)

        let minStep = zoomed ? max(0, run.step - zoomSteps) : 0
        func visible(_ records: [MetricsRecord]) -> [MetricsRecord] { records.filter { $0.step >= minStep } }
        let train = visible(run.trainRecords)
        let losses = train.compactMap { r in r.loss.map { (Double(r.step), $0) } }
        let smoothed = Smoothing.exponentialMovingAverage(losses.map(\.1))
        var series: [LineChart.Series] = [
            .init(name: "loss", points: losses.map { (x: $0.0, y: $0.1) }, role: .chartSecondary),
            .init(name: "smoothed", points: zip(losses, smoothed).map { (x: $0.0.0, y: $0.1) }, role: .chartPrimary),
            .init(name: "eval", points: visible(run.evalRecords).compactMap { r in r.evalLoss.map { (x: Double(r.step), y: $0) } },
                  role: .chartTertiary),
        ]
        if let compare {
            let other = visible(compare.trainRecords).compactMap { r in r.loss.map { (Double(r.step), $0) } }
            let otherSmoothed = Smoothing.exponentialMovingAverage(other.map(\.1))
            series.append(.init(name: compare.name, points: zip(other, otherSmoothed).map { (x: $0.0.0, y: $0.1) },
                                role: .muted))
        }
        let lossTitle = "loss" + (logScale ? " (log)" : "") + (zoomed ? " · last \(zoomSteps) steps" : " · all steps")
            + " — raw, smoothed, eval" + (compare.map { ", vs \($0.name)" } ?? "")
        grid.drawBox(lossRect, glyphs: glyphs, title: lossTitle, titleRole: .title)
        var lossChart = LineChart(series: series, logScale: logScale, resolution: resolution)
        lossChart.emptyText = run.status == .preparing ? "preparing: loading the model and data…" : "no steps yet"
        lossChart.draw(into: &grid, rect: lossRect.inset(by: 1))

        let secondValues: [(Double, Double)]
        if second == .detectorScore {
            secondValues = visible(run.detectRecords).compactMap { r in r.detectorScore.map { (Double(r.step), $0) } }
        } else {
            secondValues = train.compactMap { r in
                let value: Double?
                switch second {
                case .learningRate: value = r.learningRate
                case .gradNorm: value = r.gradNorm
                case .tokensPerSecond: value = r.tokensPerSecond
                case .detectorScore: value = nil
                }
                return value.map { (Double(r.step), $0) }
            }
        }
        grid.drawBox(secondRect, glyphs: glyphs, title: second.title + " (c: next chart)", titleRole: .title)
        var secondChart = LineChart(series: [.init(name: second.title, points: secondValues.map { (x: $0.0, y: $0.1) },
                                                    role: .chartPrimary)], resolution: resolution)
        if second == .detectorScore {
            secondChart.emptyText = run.detectRecords.isEmpty
                ? "no detector: set [detector] method in the run config (stats, fast-detectgpt, binoculars)"
                : "every sample so far was too short for the detector to judge"
        }
        secondChart.draw(into: &grid, rect: secondRect.inset(by: 1))

        if samplesHeight > 0 {
            let samplesRect = Rect(x: charts.x, y: chartArea.maxY, width: charts.width, height: samplesHeight)
            grid.drawBox(samplesRect, glyphs: glyphs, title: "samples", titleRole: .title)
            let inner = samplesRect.inset(by: 1)
            for (i, sample) in run.samples.suffix(inner.height).reversed().enumerated() {
                // The detector's P(machine) first, so that it stays visible however long the text is.
                let score = sample.detector == nil ? "" : (sample.detectorScore.map { String(format: "[%.2f] ", $0) } ?? "[—] ")
                let text = score + "step \(sample.step): \(sample.prompt ?? "") ⟶ \(sample.text ?? "")"
                grid.put(text, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, role: i == 0 ? .text : .muted)
            }
        }
        drawPanel(into: &grid, rect: panel, run: run, glyphs: glyphs)
    }

    private func drawPanel(into grid: inout CellGrid, rect: Rect, run: RunEntry, glyphs: BoxGlyphs) {
        grid.drawBox(rect, glyphs: glyphs, title: run.name, titleRole: .accent)
        let inner = rect.inset(by: 1)
        var lines: [(String, String, StyleRole)] = []
        let status = run.status
        lines.append(("status", status?.rawValue ?? "unknown", status == .failed ? .error : (status == .completed ? .success : .accent)))
        let snapshot = run.snapshot
        if run.isStale, let last = run.folder.lastActivity() {
            lines.append(("stale", "no update for " + Self.duration(Date().timeIntervalSince(last)), .warning))
        }
        if let host = snapshot?.host, host != RunFolder.localHost { lines.append(("host", host, .text)) }
        if let gpus = snapshot?.gpus { lines.append(("on", gpus, .text)) }
        let total = run.totalSteps
        lines.append(("step", total > 0 ? "\(run.step) / \(total)" : "\(run.step)", .text))
        if let snapshot {
            lines.append(("epoch", String(format: "%.2f", snapshot.epoch), .text))
            if !snapshot.activity.isEmpty { lines.append(("doing", snapshot.activity, .muted)) }
        } else if let epoch = run.trainRecords.last?.epoch {
            lines.append(("epoch", String(format: "%.2f", epoch), .text))
        }
        if let loss = run.trainRecords.last?.loss { lines.append(("loss", String(format: "%.4f", loss), .text)) }
        if let eval = run.evalRecords.last?.evalLoss { lines.append(("eval loss", String(format: "%.4f", eval), .text)) }
        if let detect = run.detectRecords.last {
            let value = detect.detectorScore.map { String(format: "%.2f P(machine)", $0) } ?? "samples too short"
            lines.append(("detector", value + " · \(detect.detector ?? "")", .text))
        }
        if let lr = run.trainRecords.last?.learningRate { lines.append(("lr", String(format: "%.3g", lr), .text)) }
        if let tps = snapshot?.tokensPerSecond ?? run.trainRecords.last?.tokensPerSecond {
            lines.append(("tokens/s", String(format: "%.0f", tps), .text))
        }
        if let eta = snapshot?.etaSeconds, status == .running { lines.append(("ETA", Self.duration(eta), .text)) }
        if let elapsed = snapshot?.elapsedSeconds ?? run.trainRecords.last?.elapsedSeconds {
            lines.append(("elapsed", Self.duration(elapsed), .text))
        }
        if let memory = snapshot?.memoryBytes, memory > 0 {
            lines.append(("memory", ByteCountText.format(UInt64(memory)), .text))
        }
        if let checkpoint = snapshot?.lastCheckpoint?.step {
            lines.append(("checkpoint", "step \(checkpoint)", .text))
        }
        if let skipped = snapshot?.skippedRecords, skipped > 0 {
            lines.append(("skipped", "\(skipped) records", .warning))
        }
        if let error = snapshot?.error { lines.append(("error", error, .error)) }
        lines.append(("", "", .text))
        let paused = snapshot?.status == .paused
        lines.append(("keys", run.live != nil ? (paused ? "p continue · x stop" : "p pause · x stop") : "r resume", .muted))
        lines.append(("", "z zoom · a log axis · c chart · o compare", .muted))

        var y = inner.y
        for (label, value, role) in lines where y < inner.maxY {
            grid.put(label, x: inner.x + 1, y: y, maxWidth: 11, role: .muted)
            let wrapped = TextLayout.wrap(value, columns: max(1, inner.width - 13), maxLines: 4)
            for line in wrapped where y < inner.maxY {
                grid.put(line, x: inner.x + 12, y: y, maxWidth: inner.width - 13, role: role)
                y += 1
            }
            if wrapped.isEmpty { y += 1 }
        }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        // An ETA of a run with a huge max_steps must not overflow Int (a crash): past a year it is just "> 1 y".
        guard seconds < 365 * 86_400 else { return "> 1 y" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(s % 60)s" }
        return "\(s / 3600)h \(s % 3600 / 60)m"
    }
}
