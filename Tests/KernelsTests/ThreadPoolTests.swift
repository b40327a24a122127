import Synchronization
import Testing
@testable import Kernels

@Test func parallelForCoversEveryIndexOnce() {
    let pool = ThreadPool(threads: 3)
    for count in [0, 1, 2, 5, 1000] {
        var hits = [Int](repeating: 0, count: count)
        hits.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress
            pool.parallelFor(count) { range in for i in range { base![i] += 1 } }
        }
        #expect(hits.allSatisfy { $0 == 1 })
    }
}

@Test func nestedAndRepeatedJobsComplete() {
    let pool = ThreadPool(threads: 2)
    let total = Atomic<Int>(0)
    for _ in 0..<2000 {
        pool.parallelParts(2) { _ in
            pool.parallelFor(4) { range in total.wrappingAdd(range.count, ordering: .relaxed) }
        }
    }
    #expect(total.load(ordering: .relaxed) == 2000 * 2 * 4)
    pool.parallelism = 1
    #expect(pool.parallelism == 1)
    pool.parallelParts(5) { _ in total.wrappingAdd(1, ordering: .relaxed) }
    #expect(total.load(ordering: .relaxed) == 2000 * 8 + 5)
}
