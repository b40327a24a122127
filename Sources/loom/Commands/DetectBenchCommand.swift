import ArgumentParser
import Detector
import Engine
import Foundation
import Kernels

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
    @Flag(name: .long, help: "Measure the language-model tier instead (SmolLM2-135M's shape, random weights).") var lm = false
    @Option(name: .long, help: "LM tier: texts to score, and tokens per text.") var lmTexts = 4
    @Option(name: .long) var lmTokens = 300
    @Flag(name: .long, help: "LM tier: do not run the PyTorch anchor.") var noTorch = false

    func run() throws {
        if lm { return try runLanguageModel() }
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

    /// LM-tier texts/s: Fast-DetectGPT white-box (one model) and Binoculars (two models), beside PyTorch on the same
    /// shape and token counts (Scripts/detector/bench_torch_detect.py).
    func runLanguageModel() throws {
        let observer = TransformerModel(config: .smolLM2_135M), performer = TransformerModel(config: .smolLM2_135M)
        observer.initializeRandomly(seed: 1)
        performer.initializeRandomly(seed: 2)
        var state: UInt64 = 3
        let texts = (0..<lmTexts).map { _ in
            (0..<lmTokens).map { _ -> Int32 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int32((state >> 33) % 49152)
            }
        }
        var figures: [(String, Double)] = []
        for (name, statistics) in [("fast-detectgpt", try LanguageModelStatistics(scoring: observer)),
                                   ("binoculars", try LanguageModelStatistics(scoring: performer, reference: observer))] {
            _ = try statistics.statistics(texts[0]) // warm-up
            let start = DispatchTime.now().uptimeNanoseconds
            for ids in texts { _ = try statistics.statistics(ids) }
            figures.append((name, Double(texts.count) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)))
        }
        var torch: [String: Any]?
        if !noTorch, let scripts = BundledFolders.find("Scripts") {
            let script = (scripts as NSString).appendingPathComponent("detector/bench_torch_detect.py")
            let threads = ThreadPool.shared.threadCount
            var environment = ProcessInfo.processInfo.environment
            environment["OMP_NUM_THREADS"] = String(threads)
            if let output = NumpyAnchor.run(["python3", script, "--threads", String(threads), "--texts", String(lmTexts),
                                             "--tokens", String(lmTokens)], environment: environment),
               output.status == 0, let line = output.text.split(separator: "\n").last(where: { $0.hasPrefix("{") }) {
                torch = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            } else {
                print("PyTorch anchor not run (python3 with torch and transformers needed): python3 \(script)")
            }
        }
        print("LM tier, SmolLM2-135M shape (random weights), \(lmTexts) texts of \(lmTokens) tokens, \(ThreadPool.shared.threadCount) threads:")
        for (name, rate) in figures {
            let key = name.replacingOccurrences(of: "-", with: "_") + "_texts_per_s"
            let anchor = (torch?[key] as? NSNumber)?.doubleValue
            print(String(format: "  %@ loom %.3f texts/s", name.padding(toLength: 15, withPad: " ", startingAt: 0), rate)
                  + (anchor.map { String(format: " | torch %.3f texts/s | ×%.2f", $0, rate / $0) } ?? ""))
        }
    }
}
