import Foundation

/// Which failures are worth another attempt and how long to wait before it: exponential backoff with jitter,
/// or the server's `Retry-After` when it gives one (capped at `maxBackoff`).
struct RetryPolicy: Sendable {
    var maxRetries: Int
    var initialBackoff: Double
    var maxBackoff: Double

    /// Statuses a later attempt may get past: timeouts, conflicts, rate limits, server errors.
    static func isRetryable(status: Int) -> Bool { status == 408 || status == 409 || status == 429 || status >= 500 }

    /// Seconds to wait before retry number `retry` (1, 2, …).
    func delay(retry: Int, retryAfter: String?, jitter: Double = Double.random(in: 0.5...1)) -> Double {
        if let retryAfter, let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return min(seconds, maxBackoff)
        }
        let exponential = initialBackoff * pow(2, Double(max(0, retry - 1)))
        return min(maxBackoff, exponential) * jitter
    }
}
