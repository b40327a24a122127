/// A terminal in memory: tests queue input and read back the last frame.
public final class MemoryTerminal: TerminalBackend {
    public var size: (width: Int, height: Int)
    public let capabilities: TerminalCapabilities
    public private(set) var lastFrame: CellGrid
    public private(set) var framesPresented = 0
    private var pending: [InputEvent] = []

    public init(width: Int, height: Int,
                capabilities: TerminalCapabilities = TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode)) {
        size = (width, height)
        self.capabilities = capabilities
        lastFrame = CellGrid(width: width, height: height)
    }

    public func present(_ grid: CellGrid, theme: Theme, cursor: (x: Int, y: Int)?) {
        lastFrame = grid
        framesPresented += 1
    }

    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    /// Queues input, as if typed.
    public func send(_ events: InputEvent...) { pending.append(contentsOf: events) }

    /// Queues each character of a string as a key press.
    public func type(_ text: String) {
        for character in text { pending.append(.key(.character(character))) }
    }

    public func resize(width: Int, height: Int) {
        size = (width, height)
        pending.append(.resize(width: width, height: height))
    }

    public var hasPendingInput: Bool { !pending.isEmpty }
}
