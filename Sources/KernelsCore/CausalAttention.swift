/// Causal scaled-dot-product attention with grouped-query attention (GQA), on the layouts that the q/k/v
/// projections produce, so that no transposes are needed:
///
/// - `q`, `out`, `dq`, `dout`: row-major `[batch, queries, heads * headDim]`
/// - `k`, `v`, `dk`, `dv`: row-major `[batch, keys, kvHeads * headDim]`
/// - `probs`: `[batch, heads, queries, keys]`, the softmax weights saved by `forward` for `backward`
///
/// Query head `h` reads key/value head `h / (heads / kvHeads)`, as Hugging Face's `repeat_kv` arranges.
/// Query `t` sits at absolute position `keys - queries + t` (so `queries == keys` for training, and `queries == 1`
/// with a KV cache during generation) and attends to keys `0...that position`, or with a `window` only to the
/// last `window` of them (its own included, transformers' sliding window). Scores are scaled by `scale`
/// (`1 / sqrt(headDim)` unless given) and, with a `softcap`, capped to `cap · tanh(score / cap)` before the softmax
/// (Gemma 2).
public struct CausalAttention: Sendable {
    public let batch: Int
    public let queries: Int
    public let keys: Int
    public let heads: Int
    public let kvHeads: Int
    public let headDim: Int
    public let scale: Float
    public let softcap: Float?
    public let window: Int?

    public init(batch: Int, queries: Int, keys: Int, heads: Int, kvHeads: Int, headDim: Int, scale: Float? = nil,
                softcap: Float? = nil, window: Int? = nil) {
        precondition(kvHeads > 0 && heads % kvHeads == 0, "heads must be a multiple of kvHeads")
        precondition(queries <= keys, "more queries than keys")
        precondition(window.map { $0 > 0 } ?? true, "a window holds at least the query's own key")
        self.batch = batch
        self.queries = queries
        self.keys = keys
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.scale = scale ?? 1 / Float(headDim).squareRoot()
        self.softcap = softcap
        self.window = window
    }

    /// The same attention over `keys` keys with `window`.
    public func with(keys: Int, window: Int?) -> CausalAttention {
        CausalAttention(batch: batch, queries: queries, keys: keys, heads: heads, kvHeads: kvHeads, headDim: headDim,
                        scale: scale, softcap: softcap, window: window)
    }

    /// The first key that a query at key-relative position `position` sees.
    @inlinable
    public func firstVisible(_ position: Int) -> Int { window.map { Swift.max(0, position - $0 + 1) } ?? 0 }

    /// Number of floats `probs` needs: `batch * heads * queries * keys`.
    public var probsCount: Int { batch * heads * queries * keys }
}
