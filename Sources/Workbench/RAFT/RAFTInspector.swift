import Datasets
import TerminalCore

/// One RAFT file, one record at a time: the question, the documents with their roles, the selected document with
/// every quote highlighted where it occurs, the chain-of-thought answer with its quotes marked by where they were
/// found (oracle, only a distractor, nowhere), the final answer and the record's flags. `f`/`F` select a quote and
/// jump to it inside its document. The panes have fixed heights and the selected document slot is kept, so moving
/// between records keeps the layout and the eye can compare like with like.
final class RAFTInspector {
    let file: RAFTFile
    private(set) var row = 0
    private(set) var current: Result<RAFTRecord, RAFTRecordError>?
    private(set) var documentIndex = 0
    private(set) var quoteIndex: Int?
    private(set) var documentTop = 0
    private(set) var answerTop = 0
    /// Flags that need the whole file (repeated questions), from the section's background validation.
    var report: RAFTValidationReport?
    var pendingMessage: StatusMessage?

    /// The geometry of the last frame, used to scroll before the next one is drawn.
    private var documentRows = 8
    private var answerRows = 6
    private var columns = 60
    private var documentCache: (key: String, text: RAFTWrappedText)?
    private var answerCache: (key: String, text: RAFTWrappedText)?

    /// Fixed rows of the layout: question (2), document list (4), two rules, answer, flags.
    static let questionRows = 2
    static let documentListRows = 4

    init(file: RAFTFile) {
        self.file = file
        load(row: 0)
    }

    var rowCount: Int { file.rowCount }
    var record: RAFTRecord? { try? current?.get() }

