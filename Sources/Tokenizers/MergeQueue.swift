import Foundation

/// HF's merge queue: a max-heap on count, ties broken towards the smaller pair.
struct MergeQueue {
    struct Entry {
        var pair: UInt64
        var count: Int
        var positions: Set<Int>
    }

    private var heap: [Entry] = []

    @inline(__always) private static func above(_ x: Entry, _ y: Entry) -> Bool {
        x.count != y.count ? x.count > y.count : x.pair < y.pair
    }

    mutating func push(_ e: Entry) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !Self.above(heap[i], heap[p]) { break }
            heap.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && Self.above(heap[l], heap[m]) { m = l }
            if r < heap.count && Self.above(heap[r], heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top
    }
}
