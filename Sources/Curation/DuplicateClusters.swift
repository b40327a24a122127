/// Groups duplicate pairs into clusters as datatrove's MinHash stage 3 does: union–find with path compression and
/// union by size, the larger set's root (the first one on a tie) staying root. Every member of a cluster except its
/// root is removed; clusters are numbered in the order of their smallest member. Only documents that are in some
/// pair are held, so memory grows with the duplicates, not with the run.
struct DuplicateClusters {
    private var parents: [UInt32: UInt32] = [:]
    private var sizes: [UInt32: Int] = [:]

    mutating func root(_ x: UInt32) -> UInt32 {
        guard let parent = parents[x], parent != x else {
            parents[x] = x
            return x
        }
        let top = root(parent)
        parents[x] = top
        return top
    }

    mutating func union(_ a: UInt32, _ b: UInt32) {
        var rootA = root(a), rootB = root(b)
        guard rootA != rootB else { return }
        let sizeA = sizes[rootA] ?? 1, sizeB = sizes[rootB] ?? 1
        if sizeA < sizeB { swap(&rootA, &rootB) }
        parents[rootB] = rootA
        sizes[rootA] = sizeA + sizeB
        sizes[rootB] = nil
    }

    /// For each removed document: its cluster number, the cluster's kept document (the root) and the cluster's size.
    mutating func removals() -> [UInt32: (cluster: Int, kept: UInt32, size: Int)] {
        var numbers: [UInt32: Int] = [:]
        var result: [UInt32: (cluster: Int, kept: UInt32, size: Int)] = [:]
        for node in parents.keys.sorted() {
            let top = root(node)
            if numbers[top] == nil { numbers[top] = numbers.count }
            if node != top { result[node] = (numbers[top]!, top, sizes[top] ?? 1) }
        }
        return result
    }

    var clusterCount: Int { sizes.count }
}
