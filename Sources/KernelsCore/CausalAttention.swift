/// Causal scaled-dot-product attention with grouped-query attention (GQA), on the layouts that the q/k/v
/// projections produce, so that no transposes are needed:
///
/// - `q`, `out`, `dq`, `dout`: row-major `[batch, queries, heads * headDim]`
/// - `k`, `v`, `dk`, `dv`: row-major `[batch, keys, kvHeads * headDim]`
/// - `probs`: `[batch, heads, queries, keys]`, the softmax weights saved by `forward` for `backward`
///
/// Query head `h` reads key/value head `h / (heads / kvHeads)`, as Hugging Face's `repeat_kv` arranges.
/// Query `t` sits at absolute position `keys - queries + t` (so `queries == keys` for training, and `queries == 1`
/// with a KV cache during generation) and attends to keys `0...that position`. Scores are scaled by
/// `1 / sqrt(headDim)`.
public struct CausalAttention: Sendable {
    public let batch: Int
    public let queries: Int
    public let keys: Int
    public let heads: Int
    public let kvHeads: Int
    public let headDim: Int

    public init(batch: Int, queries: Int, keys: Int, heads: Int, kvHeads: Int, headDim: Int) {
        precondition(kvHeads > 0 && heads % kvHeads == 0, "heads must be a multiple of kvHeads")
        precondition(queries <= keys, "more queries than keys")
        self.batch = batch
        self.queries = queries
        self.keys = keys
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
    }

    /// Number of floats `probs` needs: `batch * heads * queries * keys`.
    public var probsCount: Int { batch * heads * queries * keys }

}
