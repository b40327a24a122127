import Engine
import Kernels

/// Folds LoRA branches into their base weights (`W += scale · B·A`, in the weight's own layout) and removes them,
/// as PEFT's `merge_and_unload` does, so the merged model needs no adapter code.
public enum AdapterMerger {
    /// Returns how many projections were merged.
    @discardableResult
    public static func merge(_ model: TransformerModel) -> Int {
        var merged = 0
        for block in model.blocks {
            for (_, linear) in block.projections {
                guard let lora = linear.lora else { continue }
                let r = lora.rank, inF = linear.inFeatures, outF = linear.outFeatures
                switch linear.layout {
                case .outIn:
                    sgemm(.none, .none, m: outF, n: inF, k: r, alpha: lora.scale, a: lora.b.value.pointer, lda: r,
                          b: lora.a.value.pointer, ldb: inF, beta: 1, c: linear.weight.value.pointer, ldc: inF)
                case .inOut:
                    sgemm(.transposed, .transposed, m: inF, n: outF, k: r, alpha: lora.scale, a: lora.a.value.pointer, lda: inF,
                          b: lora.b.value.pointer, ldb: r, beta: 1, c: linear.weight.value.pointer, ldc: outF)
                }
                linear.lora = nil
                merged += 1
            }
        }
        return merged
    }
}
