import Foundation
import Testing
@testable import Kernels

/// Every kernel set this binary carries and this CPU runs is checked against the reference triple loop and against
/// the generic set, whatever set `KernelDispatch.active` chose; sets the CPU lacks are skipped with a message.
enum KernelSetsUnderTest {
    static let generic = KernelDispatch.set(for: .generic)!

    /// The sets this CPU runs; the others are named on stderr once per test.
    static func available(_ test: String) -> [any KernelSet.Type] {
        KernelISA.allCases.compactMap { isa in
            if let set = KernelDispatch.set(for: isa) { return set }
            let missing = CPUFeatures.current.missing(for: isa).joined(separator: ", ")
            FileHandle.standardError.write(Data(
                "\(test): kernel set \(isa.rawValue) skipped: this CPU (\(CPUFeatures.current.modelName)) lacks \(missing)\n".utf8))
            return nil
        }
    }
}

/// Sizes around the tiles of every set (6 and 14 rows, 8, 16 and 32 columns) and the skinny paths' limits.
let kernelSetEdgeSizes = [1, 7, 8, 15, 17, 33]

@Test(arguments: [(Transpose.none, Transpose.none), (.none, .transposed), (.transposed, .none), (.transposed, .transposed)])
func everyKernelSetMatchesReferenceOnEdgeShapes(transposes: (Transpose, Transpose)) {
    let (ta, tb) = transposes
    var rng = SeededGenerator(seed: 1313)
    var shapes: [(Int, Int, Int)] = []
    for m in kernelSetEdgeSizes { for n in kernelSetEdgeSizes { shapes.append((m, n, [1, 8, 33][(m + n) % 3])) } }
    shapes += [(6, 16, 64), (14, 32, 64), (12, 48, 700), (50, 70, 1300), (97, 130, 641), (200, 24, 300),
               (24, 300, 200), (300, 9, 77), (45, 1400, 600), (1030, 40, 17)]
    for set in KernelSetsUnderTest.available("everyKernelSetMatchesReferenceOnEdgeShapes") {
        for (index, (m, n, k)) in shapes.enumerated() {
            let alpha = [Float(1), 0.5, -2][index % 3], beta = [Float(0), 1, 0.25][index % 3]
            let pad = Int.random(in: 0...3, using: &rng)
            let aRows = ta == .none ? m : k, aCols = ta == .none ? k : m
            let bRows = tb == .none ? k : n, bCols = tb == .none ? n : k
            let lda = aCols + pad, ldb = bCols + pad, ldc = n + pad
            let a = randomFloats(aRows * lda, &rng), b = randomFloats(bRows * ldb, &rng)
            let c0 = randomFloats(m * ldc, &rng)
            var ours = c0, generic = c0, reference = c0
            set.sgemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
                      c: &ours, ldc: ldc)
            KernelSetsUnderTest.generic.sgemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                                              beta: beta, c: &generic, ldc: ldc)
            referenceSgemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
                           c: &reference, ldc: ldc)
            let label = "\(set.isa.rawValue) \(ta)\(tb) m=\(m) n=\(n) k=\(k) alpha=\(alpha) beta=\(beta) pad=\(pad)"
            #expect(relativeError(ours, reference) < 1e-5, "\(label): against the reference")
            #expect(relativeError(ours, generic) < 1e-5, "\(label): against the generic set")
            let untouched = (0..<m).allSatisfy { i in (n..<ldc).allSatisfy { ours[i * ldc + $0] == c0[i * ldc + $0] } }
            #expect(untouched, "\(label): wrote past n")
        }
    }
}

/// The sliced product (LoRA's base + rank-8 term as one product) in every set, with differing alphas.
@Test func everyKernelSetMatchesReferenceOnSlicedProducts() {
    var rng = SeededGenerator(seed: 77)
    for set in KernelSetsUnderTest.available("everyKernelSetMatchesReferenceOnSlicedProducts") {
        for (m, n, k1, k2) in [(33, 17, 100, 8), (130, 70, 700, 8), (7, 300, 15, 1)] {
            let a1 = randomFloats(m * k1, &rng), b1 = randomFloats(n * k1, &rng)
            let a2 = randomFloats(m * k2, &rng), b2 = randomFloats(k2 * n, &rng)
            let c0 = randomFloats(m * n, &rng)
            var ours = c0, reference = c0
            a1.withUnsafeBufferPointer { a1p in b1.withUnsafeBufferPointer { b1p in
                a2.withUnsafeBufferPointer { a2p in b2.withUnsafeBufferPointer { b2p in
                    set.sgemm(m: m, n: n, slices: [
                        SgemmSlice(.none, .transposed, k: k1, a: a1p.baseAddress!, lda: k1, b: b1p.baseAddress!, ldb: k1),
                        SgemmSlice(.none, .none, k: k2, alpha: 0.5, a: a2p.baseAddress!, lda: k2, b: b2p.baseAddress!, ldb: n),
                    ], beta: 0.5, c: &ours, ldc: n)
                }}
            }}
            referenceSgemm(.none, .transposed, m: m, n: n, k: k1, alpha: 1, a: a1, lda: k1, b: b1, ldb: k1, beta: 0.5,
                           c: &reference, ldc: n)
            referenceSgemm(.none, .none, m: m, n: n, k: k2, alpha: 0.5, a: a2, lda: k2, b: b2, ldb: n, beta: 1,
                           c: &reference, ldc: n)
            #expect(relativeError(ours, reference) < 1e-5, "\(set.isa.rawValue) m=\(m) n=\(n) k=\(k1)+\(k2)")
        }
    }
}