    static let keyMap = KeyMap(title: "RAFT record", bindings: [
        KeyBinding([.character("n"), .character("]")], .nextRecord),
        KeyBinding([.character("p"), .character("[")], .previousRecord),
        KeyBinding([.character("g"), .home], .top),
        KeyBinding([.character("G"), .end], .bottom),
        KeyBinding([.character("d")], .nextDocument),
        KeyBinding([.character("D")], .previousDocument),
        KeyBinding([.character("o")], .oracleDocument),
        KeyBinding([.character("f")], .nextQuote),
        KeyBinding([.character("F")], .previousQuote),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.pageDown, .control("f"), .character(" ")], .pageDown),
        KeyBinding([.pageUp, .control("b")], .pageUp),
        KeyBinding([.control("d")], .halfPageDown),
        KeyBinding([.control("u")], .halfPageUp),
        KeyBinding([.character("J")], .scrollAnswerDown),
        KeyBinding([.character("K")], .scrollAnswerUp),
    ])

    /// Reads row `row`; the document slot is kept (clamped), scrolling and the quote selection start afresh.
    func load(row newRow: Int) {
        let count = file.rowCount
        row = count == 0 ? 0 : min(max(0, newRow), count - 1)
        current = count == 0 ? nil : file.record(at: row)
        let documents = record?.documents.count ?? 0
        documentIndex = documents == 0 ? 0 : min(documentIndex, documents - 1)
        quoteIndex = nil
        documentTop = 0
        answerTop = 0
        documentCache = nil
        answerCache = nil
    }

    func perform(_ command: Command) -> Bool {
        switch command {
        case .nextRecord: move(to: row + 1)
        case .previousRecord: move(to: row - 1)
        case .top: move(to: 0)
        case .bottom: move(to: file.rowCount - 1)
        case .nextDocument, .previousDocument:
            let count = record?.documents.count ?? 0
            guard count > 0 else { return true }
            documentIndex = (documentIndex + (command == .nextDocument ? 1 : count - 1)) % count
            documentTop = 0
        case .oracleDocument:
            guard let record else { return true }
            if let oracle = record.oracleIndices.first {
                documentIndex = oracle
                documentTop = 0
            } else {
                pendingMessage = StatusMessage(record.oraclePresent == false ? "the oracle was left out of this record"
                                               : "the oracle " + record.oracleEvidence.summary, isError: true)
            }
        case .nextQuote, .previousQuote:
            selectQuote(forward: command == .nextQuote)
        case .moveDown: documentTop += 1
        case .moveUp: documentTop -= 1
        case .pageDown: documentTop += documentRows
        case .pageUp: documentTop -= documentRows
        case .halfPageDown: documentTop += documentRows / 2
        case .halfPageUp: documentTop -= documentRows / 2
        case .scrollAnswerDown: answerTop += 1
        case .scrollAnswerUp: answerTop -= 1
        default: return false
        }
        clampScrolling()
        return true
    }

    private func move(to newRow: Int) {
        guard file.rowCount > 0 else { return }
        let target = min(max(0, newRow), file.rowCount - 1)
        if target != row { load(row: target) }
    }

    /// Selects the next (or previous) quote, shows the document that holds it (an oracle first) scrolled to it, and
    /// scrolls the answer to it too; a quote found in no document is said so.
    private func selectQuote(forward: Bool) {
        guard let record, !record.quotes.isEmpty else {
            pendingMessage = StatusMessage("this record's answer quotes nothing")
            return
        }
        let count = record.quotes.count
        let next = quoteIndex.map { (forward ? $0 + 1 : $0 - 1 + count) % count } ?? (forward ? 0 : count - 1)
        quoteIndex = next
        let quote = record.quotes[next]
        let answer = answerText(for: record)
        answerTop = max(0, answer.lineIndex(of: quote.range.lowerBound) - 1)
        let location = quote.locations.first { record.documents[$0.document].role == .oracle } ?? quote.locations.first
        guard let location else {
            pendingMessage = StatusMessage("quote \(next + 1) of \(count) is " + Self.placementText(quote.placement),
                                           isError: quote.placement != .oracleLeftOut)
            return
        }
        documentIndex = location.document
        let text = documentText(for: record)
        documentTop = max(0, text.lineIndex(of: location.range.lowerBound) - documentRows / 3)
        let role = record.documents[location.document].role
        pendingMessage = StatusMessage("quote \(next + 1) of \(count): document \(location.document + 1) (\(role.rawValue))")
    }

    private func clampScrolling() {
        guard let record else { return }
        documentTop = max(0, min(documentTop, documentText(for: record).count - documentRows))
        answerTop = max(0, min(answerTop, answerText(for: record).count - answerRows))
    }

    private func documentText(for record: RAFTRecord) -> RAFTWrappedText {
        let key = "\(row) \(documentIndex) \(columns)"
        if let cache = documentCache, cache.key == key { return cache.text }
        let text = RAFTWrappedText(record.documents.indices.contains(documentIndex)
                                   ? record.documents[documentIndex].text : "", columns: columns)
        documentCache = (key, text)
        return text
    }

    private func answerText(for record: RAFTRecord) -> RAFTWrappedText {
        let key = "\(row) \(columns)"
        if let cache = answerCache, cache.key == key { return cache.text }
        let text = RAFTWrappedText(record.cotAnswer ?? "", columns: columns)
        answerCache = (key, text)
        return text
    }

    /// The record's flags: its own, and a repeated question once the background validation has seen the file.
    var flags: [RAFTRecordFlag] {
        guard let record else { return [] }
        var flags = RAFTRecordFlag.flags(of: record)
        if let first = report?.duplicateOf[record.line] { flags.append(.duplicateQuestion(firstLine: first)) }
        return flags
    }

    // MARK: Drawing

    var title: String {
        guard file.rowCount > 0 else { return file.dataset.name }
        var text = "\(file.dataset.name) · record \(row + 1) of \(file.rowCount)"
        switch current {
        case .success(let record)?: text += " · line \(record.line) · \(record.schema.rawValue)"
        case .failure(let error)?: text += " · line \(error.line)"
        case nil: break
        }
        return text
    }

    func draw(into grid: inout CellGrid, rect: Rect, context: DrawingContext) {
        let focused = context.focus == .main
        grid.drawBox(rect, glyphs: context.glyphs, title: "RAFT · " + title, titleRole: focused ? .accent : .title)
        let inner = rect.inset(by: 1)
        let x = inner.x + 1
        let width = max(1, inner.width - 2)
        let flexible = max(2, inner.height - Self.questionRows - Self.documentListRows - 4)
        documentRows = max(1, flexible * 55 / 100)
        answerRows = max(1, flexible - documentRows)
        if columns != width {
            columns = width
            documentCache = nil
            answerCache = nil
        }
        var y = inner.y
        guard let current else {
            grid.put(file.rowCount == 0 ? "No records yet." : "Reading…", x: x, y: y, maxWidth: width, role: .muted)
            return
        }
        let record: RAFTRecord
        switch current {
        case .failure(let error):
            grid.put("Unreadable: " + error.problem, x: x, y: y, maxWidth: width, role: .malformed)
            if let field = error.field { grid.put("field \(field)", x: x, y: y + 1, maxWidth: width, role: .muted) }
            return
        case .success(let value):
            record = value
        }
        clampScrolling()

        // Question.
        let question = TextLayout.wrap(record.question ?? "(no question)", columns: max(1, width - 3),
                                       maxLines: Self.questionRows)
        for (i, line) in question.enumerated() {
            if i == 0 { grid.put("Q ", x: x, y: y, role: .accent) }
            grid.put(line, x: x + 3, y: y + i, maxWidth: width - 3, role: record.question == nil ? .error : .text)
        }
        y += Self.questionRows

        // The list of documents, scrolled so that the selected one shows.
        drawDocumentList(record, into: &grid, x: x, y: y, width: width, unicode: context.unicode)
        y += Self.documentListRows

        // The selected document with its quotes.
        let document = record.documents.indices.contains(documentIndex) ? record.documents[documentIndex] : nil
        var rule = "document"
        if let document {
            rule = "document \(documentIndex + 1) · \(document.role.rawValue)"
            if !document.displayTitle.isEmpty { rule += " · " + document.displayTitle }
        }
        drawRule(rule, into: &grid, x: x, y: y, width: width, glyphs: context.glyphs)
        y += 1
        let body = documentText(for: record)
        body.draw(into: &grid, rect: Rect(x: x, y: y, width: width, height: documentRows), top: documentTop,
                  spans: documentSpans(record))
        if document == nil { grid.put("(no documents)", x: x, y: y, maxWidth: width, role: .error) }
        y += documentRows

        // The chain-of-thought answer.
        var answerRule = "CoT answer"
        if let quoteIndex, record.quotes.indices.contains(quoteIndex) {
            answerRule += " · quote \(quoteIndex + 1) of \(record.quotes.count): "
                + Self.placementText(record.quotes[quoteIndex].placement)
        } else if !record.quotes.isEmpty {
            answerRule += " · \(record.quotes.count) quote\(record.quotes.count == 1 ? "" : "s") (f jumps)"
        }
        drawRule(answerRule, into: &grid, x: x, y: y, width: width, glyphs: context.glyphs)
        y += 1
        if record.cotAnswer == nil {
            grid.put("(no CoT answer)", x: x, y: y, maxWidth: width, role: .error)
        } else {
            answerText(for: record).draw(into: &grid, rect: Rect(x: x, y: y, width: width, height: answerRows),
                                         top: answerTop, spans: answerSpans(record))
        }
        y += answerRows

        // Final answer and flags.
        let used = grid.put("Answer ", x: x, y: y, maxWidth: width, role: .accent)
        grid.put(record.finalAnswer ?? "(missing)", x: x + used, y: y, maxWidth: width - used,
                 role: record.finalAnswer == nil ? .error : .text)
        y += 1
        drawFlags(into: &grid, x: x, y: y, width: width, unicode: context.unicode)
    }

    private func drawDocumentList(_ record: RAFTRecord, into grid: inout CellGrid, x: Int, y: Int, width: Int,
                                  unicode: Bool) {
        let count = record.documents.count
        let first = max(0, min(documentIndex - Self.documentListRows + 1, count - Self.documentListRows))
        for (slot, index) in (first..<min(count, first + Self.documentListRows)).enumerated() {
            let document = record.documents[index]
            let selected = index == documentIndex
            let marker = selected ? (unicode ? "▸" : ">") : " "
            let label = document.role == .oracle ? "ORACLE    " : document.role == .distractor ? "distractor" : "unknown   "
            let role: StyleRole = selected ? .selection : .text
            if selected { grid.putPadded("", x: x, y: y + slot, width: width, role: role) }
            var column = x + grid.put("\(marker) \(index + 1) ", x: x, y: y + slot, maxWidth: width, role: role)
            let labelRole: StyleRole = selected ? .selection : document.role == .oracle ? .success : .muted
            column += grid.put(label + " ", x: column, y: y + slot, maxWidth: x + width - column, role: labelRole)
            var summary = document.displayTitle.isEmpty ? "" : document.displayTitle + " · "
            summary += RAFTNormalizedText(String(document.text.prefix(400))).string
            grid.put(summary, x: column, y: y + slot, maxWidth: x + width - column, role: role)
        }
        if count > Self.documentListRows {
            grid.put("\(count) documents", x: x + width - 12, y: y + Self.documentListRows - 1, maxWidth: 12, role: .muted)
        }
    }

    private func drawRule(_ text: String, into grid: inout CellGrid, x: Int, y: Int, width: Int, glyphs: BoxGlyphs) {
        for column in x..<(x + width) { grid.put(glyphs.horizontal, x: column, y: y, role: .border) }
        grid.put(" \(text) ", x: x + 1, y: y, maxWidth: width - 2, role: .title)
    }

    private func drawFlags(into grid: inout CellGrid, x: Int, y: Int, width: Int, unicode: Bool) {
        let flags = flags
        if flags.isEmpty {
            grid.put((unicode ? "✓ " : "ok ") + "no flags", x: x, y: y, maxWidth: width, role: .success)
            return
        }
        var column = x
        for (i, flag) in flags.enumerated() {
            let text = (i == 0 ? "" : " · ") + flag.summary
            column += grid.put(text, x: column, y: y, maxWidth: x + width - column, role: flag.isProblem ? .error : .warning)
        }
    }

    /// Where each quote of the answer occurs in the shown document; the selected quote stands out.
    private func documentSpans(_ record: RAFTRecord) -> [(range: Range<Int>, role: StyleRole)] {
        var spans: [(range: Range<Int>, role: StyleRole)] = []
        for (index, quote) in record.quotes.enumerated() {
            for location in quote.locations where location.document == documentIndex {
                spans.append((location.range, index == quoteIndex ? .selection : Self.role(of: quote.placement)))
            }
        }
        return spans.sorted { ($0.role == .selection ? 1 : 0) < ($1.role == .selection ? 1 : 0) }
    }

    private func answerSpans(_ record: RAFTRecord) -> [(range: Range<Int>, role: StyleRole)] {
        record.quotes.enumerated().map { index, quote in
            (quote.range, index == quoteIndex ? .selection : Self.role(of: quote.placement))
        }
    }

    static func role(of placement: RAFTQuotePlacement) -> StyleRole {
        switch placement {
        case .oracle, .oracleLeftOut, .unknownRole: return .highlight
        case .onlyDistractor: return .warning
        case .nowhere: return .error
        }
    }

    static func placementText(_ placement: RAFTQuotePlacement) -> String {
        switch placement {
        case .oracle: return "in the oracle"
        case .oracleLeftOut: return "in the oracle, which this record leaves out"
        case .onlyDistractor: return "only in a distractor"
        case .unknownRole: return "in a document of unknown role"
        case .nowhere: return "in no document"
        }
    }
}
