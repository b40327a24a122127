import Foundation
import Support
import Engine
import Kernels
import Tokenizers

/// The language-model tier as a `TextStatistic`: Fast-DetectGPT (white-box with one model, or sampling model =
/// observer, scoring model = performer) or Binoculars (performer scores, observer is the reference). Texts are
/// tokenized with the scoring model's tokenizer.json; two models must share a tokenizer, checked by content.
public final class LanguageModelStatistic: TextStatistic {
    public let method: DetectionMethod
    public let modelKey: String
    public var isConcurrent: Bool { false } // the engine already uses every core
    let statistics: LanguageModelStatistics
    let tokenizer: Tokenizer
    /// Texts with fewer tokens are not judged.
    public static let minTokens = 32

    /// `scoring` and `reference` are model folders (`reference` nil: white-box); `adapter` a PEFT folder applied to
    /// the scoring model.
    public init(method: DetectionMethod, scoring: String, reference: String?, adapter: String?) throws {
        precondition(method != .stats)
        self.method = method
        if let reference { try Self.checkSameTokenizer(scoring, reference) }
        let path = (scoring as NSString).appendingPathComponent("tokenizer.json")
        do { tokenizer = try Tokenizer(contentsOfFile: path) } catch {
            throw DetectorError(what: path, reason: "cannot load the tokenizer (\(error)); the LM tier needs tokenizer.json in the model folder")
        }
        func load(_ folder: String) throws -> TransformerModel {
            do { return try TransformerModel.load(folder: URL(fileURLWithPath: folder)) } catch {
                throw DetectorError(what: folder, reason: "cannot load the model (\(error))")
            }
        }
        let scoringModel = try load(scoring)
        if let adapter {
            do { _ = try PEFTAdapter.load(folder: URL(fileURLWithPath: adapter), into: scoringModel) } catch {
                throw DetectorError(what: adapter, reason: "cannot load the adapter (\(error))")
            }
        }
        statistics = try LanguageModelStatistics(scoring: scoringModel, reference: try reference.map(load))
        modelKey = ContentHash.hex([method.rawValue, try Self.identity(scoring), try reference.map(Self.identity) ?? "",
                                    try adapter.map(Self.identity) ?? ""].map { Array($0.utf8) })
    }

    /// Refuses two model folders whose tokenizers differ (by tokenizer.json content, then by vocabulary), naming both.
    public static func checkSameTokenizer(_ a: String, _ b: String) throws {
        let pa = (a as NSString).appendingPathComponent("tokenizer.json"), pb = (b as NSString).appendingPathComponent("tokenizer.json")
        guard let da = FileManager.default.contents(atPath: pa) else { throw DetectorError(what: pa, reason: "cannot read it") }
        guard let db = FileManager.default.contents(atPath: pb) else { throw DetectorError(what: pb, reason: "cannot read it") }
        if da == db { return }
        let ta: Tokenizer, tb: Tokenizer
        do { ta = try Tokenizer(json: da, source: pa); tb = try Tokenizer(json: db, source: pb) } catch {
            throw DetectorError(what: "tokenizers", reason: "\(error)")
        }
        let same = ta.vocabularySize == tb.vocabularySize
            && (0..<UInt32(ta.vocabularySize)).allSatisfy { ta.token(for: $0) == tb.token(for: $0) }
        guard same else {
            throw DetectorError(what: "\(a) and \(b)", reason: "the two models have different tokenizers (\(ta.vocabularySize) vs \(tb.vocabularySize) tokens, or different tokens at the same ids); both must share one tokenizer")
        }
    }

    /// What identifies a model or adapter folder's content cheaply: its JSON files and the sizes and modification
    /// times of its weight files.
    static func identity(_ folder: String) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? []
        var parts: [String] = []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            if name.hasSuffix(".json"), let data = FileManager.default.contents(atPath: path) {
                parts.append(name + ContentHash.hex([Array(data)]))
            } else if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(name):\(size):\(date)")
            }
        }
        return parts.joined(separator: "|")
    }

    /// The token ids the statistic is computed on (normalised, cut to the model's positions), and whether the text
    /// was cut.
    func tokens(of text: String) -> (ids: [Int32], truncated: Bool) {
        let limit = statistics.maxTokens * 32
        let cut = text.unicodeScalars.count > limit
        let input = TextNormalizer.normalize(cut ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) : text)
        var ids = tokenizer.encode(input, addSpecialTokens: false).map { Int32(truncatingIfNeeded: $0) }
        let truncated = cut || ids.count > statistics.maxTokens
        if truncated { ids = Array(ids.prefix(statistics.maxTokens)) }
        return (ids, truncated)
    }

    /// Each token's surprise and rank bucket, for a heat map: the same tokens and statistics `score` uses. The first
    /// token, which nothing predicts, comes first with bucket −1 and a NaN surprise, so that the text reads whole.
    public func surprises(_ text: String) throws -> [TokenSurprise] {
        let (ids, _) = tokens(of: text)
        let pieces = ids.map { tokenizer.decode([UInt32(bitPattern: $0)]) }
        guard let first = pieces.first else { return [] }
        let head = TokenSurprise(token: first, surprise: .nan, bucket: -1)
        guard ids.count >= 2 else { return [head] }
        return [head] + TokenSurprise.tokens(try statistics.statistics(ids), pieces: pieces)
    }

    /// Texts are normalised as for the model-free tier (NFKC, invisible characters, homoglyphs, whitespace), so that
    /// the same evasions and layout differences do not move this tier either, and cut to 32 characters per position
    /// the model has before tokenizing (a 10 MB record would otherwise be tokenized whole to keep its start).
    public func score(_ text: String, explain: Bool) throws -> ScoredText {
        let (ids, truncated) = tokens(of: text)
        guard ids.count >= 2 else {
            return ScoredText(statistic: .nan, abstainReason: "too short: \(ids.count) tokens", truncated: truncated)
        }
        let stats = try statistics.statistics(ids)
        let statistic = method == .binoculars ? Binoculars.score(stats) : FastDetectGPT.discrepancy(stats)
        var scored = ScoredText(statistic: statistic, truncated: truncated)
        if ids.count < Self.minTokens {
            scored.abstainReason = "too short: \(ids.count) tokens, fewer than the \(Self.minTokens) the LM tier needs"
        }
        if explain {
            let pieces = ids.map { tokenizer.decode([UInt32(bitPattern: $0)]) }
            let tokens = TokenSurprise.tokens(stats, pieces: pieces).map { t -> String in
                var line = JSONLine()
                line.add("token", t.token)
                line.add("surprise", t.surprise)
                line.add("bucket", t.bucket)
                return line.text
            }
            let sentences = TokenSurprise.sentences(stats, pieces: pieces).map { s -> String in
                var line = JSONLine()
                line.add("text", pieces[s.start..<s.end].joined())
                line.add("mean_surprise", s.meanSurprise)
                line.add("discrepancy", s.discrepancy)
                return line.text
            }
            var counts = [0, 0, 0, 0]
            for s in stats where s.rank >= 0 { counts[TokenSurprise.bucket(rank: s.rank)] += 1 }
            var e = JSONLine()
            e.add("tokens", raw: JSONLine.array(tokens))
            e.add("rank_buckets", raw: JSONLine.array(counts.map(String.init)))
            e.add("sentences", raw: JSONLine.array(sentences))
            scored.explanation = e.text
        }
        return scored
    }
}
