import Foundation
import Synchronization

/// Spaces request starts so that no more than `perMinute` begin in any minute, and holds at most `concurrent`
/// in flight: a caller awaits `enter()` before sending and calls `leave()` after.
final class RequestPacer: Sendable {
    private struct State {
        var nextStart: Double = 0
        var inFlight = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let interval: Double
    private let concurrent: Int
    private let state = Mutex(State())

    init(perMinute: Double, concurrent: Int) {
        interval = perMinute > 0 ? 60 / perMinute : 0
        self.concurrent = max(1, concurrent)
    }

    func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLock { state -> Bool in
                if state.inFlight < concurrent {
                    state.inFlight += 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
        guard interval > 0 else { return }
        let now = Date().timeIntervalSince1970
        let start = state.withLock { state -> Double in
            let start = max(now, state.nextStart)
            state.nextStart = start + interval
            return start
        }
        if start > now { try? await Task.sleep(nanoseconds: UInt64((start - now) * 1e9)) }
    }

    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.inFlight -= 1
                return nil
            }
            return state.waiting.removeFirst()  // the slot passes straight to the next waiter
        }
        next?.resume()
    }
}
