// libFuzzer target: a model's config.json as the Engine reads it (ModelConfig: the family's fields, limits and
// cross-checks), then what the engine derives from an accepted config before loading weights: the tensor layout,
// every tensor shape, parameter and LoRA parameter counts. Built by Scripts/fuzz/run.sh against the Engine library.
import Foundation
import Engine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let config = try? ModelConfig(json: Data(bytes: data, count: size)) else { return 0 }
    _ = config.layerProjections
    _ = config.layerNorms
    _ = config.layerPath(0)
    _ = config.loraParameterCount(rank: 8, targets: ["q_proj", "k_proj", "v_proj", "o_proj", "c_attn", "qkv_proj"])
    _ = config.queryDim
    _ = config.keyValueDim
    _ = config.parameterCount
    return 0
}
