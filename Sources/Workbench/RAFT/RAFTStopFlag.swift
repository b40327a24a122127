import Synchronization

/// A flag the UI thread raises to stop a background validation between records.
final class RAFTStopFlag: Sendable {
    private let raised = Mutex(false)
    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}