/// Attention forward and backward in every set against the generic set (whose forward the attention tests check
/// against a double-precision reference), on shapes with a partial last panel of queries and of keys.
@Test func everyKernelSetMatchesGenericAttention() {
    let shapes = [CausalAttention(batch: 2, queries: 17, keys: 17, heads: 3, kvHeads: 1, headDim: 8),
                  CausalAttention(batch: 1, queries: 33, keys: 33, heads: 2, kvHeads: 2, headDim: 64),
                  CausalAttention(batch: 1, queries: 1, keys: 15, heads: 4, kvHeads: 2, headDim: 7),
                  // Gemma 2's: a score scale of its own, soft-capping and a sliding window.
                  CausalAttention(batch: 2, queries: 21, keys: 21, heads: 2, kvHeads: 1, headDim: 16, scale: 0.3,
                                  softcap: 5, window: 6)]
    for set in KernelSetsUnderTest.available("everyKernelSetMatchesGenericAttention") {
        for (index, shape) in shapes.enumerated() {
            let (q, k, v, dout) = randomAttentionInputs(shape, seed: UInt64(500 + index))
            func run(_ s: any KernelSet.Type) -> [[Float]] {
                var out = [Float](repeating: 0, count: q.count), probs = [Float](repeating: 0, count: shape.probsCount)
                var dq = [Float](repeating: 0, count: q.count), dk = [Float](repeating: 0, count: k.count)
                var dv = [Float](repeating: 0, count: v.count)
                var tanh = [Float](repeating: 0, count: shape.softcap == nil ? 0 : shape.probsCount)
                tanh.withUnsafeMutableBufferPointer { t in
                    let saved = shape.softcap == nil ? nil : t.baseAddress
                    s.attentionForward(shape, q: q, k: k, v: v, out: &out, probs: &probs, scoresTanh: saved)
                    s.attentionBackward(shape, dout: dout, q: q, k: k, v: v, probs: probs, dq: &dq, dk: &dk, dv: &dv,
                                        scoresTanh: saved.map { UnsafePointer($0) })
                }
                return [out, probs, dq, dk, dv]
            }
            let ours = run(set), generic = run(KernelSetsUnderTest.generic)
            for (name, pair) in zip(["out", "probs", "dq", "dk", "dv"], zip(ours, generic)) {
                #expect(relativeError(pair.0, pair.1) < 1e-5, "\(set.isa.rawValue) shape \(index): \(name)")
            }
        }
    }
}

/// What `LOOM_ISA` asks for is honoured only when the CPU has it; anything else is refused with the reason.
@Test func loomISARequestsAreCheckedAgainstTheCPU() throws {
    #expect(KernelISA.requested([:]) == nil)
    let generic = try #require(KernelISA.requested(["LOOM_ISA": "generic"]))
    #expect((try? generic.get()) == .generic)
    guard case .failure(let unknown) = KernelISA.requested(["LOOM_ISA": "sse9"]) else {
        Issue.record("an unknown set was accepted"); return
    }
    #expect(unknown.message.contains("avx512, avx2, generic"))
    for isa in KernelISA.allCases {
        let result = try #require(KernelISA.requested(["LOOM_ISA": isa.rawValue.uppercased()]))
        switch result {
        case .success(let chosen): #expect(chosen == isa && CPUFeatures.current.supports(isa))
        case .failure(let refused):
            #expect(!CPUFeatures.current.supports(isa))
            #expect(refused.message.contains("lacks"))
        }
    }
    #expect(KernelDispatch.set(for: KernelISA.active) != nil)
}

/// Cache sizes as sysfs writes them, and the fallbacks when a level is missing.
@Test func cacheSizesParseSysfsNotation() {
    #expect(CacheSizes.bytes("32K") == 32 << 10)
    #expect(CacheSizes.bytes("32768K") == 32 << 20)
    #expect(CacheSizes.bytes("2M") == 2 << 20)
    #expect(CacheSizes.bytes("12") == 12)
    #expect(CacheSizes.bytes("") == nil && CacheSizes.bytes("K") == nil && CacheSizes.bytes("-4K") == nil)
    let missing = CacheSizes.read(root: "/nonexistent", environment: ["LOOM_CACHE_L2": "1M"])
    #expect(missing.l1 == 32 << 10 && missing.l2 == 1 << 20 && missing.l3 == 8 << 20)
    #expect(missing.source == "fallback+LOOM_CACHE_L2")
}
