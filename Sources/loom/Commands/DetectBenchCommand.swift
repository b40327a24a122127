import ArgumentParser
import Detector
import Foundation

/// `loom bench detect`: model-free texts per second on ~250-word texts.
struct DetectBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Measure model-free detector speed (texts/s) on ~250-word texts.",
        discussion: """
            Texts are the records of FILE (default: ../shared/data/detect/fastdetectgpt_main5.jsonl) run together \
            and cut into 250-word texts, or when no file is readable, synthetic 250-word texts from a fixed \
            vocabulary. Each \
            pass normalises, measures and classifies every text on --threads threads; the best pass is kept.
            """
    )

    @Argument(help: "A JSONL file with a text field.") var file: String?
    @Option(name: .long) var threads = 2
    @Option(name: .long) var seconds = 3.0
    @Option(name: .long, help: "Texts per pass.") var count = 2000

    func run() throws {
        let detector = try ModelFreeDetector.bundled()
        var texts: [String] = []
        let path = file ?? "../shared/data/detect/fastdetectgpt_main5.jsonl"
        var pending: [Substring] = []
        try? DetectInput.forEach(path: path, field: "text") { record in
            guard let text = record.text, texts.count < count else { return }
            pending += text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            while pending.count >= 250 {
                texts.append(pending.prefix(250).joined(separator: " "))
                pending.removeFirst(250)
            }
        }
        var source = path
        if texts.isEmpty {
            source = "synthetic"
            var state: UInt64 = 42
            let vocabulary = "the of and a to in is was that for on with as by it he she at from his her an were which are this be or had not but what all when we there can one".split(separator: " ")
            for _ in 0..<count {
                var words: [Substring] = []
                for w in 0..<250 {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    words.append(vocabulary[Int(state >> 33) % vocabulary.count])
                    if w % 17 == 16 { words[words.count - 1] += "." }
                }
                texts.append(words.joined(separator: " "))
            }
        }
        while texts.count < count { texts += texts.prefix(count - texts.count) }
        let n = texts.count, threadCount = max(1, threads)
        func pass() -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threadCount) { t in
                var sink = 0.0
                for i in stride(from: t, to: n, by: threadCount) { sink += detector.analyze(texts[i]).logit }
                if sink.isNaN { print("") }
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        _ = pass()
        var best = Double.infinity, passes = 0
        let deadline = Date().addingTimeInterval(seconds)
        repeat { best = min(best, pass()); passes += 1 } while Date() < deadline || passes < 2
        let words = texts.reduce(0) { $0 + $1.split(separator: " ").count }
        print(String(format: "model-free detector: %.0f texts/s (%d texts of %.0f words on average from %@, %d threads, best of %d passes)",
                     Double(n) / best, n, Double(words) / Double(n), source as NSString, threadCount, passes))
    }
}
