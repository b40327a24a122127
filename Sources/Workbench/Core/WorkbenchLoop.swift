import Foundation
import Synchronization
import TerminalCore

/// Something the event loop drives: it takes input, reports whether background work changed what it shows,
/// and draws a frame on demand.
public protocol InteractiveScreen: AnyObject {
    /// Applies one input event.
    func handle(_ event: InputEvent)
    /// Reads the snapshots that background work published; true when the screen should be redrawn.
    func pollBackgroundWork() -> Bool
    /// Draws the whole screen.
    func render(width: Int, height: Int) -> CellGrid
    var theme: Theme { get }
    var cursor: (x: Int, y: Int)? { get }
    var wantsToQuit: Bool { get }
}

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

/// The UI thread's loop: wait briefly for input, apply it, look at background progress, and redraw only when
/// something changed — at most `maxFramesPerSecond` times a second for background updates, so that watching long
/// work does not slow it down.
public struct WorkbenchLoop {
    public var maxFramesPerSecond: Double = 20

    public init() {}

    public func run(_ screen: InteractiveScreen, on terminal: TerminalBackend, stop: StopRequest? = nil,
                    until shouldStop: () -> Bool = { false }) {
        var needsRedraw = true
        var backgroundChanged = false
        var lastFrame: UInt64 = 0
        let frameInterval = UInt64(1_000_000_000 / maxFramesPerSecond)
        while !screen.wantsToQuit, !(stop?.isRaised ?? false), !shouldStop() {
            if backgroundChanged, DispatchTime.now().uptimeNanoseconds - lastFrame >= frameInterval {
                needsRedraw = true
            }
            if needsRedraw {
                let (width, height) = terminal.size
                terminal.present(screen.render(width: width, height: height), theme: screen.theme, cursor: screen.cursor)
                lastFrame = DispatchTime.now().uptimeNanoseconds
                needsRedraw = false
                backgroundChanged = false
            }
            if let event = terminal.nextEvent(timeoutMilliseconds: 50) {
                screen.handle(event)
                needsRedraw = true
                // Apply keys that are already queued (held-down keys, pastes) before drawing again.
                var drained = 0
                while drained < 64, let more = terminal.nextEvent(timeoutMilliseconds: 0) {
                    screen.handle(more)
                    drained += 1
                }
            }
            // Background changes are batched to the frame rate, never lost.
            if screen.pollBackgroundWork() { backgroundChanged = true }
        }
    }
}
