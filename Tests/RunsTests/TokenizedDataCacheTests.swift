import Foundation
import Testing
@testable import Runs

/// Tokenized examples are kept beside the data and reused only while nothing they depend on changes.
@Suite struct TokenizedDataCacheTests {
    struct Setup {
        let folder: URL
        let model: URL
        let file: URL
        var config: RunConfig
        let builder: ExampleBuilder

        init() throws {
            folder = try RunsTestSupport.temporaryFolder("tokcache")
            model = try RunsTestSupport.tinyModel(in: folder)
            file = try RunsTestSupport.alpacaFile(in: folder, count: 12, badLine: true)
            config = RunsTestSupport.runConfig(model: model, data: file)
            builder = ExampleBuilder(data: config.data, formatter: try RunsTestSupport.formatter(model: model, format: "completion"))
        }

        func load() throws -> TrainingData {
            try TrainingData.load(config: config, builder: builder, vocabSize: 300, maxPositions: 64, padId: 0)
        }

        func cache() throws -> TokenizedDataCache {
            try #require(try TokenizedDataCache(urls: config.trainFileURLs, limit: config.data.maxRecords, data: config.data,
                                                builder: builder, tokenizerFolder: config.tokenizerFolderURL))
        }
    }

    @Test func aSecondLoadReadsTheCacheAndGivesTheSameData() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let first = try setup.load()
        let cache = try setup.cache()
        #expect(cache.folder.path.hasSuffix(".loom/tokenized"))
        let entry = try #require(cache.load())
        #expect(entry.records == 13)
        #expect(entry.skipped.count == 1)
        #expect(entry.examples.count == 12)
        let second = try setup.load()
        #expect(second.train == first.train && second.eval == first.eval && second.report == first.report)

        // The loader really takes the cached examples: a planted entry is what comes back.
        var planted = entry
        planted.examples = planted.examples.map { TokenizedExample(ids: $0.ids.map { _ in 7 }, learned: $0.learned, line: $0.line) }
        cache.store(planted)
        let third = try setup.load()
        #expect(third.train.allSatisfy { $0.tokens.allSatisfy { $0 == 7 || $0 == 0 } })
    }

    @Test func changingTheDataOrTheLayoutMissesTheCacheButSequenceLengthDoesNot() throws {
        var setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let key = try setup.cache().key
        setup.config.data.sequenceLength = 17
        setup.config.training.learningRate = 0.5
        #expect(try setup.cache().key == key)
        setup.config.data.loss = .all
        #expect(try setup.cache().key != key)
        setup.config.data.loss = .assistant
        // One byte of the data file changed.
        var bytes = try Data(contentsOf: setup.file)
        bytes[bytes.count - 3] = UInt8(ascii: "9")
        try bytes.write(to: setup.file)
        #expect(try setup.cache().key != key)
    }

    @Test func aDamagedCacheFileIsIgnoredAndRewritten() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let fresh = try setup.load()
        let cache = try setup.cache()
        let good = try Data(contentsOf: cache.fileURL)
        // Every cut of a valid file, and a flipped learned byte, reads as no entry rather than as wrong data.
        for cut in stride(from: 0, to: good.count, by: 7) {
            #expect(good.prefix(cut).withUnsafeBytes { TokenizedDataCache.decode($0) } == nil)
        }
        var flipped = good
        flipped[flipped.count - 1] = 2
        #expect(flipped.withUnsafeBytes { TokenizedDataCache.decode($0) } == nil)
        try flipped.write(to: cache.fileURL)
        let reloaded = try setup.load()
        #expect(reloaded.train == fresh.train && reloaded.report == fresh.report)
        #expect(try Data(contentsOf: cache.fileURL) == good)
    }
}
