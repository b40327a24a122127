import TerminalCore

/// One line of a key map: the keys that run a command.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var command: Command

    public init(_ keys: [Key], _ command: Command) {
        self.keys = keys
        self.command = command
    }
}
