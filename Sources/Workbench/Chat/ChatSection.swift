import Foundation
import Runs
import TerminalCore

/// The Chat section: pick a model (the bundled sample models, or a finished run's base model with its adapter), type
/// a prompt, and watch the reply stream in; `a` switches the adapter on and off to see what fine-tuning changed.
/// Runs come from the `RunsCatalogue` it shares with the Runs section, so a run launched there shows up here once it
/// has written its adapter.
final class ChatSection: WorkbenchSection {
    struct Target: Equatable {
        var name: String
        var modelFolder: URL
        var adapterFolder: URL?

        /// What a chat session is kept under: the same model with and without an adapter are different targets.
        var id: String { adapterFolder?.path ?? modelFolder.path }
    }

    let title = "Chat"
    let key: Character = "3"
    let summary = "try a model with and without its adapter"

    private(set) var targets: [Target] = []
    var position = ScrollPosition()
    private var sessions: [String: ChatSession] = [:]
    private(set) var editor: LineEditor?
    private(set) var useAdapter = true
    private var lastSnapshot: ChatSnapshot?
    private let modelFolders: [String]
    let catalogue: RunsCatalogue
    private var lastScan = Date.distantPast
    var pendingMessage: StatusMessage?

    init(modelFolders: [String], catalogue: RunsCatalogue) {
        self.modelFolders = modelFolders
        self.catalogue = catalogue
        scan()
    }

