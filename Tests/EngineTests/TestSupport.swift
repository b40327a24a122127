import Foundation

/// A fresh temporary folder for one test, removed by the caller with `cleanup()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-engine-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Builds raw safetensors bytes from a literal header, for files the writer would never produce.
func rawSafetensors(header: String, data: [UInt8], claimedHeaderLength: UInt64? = nil) -> Data {
    let json = Data(header.utf8)
    var out = Data()
    var length = (claimedHeaderLength ?? UInt64(json.count)).littleEndian
    withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
    out.append(json)
    out.append(contentsOf: data)
    return out
}

/// max|a − b| / max|b|: the error relative to the reference's scale, so that values near zero do not dominate.
func maxRelativeError(_ actual: [Float], _ expected: [Float]) -> Float {
    precondition(actual.count == expected.count, "sizes differ: \(actual.count) vs \(expected.count)")
    var maxDiff: Float = 0
    var maxRef: Float = 0
    for i in 0..<actual.count {
        maxDiff = max(maxDiff, abs(actual[i] - expected[i]))
        maxRef = max(maxRef, abs(expected[i]))
    }
    if maxRef == 0 { return maxDiff }
    return maxDiff / maxRef
}
