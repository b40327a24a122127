import Testing
@testable import Kernels

@Test func adamWMatchesTorchOverThreeSteps() {
    for golden in adamWGoldenCases {
        let optimizer = AdamW(learningRate: golden.lr, beta1: golden.beta1, beta2: golden.beta2, eps: golden.eps,
                              weightDecay: golden.weightDecay)
        var params = golden.initial
        var m = [Float](repeating: 0, count: params.count), v = m
        for (index, grad) in golden.grads.enumerated() {
            optimizer.step(step: index + 1, params: &params, grads: grad, m: &m, v: &v, count: params.count)
            for i in 0..<params.count {
                let expected = golden.expected[index][i]
                #expect(abs(params[i] - expected) <= 2e-6 * max(1, abs(expected)),
                        "step \(index + 1) element \(i): \(params[i]) vs torch \(expected)")
            }
        }
    }
}

@Test func adamWDefaultsAreTorchDefaults() {
    #expect(AdamW() == AdamW(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01))
}
