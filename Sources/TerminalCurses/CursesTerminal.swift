import CursesShim
import Foundation
import TerminalCore

/// Why the terminal could not be opened.
public struct CursesError: Error, CustomStringConvertible {
    public var description: String
}

/// The real terminal, through ncursesw. Only the UI thread may use it. Frames are diffed against the previous
/// one, so a redraw writes only the cells that changed.
public final class CursesTerminal: TerminalBackend {
    public let capabilities: TerminalCapabilities
    private var previous: CellGrid?
    private var previousTheme: String?
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private let directColor: Bool
    private let asciiOnly: Bool
    private var isOpen = false

    private struct PairKey: Hashable {
        var foreground: TerminalColor
        var background: TerminalColor
    }

    /// Opens the terminal named by `TERM`. Throws, leaving the terminal untouched, when curses does not know it.
    public init(capabilities requested: TerminalCapabilities) throws {
        setlocale(LC_ALL, "")
        // A dumb terminal cannot move the cursor: a full-screen program on it is an unusable scroll of text.
        if ProcessInfo.processInfo.environment["TERM"] == "dumb" {
            throw CursesError(description: "TERM=dumb cannot show the workbench (it cannot move the cursor); run it in a terminal emulator, or use the headless commands (loom --help)")
        }
        guard loom_curses_open(25) == 0 else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw CursesError(description: """
                cannot open the terminal: TERM=\(term) is not in the terminfo database. \
                Try TERM=xterm-256color, or install ncurses-term for more terminal types.
                """)
        }
        isOpen = true
        var capabilities = requested
        if loom_curses_has_colors() == 0 {
            capabilities.colorDepth = .none
        } else if loom_curses_colors() < 256, capabilities.colorDepth > .ansi16 {
            capabilities.colorDepth = .ansi16
        }
        // ncurses draws 24-bit colour only on direct-colour terminfo entries (TERM=xterm-direct), where colour
        // numbers are RGB values. Elsewhere true colour is shown as the nearest of the 256-colour palette.
        directColor = capabilities.colorDepth == .trueColor && loom_curses_colors() >= 1 << 24
        if capabilities.colorDepth == .trueColor, !directColor {
            capabilities.colorDepth = loom_curses_colors() >= 256 ? .palette256 : .ansi16
        }
        self.capabilities = capabilities
        maxPairs = loom_curses_color_pairs()
        asciiOnly = capabilities.glyphs == .ascii
    }

    deinit { close() }

    /// Restores the terminal. Safe to call more than once.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        loom_curses_close()
    }

    public var size: (width: Int, height: Int) {
        var width: Int32 = 0, height: Int32 = 0
        loom_curses_size(&width, &height)
        return (Int(width), Int(height))
    }

    public func invalidate() { previous = nil }

    public func present(_ grid: CellGrid, theme: Theme, cursor: (x: Int, y: Int)?) {
        // A new theme changes every cell's colours, not its text: the diff would miss them, so repaint all.
        let full = previous == nil || previous!.width != grid.width || previous!.height != grid.height
            || previousTheme != theme.name
        if full { loom_curses_clear() }
        for y in 0..<grid.height {
            var x = 0
            while x < grid.width {
                let cell = grid[x, y]
                if !full, let previous, previous[x, y] == cell {
                    x += 1
                    continue
                }
                // Gather a run of changed cells with the same style.
                let start = x
                var text = ""
                while x < grid.width {
                    let next = grid[x, y]
                    if next.role != cell.role || next.extra != cell.extra { break }
                    if !full, let previous, previous[x, y] == next, x > start { break }
                    text += asciiOnly ? asciiFold(next.text) : Self.fitted(next.text)
                    x += 1
                }
                let style = theme[cell.role]
                let attributes = attributeBits(style.attributes.union(cell.extra))
                let pair = pairNumber(style)
                text.withCString { loom_curses_draw(Int32(y), Int32(start), $0, attributes, pair) }
            }
        }
        if let cursor {
            loom_curses_cursor(1, Int32(cursor.y), Int32(cursor.x))
        } else {
            loom_curses_cursor(0, 0, 0)
        }
        loom_curses_refresh()
        previous = grid
        previousTheme = theme.name
    }

    /// A cell's text with every cluster shown in the columns the grid gave it (see `DisplayWidth.fitted`).
    static func fitted(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var out = ""
        for character in text { out += DisplayWidth.fitted(character) }
        return out
    }

    /// OSC 52: the terminal's own clipboard protocol (tmux keeps it in a buffer when `set-clipboard` is on). The
    /// text travels base64-encoded, so nothing from a dataset reaches the terminal raw; the escape is the only
    /// thing written outside curses, after a frame, and curses' own output is flushed first.
    public func copyToClipboard(_ text: String) {
        guard isOpen else { return }
        let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        fflush(stdout)
        sequence.withCString { pointer in
            var remaining = strlen(pointer)
            var cursor = pointer
            while remaining > 0 {
                let written = write(STDOUT_FILENO, cursor, remaining)
                if written < 0 { if errno == EINTR { continue }; return }
                remaining -= written
                cursor += written
            }
        }
    }

    /// In a non-UTF-8 locale (or with `--ascii`) the terminal cannot show other characters: their ASCII
    /// equivalents, or `?`, rather than mojibake.
    private func asciiFold(_ text: String) -> String {
        ASCIIFallback.fold(text)
    }

    private func attributeBits(_ attributes: TextAttributes) -> UInt32 {
        var bits: UInt32 = 0
        if attributes.contains(.bold) { bits |= UInt32(LOOM_ATTR_BOLD) }
        if attributes.contains(.underline) { bits |= UInt32(LOOM_ATTR_UNDERLINE) }
        if attributes.contains(.reverse) { bits |= UInt32(LOOM_ATTR_REVERSE) }
        if attributes.contains(.dim) { bits |= UInt32(LOOM_ATTR_DIM) }
        if attributes.contains(.italic) { bits |= UInt32(LOOM_ATTR_ITALIC) }
        return bits
    }

    private func pairNumber(_ style: RoleStyle) -> Int32 {
        let depth = capabilities.colorDepth
        guard depth != .none else { return 0 }
        let key = PairKey(foreground: style.foreground.reduced(to: depth), background: style.background.reduced(to: depth))
        if key.foreground == .terminalDefault, key.background == .terminalDefault { return 0 }
        if let pair = pairs[key] { return pair }
        guard nextPair < maxPairs else { return 0 }
        let pair = nextPair
        nextPair += 1
        _ = loom_curses_init_pair(pair, colorNumber(key.foreground), colorNumber(key.background))
        pairs[key] = pair
        return pair
    }

    private func colorNumber(_ color: TerminalColor) -> Int32 {
        switch color {
        case .terminalDefault: return -1
        case .ansi(let i): return Int32(i)
        case .indexed(let i): return Int32(i)
        case let .rgb(r, g, b): return directColor ? Int32(r) << 16 | Int32(g) << 8 | Int32(b) : -1
        }
    }

    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        var value: UInt32 = 0
        var mouseX: Int32 = 0, mouseY: Int32 = 0
        let kind = loom_curses_read(Int32(timeoutMilliseconds), &value, &mouseX, &mouseY)
        switch Int(kind) {
        case LOOM_EVENT_CHAR:
            return .key(Self.key(forCharacter: value))
        case LOOM_EVENT_KEY:
            return Self.key(forCode: value).map { .key($0) }
        case LOOM_EVENT_MOUSE:
            let kind: MouseEvent.Kind
            switch Int(value) {
            case LOOM_MOUSE_WHEEL_UP: kind = .wheelUp
            case LOOM_MOUSE_WHEEL_DOWN: kind = .wheelDown
            case LOOM_MOUSE_PRESS: kind = .press
            default: return nil
            }
            return .mouse(MouseEvent(kind: kind, x: Int(mouseX), y: Int(mouseY)))
        case LOOM_EVENT_RESIZE:
            previous = nil
            let (width, height) = size
            return .resize(width: width, height: height)
        default:
            return nil
        }
    }

    static func key(forCharacter value: UInt32) -> Key {
        switch value {
        case 0x1B: return .escape
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A:
            return .control(Character(Unicode.Scalar(value + 0x60)!))
        default:
            return .character(Character(Unicode.Scalar(value) ?? "?"))
        }
    }

    static func key(forCode value: UInt32) -> Key? {
        switch Int(value) {
        case LOOM_KEY_UP: return .up
        case LOOM_KEY_DOWN: return .down
        case LOOM_KEY_LEFT: return .left
        case LOOM_KEY_RIGHT: return .right
        case LOOM_KEY_PAGE_UP: return .pageUp
        case LOOM_KEY_PAGE_DOWN: return .pageDown
        case LOOM_KEY_HOME: return .home
        case LOOM_KEY_END: return .end
        case LOOM_KEY_ENTER: return .enter
        case LOOM_KEY_BACKSPACE: return .backspace
        case LOOM_KEY_BACKTAB: return .backTab
        case LOOM_KEY_DELETE: return .delete
        case let code where code >= LOOM_KEY_F0:
            return .function(code - LOOM_KEY_F0)
        default: return nil
        }
    }
}
