import Foundation

/// Time spent in `sgemm` per call shape, collected only when the environment sets `LOOM_SGEMM_PROFILE`, so that a
/// slow training step can be broken down without a profiler: `LOOM_SGEMM_PROFILE=1 loom bench train --modes lora`
/// prints the table after the timed steps.
///
/// Calls made inside a parallel job (the attention's per-head products) run on several threads at once, so their
/// rows add up the time of every thread and the column of shares can exceed the wall time.
public enum SgemmProfile {
    /// Whether `sgemm` records its calls (read once, from `LOOM_SGEMM_PROFILE`).
    public static let isEnabled = ProcessInfo.processInfo.environment["LOOM_SGEMM_PROFILE"] != nil

    private struct Entry { var calls = 0; var nanoseconds: UInt64 = 0; var flops: Double = 0 }
    nonisolated(unsafe) private static var entries: [String: Entry] = [:]
    private static let lock = NSLock()

    package static func record(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, nanoseconds: UInt64) {
        record(key: "\(transA == .none ? "N" : "T")\(transB == .none ? "N" : "T") \(m)x\(n)x\(k)",
               flops: 2 * Double(m) * Double(n) * Double(k), nanoseconds: nanoseconds)
    }

    /// Records a call under `key` (sliced products name their slices).
    package static func record(key: String, flops: Double, nanoseconds: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        entries[key, default: Entry()].calls += 1
        entries[key, default: Entry()].nanoseconds += nanoseconds
        entries[key, default: Entry()].flops += flops
    }

    /// Forgets what was recorded (call after warm-up).
    public static func reset() {
        lock.lock()
        entries = [:]
        lock.unlock()
    }

    /// One line per shape (`NT 1024x576x576` = transposes, then M×N×K), the most expensive first.
    public static func report() -> String {
        lock.lock()
        let rows = entries.sorted { $0.value.nanoseconds > $1.value.nanoseconds }
        lock.unlock()
        let total = rows.reduce(UInt64(0)) { $0 + $1.value.nanoseconds }
        var text = "sgemm by shape (transposes M×N×K, or M×N and each slice's k): calls, ms, share, GFLOP/s\n"
        for (key, entry) in rows {
            text += key.padding(toLength: 36, withPad: " ", startingAt: 0)
                + String(format: "%7d %9.1f %5.1f%% %7.1f\n", entry.calls, Double(entry.nanoseconds) / 1e6,
                         100 * Double(entry.nanoseconds) / Double(max(total, 1)),
                         entry.flops / Double(max(entry.nanoseconds, 1)))
        }
        return text + String(format: "total %.1f ms\n", Double(total) / 1e6)
    }
}
