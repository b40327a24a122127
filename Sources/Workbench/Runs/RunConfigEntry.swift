import Foundation
import Runs

/// A run configuration file listed in the Runs view, with the config parsed from it (or the error that stopped it),
/// edited in place by the form. Edits change this copy only; launching writes the resolved config into the new
/// run's folder, so the user's file is never modified.
final class RunConfigEntry {
    let path: String
    var config: RunConfig?
    let loadError: String?
    /// Shape-only estimate; replaced by a measured one when the user asks.
    var estimate: RunEstimate?
    var measuring = false
    var measureError: String?

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
