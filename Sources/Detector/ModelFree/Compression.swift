import CZlib

/// How well zlib (deflate, level 9) compresses a text: compressed bytes over raw bytes. Repetitive, predictable text
/// compresses better. The ratio of a text depends on its length (deflate's fixed costs, and more text to find
/// repeats in), so it is measured on whole windows of `window` bytes (at most `maxWindows`, the remainder ignored) and
/// averaged, which keeps texts of different lengths comparable; a text shorter than one window is measured whole.
enum Compression {
    static let window = 512
    static let maxWindows = 8

    static func ratio(_ text: String) -> Double {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return 1 }
        let windows = min(maxWindows, bytes.count / window)
        let spans = windows == 0 ? [0..<bytes.count] : (0..<windows).map { $0 * window..<($0 + 1) * window }
        var output = [UInt8](repeating: 0, count: Int(compressBound(uLong(min(bytes.count, window)))) + 64)
        var sum = 0.0
        bytes.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                for span in spans {
                    var outLength = uLongf(out.count)
                    let status = compress2(out.baseAddress, &outLength, input.baseAddress! + span.lowerBound,
                                           uLong(span.count), 9)
                    sum += status == Z_OK ? Double(outLength) / Double(span.count) : 1
                }
            }
        }
        return sum / Double(spans.count)
    }
}
