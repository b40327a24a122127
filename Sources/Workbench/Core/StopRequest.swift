import Synchronization

/// A flag that signal handlers and other threads raise to ask the loop to stop; the loop checks it between frames
/// and leaves through the normal path, so the terminal is always restored.
public final class StopRequest: Sendable {
    private let raised = Mutex(false)

    public init() {}

    public func raise() {
        raised.withLock { $0 = true }
    }

    public var isRaised: Bool {
        raised.withLock { $0 }
    }
}
