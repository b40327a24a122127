import Foundation
import Synchronization

/// A one-shot piece of work on its own thread whose result the UI picks up when it redraws (measuring a training
/// step, loading a model). The UI thread never waits for it.
final class BackgroundJob<Value: Sendable>: Sendable {
    private let outcome = Mutex<Result<Value, Error>?>(nil)

    init(name: String, _ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let result = Result { try work() }
            outcome.withLock { $0 = result }
        }
        thread.name = name
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// The result once the work has ended, else nil.
    var result: Result<Value, Error>? {
        outcome.withLock { $0 }
    }
}
