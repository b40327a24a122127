import Datasets
import Foundation
import Support

/// A RAFT file listed in the section: the file, opened as RAFT data, and the report of a validation pass that runs
/// in the background from the moment it is listed (the sidebar shows how many records are flagged; the inspector
/// takes repeated questions from it).
final class RAFTEntry {
    let path: String
    let name: String
    let file: RAFTFile
    private var job: BackgroundTask<Void, RAFTValidationReport>?
    private(set) var report: RAFTValidationReport?
    private(set) var validationError: String?

    init(file: RAFTFile) {
        self.file = file
        path = file.path
        name = (path as NSString).lastPathComponent
        job = BackgroundTask(name: "loom.raft.validate") { context in
            try RAFTValidator.validate(file, shouldStop: { context.isCancelled })
        }
    }

    deinit { job?.cancel() }

    /// Opens `path` as RAFT data when its first records are RAFT records, else nil.
    static func open(path: String) -> RAFTEntry? {
        let name = (path as NSString).lastPathComponent.lowercased()
        guard [".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz"].contains(where: { name.hasSuffix($0) }),
              let file = try? RAFTFile(path: path), file.schema != nil else { return nil }
        return RAFTEntry(file: file)
    }

    /// The RAFT files in a folder (not recursive), by name.
    static func entries(inFolder folder: String) -> [RAFTEntry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }
            .compactMap { open(path: (folder as NSString).appendingPathComponent($0)) }
    }

    /// Picks up the finished validation; true when it just finished.
    func poll() -> Bool {
        guard let result = job?.result else { return false }
        job = nil
        switch result {
        case .success(let report): self.report = report
        case .failure(let error): validationError = "\(error)"
        }
        return true
    }

    /// Stops the validation pass (before quitting).
    func cancel() { job?.cancel() }

    /// The sidebar's second line: records, and how many are flagged once validation has run.
    var detail: String {
        guard let report else {
            return "  \(file.rowCount) records" + (validationError == nil ? " · checking…" : " · check failed")
        }
        var text = "  \(report.count(.records)) records"
        let problems = Set(RAFTReportKey.allCases.filter(\.isProblem).flatMap { report.lines($0) }).count
        text += problems == 0 ? " · clean" : " · \(problems) flagged"
        return text
    }

    var hasProblems: Bool { report?.hasProblems ?? false }
}