    /// Finds models (folders with config.json) and the catalogue's runs that have an adapter, newest first.
    private func scan() {
        lastScan = Date()
        catalogue.refresh()
        var found: [Target] = []
        let fm = FileManager.default
        for folder in modelFolders {
            for name in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
                if fm.fileExists(atPath: url.appendingPathComponent("config.json").path) {
                    found.append(Target(name: name, modelFolder: url, adapterFolder: nil))
                }
            }
        }
        for run in catalogue.runs.reversed() {
            let adapter = run.folder.adapterURL
            guard fm.fileExists(atPath: adapter.appendingPathComponent("adapter_config.json").path),
                  let config = try? run.folder.config() else { continue }
            found.append(Target(name: run.name, modelFolder: config.baseModelURL, adapterFolder: adapter))
        }
        // Keep the sessions of targets that are still listed.
        if found != targets {
            targets = found
            let ids = Set(found.map(\.id))
            sessions = sessions.filter { ids.contains($0.key) }
        }
    }

    var selected: Target? { targets.indices.contains(position.selected) ? targets[position.selected] : nil }

    private var session: ChatSession? {
        guard let target = selected else { return nil }
        if let existing = sessions[target.id] { return existing }
        let created = ChatSession(modelFolder: target.modelFolder, adapterFolder: target.adapterFolder)
        sessions[target.id] = created
        return created
    }

    static let keyMap = KeyMap(title: "Chat", bindings: [
        KeyBinding([.enter, .character("i")], .sendPrompt),
        KeyBinding([.character("a")], .toggleAdapter),
        KeyBinding([.character("x")], .stopRun),
        KeyBinding([.character("J")], .nextModel),
    ])

    static let listKeyMap = KeyMap(title: "Models", bindings: [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.enter, .right, .character("l")], .open),
    ])

    var isEditing: Bool { editor != nil }

    func keyMap(focus: Focus) -> KeyMap {
        focus == .sidebar ? Self.listKeyMap.merged(with: Self.keyMap) : Self.keyMap
    }

    /// The conversation is what one comes here for: the prompt is one key away.
    func didBecomeActive(focus: inout Focus) {
        focus = .main
    }

    /// Keys while the prompt is being typed.
    func handleEditingKey(_ key: Key, focus: inout Focus) -> Bool {
        guard var editing = editor else { return false }
        switch key {
        case .escape:
            editor = nil
        case .enter:
            let text = editing.text.trimmingCharacters(in: .whitespaces)
            editor = nil
            if !text.isEmpty { session?.send(text, useAdapter: useAdapter) }
        default:
            _ = editing.handle(key)
            editor = editing
        }
        return true
    }

    func perform(_ command: Command, focus: inout Focus) -> Bool {
        switch command {
        case .open:
            focus = .main
        case .back:
            return false
        case .moveUp, .moveDown:
            moveSelection(by: command == .moveUp ? -1 : 1)
        case .sendPrompt:
            guard selected != nil else {
                pendingMessage = StatusMessage("no model: pretrain one with `loom pretrain`, or finish a run", isError: true)
                return true
            }
            editor = LineEditor()
        case .toggleAdapter:
            guard selected?.adapterFolder != nil else {
                pendingMessage = StatusMessage("this model has no adapter; choose a finished run", isError: true)
                return true
            }
            useAdapter.toggle()
            pendingMessage = StatusMessage(useAdapter ? "adapter on" : "adapter off: the base model answers")
        case .stopRun:
            session?.cancel()
        case .nextModel:
            moveSelection(by: 1)
        default:
            return false
        }
        return true
    }

    func moveSelection(by delta: Int) {
        position.move(by: delta, count: targets.count, visibleRows: 100)
        lastSnapshot = nil
    }

    func poll() -> Bool {
        if Date().timeIntervalSince(lastScan) > 3 {
            let before = targets
            scan()
            if before != targets { return true }
        }
        guard let target = selected, let session = sessions[target.id] else { return false }
        let snapshot = session.snapshot
        defer { lastSnapshot = snapshot }
        return snapshot != lastSnapshot
    }

    // MARK: Drawing

    func drawSidebar(into grid: inout CellGrid, rect: Rect, context: DrawingContext) {
        let focused = context.focus == .sidebar
        let glyphs = context.glyphs
        grid.drawBox(rect, glyphs: glyphs, title: "Models", titleRole: focused ? .accent : .title)
        let inner = rect.inset(by: 1)
        if targets.isEmpty {
            grid.put("No models yet.", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .muted)
            return
        }
        let chosen = position.selected
        TwoLineList.draw(into: &grid, rect: inner, position: &position, count: targets.count, focused: focused) { i in
            // The model chatted with is marked by more than the selection's colour.
            .init(title: (i == chosen ? (context.unicode ? "▸ " : "> ") : "  ") + targets[i].name, detail: targets[i].adapterFolder == nil ? "  base model" : "  base + LoRA adapter")
        }
    }

    /// Draws the transcript and the prompt line; returns the cursor while typing.
    func drawMain(into grid: inout CellGrid, rect: Rect, context: DrawingContext) -> (x: Int, y: Int)? {
        let glyphs = context.glyphs
        guard let target = selected, let session else {
            grid.drawBox(rect, glyphs: glyphs, title: "Chat", titleRole: .title)
            let lines = ["No model to chat with yet.", "",
                         "`loom pretrain` makes a small base model in Samples/models;",
                         "a finished run (Runs, L to launch) adds its adapter here."]
            for (i, line) in lines.enumerated() {
                grid.put(line, x: rect.x + 2, y: rect.y + 2 + i, maxWidth: rect.width - 4, role: i == 0 ? .text : .muted)
            }
            return nil
        }
        let snapshot = session.snapshot
        var title = "Chat · \(target.name)"
        if target.adapterFolder != nil { title += useAdapter ? " · adapter on (a)" : " · adapter off (a)" }
        if let tps = snapshot.tokensPerSecond { title += String(format: " · %.0f tok/s", tps) }
        grid.drawBox(rect, glyphs: glyphs, title: title, titleRole: .accent)
        let inner = rect.inset(by: 1)
        let transcriptHeight = inner.height - 2
        var lines: [(String, StyleRole)] = []
        for turn in snapshot.turns {
            let label = turn.role == .user ? "you" : (turn.usedAdapter ? "model+adapter" : "model")
            lines.append((label, turn.role == .user ? .accent : .title))
            let text = turn.text.isEmpty && turn.isStreaming ? "…" : turn.text + (turn.isStreaming ? " ▍" : "")
            for line in TextLayout.wrap(text, columns: max(1, inner.width - 4), maxLines: 2000) {
                lines.append(("  " + line, .text))
            }
            lines.append(("", .text))
        }
        if snapshot.isLoading { lines.append(("loading the model…", .muted)) }
        if let error = snapshot.error { lines.append((error, .error)) }
        for (i, line) in lines.suffix(transcriptHeight).enumerated() {
            grid.put(line.0, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, role: line.1)
        }
        let promptY = inner.maxY - 1
        if let editor {
            let x = editor.draw(into: &grid, x: inner.x + 1, y: promptY, width: inner.width - 2, prompt: "> ")
            return (x, promptY)
        }
        let hint = snapshot.isGenerating ? "generating… x stops" : "Enter: write a prompt · a: adapter on/off"
        grid.put(hint, x: inner.x + 1, y: promptY, maxWidth: inner.width - 2, role: .muted)
        return nil
    }

    func status(focus: Focus) -> SectionStatus {
        SectionStatus(mode: "CHAT", location: statusLocation)
    }

    private var statusLocation: String {
        guard let target = selected else { return "Chat" }
        return "\(target.name)" + (target.adapterFolder == nil ? "" : (useAdapter ? "  adapter on" : "  adapter off"))
    }
}
