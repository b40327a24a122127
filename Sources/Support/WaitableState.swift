import Foundation
import Synchronization

/// State behind a `Mutex` that other threads can also wait on: a background job (indexing a file, a search pass)
/// updates it, and a caller blocks until it says enough (so many rows indexed, the pass finished) or a timeout
/// passes. `Mutex` alone has no condition variable; the `NSCondition` here only carries wake-ups, never the state.
///
/// No wake-up is lost: a waiter tests the state while it holds the condition's lock, and `update` takes that lock
/// after changing the state, so either the waiter sees the change or it is already waiting when the broadcast comes.
public final class WaitableState<Value: Sendable>: Sendable {
    private let state: Mutex<Value>
    private let wakeUp = NSCondition()

    public init(_ value: Value) {
        state = Mutex(value)
    }

    /// Reads or changes the state without waking waiters (for reads, and changes nobody waits for).
    public func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        state.withLock { value in body(&value) }
    }

    /// Changes the state and wakes every waiter to look at it again.
    @discardableResult
    public func update<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        let result = state.withLock { value in body(&value) }
        wakeUp.lock()
        wakeUp.broadcast()
        wakeUp.unlock()
        return result
    }

    /// Blocks until `isReady` holds or `timeout` seconds pass (infinite: no limit); returns whether it holds.
    /// `isReady` runs under the lock, so that it can look at large state without copying it.
    @discardableResult
    public func wait(timeout: Double, until isReady: (inout Value) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout.isFinite ? min(max(timeout, 0), 1e9) : 1e9)
        wakeUp.lock()
        defer { wakeUp.unlock() }
        while true {
            if state.withLock({ isReady(&$0) }) { return true }
            if !wakeUp.wait(until: deadline) { return state.withLock { isReady(&$0) } }
        }
    }
}
