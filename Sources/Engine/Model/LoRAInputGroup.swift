import Kernels

/// The LoRA branches of projections that read the same input (a Llama layer's q, k, v; its gate and up), computed
/// together: the forward pass's down-projections `h = x·Aᵀ` as one product of x with the branches' stacked A
/// (`[rows, 8]` three times becomes `[rows, 24]` once), and the backward pass's `dA = dhᵀ·x` as one product of
/// their stacked dh with x.
///
/// Why: these products are rank-sized, so their cost is reading x (`rows × hidden` floats, which in the backward
/// pass come from memory, not cache): three branches reading it once each cost three times one that reads it for
/// all of them.
///
/// A group holds only branches that can share: no dropout (each branch drops different inputs), and for the
/// backward also a trainable A and a frozen base weight (the base projection then never needs x itself). A group
/// of fewer than two is nil: a lone branch computes its own.
struct LoRAInputGroup {
    let branches: [LoRALinear]
    /// Where each branch's columns start in the stacked `[rows, totalRank]` buffers.
    let columns: [Int]
    let totalRank: Int
    let inFeatures: Int

    private init?(_ branches: [LoRALinear]) {
        guard branches.count > 1, branches.allSatisfy({ $0.inFeatures == branches[0].inFeatures }) else { return nil }
        self.branches = branches
        var columns: [Int] = [], total = 0
        for branch in branches { columns.append(total); total += branch.rank }
        self.columns = columns
        totalRank = total
        inFeatures = branches[0].inFeatures
    }

    /// The branches of `projections` whose forward down-projections can be computed together.
    init?(forwardOf projections: [Linear]) {
        self.init(projections.compactMap(\.lora).filter { $0.dropout == 0 })
    }

    /// The branches of `projections` whose `dA` can be computed together.
    init?(backwardOf projections: [Linear]) {
        self.init(projections.filter { $0.weight.gradientPointer == nil }.compactMap(\.lora).filter(\.readsInput))
    }

    /// Whether `projection`'s branch is in the group.
    func contains(_ projection: Linear) -> Bool {
        guard let lora = projection.lora else { return false }
        return branches.contains { $0 === lora }
    }

    /// Computes every branch's `h = x·Aᵀ` and hands each its columns: each projection's forward must then be told
    /// (`hiddenAdopted`) not to compute its own.
    func forward(input x: UnsafePointer<Float>, rows: Int) {
        let stacked = branches[0].hiddenBuffer(sharedBy: branches, floats: rows * totalRank)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: totalRank * inFeatures) { weights in
            let stackedA = weights.baseAddress!
            for (branch, column) in zip(branches, columns) {
                (stackedA + column * inFeatures).update(from: branch.a.value.pointer, count: branch.rank * inFeatures)
            }
            sgemm(.none, .transposed, m: rows, n: totalRank, k: inFeatures, alpha: 1, a: x, lda: inFeatures,
                  b: stackedA, ldb: inFeatures, beta: 0, c: stacked.pointer, ldc: totalRank)
        }
        for (branch, column) in zip(branches, columns) { branch.adoptHidden(stacked, stride: totalRank, column: column) }
    }

    /// Where `projection`'s branch writes its `dh` during its backward pass: its columns of the stacked
    /// `scratch.loraGroupHidden`. Nil when the branch is not in the group.
    func hiddenGradient(of projection: Linear, rows: Int, scratch: BackwardScratch) -> LoRALinear.HiddenGradient? {
        guard let lora = projection.lora, let index = branches.firstIndex(where: { $0 === lora }) else { return nil }
        precondition(scratch.loraGroupHidden.count >= rows * totalRank
                     && scratch.loraGroupGradient.count >= totalRank * inFeatures,
                     "backward scratch sized for smaller groups")
        return LoRALinear.HiddenGradient(pointer: scratch.loraGroupHidden.pointer + columns[index], stride: totalRank)
    }

    /// `dA += dhᵀ·x` for every branch, from the `dh` their backward passes left in `scratch.loraGroupHidden`.
    func addInputGradientProducts(input x: UnsafePointer<Float>, rows: Int, scratch: BackwardScratch) {
        let stackedGradient = scratch.loraGroupGradient.pointer
        sgemm(.transposed, .none, m: totalRank, n: inFeatures, k: rows, alpha: 1,
              a: scratch.loraGroupHidden.pointer, lda: totalRank, b: x, ldb: inFeatures,
              beta: 0, c: stackedGradient, ldc: inFeatures)
        for (branch, column) in zip(branches, columns) {
            guard let dA = branch.a.gradientPointer else { continue }
            Elementwise.axpy(alpha: 1, x: stackedGradient + column * inFeatures, y: dA, count: branch.rank * inFeatures)
        }
    }
}
