/// Loom's own register: the last text copied (`y`, `Y`), kept so that it survives a terminal that ignores the
/// clipboard escape, and the text still to be handed to the terminal's clipboard (OSC 52) by the loop.
struct Clipboard {
    /// Copies larger than this are kept in the register but not sent to the terminal (terminals and tmux cap
    /// OSC 52 payloads).
    static let maximumTerminalBytes = 74_000

    private(set) var register: String?
    private var pending: String?

    mutating func copy(_ text: String) {
        register = text
        pending = text.utf8.count <= Self.maximumTerminalBytes ? text : nil
    }

    /// The text for the terminal's clipboard, once.
    mutating func takePending() -> String? {
        defer { pending = nil }
        return pending
    }
}
