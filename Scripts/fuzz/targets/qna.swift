// libFuzzer target: InstructLab qna.yaml files as Taxonomy reads them (Yams' composer, the YAML lint rules, the
// knowledge and skill schemas, the advice on sizes), first as text under each name rule, then through the dataset
// reader that the workbench opens them with. Built by Scripts/fuzz/run.sh against the Taxonomy library.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Datasets
import Taxonomy

private let folder = "/dev/shm/loom-fuzz-qna-\(getpid())"
private let path = folder + "/qna.yaml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQnA(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let report = QnAValidator.validate(text: text, folders: ["knowledge", "science"])
    _ = QnAValidator.validate(text: text, fileName: "qna.yml", folders: ["compositional_skills"])
    for problem in report.problems { _ = problem.description }
    // The same bytes through the file path and the reader (rows, records), as `loom FILE` opens them.
    mkdir(folder, 0o700)
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    guard let reader = try? QnARecordReader(path: path) else { return 0 }
    for row in 0..<min(reader.rowCount, 16) { _ = try? reader.record(at: row, maxBytes: 256) }
    return 0
}
