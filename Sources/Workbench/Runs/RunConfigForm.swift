import Foundation
import Runs
import TerminalCore

/// The form for a run configuration: every key of `RunConfig.fields` with its value, the problems that would stop the
/// run (each naming its field), an estimate of memory and time, and the pre-flight data check (`RunCheckLines`). Enter edits the selected key in TOML syntax;
/// `L` launches.
struct RunConfigForm {
    var selected = 0
    var top = 0
    var editor: LineEditor?

    static let keyMap = KeyMap(title: "Run config", bindings: [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.enter], .editField),
        KeyBinding([.character("L")], .launchRun),
        KeyBinding([.character("e")], .measureEstimate),
        KeyBinding([.character("w")], .writeConfig),
    ])

    var isEditing: Bool { editor != nil }

    mutating func move(by delta: Int) {
        selected = max(0, min(RunConfig.fields.count - 1, selected + delta))
    }

    /// Starts editing the selected key, pre-filled with its current value.
    mutating func beginEditing(_ config: RunConfig) {
        let field = RunConfig.fields[selected]
        editor = LineEditor(config.value(forKey: field.key)?.description ?? "")
    }

    /// Applies a key while editing; returns an error message when Enter produced a value the key does not take.
    mutating func handleEditing(_ key: Key, config: inout RunConfig) -> String? {
        guard var editing = editor else { return nil }
        switch key {
        case .escape:
            editor = nil
        case .enter:
            let field = RunConfig.fields[selected]
            do {
                try config.set(field.key, toml: editing.text)
                editor = nil
            } catch {
                return "\(error)"
            }
        default:
            _ = editing.handle(key)
            editor = editing
        }
        return nil
    }

    /// Draws the form; returns the text cursor while editing.
    mutating func draw(into grid: inout CellGrid, rect: Rect, entry: RunConfigEntry, glyphs: BoxGlyphs) -> (x: Int, y: Int)? {
        let modified = entry.isModified ? " · modified (w writes)" : ""
        grid.drawBox(rect, glyphs: glyphs, title: "\(entry.name) · run config\(modified)", titleRole: .accent)
        let inner = rect.inset(by: 1)
        var y = inner.y
        guard let config = entry.config else {
            for line in TextLayout.wrap(entry.loadError ?? "cannot read", columns: inner.width - 2, maxLines: inner.height) {
                grid.put(line, x: inner.x + 1, y: y, role: .error)
                y += 1
            }
            return nil
        }
        let problems = entry.problems
        if problems.isEmpty {
            grid.put("Ready: L launches this run in the workbench.", x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: .success)
            y += 1
        } else {
            for problem in problems.prefix(4) {
                grid.put("✗ \(problem.field): \(problem.message)", x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: .error)
                y += 1
            }
            if problems.count > 4 {
                grid.put("… and \(problems.count - 4) more", x: inner.x + 1, y: y, role: .error)
                y += 1
            }
        }
        grid.put(estimateText(entry), x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: .muted)
        y += 1
        for line in RunCheckLines.lines(for: entry, limit: 4) {
            grid.put(line.text, x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: line.role)
            y += 1
        }
        y += 1

        let fields = RunConfig.fields
        let listHeight = max(1, inner.maxY - y - 2)
        if selected < top { top = selected }
        if selected >= top + listHeight { top = selected - listHeight + 1 }
        let keyWidth = min(34, (fields.map { $0.key.count }.max() ?? 10) + 1)
        var cursor: (x: Int, y: Int)?
        let problemFields = Set(problems.map(\.field))
        for (offset, field) in fields.enumerated().dropFirst(top).prefix(listHeight) {
            let isSelected = offset == selected
            let role: StyleRole = isSelected ? .selection : .text
            grid.putPadded("", x: inner.x, y: y, width: inner.width, role: role)
            grid.put(field.key, x: inner.x + 1, y: y, maxWidth: keyWidth,
                     role: isSelected ? role : (problemFields.contains(field.key) ? .error : .accent))
            let valueX = inner.x + 1 + keyWidth + 2
            if isSelected, let editor {
                cursor = (editor.draw(into: &grid, x: valueX, y: y, width: inner.maxX - valueX - 1, prompt: "", role: .text),
                          y)
            } else {
                let value = config.value(forKey: field.key)?.description ?? ""
                let isDefault = config.value(forKey: field.key) == field.defaultValue
                grid.put(value, x: valueX, y: y, maxWidth: inner.maxX - valueX - 1, role: isSelected ? role : (isDefault ? .muted : .text))
            }
            y += 1
        }
        let help = fields.indices.contains(selected) ? fields[selected].summary : ""
        grid.put(help, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, role: .muted)
        return cursor
    }

    private func estimateText(_ entry: RunConfigEntry) -> String {
        if entry.measuring { return "Measuring a training step…" }
        guard let estimate = entry.estimate else {
            return entry.measureError.map { "Estimate failed: \($0)" } ?? "No estimate (the base model is not readable)."
        }
        var text = "Parameters \(Self.count(estimate.totalParameters)), trainable \(Self.count(estimate.trainableParameters))"
        text += " · memory ≈ \(ByteCountText.format(UInt64(estimate.memoryBytes)))"
        if let seconds = estimate.totalSeconds {
            text += " · ≈ \(RunView.duration(seconds)) (\(String(format: "%.2f", estimate.secondsPerStep ?? 0)) s/step measured)"
        } else {
            text += " · e: measure a step for a time estimate"
        }
        return text
    }

    static func count(_ n: Int) -> String {
        if n >= 1_000_000_000 { return String(format: "%.2fB", Double(n) / 1e9) }
        if n >= 1_000_000 { return String(format: "%.1fM", Double(n) / 1e6) }
        if n >= 1_000 { return String(format: "%.1fK", Double(n) / 1e3) }
        return "\(n)"
    }
}
