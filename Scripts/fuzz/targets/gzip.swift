// libFuzzer target: gzip decompression as Datasets reads .gz files (GzipInflater over zlib), fed in pieces of
// input and into small output buffers, as the indexer does, including several members and trailing garbage.
// Built by Scripts/fuzz/run.sh against the Datasets library and -lz.
// Invariants checked: consumed and produced counts stay inside the buffers handed over.
@testable import Datasets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let inflater = try? GzipInflater(path: "fuzz.gz") else { return 0 }
    // The first byte picks the piece sizes, so both one-shot and byte-by-byte paths are explored.
    let inputPiece = size > 0 ? Int(bytes[0]) % 64 + 1 : 1
    let outputSize = size > 1 ? Int(bytes[1]) % 300 + 1 : 64
    let output = UnsafeMutableRawBufferPointer.allocate(byteCount: outputSize, alignment: 16)
    defer { output.deallocate() }
    var offset = 0
    var produced = 0
    var stalls = 0
    while offset < size, produced < 1 << 20 {
        let end = min(size, offset + inputPiece)
        let piece = UnsafeRawBufferPointer(rebasing: bytes[offset..<end])
        guard let (consumed, made) = try? inflater.inflate(input: piece, output: output, inputOffset: UInt64(offset)) else {
            return 0
        }
        precondition(consumed >= 0 && consumed <= piece.count && made >= 0 && made <= outputSize)
        produced += made
        offset += consumed
        // zlib may hold output back: a call that neither consumes nor produces means it needs more input than
        // this piece (the indexer then reads more); stop rather than loop.
        if consumed == 0 && made == 0 { stalls += 1; if stalls > 2 { break } } else { stalls = 0 }
    }
    _ = inflater.reachedEnd
    return 0
}
