import Foundation

/// One entry of a dataset's review log: what a person decided about one record, with what identifies the record's
/// content then, so that a later change to the file shows the decision as stale instead of applying it silently.
public struct ReviewDecision: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable, CaseIterable {
        case keep, drop, unsure
        /// The record's earlier decisions are withdrawn (an undo back to no decision).
        case undecided
    }

    /// 1-based line (or CSV row) of the record in the source file.
    public var line: Int
    /// `ReviewLog.contentHash` of the record when it was decided.
    public var contentHash: String
    public var verdict: Verdict
    /// The detector's probability of machine text when it was decided, and the method that gave it.
    public var score: Double?
    public var method: String?
    public var note: String?
    public var time: Date

    public init(line: Int, contentHash: String, verdict: Verdict, score: Double? = nil, method: String? = nil,
                note: String? = nil, time: Date = Date()) {
        self.line = line
        self.contentHash = contentHash
        self.verdict = verdict
        self.score = score
        self.method = method
        self.note = note
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case line, verdict = "decision", score, method, note, time
        case contentHash = "content_hash"
    }
}
