import Foundation
import Runs
import Support

/// A run configuration file listed in the Runs view, with the config parsed from it (or the error that stopped it),
/// edited in place by the form. Edits change this copy only (launching writes the resolved config into the new
/// run's folder) until the user writes them with `w`, which changes only the edited lines of their file.
final class RunConfigEntry {
    let path: String
    var config: RunConfig?
    let loadError: String?
    /// Shape-only estimate; replaced by a measured one when the user asks.
    var estimate: RunEstimate?
    var measuring = false
    var measureError: String?
    /// The pre-flight check (`loom check`) of the config as it stood when the check started: `checkedConfig`. An
    /// edit makes it stale and the section checks again.
    var check: CheckReport?
    var checkedConfig: RunConfig?
    var checkError: String?
    var checking = false
    /// Set by an `L` that was refused over check errors (or a check still running): the next `L` launches anyway,
    /// as `loom train --force` does.
    var launchOverride = false
    /// Set by an `L` that came before the check of these values finished: the run starts when the check passes.
    var launchWhenChecked = false
    /// Keys edited since the file was read or last written, in the order edited, with their values as TOML.
    private(set) var edits: [(key: String, toml: String)] = []

    var isModified: Bool { !edits.isEmpty }

    /// Notes that the form changed `key`.
    func edited(_ key: String) {
        guard let value = config?.value(forKey: key) else { return }
        edits.removeAll { $0.key == key }
        edits.append((key, value.description))
    }

    /// Writes the edits into the file at `target` (this file by default, or a new name: save as), keeping its
    /// comments and order (see `TOMLRewrite`). A new file starts from this one's text.
    func write(to target: String? = nil) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rewritten = try TOMLRewrite.apply(edits, to: text)
        try AtomicFile.write(Data(rewritten.utf8), to: URL(fileURLWithPath: target ?? path))
        if target == nil || target == path { edits.removeAll() }
    }

    init(path: String) {
        self.path = path
        do {
            config = try RunConfig.load(path: path)
            loadError = nil
        } catch {
            config = nil
            loadError = "\(error)"
        }
        refreshEstimate()
    }

    var name: String { (path as NSString).lastPathComponent }

    var problems: [RunConfigProblem] { config?.validate() ?? [] }

    /// Whether the check shown is of the config as it is now.
    var checkIsCurrent: Bool { check != nil && checkedConfig == config }

    /// Whether the section should start a check: a valid config whose current form has not been checked.
    var needsCheck: Bool {
        guard let config, !checking, problems.isEmpty else { return false }
        return checkedConfig != config
    }

    /// The estimate from parameter counts, cheap enough to redo after every edit.
    func refreshEstimate() {
        estimate = config.flatMap { try? RunEstimate(config: $0) }
    }

    /// The config files in a folder (`*.toml`), sorted by name.
    static func entries(inFolder folder: String) -> [RunConfigEntry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }
            .map { RunConfigEntry(path: (folder as NSString).appendingPathComponent($0)) }
    }
}
