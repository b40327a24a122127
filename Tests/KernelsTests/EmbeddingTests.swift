import Testing
@testable import Kernels

@Test func embeddingGatherAndScatterAdd() {
    let dim = 3
    let table: [Float] = [0, 1, 2, 10, 11, 12, 20, 21, 22]
    let tokens: [Int32] = [2, 0, 2]
    var out = [Float](repeating: 0, count: tokens.count * dim)
    Embedding.gather(table: table, dim: dim, tokens: tokens, count: tokens.count, out: &out)
    #expect(out == [20, 21, 22, 0, 1, 2, 20, 21, 22])
    var dtable = [Float](repeating: 1, count: 9)
    let dout: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    Embedding.scatterAdd(dout: dout, dim: dim, tokens: tokens, count: tokens.count, dtable: &dtable)
    #expect(dtable == [5, 6, 7, 1, 1, 1, 9, 11, 13])
}
