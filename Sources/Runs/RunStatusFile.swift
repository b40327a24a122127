import Foundation

/// The small `status.json` of a run folder: enough for the Runs view to list runs without reading their metrics,
/// rewritten atomically at every status change, checkpoint and evaluation (and every few seconds while training).
public struct RunStatusFile: Sendable, Equatable, Codable {
    public var name: String
    public var status: RunStatus
    public var step: Int
    public var totalSteps: Int
    public var lastLoss: Double?
    public var lastEvalLoss: Double?
    /// Step of the newest complete checkpoint.
    public var lastCheckpointStep: Int?
    /// Records skipped because they could not be formatted.
    public var skippedRecords: Int
    public var error: String?
    /// The process training the run, to tell a live headless run from one that was killed.
    public var processId: Int32?
    public var updated: Date

    public init(name: String, status: RunStatus, step: Int = 0, totalSteps: Int = 0, lastLoss: Double? = nil,
                lastEvalLoss: Double? = nil, lastCheckpointStep: Int? = nil, skippedRecords: Int = 0,
                error: String? = nil, processId: Int32? = nil, updated: Date = Date()) {
        self.name = name
        self.status = status
        self.step = step
        self.totalSteps = totalSteps
        self.lastLoss = lastLoss
        self.lastEvalLoss = lastEvalLoss
        self.lastCheckpointStep = lastCheckpointStep
        self.skippedRecords = skippedRecords
        self.error = error
        self.processId = processId
        self.updated = updated
    }

    enum CodingKeys: String, CodingKey {
        case name, status, step, error, updated
        case totalSteps = "total_steps"
        case lastLoss = "last_loss"
        case lastEvalLoss = "last_eval_loss"
        case lastCheckpointStep = "last_checkpoint_step"
        case skippedRecords = "skipped_records"
        case processId = "pid"
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    static func decode(_ data: Data) -> RunStatusFile? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(RunStatusFile.self, from: data)
    }
}
