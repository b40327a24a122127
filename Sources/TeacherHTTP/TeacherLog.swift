import Foundation
import Support
import Synchronization

/// The request/response log of an HTTP teacher: one JSON line per attempt with the time, URL, request body,
/// status, reply (cut at 64 KiB), seconds taken and error. Headers are never written, and the key is replaced by
/// `[redacted]` wherever it appears (a server that echoes the request would otherwise put it in the reply).
final class TeacherLog: Sendable {
    private let handle: Mutex<FileHandle?>
    private let secret: String?

    init(url: URL, secret: String?) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw TeacherLogError(path: url.path)
            }
        }
        let file = try FileHandle(forWritingTo: url)
        file.seekToEndOfFile()
        handle = Mutex(file)
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
    }

    func record(url: String, attempt: Int, request: String, status: Int?, response: String?, seconds: Double, error: String?) {
        let fields: [(String, String?)] = [
            ("time", ISO8601DateFormatter().string(from: Date())), ("url", url), ("attempt", String(attempt)),
            ("request", request), ("status", status.map(String.init)), ("response", response.map { String($0.prefix(65536)) }),
            ("seconds", String(format: "%.3f", seconds)), ("error", error),
        ]
        let body = fields.map { key, value -> String in
            let shown: String
            switch (key, value) {
            case (_, nil): shown = "null"
            case ("attempt", let v?), ("status", let v?), ("seconds", let v?): shown = v
            case (_, let v?): shown = JSONString.quoted(redacted(v))
            }
            return "\"\(key)\":\(shown)"
        }.joined(separator: ",")
        let line = Data(("{" + body + "}\n").utf8)
        handle.withLock { $0?.write(line) }
    }

    func redacted(_ text: String) -> String {
        guard let secret else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }
}

/// The teacher's log file cannot be created.
public struct TeacherLogError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var description: String { "\(path): cannot create the teacher log" }
}
