import Datasets
import Foundation

/// The build's own notes beside its output (`OUT.loom-build.jsonl`): a first line with the options and inputs, then
/// one line per chunk once its records are written. A restarted build reads them to skip what is done, and refuses to
/// continue a build made with other options, since the file would then mix two datasets.
struct RAFTBuildNotes {
    let url: URL
    private(set) var doneChunks: Set<Int> = []
    private(set) var accepted = 0
    private(set) var rejected = 0

    static func url(for output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(output.lastPathComponent + ".loom-build.jsonl")
    }

    /// The header line that identifies a build.
    static func header(options: RAFTBuildOptions, chunks: Int, teacher: String) -> String {
        JSONFormatter.compact(.object([
            JSONMember("loom_raft_build", .number("1")),
            JSONMember("seed", .number(String(options.seed))),
            JSONMember("p", .number(String(options.p))),
            JSONMember("distractors", .number(String(options.distractors))),
            JSONMember("questions", .number(String(options.questionsPerChunk))),
            JSONMember("chunk_size", .number(String(options.chunkSize))),
            JSONMember("chunks", .number(String(chunks))),
            JSONMember("teacher", .string(teacher)),
        ]))
    }

    /// Opens the notes of `output`: new notes when neither exists, the earlier run's when both do. An output without
    /// notes is someone else's file and is never appended to.
    init(output: URL, header: String) throws(RAFTBuildError) {
        url = Self.url(for: output)
        let fm = FileManager.default
        let haveOutput = fm.fileExists(atPath: output.path)
        guard fm.fileExists(atPath: url.path) else {
            if haveOutput {
                throw RAFTBuildError(path: output.path, problem: "exists and was not made by this build (no \(url.lastPathComponent)); choose another --out")
            }
            guard fm.createFile(atPath: url.path, contents: Data((header + "\n").utf8)) else {
                throw RAFTBuildError(path: url.path, problem: "cannot write the build's notes")
            }
            return
        }
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == header else {
            throw RAFTBuildError(path: url.path, line: 1, problem: "made with other options, inputs or teacher; use the same ones to resume, or another --out")
        }
        for (index, line) in lines.enumerated().dropFirst() {
            guard let value = try? JSONParser.parse(line), let chunk = value["chunk"]?.doubleValue else {
                throw RAFTBuildError(path: url.path, line: index + 1, problem: "not a chunk line")
            }
            doneChunks.insert(Int(chunk))
            accepted += Int(value["accepted"]?.doubleValue ?? 0)
            rejected += Int(value["rejected"]?.doubleValue ?? 0)
        }
    }

    mutating func markDone(chunk: Int, accepted: Int, rejected: Int) throws(RAFTBuildError) {
        let line = "{\"chunk\": \(chunk), \"accepted\": \(accepted), \"rejected\": \(rejected)}\n"
        try RAFTBuildNotes.append(line, to: url)
        doneChunks.insert(chunk)
        self.accepted += accepted
        self.rejected += rejected
    }

    /// Appends text to a file, creating it; the data reaches the disk before the next chunk starts.
    static func append(_ text: String, to url: URL) throws(RAFTBuildError) {
        let fm = FileManager.default
        if !fm.fileExists(atPath: url.path) { _ = fm.createFile(atPath: url.path, contents: nil) }
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            throw RAFTBuildError(path: url.path, problem: "cannot append (\(error))")
        }
    }
}
