import Datasets
import Detector
import Foundation
import Support
import TerminalCore

/// One record opened from the list: its score and decision, why the detector scored it so (the model-free tier's
/// features against their human ranges, or the language-model tier's per-token surprise as a heat map with its
/// legend), the text, and the record's other fields. The explanation of a language model runs in the background.
final class ReviewRecordPane {
    let index: Int
    let record: Record?
    let readError: String?
    private(set) var explanation: TextExplanation?
    private(set) var explanationError: String?
    private var job: BackgroundTask<Void, TextExplanation>?
    var scroll = 0
    /// Rows of content shown at the last draw (the page size).
    private(set) var visibleRows = 10

    init(session: ReviewSession, index: Int) {
        self.index = index
        var read: Record?
        var problem: String?
        do { read = try session.dataset.record(at: index) } catch { problem = "\(error)" }
        record = read
        readError = problem
        guard let statistic = session.statistic, let text = read?.value?[session.field]?.stringValue else { return }
        if statistic.isConcurrent {
            do { explanation = try statistic.explanation(text) } catch { explanationError = "\(error)" }
        } else {
            job = BackgroundTask(name: "loom.review.explain") { _ in try statistic.explanation(text) }
        }
    }

    deinit { job?.cancel() }

    /// Picks up a finished explanation; true when it just arrived.
    func poll() -> Bool {
        guard let result = job?.result else { return false }
        job = nil
        switch result {
        case .success(let value): explanation = value
        case .failure(let error): explanationError = "\(error)"
        }
        return true
    }

    /// A run of text in one style; a line of the pane is a list of them.
    struct Segment: Sendable {
        var text: String
        var role: StyleRole
    }

    /// The pane's lines at `width` columns.
    func lines(session: ReviewSession, width: Int) -> [[Segment]] {
        guard readError == nil, let record else { return [[Segment(text: readError ?? "", role: .error)]] }
        let item = session.items[index]
        var out: [[Segment]] = []
        func line(_ text: String, _ role: StyleRole = .text) { out.append([Segment(text: text, role: role)]) }

        // The verdict line: score, detector's call, length, decision.
        var head: [Segment] = []
        switch item.standing(under: session.rule) {
        case .flagged: head.append(Segment(text: "FLAGGED ", role: .flagged))
        case .human: head.append(Segment(text: "human-like ", role: .success))
        case .abstained: head.append(Segment(text: "abstained ", role: .muted))
        case .skipped: head.append(Segment(text: "not scored ", role: .error))
        case .pending: head.append(Segment(text: "scoring… ", role: .muted))
        }
        if let p = item.probability(under: session.rule), let s = item.statistic {
            head.append(Segment(text: "P(machine) \(ReviewFormat.probability(p)) · \(session.method.statisticName) \(ReviewFormat.statistic(s)) ", role: .text))
        }
        head.append(Segment(text: "· \(item.record.words) words · line \(item.line)", role: .muted))
        out.append(head)
        if let reason = item.abstainReason { line("  " + reason, .muted) }
        if let reason = item.skipped ?? item.record.problem { line("  " + reason, .error) }
        if item.truncated { line("  only the start of this long text was scored", .muted) }
        let decided = session.verdict(of: item)
        if let decision = decided.decision {
            let note = decision.note.map { " — \"\($0)\"" } ?? ""
            if decided.stale {
                line("decision \(decision.verdict.rawValue)\(note): STALE — the record changed since it was decided; decide again", .warning)
            } else {
                line("decision: \(decision.verdict.rawValue)\(note)", decision.verdict == .drop ? .error : decision.verdict == .keep ? .success : .warning)
            }
        } else {
            line("decision: none yet (k keep · d drop · u unsure)", .muted)
        }
        line("")

        let text = record.value?[session.field]?.stringValue
        switch explanation {
        case .features(let features, _)?:
            line("Why: the features that pushed the score (human range = 5th–95th percentile of human texts)", .title)
            let nameWidth = max(12, features.map { $0.feature.count }.max() ?? 12)
            for f in features {
                let direction = f.push >= 0 ? "→ machine" : "→ human"
                let padded = f.feature.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                let range = "\(f.position) \(Self.number(f.humanLow))–\(Self.number(f.humanHigh))"
                out.append([
                    Segment(text: "  \(padded) " + Self.number(f.value).padding(toLength: 8, withPad: " ", startingAt: 0), role: .text),
                    Segment(text: range.padding(toLength: max(24, range.count + 1), withPad: " ", startingAt: 0),
                            role: f.position == "within" ? .muted : .warning),
                    Segment(text: String(format: "%+.2f ", f.push) + direction, role: f.push >= 0 ? .flagged : .success),
                ])
            }
            line("")
            line("Text (\(session.field))", .title)
            for wrapped in TextLayout.wrap(text ?? "", columns: max(10, width), maxLines: 2_000) { line(wrapped) }
        case .tokens(let tokens)?:
            line("Why: each token coloured by how the model ranked it (GLTR); predictable text reads as machine", .title)
            out.append(Self.legend)
            line("")
            out += Self.heatMap(tokens, width: max(10, width))
        case .unavailable?, nil:
            if let explanationError { line("no explanation: \(explanationError)", .error) }
            else if job != nil { line("explaining (running the language model)…", .muted) }
            line("Text (\(session.field))", .title)
            for wrapped in TextLayout.wrap(text ?? "", columns: max(10, width), maxLines: 2_000) { line(wrapped) }
        }

        if case .object(let members)? = record.value, members.count > 1 {
            line("")
            line("Other fields", .title)
            for member in members where !member.hasKey(session.field) {
                let value = member.value.stringValue ?? JSONFormatter.compact(member.value)
                out.append([Segment(text: "  \(member.key): ", role: .accent), Segment(text: value, role: .text)])
            }
        }
        return out
    }

