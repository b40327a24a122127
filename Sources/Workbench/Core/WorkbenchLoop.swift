import Foundation
import TerminalCore

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
                // Ctrl-L repaints the whole screen, as in every terminal program.
                if case .key(.control("l")) = event { terminal.invalidate() }
                screen.handle(event)
                needsRedraw = true
                // Apply keys that are already queued (held-down keys, pastes) before drawing again.
                var drained = 0
                while drained < 64, let more = terminal.nextEvent(timeoutMilliseconds: 0) {
                    screen.handle(more)
                    drained += 1
                }
            }
            if let copied = screen.takeClipboardText() { terminal.copyToClipboard(copied) }
            // Background changes are batched to the frame rate, never lost.
            if screen.pollBackgroundWork() { backgroundChanged = true }
        }
    }
}
