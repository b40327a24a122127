import Foundation

/// Where the folders that ship with Loom (`Samples/`, `Themes/`) are: beside the working directory when run from
/// the checkout (`swift run loom`), else found from the executable's location (`.build/release/loom` sits two
/// levels below the checkout), else from the source location this binary was built from.
enum BundledFolders {
    static func find(_ name: String) -> String? {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let home = ProcessInfo.processInfo.environment["LOOM_HOME"] {
            candidates.append((home as NSString).appendingPathComponent(name))
        }
        candidates.append((fileManager.currentDirectoryPath as NSString).appendingPathComponent(name))
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent(name).path)
            folder = folder.deletingLastPathComponent()
        }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent(name).path)
        var isFolder: ObjCBool = false
        return candidates.first { fileManager.fileExists(atPath: $0, isDirectory: &isFolder) && isFolder.boolValue }
    }
}
