import Foundation

/// How the section writes numbers.
enum ReviewFormat {
    static func probability(_ p: Double) -> String { String(format: "%.3f", p) }
    static func statistic(_ s: Double) -> String { String(format: "%.3g", s) }
    static func percent(_ p: Double) -> String { String(format: p < 0.1 ? "%.1f%%" : "%.0f%%", p * 100) }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m"
    }
}
