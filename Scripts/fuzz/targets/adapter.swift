// libFuzzer target: a PEFT adapter_config.json as the Engine reads it (PEFTAdapter.config: rank, alpha, dropout,
// target modules, refused PEFT features). Built by Scripts/fuzz/run.sh against the Engine library.
import Foundation
import Engine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdapter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let config = try? PEFTAdapter.config(json: Data(bytes: data, count: size), path: "adapter_config.json") else {
        return 0
    }
    precondition(config.rank > 0 && config.alpha.isFinite && config.alpha > 0, "accepted an unusable adapter")
    return 0
}
