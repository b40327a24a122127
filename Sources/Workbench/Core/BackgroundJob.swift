import Foundation

/// A one-shot piece of work on its own thread whose result the UI picks up when it redraws (measuring a training
/// step, loading a model). The UI thread never waits for it.
final class BackgroundJob<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<Value, Error>?

    init(name: String, _ work: @escaping () throws -> Value) {
        let thread = Thread { [self] in
            let result = Result { try work() }
            lock.lock()
            outcome = result
            lock.unlock()
        }
        thread.name = name
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// The result once the work has ended, else nil.
    var result: Result<Value, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
}
