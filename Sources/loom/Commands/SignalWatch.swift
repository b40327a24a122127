import Dispatch
import Foundation

/// Turns termination signals (INT, TERM, HUP: Ctrl-C, `timeout`, `docker stop`, systemd, a dropped ssh session)
/// into a graceful stop for both `loom train` and the workbench: the first one calls `onFirst` (runs then write a
/// checkpoint and end); a second one exits at once with the conventional status (128 + signal), saying that the
/// step in flight is lost. While installed the signals' default actions are off; `cancel()` puts them back.
/// Its count is touched only on its own serial queue.
final class SignalWatch: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]
    private let signals: [Int32]
    private let received = DispatchQueue(label: "loom.signals")
    private var count = 0

    init(signals: [Int32], onFirst: @escaping @Sendable (String) -> Void) {
        self.signals = signals
        var sources: [DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: received)
            sources.append(source)
        }
        self.sources = sources
        for (number, source) in zip(signals, sources) {
            source.setEventHandler { [self] in
                count += 1
                let name = Self.name(number)
                if count == 1 {
                    onFirst(name)
                } else {
                    FileHandle.standardError.write(Data("\n\(name) again: exiting now; the last checkpoint is kept, the step in flight is lost\n".utf8))
                    exit(128 + number)
                }
            }
            source.resume()
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(number)"
        }
    }
}
