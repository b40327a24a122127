@_exported import KernelsCore
#if canImport(vectorKernelsAVX512)
import vectorKernelsAVX512
#endif
#if canImport(vectorKernelsAVX2)
import vectorKernelsAVX2
#endif
import vectorKernelsGeneric

/// Which kernel set runs the hot kernels (the SGEMM family and attention): chosen once, at first use, from cpuid
/// (`KernelISA.active`: the best set this CPU runs, or `LOOM_ISA` when it names one the CPU has). Everything else in
/// Kernels is compiled for the architecture's baseline, so the binary runs on any CPU of its architecture and
/// never executes an instruction the CPU lacks.
public enum KernelDispatch {
    /// The set in use.
    public static let active: any KernelSet.Type = set(for: KernelISA.active) ?? vectorKernelsGeneric.KernelSetEntry.self

    /// The set compiled for `isa`, when this binary carries it and this CPU runs it (tests compare every such
    /// set against the generic one).
    public static func set(for isa: KernelISA) -> (any KernelSet.Type)? {
        guard KernelISA.available.contains(isa) else { return nil }
        switch isa {
        case .avx512:
            #if canImport(vectorKernelsAVX512)
            return vectorKernelsAVX512.KernelSetEntry.self
            #else
            return nil
            #endif
        case .avx2:
            #if canImport(vectorKernelsAVX2)
            return vectorKernelsAVX2.KernelSetEntry.self
            #else
            return nil
            #endif
        case .generic:
            return vectorKernelsGeneric.KernelSetEntry.self
        }
    }

    /// One line for the benchmarks: "kernels: avx2 (SGEMM tile 6×16; kc 640, B block 384 KiB, A budget 16 MiB) on
    /// AMD EPYC; L1d 32 KiB, L2 512 KiB, L3 32 MiB (sysfs)".
    public static var summary: String {
        let set = active
        return "kernels: \(set.isa.rawValue) (SGEMM tile \(set.tile.rows)×\(set.tile.columns); \(set.blockingSummary))"
            + " on \(CPUFeatures.current.modelName); \(CacheSizes.current.summary)"
            + (KernelISA.requested() == nil ? "" : " [LOOM_ISA]")
    }
}
