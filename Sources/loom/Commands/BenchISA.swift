import ArgumentParser
import Foundation
import Kernels

/// `--isa avx512|avx2|generic` of `loom bench gemm` and `loom bench train`: runs Loom with that kernel set
/// (`LOOM_ISA`, inherited by the benchmark's child processes) and, for `avx2`, its anchors with their AVX2 code too
/// (PyTorch with `ATEN_CPU_CAPABILITY=avx2`, OpenBLAS with `OPENBLAS_CORETYPE=Haswell`), so that an AVX2 comparison
/// can be made on an AVX-512 machine. Must run before any kernel is called (the set is chosen once per process).
enum BenchISA {
    /// Checks `name` against this CPU; the error says what it lacks.
    static func validate(_ name: String?) throws {
        guard let name else { return }
        if case .failure(let refused) = KernelISA.requested(["LOOM_ISA": name]) {
            throw ValidationError("--isa: \(refused.message)")
        }
    }

    /// Sets the environment for `name` (nil: leaves it as it is).
    static func apply(_ name: String?) {
        guard let name else { return }
        setenv("LOOM_ISA", name.lowercased(), 1)
        if name.lowercased() == "avx2" {
            setenv("ATEN_CPU_CAPABILITY", "avx2", 1)
        }
    }

    /// The OpenBLAS core type the numpy anchor is pinned to for `name`, or nil for OpenBLAS's own choice.
    static func openBLASCoreType(_ name: String?) -> String? {
        switch name?.lowercased() {
        case "avx2": return "Haswell"
        case "generic": return "Prescott"
        default: return nil
        }
    }
}
