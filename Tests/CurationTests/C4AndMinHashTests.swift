import Foundation
import Testing
@testable import Curation
@testable import Datasets

/// C4's line rules and MinHash against datatrove's own outputs (Fixtures/c4_goldens.jsonl and minhash_goldens.jsonl,
/// from Scripts/curate/c4_minhash_goldens.py), and the pieces worked out by hand.
@Suite struct C4AndMinHashTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func lines(_ name: String) throws -> [JSONValue] {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    static func array(_ value: JSONValue?) -> [JSONValue]? {
        if case .array(let items)? = value { return items }
        return nil
    }

    @Test func c4VerdictsAndRewrittenTextMatchDatatrove() throws {
        let entries = try Self.lines("c4_goldens.jsonl")
        #expect(entries.count == 12)
        for entry in entries {
            guard let text = entry["text"]?.stringValue else { continue }
            for (key, punct) in [("fineweb", false), ("c4", true)] {
                var filter = C4QualityFilter()
                filter.requiresTerminalPunctuation = punct
                let (verdict, rewritten) = filter.apply(text)
                if entry.value(atPath: [key, "kept"]) == .bool(true) {
                    #expect(verdict.isKept, "\(key) on \(text.prefix(40).debugDescription): \(verdict)")
                    #expect(rewritten == entry.value(atPath: [key, "text"])?.stringValue)
                } else {
                    #expect(verdict.rule == entry.value(atPath: [key, "rule"])?.stringValue,
                            "\(key) on \(text.prefix(40).debugDescription)")
                }
            }
        }
    }

    @Test func sentencesCountAsSpaCySplitsThem() {
        #expect(SentenceCounter.count("Hello world. How are you?") == 2)
        #expect(SentenceCounter.count("Mr. Smith went to Washington. He said hi.") == 2)
        #expect(SentenceCounter.count("It costs 3.5 dollars. Fine!") == 2)
        #expect(SentenceCounter.count("A. B. C.") == 1)
        #expect(SentenceCounter.count("e.g. this one. etc. and more") == 3)
        #expect(SentenceCounter.count("ok… next one") == 1)
        #expect(SentenceCounter.count("Really?! Yes") == 2)
        #expect(C4QualityFilter.removingCitations("war[12] ended[edit] now[citation needed][x]") == "war ended now[x]")
    }

    @Test func xxhashAndPermutationsAreDatatroves() throws {
        let head = try Self.lines("minhash_goldens.jsonl")[0]
        guard case .object(let digests)? = head["xxh64"] else { Issue.record("no xxh64 goldens"); return }
        for member in digests {
            #expect(String(XXHash64.hash(member.key)) == member.value.stringValue, "xxh64 of \(member.key.debugDescription)")
        }
        let hasher = MinHasher()
        let a = (hasher.multipliers.prefix(4) + [hasher.multipliers.last!]).map(String.init)
        let b = (hasher.offsets.prefix(4) + [hasher.offsets.last!]).map(String.init)
        #expect(head["a"] == .array(a.map { .string($0) }))
        #expect(head["b"] == .array(b.map { .string($0) }))
    }

    @Test func shinglesAndSignaturesMatchDatatrove() throws {
        let entries = try Self.lines("minhash_goldens.jsonl").dropFirst()
        #expect(entries.count == 4)
        let hasher = MinHasher()
        for entry in entries {
            guard let text = entry["text"]?.stringValue else { continue }
            #expect(TextSimplifier.simplify(text) == entry["simplified"]?.stringValue)
            #expect(hasher.shingles(text).map { JSONValue.string(String($0)) } == Self.array(entry["shingles"]) ?? [])
            if let expected = Self.array(entry["signature"]) {
                #expect(hasher.signature(text)?.map { JSONValue.string(String($0)) } == expected)
            } else {
                #expect(hasher.signature(text) == nil)
            }
        }
    }

    @Test func clustersKeepTheLargerRootAsDatatroveDoes() {
        var clusters = DuplicateClusters()
        clusters.union(3, 5)
        clusters.union(1, 2)
        clusters.union(2, 5)  // {3,5} and {1,2} are the same size: the first root (1's) stays.
        clusters.union(7, 8)
        let removals = clusters.removals()
        #expect(Set(removals.keys) == [2, 3, 5, 8])
        #expect(removals[5]?.kept == 1 && removals[5]?.size == 4 && removals[5]?.cluster == 0)
        #expect(removals[8]?.kept == 7 && removals[8]?.cluster == 1)
        #expect(clusters.clusterCount == 2)
    }

    @Test func spilledRunsFindTheSamePairsAsOneInMemory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-bands-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        func pairs(budget: Int, subfolder: String) throws -> [[UInt32]] {
            let store = BandSignatureStore(bands: 2, hashesPerBand: 2, folder: folder.appendingPathComponent(subfolder),
                                           budgetBytes: budget)
            let signatures: [[UInt64]] = [[1, 2, 9, 9], [5, 5, 9, 9], [1, 2, 3, 4], [0, 0, 0, 0], [1, 2, 7, 7], [6, 6, 9, 9]]
            for (index, signature) in signatures.enumerated() { try store.add(document: UInt32(index), signature: signature) }
            var found: [[UInt32]] = []
            try store.forEachDuplicatePair { found.append([$0, $1]) }
            return found
        }
        let inMemory = try pairs(budget: 1 << 20, subfolder: "one")
        // Band 0: documents 0, 2, 4 share (1, 2); band 1: 0, 1, 5 share (9, 9).
        #expect(inMemory == [[0, 2], [2, 4], [0, 1], [1, 5]])
        #expect(try pairs(budget: 1, subfolder: "many") == inMemory)
    }
}
