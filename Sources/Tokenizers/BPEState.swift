/// The per-thread working memory of BPE: the symbol list and merge heap of the word being encoded, and a cache
/// of words already encoded (most text repeats a small set of words).
final class BPEState {
    static let cacheCapacity = 50_000

    let cache = ByteStringMap(capacity: 4096)
    var cacheIds: [UInt32] = []
    var cacheSpans: [Int32] = [0]

    private var symbol: [UInt32] = []
    private var prev: [Int32] = []
    private var next: [Int32] = []
    private var removed: [Bool] = []
    /// Heap entries: key = rank << 32 | position, and the merged id.
    private var heapKeys: [UInt64] = []
    private var heapMerged: [UInt32] = []

    func clearCache() {
        cache.removeAll()
        cacheIds.removeAll(keepingCapacity: true)
        cacheSpans.removeAll(keepingCapacity: true)
        cacheSpans.append(0)
    }

    @inline(__always) func resetSymbols() {
        symbol.removeAll(keepingCapacity: true)
        prev.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        removed.removeAll(keepingCapacity: true)
    }

    @inline(__always) func push(_ id: UInt32) {
        let i = Int32(symbol.count)
        symbol.append(id)
        prev.append(i - 1)
        next.append(i + 1)
        removed.append(false)
    }

    func appendSymbols(into ids: inout [UInt32]) {
        for i in 0..<symbol.count where !removed[i] { ids.append(symbol[i]) }
    }

    @inline(__always) private func heapPush(_ key: UInt64, _ merged: UInt32) {
        heapKeys.append(key)
        heapMerged.append(merged)
        var i = heapKeys.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if heapKeys[parent] <= heapKeys[i] { break }
            heapKeys.swapAt(parent, i)
            heapMerged.swapAt(parent, i)
            i = parent
        }
    }

    @inline(__always) private func heapPop() -> (UInt64, UInt32) {
        let top = (heapKeys[0], heapMerged[0])
        let last = heapKeys.count - 1
        heapKeys.swapAt(0, last)
        heapMerged.swapAt(0, last)
        heapKeys.removeLast()
        heapMerged.removeLast()
        var i = 0
        let n = heapKeys.count
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            var m = l
            if l + 1 < n && heapKeys[l + 1] < heapKeys[l] { m = l + 1 }
            if heapKeys[i] <= heapKeys[m] { break }
            heapKeys.swapAt(i, m)
            heapMerged.swapAt(i, m)
            i = m
        }
        return top
    }

    /// HF's `Word::merge_all` without dropout: repeatedly apply the lowest-ranked merge, leftmost first, skipping
    /// queue entries made stale by earlier merges.
    func mergeAll(_ merges: MergeTable) {
        let n = symbol.count
        if n < 2 { return }
        heapKeys.removeAll(keepingCapacity: true)
        heapMerged.removeAll(keepingCapacity: true)
        for i in 0..<(n - 1) {
            if let m = merges.get(symbol[i], symbol[i + 1]) {
                heapPush((m >> 32) << 32 | UInt64(i), UInt32(truncatingIfNeeded: m))
            }
        }
        while !heapKeys.isEmpty {
            let (key, mergedId) = heapPop()
            let pos = Int(UInt32(truncatingIfNeeded: key))
            if removed[pos] { continue }
            let nextPos = Int(next[pos])
            if nextPos >= n { continue }
            guard let current = merges.get(symbol[pos], symbol[nextPos]),
                  UInt32(truncatingIfNeeded: current) == mergedId else { continue }
            symbol[pos] = mergedId
            removed[nextPos] = true
            let after = next[nextPos]
            next[pos] = after
            if Int(after) < n { prev[Int(after)] = Int32(pos) }
            let p = Int(prev[pos])
            if p >= 0, let m = merges.get(symbol[p], mergedId) {
                heapPush((m >> 32) << 32 | UInt64(p), UInt32(truncatingIfNeeded: m))
            }
            if Int(after) < n, let m = merges.get(mergedId, symbol[Int(after)]) {
                heapPush((m >> 32) << 32 | UInt64(pos), UInt32(truncatingIfNeeded: m))
            }
        }
    }
}
