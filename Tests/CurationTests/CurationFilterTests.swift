import Foundation
import Testing
@testable import Curation
@testable import Datasets

/// The filters against datatrove's own on crafted texts (Fixtures/filter_goldens.jsonl, from
/// Scripts/curation_goldens.py), and their measured values worked out by hand.
@Suite struct CurationFilterTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/filter_goldens.jsonl")

    @Test func verdictsMatchDatatrove() throws {
        let lines = try String(contentsOf: Self.goldens, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 19)
        for line in lines {
            let entry = try JSONParser.parse(String(line))
            guard case .string(let text)? = entry["text"], let verdicts = entry["verdicts"] else {
                Issue.record("bad golden line")
                continue
            }
            let gopher = GopherRepetitionFilter().verdict(text)
            let quality = GopherQualityFilter().verdict(text)
            let fineweb = FineWebQualityFilter().verdict(text)
            #expect(gopher.rule == verdicts["gopher_repetition"]?.stringValue, "gopher on \(text.prefix(40).debugDescription)")
            #expect(quality.rule == verdicts["gopher_quality"]?.stringValue, "quality on \(text.prefix(40).debugDescription)")
            #expect(fineweb.rule == verdicts["fineweb_quality"]?.stringValue, "fineweb on \(text.prefix(40).debugDescription)")
        }
    }

    @Test func measuredValuesAreTheFractionsDefined() {
        // Three paragraphs, one a repeat: 1/3 of the paragraphs are duplicates (> 0.3).
        let paragraphs = GopherRepetitionFilter().verdict("First para here.\n\nSecond para here.\n\nFirst para here.")
        #expect(paragraphs == .dropped("gopher_repetition", "dup_para_frac", value: 1.0 / 3.0, threshold: 0.3))
        // One repeated line of 14 characters in 61: 0.2295… of the characters (> 0.2), while 1/4 of the lines (≤ 0.3).
        let lines = GopherRepetitionFilter().verdict("one line here.\ntwo line here.\none line here.\nthree line here.")
        #expect(lines == .dropped("gopher_repetition", "dup_line_char_frac", value: 14.0 / 61.0, threshold: 0.2))
        // No line ends a sentence: the punctuation ratio is 0 (< 0.12).
        let list = FineWebQualityFilter().verdict("apples and pears\nbread and butter\ncheese")
        #expect(list == .dropped("fineweb_quality", "line_punct_ratio", value: 0, threshold: 0.12))
        // Four lines of at most 30 characters: all short (> 0.67).
        let short = FineWebQualityFilter().verdict("Short.\nLines.\nOnly.\nHere.")
        #expect(short == .dropped("fineweb_quality", "short_line_ratio", value: 1, threshold: 0.67))
    }

    @Test func gopherQualityMeasuresWordsAndStopWords() {
        // 49 words that are not punctuation: one short of 50.
        let short = String(repeating: "word ", count: 49) + "."
        #expect(GopherQualityFilter().verdict(short) == .dropped("gopher_quality", "gopher_short_doc", value: 49, threshold: 50))
        // 60 words, no stop word among them.
        let noStops = String(repeating: "river stone ", count: 30)
        #expect(GopherQualityFilter().verdict(noStops) == .dropped("gopher_quality", "gopher_enough_stop_words", value: 0,
                                                                   threshold: 2))
    }

    @Test func piiMaskingMatchesDatatrove() throws {
        let url = Self.goldens.deletingLastPathComponent().appendingPathComponent("pii_goldens.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let entry = try JSONParser.parse(String(line))
            guard let text = entry["text"]?.stringValue, let masked = entry["masked"]?.stringValue else { continue }
            #expect(PIIMasker().mask(text) == masked)
        }
        #expect(PIIMasker.isPublic("8.8.8.8") && PIIMasker.isPublic("224.0.0.1") && PIIMasker.isPublic("172.32.0.1"))
        #expect(!PIIMasker.isPublic("10.1.2.3") && !PIIMasker.isPublic("100.64.1.1") && !PIIMasker.isPublic("192.0.2.5")
                && !PIIMasker.isPublic("01.2.3.4") && !PIIMasker.isPublic("255.255.255.255"))
    }

    @Test func wordsSplitPunctuationAndKeepContractions() {
        #expect(TextUnits.words("Don't stop: 3.5 km!").map(String.init) == ["Don't", "stop", ":", "3", ".", "5", "km", "!"])
        #expect(TextUnits.newlineRuns("a\n\nb\n").map(String.init) == ["a", "b", ""])
        #expect(TextUnits.paragraphs("  a\n\n\nb\nc \n").map(String.init) == ["a", "b\nc"])
    }

    @Test func curateWritesKeptDroppedWithReasonsAndASummary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-curate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = "The river that runs past the old mill has been the heart of the valley for as long as anyone can remember. "
            + "Farmers bring their grain to be ground, children fish from the stone bridge, and in the evening the light "
            + "falls gold across the water. With the new road, fewer carts come, and the miller wonders what the next "
            + "season will bring to the families that have lived here for generations. The mill itself is older than the "
            + "church. Its wheel still turns in the spring floods."
        let records: [JSONValue] = [
            .object([JSONMember("id", .number("1")), JSONMember("text", .string(good))]),
            .object([JSONMember("id", .number("2")), JSONMember("text", .string("First para here.\n\nSecond para here.\n\nFirst para here."))]),
            .object([JSONMember("id", .number("3")), JSONMember("text", .number("7"))]),
            .object([JSONMember("id", .number("4")), JSONMember("text", .string("x"))]),
        ]
        let input = folder.appendingPathComponent("in.jsonl")
        try Data(records.map { JSONFormatter.compact($0) + "\n" }.joined().utf8).write(to: input)
        let summary = try CurateRun().run(inputs: [input.path], folder: folder.appendingPathComponent("out"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/.curate-work").path))
        #expect(summary.documents == 3 && summary.kept == 1 && summary.dropped == 2 && summary.skipped == 1)
        #expect(summary.drops.map(\.rule) == ["dup_para_frac", "gopher_short_doc"])
        #expect(summary.emailsMasked == 0 && summary.ipsMasked == 0)
        let kept = try String(contentsOf: folder.appendingPathComponent("out/kept.jsonl"), encoding: .utf8)
        #expect(kept == JSONFormatter.compact(records[0]) + "\n")
        let dropped = try String(contentsOf: folder.appendingPathComponent("out/dropped.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(dropped.count == 2)
        #expect(dropped.first?.value(atPath: ["_curation", "rule"]) == .string("dup_para_frac"))
        #expect(dropped.first?.value(atPath: ["_curation", "threshold"])?.doubleValue == 0.3)
        let summaryJSON = try JSONParser.parse(String(contentsOf: folder.appendingPathComponent("out/summary.json"), encoding: .utf8))
        #expect(summaryJSON.value(atPath: ["filters", "gopher_repetition", "dropped"])?.doubleValue == 1)
        #expect(summaryJSON.value(atPath: ["filters", "gopher_quality", "gopher_short_doc"])?.doubleValue == 1)
        #expect(summaryJSON.value(atPath: ["filters", "fineweb_quality", "dropped"])?.doubleValue == 0)
    }
}
