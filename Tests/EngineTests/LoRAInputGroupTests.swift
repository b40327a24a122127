import Testing
@testable import Engine

/// A group's stacked products against each branch computing its own: same outputs, input gradient and LoRA
/// gradients (only the order of additions differs).
@Suite struct LoRAInputGroupTests {
    static let rows = 37, hidden = 40

    /// A q, k, v-like trio reading one input: frozen random weights, LoRA branches of ranks 8, 8, 4 with nonzero B.
    private func projections(dropout: Float = 0) -> [Linear] {
        var generator = SeededGenerator(seed: 5)
        return [(Self.hidden, 8), (24, 8), (24, 4)].enumerated().map { index, shape in
            let linear = Linear(path: "p\(index)", inFeatures: Self.hidden, outFeatures: shape.0, bias: false)
            for i in 0..<linear.weight.count { linear.weight.value[i] = generator.nextNormal() * 0.2 }
            let lora = LoRALinear(path: "p\(index)", inFeatures: Self.hidden, outFeatures: shape.0,
                                  config: LoRAConfig(rank: shape.1, alpha: 16, dropout: dropout), seed: UInt64(index))
            for i in 0..<lora.b.count { lora.b.value[i] = generator.nextNormal() * 0.2 }
            linear.lora = lora
            return linear
        }
    }

    private func randomRows(_ columns: Int, seed: UInt64) -> FloatBuffer {
        var generator = SeededGenerator(seed: seed)
        return FloatBuffer((0..<(Self.rows * columns)).map { _ in generator.nextNormal() })
    }

    /// Forward and backward of the trio on one input, grouped or each on its own; returns the outputs, the input
    /// gradient and every LoRA gradient.
    private func run(grouped: Bool) -> [[Float]] {
        let linears = projections(), rows = Self.rows
        let x = randomRows(Self.hidden, seed: 1)
        let outputs = linears.map { FloatBuffer(count: rows * $0.outFeatures) }
        let forwardGroup = grouped ? LoRAInputGroup(forwardOf: linears) : nil
        forwardGroup?.forward(input: x.pointer, rows: rows)
        for (linear, y) in zip(linears, outputs) {
            linear.forward(x.pointer, rows: rows, into: y.pointer, training: true,
                           loraHiddenAdopted: forwardGroup != nil)
        }
        let scratch = BackwardScratch(rows: rows, maxRank: 8, maxGroupRank: 20, maxFeatures: Self.hidden,
                                      needsDropout: false)
        let backwardGroup = grouped ? LoRAInputGroup(backwardOf: linears) : nil
        let dx = FloatBuffer(count: rows * Self.hidden)
        for (index, linear) in linears.enumerated() {
            let dy = randomRows(linear.outFeatures, seed: 10 + UInt64(index))
            let hiddenGradient = backwardGroup?.hiddenGradient(of: linear, rows: rows, scratch: scratch)
            linear.backward(dy.pointer, input: hiddenGradient == nil ? x.pointer : nil, rows: rows, dx: dx.pointer,
                            accumulate: index > 0, scratch: scratch, loraHiddenGradient: hiddenGradient)
        }
        backwardGroup?.addInputGradientProducts(input: x.pointer, rows: rows, scratch: scratch)
        return outputs.map(\.array) + [dx.array] + linears.flatMap { $0.lora!.parameters.map { $0.gradient!.array } }
    }

    @Test func groupedProductsMatchEachBranchOnItsOwn() {
        let alone = run(grouped: false), grouped = run(grouped: true)
        #expect(alone.count == grouped.count)
        for (index, (a, b)) in zip(alone, grouped).enumerated() {
            #expect(maxRelativeError(b, a) < 1e-5, "tensor \(index)")
            #expect(a.contains { $0 != 0 }, "tensor \(index) is all zeros: the comparison would prove nothing")
        }
    }

    @Test func onlyBranchesThatCanShareAreGrouped() {
        let linears = projections()
        #expect(LoRAInputGroup(forwardOf: linears)?.totalRank == 20)
        #expect(LoRAInputGroup(backwardOf: linears)?.totalRank == 20)
        // Dropout draws a different mask per branch: no shared input.
        #expect(LoRAInputGroup(forwardOf: projections(dropout: 0.1)) == nil)
        #expect(LoRAInputGroup(backwardOf: projections(dropout: 0.1)) == nil)
        // A trainable base weight needs the input itself; the other two still share.
        linears[0].weight.setTrainable(true)
        #expect(LoRAInputGroup(backwardOf: linears)?.totalRank == 12)
        #expect(LoRAInputGroup(backwardOf: linears)?.contains(linears[0]) == false)
        // A lone branch computes its own.
        linears[1].lora = nil
        #expect(LoRAInputGroup(forwardOf: Array(linears.prefix(2))) == nil)
    }
}
