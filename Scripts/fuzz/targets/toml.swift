// libFuzzer target: the run-config TOML reader (Sources/Support/TOMLDocument.swift). Built by Scripts/fuzz/run.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTOML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? TOMLDocument(text: text)
    return 0
}
