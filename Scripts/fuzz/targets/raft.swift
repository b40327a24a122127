// libFuzzer target: the RAFT record parser (Datasets/RAFT): a JSON row read as each RAFT schema, the instruction
// text split into documents and question, and the validator's checks on the record (quotes, oracle, duplicates).
// Built by Scripts/fuzz/run.sh against the Datasets library.
import Datasets
import Support

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRAFT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    _ = RAFTInstruction.parse(text)
    _ = RAFTInstruction.containsDocuments(text)
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    _ = RAFTSchema.detect(value)
    var validator = RAFTValidator(path: "fuzz.jsonl")
    for (row, schema) in RAFTSchema.allCases.enumerated() {
        do throws(RAFTRecordError) {
            let record = try RAFTRecordParser.parse(value, schema: schema, row: row, line: row + 1, path: "fuzz.jsonl")
            validator.add(record)
        } catch {
            validator.add(.failure(error))
        }
    }
    _ = validator.report
    return 0
}
