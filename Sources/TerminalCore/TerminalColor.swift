/// A colour as a theme names it. Backends turn it into what the terminal can show (see `ColorDepth`).
public enum TerminalColor: Sendable, Hashable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(UInt8)
    /// An entry of the xterm 256-colour palette.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// The closest colour that a terminal of `depth` can show.
    public func reduced(to depth: ColorDepth) -> TerminalColor {
        switch (self, depth) {
        case (_, .none): return .terminalDefault
        case (.terminalDefault, _): return self
        case (.rgb, .trueColor): return self
        case let (.rgb(r, g, b), .palette256): return .indexed(Self.nearest256(r, g, b))
        case let (.rgb(r, g, b), .ansi16): return .ansi(Self.nearestANSI(r, g, b))
        case let (.indexed(i), .ansi16):
            let (r, g, b) = Self.rgbOf256(i)
            return .ansi(Self.nearestANSI(r, g, b))
        case let (.ansi(i), .ansi16): return .ansi(i)
        default: return self
        }
    }

    /// The RGB value of an entry of the xterm palette.
    public static func rgbOf256(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
        let i = Int(index)
        if i < 16 { return ansiRGB[i] }
        if i >= 232 {
            let level = UInt8(8 + (i - 232) * 10)
            return (level, level, level)
        }
        let cube = i - 16
        func level(_ n: Int) -> UInt8 { n == 0 ? 0 : UInt8(55 + n * 40) }
        return (level(cube / 36), level((cube / 6) % 6), level(cube % 6))
    }

    static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]

    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 16
        var bestDistance = Int.max
        for index in 16..<256 {
            let (pr, pg, pb) = rgbOf256(UInt8(index))
            let d = distance(r, g, b, pr, pg, pb)
            if d < bestDistance { bestDistance = d; best = index }
        }
        return UInt8(best)
    }

    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for (index, (pr, pg, pb)) in ansiRGB.enumerated() {
            let d = distance(r, g, b, pr, pg, pb)
            if d < bestDistance { bestDistance = d; best = index }
        }
        return UInt8(best)
    }

    private static func distance(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ pr: UInt8, _ pg: UInt8, _ pb: UInt8) -> Int {
        let dr = Int(r) - Int(pr), dg = Int(g) - Int(pg), db = Int(b) - Int(pb)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
