import Foundation

/// The real `loom` binary in a real terminal: a tmux session of its own (a private server socket, so tests never
/// touch the user's tmux), driven with send-keys and read with capture-pane. Waits poll the screen instead of
/// sleeping for fixed times.
final class TmuxSession {
    let socket = "loom-e2e-\(UUID().uuidString.prefix(8))"
    let statusFile = NSTemporaryDirectory() + "loom-e2e-status-\(UUID().uuidString)"

    static var isAvailable: Bool { executablePath("tmux") != nil }

    /// Starts `command` in a new session of the given size. The shell writes the command's exit status to
    /// `statusFile` when it ends.
    init(command: String, width: Int = 120, height: Int = 32, environment: [String: String] = [:]) throws {
        let exports = (["LANG": "C.UTF-8", "TERM": "xterm-256color"].merging(environment) { $1 })
            .map { "export \($0.key)='\($0.value)';" }.joined(separator: " ")
        let script = "\(exports) \(command); echo $? > '\(statusFile)'; sleep 60"
        // The server that new-session starts outlives the call and would hold a captured pipe open forever.
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "sh", "-c", script], capture: false)
    }

    deinit {
        _ = try? tmux(["kill-server"], capture: false)
        try? FileManager.default.removeItem(atPath: statusFile)
    }

    /// Sends keys by tmux name (`Enter`, `Escape`, `C-d`) or as literal text.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys, capture: false)
    }

    /// Sets a tmux option for the whole server (`set-clipboard on`).
    func setOption(_ name: String, _ value: String) throws {
        try tmux(["set-option", "-g", name, value], capture: false)
    }

    /// The newest paste buffer: what an OSC 52 copy left there when `set-clipboard` is on.
    func pasteBuffer() throws -> String {
        try tmux(["show-buffer"])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"], capture: false)
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-t", "0", "-p"])
    }

    /// Polls the screen until `predicate` holds; returns the last screen either way.
    @discardableResult
    func waitForScreen(timeout: Double = 15, _ predicate: (String) -> Bool) throws -> (matched: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return (true, last) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return (false, last)
    }

    /// Waits for the command to end and returns its exit status.
    func waitForExit(timeout: Double = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// The process id of the program running in the pane's shell (its only child).
    func programPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", "0", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try run("/usr/bin/pgrep", ["-P", shell])
        return children.split(separator: "\n").first.flatMap { Int32($0) }
    }

    @discardableResult
    private func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        guard let path = Self.executablePath("tmux") else { throw TmuxError(message: "tmux is not installed") }
        return try run(path, ["-L", socket, "-f", "/dev/null"] + arguments, capture: capture)
    }

    /// Runs a program to completion with posix_spawn and waitpid. (Foundation's `Process.waitUntilExit` can miss
    /// the exit of a short-lived child when called off the main thread, which hangs a test.)
    private func run(_ executable: String, _ arguments: [String], capture: Bool = true) throws -> String {
        let outputPath = NSTemporaryDirectory() + "loom-e2e-out-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? outputPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TmuxError(message: "cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard capture else { return "" }
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    static func executablePath(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

struct TmuxError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Where the package is and where `swift build` put the `loom` binary next to this test bundle.
enum LoomBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static var path: String? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [beside.appendingPathComponent("loom").path]
        for configuration in ["release", "debug"] {
            candidates.append("\(packageRoot)/.build/\(configuration)/loom")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
