import Foundation
import Testing
@testable import Curation
@testable import Datasets

/// `CurateRun` end to end: near-duplicates removed with their cluster, the same bytes whether the signatures fit in
/// memory or were spilled and whether the run was stopped and continued, and CURATE.toml read with clear errors.
@Suite struct CurateRunTests {
    /// Prose that passes every filter: eight sentences of words drawn (deterministically, seeded by the topic) from a
    /// small vocabulary, so different topics share almost no 5-grams; a variant above 0 adds one sentence.
    static func article(_ topic: String, _ variant: Int) -> String {
        let nouns = ["river", "mill", "bridge", "orchard", "market", "school", "harbour", "forest", "village", "road",
                     "winter", "garden", "church", "meadow", "tower", "valley", "farmer", "teacher", "baker", "sailor"]
        let verbs = ["crossed", "built", "painted", "watched", "carried", "followed", "opened", "remembered", "visited",
                     "described"]
        var seed = topic.unicodeScalars.reduce(UInt64(7)) { $0 &* 31 &+ UInt64($1.value) }
        func pick(_ words: [String]) -> String {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return words[Int(seed >> 33) % words.count]
        }
        var sentences = (0..<8).map { _ in
            "The \(pick(nouns)) \(pick(verbs)) the \(pick(nouns)) of the \(pick(nouns)) and \(pick(verbs)) \(pick(nouns)) with \(pick(nouns)) \(pick(nouns))."
        }
        if variant > 0 { sentences.append("A \(pick(nouns)) was added to this copy with \(pick(nouns)) \(pick(verbs)).") }
        return "About the \(topic). " + sentences.joined(separator: " ")
    }

    static func write(_ texts: [String], to url: URL) throws {
        let lines = texts.enumerated().map { index, text in
            JSONFormatter.compact(.object([JSONMember("id", .number(String(index))), JSONMember("text", .string(text))])) + "\n"
        }
        try Data(lines.joined().utf8).write(to: url)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-curate-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func outputs(_ folder: URL) throws -> [String] {
        try ["kept.jsonl", "dropped.jsonl", "summary.json"].map {
            try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    static var corpus: [String] {
        var texts: [String] = []
        for (index, topic) in ["river", "mill", "bridge", "orchard", "market", "school"].enumerated() {
            texts.append(article(topic, 0))
            if index % 2 == 0 { texts.append(article(topic, 1)) }  // a near-duplicate, a little longer
            texts.append("Too short.")
        }
        texts.append(article("river", 0))  // an exact duplicate, far from its original
        return texts
    }

    @Test func nearDuplicatesAreDroppedWithTheirCluster() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        try Self.write(Self.corpus, to: input)
        let summary = try CurateRun().run(inputs: [input.path], folder: folder.appendingPathComponent("out"))
        #expect(summary.documents == 16 && summary.duplicates == 4 && summary.clusters == 3 && summary.kept == 6)
        let dropped = try String(contentsOf: folder.appendingPathComponent("out/dropped.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        let duplicates = dropped.filter { $0.value(atPath: ["_curation", "filter"]) == .string("minhash") }
        #expect(duplicates.map { $0["id"]?.doubleValue } == [1, 6, 11, 15])
        // The river cluster: records 0 (kept), 1 and 15.
        #expect(duplicates[0].value(atPath: ["_curation", "duplicate_of"])?.doubleValue == 0)
        #expect(duplicates[0].value(atPath: ["_curation", "cluster_size"])?.doubleValue == 3)
        #expect(duplicates[3].value(atPath: ["_curation", "cluster"]) == duplicates[0].value(atPath: ["_curation", "cluster"]))
    }

    @Test func spillingAndStoppingDoNotChangeTheOutput() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        try Self.write(Self.corpus + Self.corpus.map { $0 + " Again." }, to: input)
        let reference = CurateRun()
        _ = try reference.run(inputs: [input.path], folder: folder.appendingPathComponent("reference"))
        let expected = try Self.outputs(folder.appendingPathComponent("reference"))

        // One megabyte holds ~70 signatures: spill after every one instead by checkpointing at each record.
        var stopping = CurateRun()
        stopping.config.checkpointSeconds = 0
        let out = folder.appendingPathComponent("stopped")
        var polls = 0
        #expect(throws: CancellationError.self) {
            _ = try stopping.run(inputs: [input.path], folder: out, isCancelled: {
                polls += 1
                return polls == 11
            })
        }
        let state = try #require(try CurateState.load(out.appendingPathComponent(CurateRun.stateFileName)))
        #expect(state.records == 10 && state.phase == .filtering && state.runs > 1)
        var resumed: CurateRun.Progress?
        _ = try stopping.run(inputs: [input.path], folder: out, progress: { resumed = resumed ?? $0 })
        #expect(resumed?.resumedAt == 10)
        #expect(try Self.outputs(out) == expected)
        // A finished run is not redone; other settings are refused rather than mixed in.
        #expect(try stopping.run(inputs: [input.path], folder: out).documents == 32)
        var other = CurateRun()
        other.config.pipeline.c4Quality.minimumSentences = 2
        _ = try FileManager.default.removeItem(at: out.appendingPathComponent("summary.json"))
        #expect(throws: CurateError.self) { _ = try other.run(inputs: [input.path], folder: out) }
        other.restart = true
        #expect(try other.run(inputs: [input.path], folder: out).documents == 32)
    }

    @Test func curateTomlSetsEveryThresholdAndNamesBadKeys() throws {
        let config = try CurateConfig(toml: """
            [gopher_quality]
            min_doc_words = 20
            [c4_quality]
            enabled = false
            [minhash]
            num_buckets = 20
            hashes_per_bucket = 4
            [run]
            memory_mb = 8
            """, path: "CURATE.toml")
        #expect(config.pipeline.gopherQuality.minimumWords == 20)
        #expect(config.pipeline.disabled == [C4QualityFilter.name])
        #expect(config.pipeline.minHash.bands == 20 && config.pipeline.minHash.multipliers.count == 80)
        #expect(config.memoryMegabytes == 8)
        // The printed configuration reads back as the same settings.
        let again = try CurateConfig(toml: config.text, path: "printed")
        #expect(again.text == config.text)
        #expect(CurateConfig().text.contains("dup_n_grams = [[5, 0.15], [6, 0.14]"))
        do {
            _ = try CurateConfig(toml: "[fineweb_quality]\nline_punct_thr = 1.5\n", path: "CURATE.toml")
            Issue.record("a fraction above 1 was accepted")
        } catch let error as CurateError {
            #expect(error.description == "CURATE.toml: line 2: fineweb_quality.line_punct_thr must be between 0 and 1, not 1.5")
        }
        #expect(throws: CurateError.self) { _ = try CurateConfig(toml: "[minhash]\nbands = 3\n", path: "x") }
        #expect(throws: CurateError.self) { _ = try CurateConfig(toml: "[run]\nmemory_mb = \"a lot\"\n", path: "x") }
    }
}
