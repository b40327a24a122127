extension CausalAttention {
    /// Computes `out`; writes the attention weights into `probs` when given (needed for `backward`), and with a
    /// soft-cap `tanh(score / cap)` into `scoresTanh` (same layout, also needed for `backward`). Entries of
    /// `probs` (and `scoresTanh`) outside the causal window are set to zero.
    ///
    /// One task per (sequence, KV head) on the thread pool: it packs Kᵀ and V once into the micro-kernel's panels
    /// and reuses them for every query head of its group; queries go one micro-kernel panel at a time, each panel
    /// scored only against the keys its last query sees, then softmax, then `P·V` over those keys. Runs in the
    /// kernel set in use (Sources/KernelSets/Shared/CausalAttentionKernels.swift).
    public func forward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                        out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>?,
                        scoresTanh: UnsafeMutablePointer<Float>? = nil) {
        KernelDispatch.active.attentionForward(self, q: q, k: k, v: v, out: out, probs: probs, scoresTanh: scoresTanh)
    }

    /// Gradients of `forward`: OVERWRITES `dq`, `dk` and `dv` (they must not alias the inputs). A soft-capped
    /// attention needs the `scoresTanh` its forward saved.
    public func backward(dout: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                         v: UnsafePointer<Float>, probs: UnsafePointer<Float>,
                         dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                         dv: UnsafeMutablePointer<Float>, scoresTanh: UnsafePointer<Float>? = nil) {
        precondition(softcap == nil || scoresTanh != nil, "a soft-capped attention's backward needs the saved tanh")
        KernelDispatch.active.attentionBackward(self, dout: dout, q: q, k: k, v: v, probs: probs, dq: dq, dk: dk,
                                                dv: dv, scoresTanh: scoresTanh)
    }
}
