import ArgumentParser
import Foundation
import Tokenizers

/// `loom bench tokenize`: Loom's single-thread encoding speed on a file, beside HF `tokenizers` on the same file
/// with the same tokenizer (Scripts/tokenizers/bench_hf.py, one thread), as MB/s and a ratio.
struct BenchTokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Measure tokenization MB/s beside HF tokenizers.",
        discussion: """
            The file is decoded as UTF-8 (invalid bytes replaced), split on newlines, and each line is encoded \
            without special tokens on one thread; the best of the passes that fit in --seconds is kept, after a \
            warm-up pass (both sides warm, word caches included). HF runs in a python3 child with \
            RAYON_NUM_THREADS=1: encode_batch and a per-line encode loop. Both sides' token counts are printed.
            """
    )

    @Option(name: .long, help: "A tokenizer.json file, or a model folder that contains one.")
    var tokenizer: String

    @Option(name: .long, help: "Seconds of timed passes for each side.")
    var seconds: Double = 3

    @Flag(name: .long, help: "Do not run the HF tokenizers anchor.")
    var noHF = false

    @Argument(help: "The text file to tokenize.")
    var file: String

    func run() throws {
        let loaded: Tokenizer
        do { loaded = try Tokenizer.load(path: tokenizer) } catch { throw ValidationError("\(error)") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("\(file): cannot read the file")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        let bytes = lines.reduce(0) { $0 + $1.utf8.count }
        let encoder = loaded.makeEncoder()
        func pass() -> Int {
            var tokens = 0
            for line in lines { tokens += encoder.encode(line, addSpecialTokens: false).count }
            return tokens
        }
        let tokens = pass() // warm-up
        var best = Double.infinity
        let deadline = Date().addingTimeInterval(seconds)
        var passes = 0
        repeat {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = pass()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            passes += 1
        } while Date() < deadline || passes < 2
        let loom = Double(bytes) / best / 1e6
        print(String(format: "file %@: %.2f MB, %d lines", file, Double(bytes) / 1e6, lines.count))
        print(String(format: "loom            %8.2f MB/s  (%d tokens, 1 thread, best of %d)", loom, tokens, passes))
        guard !noHF else { return }
        guard let scripts = BundledFolders.find("Scripts") else {
            print("HF anchor not run: Scripts/ not found; run from the checkout or set LOOM_HOME")
            return
        }
        let script = (scripts as NSString).appendingPathComponent("tokenizers/bench_hf.py")
        var environment = ProcessInfo.processInfo.environment
        environment["RAYON_NUM_THREADS"] = "1"
        environment["TOKENIZERS_PARALLELISM"] = "false"
        let command = ["python3", script, tokenizer, file, "--seconds", String(seconds)]
        guard let probe = NumpyAnchor.run(["python3", "-c", "import tokenizers"], environment: environment),
              probe.status == 0 else {
            print("HF anchor not run: python3 with tokenizers not found (pip install tokenizers), then run:")
            print("  RAYON_NUM_THREADS=1 " + command.joined(separator: " "))
            return
        }
        guard let output = NumpyAnchor.run(command, environment: environment), output.status == 0,
              let line = output.text.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let figures = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
              let batch = (figures["batch_mb_per_s"] as? NSNumber)?.doubleValue,
              let loop = (figures["loop_mb_per_s"] as? NSNumber)?.doubleValue else {
            print("HF anchor failed; run it by hand: RAYON_NUM_THREADS=1 " + command.joined(separator: " "))
            return
        }
        let hfTokens = (figures["tokens"] as? NSNumber)?.intValue ?? -1
        let version = figures["version"] as? String ?? "?"
        print(String(format: "hf encode_batch %8.2f MB/s  (%d tokens, tokenizers %@, RAYON_NUM_THREADS=1)",
                     batch, hfTokens, version))
        print(String(format: "hf encode loop  %8.2f MB/s", loop))
        print(String(format: "ratio loom/hf   %8.2fx (encode_batch), %.2fx (encode loop)%@", loom / batch, loom / loop,
                     hfTokens == tokens ? "" : "  WARNING: token counts differ"))
    }
}
