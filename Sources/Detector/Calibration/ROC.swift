/// Ranking figures of a detector's scores against known labels: AUROC (the chance that a random machine text scores
/// above a random human one, ties counting half), the threshold that flags a target share of human texts, and the
/// rates at a threshold. Higher score = more machine-like.
public enum ROC {
    /// AUROC by the Mann–Whitney rank sum, with average ranks for ties. Nil without both classes.
    public static func auroc(machine: [Double], human: [Double]) -> Double? {
        guard !machine.isEmpty, !human.isEmpty else { return nil }
        var all = machine.map { ($0, true) } + human.map { ($0, false) }
        all.sort { $0.0 < $1.0 }
        var rankSum = 0.0
        var i = 0
        while i < all.count {
            var j = i
            while j + 1 < all.count && all[j + 1].0 == all[i].0 { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j where all[k].1 { rankSum += rank }
            i = j + 1
        }
        let m = Double(machine.count), h = Double(human.count)
        return (rankSum - m * (m + 1) / 2) / (m * h)
    }

    /// The smallest threshold `t` such that the share of `human` scores strictly above `t` is at most `fpr`
    /// (a text is flagged when its score is above the threshold).
    public static func threshold(human: [Double], fpr: Double) -> Double {
        guard !human.isEmpty else { return .infinity }
        let sorted = human.sorted()
        let allowed = Int((fpr * Double(sorted.count)).rounded(.down))
        // Flag at most `allowed` texts: the threshold is the score of the (allowed+1)-th highest human text.
        return sorted[sorted.count - 1 - min(allowed, sorted.count - 1)]
    }

    /// Share of `scores` above `threshold`.
    public static func rate(_ scores: [Double], above threshold: Double) -> Double {
        guard !scores.isEmpty else { return .nan }
        return Double(scores.filter { $0 > threshold }.count) / Double(scores.count)
    }

    /// The share of machine texts flagged at the threshold that flags at most `fpr` of human texts.
    public static func tpr(machine: [Double], human: [Double], atFPR fpr: Double) -> Double {
        rate(machine, above: threshold(human: human, fpr: fpr))
    }
}
