import CKernelHints
import Foundation

/// The kernel sets a binary carries, one per vector unit, each compiled as its own module with its own
/// `-target-cpu` (Swift has no per-function target attributes): the best one the CPU runs is chosen at start-up
/// from cpuid, so one binary is fast on an AVX-512 server, on an AVX2 laptop and correct anywhere else.
public enum KernelISA: String, Sendable, CaseIterable {
    /// AVX-512 F/CD/BW/DQ/VL + FMA (`-target-cpu skylake-avx512`): 14 × 32 SGEMM tile in 28 zmm accumulators.
    case avx512
    /// AVX2 + FMA + F16C + BMI1/2 + LZCNT + MOVBE (`-target-cpu haswell`): 6 × 16 tile in 12 ymm accumulators.
    case avx2
    /// The architecture's baseline (SSE2 on x86-64, NEON on arm64), no FMA: 6 × 8 tile.
    case generic

    /// The sets this CPU can run, best first (`generic` always).
    public static let available: [KernelISA] = {
        let cpu = CPUFeatures.current
        return allCases.filter { cpu.supports($0) }
    }()

    /// What `LOOM_ISA` asks for, checked against this CPU: nil when unset, the set when the CPU has it, else a
    /// message that says why it is refused.
    public static func requested(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<KernelISA, KernelISAError>? {
        guard let text = environment["LOOM_ISA"], !text.isEmpty else { return nil }
        guard let isa = KernelISA(rawValue: text.lowercased()) else {
            return .failure(KernelISAError(message: "LOOM_ISA=\(text) is not a kernel set: use one of "
                + allCases.map(\.rawValue).joined(separator: ", ")))
        }
        guard available.contains(isa) else {
            return .failure(KernelISAError(message: "LOOM_ISA=\(text): this CPU (\(CPUFeatures.current.modelName)) lacks "
                + CPUFeatures.current.missing(for: isa).joined(separator: ", ")
                + "; it runs " + available.map(\.rawValue).joined(separator: ", ")))
        }
        return .success(isa)
    }

    /// The set in use: `LOOM_ISA` when the CPU has it, else the best available. A refused `LOOM_ISA` falls back to
    /// the best set with a warning on stderr here; the `loom` command checks it first and stops with the message.
    public static let active: KernelISA = {
        switch requested() {
        case .success(let isa): return isa
        case .failure(let error):
            FileHandle.standardError.write(Data("warning: \(error.message); using \(available[0].rawValue)\n".utf8))
            return available[0]
        case nil: return available[0]
        }
    }()
}

/// A refused `LOOM_ISA`.
public struct KernelISAError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The features of this CPU that decide which kernel sets it can run, from cpuid (and XCR0: the operating system
/// must save the wide registers too).
public struct CPUFeatures: Sendable {
    public var features: Set<String> = []
    public var modelName: String

    public static let current = CPUFeatures()

    init() {
        var regs: [UInt32] = [0, 0, 0, 0]
        func cpuid(_ leaf: UInt32, _ sub: UInt32 = 0) -> [UInt32] {
            regs.withUnsafeMutableBufferPointer { loom_cpuid(leaf, sub, $0.baseAddress!) }
            return regs
        }
        modelName = Self.readModelName()
        #if arch(x86_64)
        let maxLeaf = cpuid(0)[0]
        guard maxLeaf >= 1 else { return }
        let l1 = cpuid(1)
        let l7 = maxLeaf >= 7 ? cpuid(7) : [0, 0, 0, 0]
        let ext = cpuid(0x8000_0000)[0] >= 0x8000_0001 ? cpuid(0x8000_0001) : [0, 0, 0, 0]
        func bit(_ r: UInt32, _ n: UInt32) -> Bool { r & (1 << n) != 0 }
        let osxsave = bit(l1[2], 27)
        let xcr0 = osxsave ? loom_xgetbv0() : 0
        let ymmSaved = xcr0 & 0x6 == 0x6, zmmSaved = xcr0 & 0xE6 == 0xE6
        let flags: [(String, Bool)] = [
            ("avx", bit(l1[2], 28) && ymmSaved), ("fma", bit(l1[2], 12) && ymmSaved), ("f16c", bit(l1[2], 29)),
            ("movbe", bit(l1[2], 22)), ("popcnt", bit(l1[2], 23)),
            ("avx2", bit(l7[1], 5) && ymmSaved), ("bmi1", bit(l7[1], 3)), ("bmi2", bit(l7[1], 8)),
            ("lzcnt", bit(ext[2], 5)),
            ("avx512f", bit(l7[1], 16) && zmmSaved), ("avx512dq", bit(l7[1], 17) && zmmSaved),
            ("avx512cd", bit(l7[1], 28) && zmmSaved), ("avx512bw", bit(l7[1], 30) && zmmSaved),
            ("avx512vl", bit(l7[1], 31) && zmmSaved),
        ]
        features = Set(flags.filter(\.1).map(\.0))
        #endif
    }

    /// The features a set's `-target-cpu` lets the compiler use, of those that decide between the sets.
    static func required(for isa: KernelISA) -> [String] {
        let avx2 = ["avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "lzcnt", "movbe", "popcnt"]
        switch isa {
        case .generic: return []
        case .avx2: return avx2
        case .avx512: return avx2 + ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"]
        }
    }

    public func supports(_ isa: KernelISA) -> Bool { missing(for: isa).isEmpty }

    public func missing(for isa: KernelISA) -> [String] { Self.required(for: isa).filter { !features.contains($0) } }

    /// "model name" of /proc/cpuinfo (Linux), else the architecture.
    static func readModelName() -> String {
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        #if arch(x86_64)
        return "x86-64 CPU"
        #else
        return "arm64 CPU"
        #endif
    }
}
