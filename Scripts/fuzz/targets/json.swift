// libFuzzer target: the package's one JSON parser (JSONL lines, JSON documents, tokenizer.json, config files).
// Built by Scripts/fuzz/run.sh together with Sources/Support; any crash, hang or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? JSONParser.parse(bytes)
    _ = try? JSONParser.parse(bytes, limits: JSONPreviewLimits(maxStringBytes: 16), allowTruncatedInput: true)
    return 0
}
