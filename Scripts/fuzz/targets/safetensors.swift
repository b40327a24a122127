// libFuzzer target: safetensors files as the Engine opens them (SafetensorsFile: header length, JSON header,
// dtypes, shapes, offsets, overlaps), then every tensor read as floats. The input is written to a file first, since
// the reader memory-maps a path. Built by Scripts/fuzz/run.sh against the Engine library.
// Invariants checked: every tensor's byte range lies inside the file and matches its shape and dtype.
#if canImport(Glibc)
import Glibc
#endif
import Engine

private let path = "/dev/shm/loom-fuzz-safetensors-\(getpid()).safetensors"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    guard let file = try? SafetensorsFile(path: path) else { return 0 }
    for tensor in file.tensors {
        precondition(tensor.byteRange.lowerBound >= 8 && tensor.byteRange.upperBound <= size, "range outside the file")
        precondition(tensor.byteRange.count == tensor.elementCount * tensor.dtype.byteSize, "range does not fit the shape")
        guard tensor.elementCount <= 1 << 16 else { continue }
        _ = try? file.floats(tensor.name)
        _ = try? file.floats(tensor.name, shape: [tensor.elementCount])
    }
    _ = file.names
    _ = file.metadata
    return 0
}
