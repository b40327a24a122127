import KernelsCore
import Foundation

/// SGEMM's cache blocking for this kernel set on this CPU, from `CacheSizes.current` and the set's tile:
/// - `kc` (depth of a k block): an A panel of MR rows × kc (read by every micro-kernel call of a row of tiles)
///   takes at most three quarters of L1, and at most `sgemmRowsAStride` (640);
/// - `bBlockFloats` (a packed block of B, kc × nc): three quarters of L2, each thread reading it from its own;
/// - `wholeAFloats` / `mc` (a packed transposed A, packed once and reused across blocks of B): half of L3, at most
///   16 MiB.
/// On the AVX-512 machine this project was tuned on (48 KiB L1d, 2 MiB L2) these give the constants measured best
/// there (kc 640, B blocks of 1.5 MiB); on a Zen 3 (32 KiB, 512 KiB) a 6-row AVX2 panel still allows kc 640 and B
/// blocks of 384 KiB. `LOOM_SGEMM_KC` overrides kc (for trying blockings; rounded to the range 16...640).
struct SgemmBlocking: Sendable {
    let kc: Int
    let bBlockFloats: Int
    let mc: Int
    let wholeAFloats: Int

    static let current = SgemmBlocking(CacheSizes.current)

    init(_ caches: CacheSizes, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var kc = min(sgemmRowsAStride, max(64, caches.l1 * 3 / 4 / (4 * sgemmMR)) / 16 * 16)
        if let text = environment["LOOM_SGEMM_KC"], let chosen = Int(text) {
            kc = min(sgemmRowsAStride, max(16, chosen))
        }
        self.kc = kc
        bBlockFloats = max(16 * 1024, caches.l2 * 3 / 4 / 4)
        wholeAFloats = max(1 << 18, min(4 << 20, caches.l3 / 2 / 4))
        mc = sgemmMR * max(16, min(512, wholeAFloats / (sgemmMR * sgemmRowsAStride)))
    }

    /// "kc 640, B block 384 KiB, A budget 16 MiB".
    var summary: String {
        "kc \(kc), B block \((bBlockFloats * 4) >> 10) KiB, A budget \((wholeAFloats * 4) >> 20) MiB"
    }
}