    /// GLTR's four rank buckets, most predictable first.
    static let bucketRoles: [StyleRole] = [.flagged, .warning, .text, .accent]
    static let legend: [Segment] = [
        Segment(text: "  ■ top-10 ", role: bucketRoles[0]), Segment(text: "■ top-100 ", role: bucketRoles[1]),
        Segment(text: "■ top-1000 ", role: bucketRoles[2]), Segment(text: "■ rarer (surprising)", role: bucketRoles[3]),
    ]

    /// The tokens laid out as text, each in its bucket's colour, wrapped at `width` (a newline starts a new line).
    static func heatMap(_ tokens: [TokenSurprise], width: Int) -> [[Segment]] {
        var lines: [[Segment]] = [[]]
        var used = 0
        for token in tokens {
            let role = token.bucket < 0 ? StyleRole.muted : bucketRoles[min(token.bucket, 3)]
            let parts = token.token.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() {
                if i > 0 { lines.append([]); used = 0 }
                var piece = SafeText.visible(part)
                while !piece.isEmpty {
                    let room = width - used
                    let w = DisplayWidth.of(piece)
                    if w <= room {
                        lines[lines.count - 1].append(Segment(text: piece, role: role))
                        used += w
                        break
                    }
                    if used > 0 && w <= width {
                        lines.append([])
                        used = 0
                        continue
                    }
                    let head = TextLayout.truncate(piece, to: room, ellipsis: "")
                    lines[lines.count - 1].append(Segment(text: head, role: role))
                    piece = String(piece.dropFirst(head.count))
                    lines.append([])
                    used = 0
                }
            }
        }
        return lines
    }

    static func number(_ value: Double) -> String {
        abs(value) >= 100 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.3g", value)
    }

    func draw(into grid: inout CellGrid, rect: Rect, session: ReviewSession) {
        let content = lines(session: session, width: rect.width - 2)
        visibleRows = max(1, rect.height)
        scroll = max(0, min(scroll, content.count - visibleRows))
        for (row, segments) in content.dropFirst(scroll).prefix(rect.height).enumerated() {
            var x = rect.x + 1
            for segment in segments {
                let used = grid.put(segment.text, x: x, y: rect.y + row, maxWidth: rect.maxX - x, role: segment.role)
                x += used
                if x >= rect.maxX { break }
            }
        }
    }
}
