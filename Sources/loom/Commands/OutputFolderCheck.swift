import ArgumentParser
import Foundation

/// Refuses an output folder that is, or lies inside, one of the command's input folders: writing there would
/// overwrite the user's files (a merged model over its own base weights) that the command promises never to modify.
enum OutputFolderCheck {
    /// The path with symbolic links resolved (through the deepest part that exists) and `.`/`..` removed.
    static func resolved(_ path: String) -> [String] {
        var url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: url.path), url.pathComponents.count > 1 {
            missing.insert(url.lastPathComponent, at: 0)
            url.deleteLastPathComponent()
        }
        return url.resolvingSymlinksInPath().pathComponents + missing
    }

    /// Throws when `output` is `input` or inside it, naming both options.
    static func refuseOverlap(output: String, outputOption: String, inputs: [(path: String, option: String)]) throws {
        let out = resolved(output)
        for input in inputs {
            let folder = resolved(input.path)
            if out.count >= folder.count, Array(out.prefix(folder.count)) == folder {
                throw ValidationError("\(outputOption) \(output) is \(out.count == folder.count ? "the same folder as" : "inside") \(input.option) \(input.path); "
                    + "Loom never writes into its inputs: choose another \(outputOption) folder")
            }
        }
    }
}
