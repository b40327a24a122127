

/// What the program may assume about the terminal, decided once from the environment and the command line.
/// The rules are the ones users expect from other tools: `NO_COLOR` (non-empty) and `TERM=dumb` turn colour off,
/// `COLORTERM=truecolor|24bit` enables 24-bit colour, a `TERM` ending in `256color` gives 256 colours, anything
/// else 16; `--ascii` or a locale that is not UTF-8 gives ASCII glyphs.
public struct TerminalCapabilities: Sendable, Equatable {
    public var colorDepth: ColorDepth
    public var glyphs: GlyphSet

    public init(colorDepth: ColorDepth, glyphs: GlyphSet) {
        self.colorDepth = colorDepth
        self.glyphs = glyphs
    }

    /// Decides from environment variables (pass `ProcessInfo.processInfo.environment`).
    public static func detect(environment: [String: String], forceASCII: Bool = false) -> TerminalCapabilities {
        let term = environment["TERM"] ?? ""
        let depth: ColorDepth
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            depth = .none
        } else if term == "dumb" {
            depth = .none
        } else if let colorTerm = environment["COLORTERM"]?.lowercased(), colorTerm == "truecolor" || colorTerm == "24bit" {
            depth = .trueColor
        } else if term.hasSuffix("256color") || term.contains("-direct") {
            depth = .palette256
        } else {
            depth = .ansi16
        }
        let glyphs: GlyphSet = forceASCII || !localeIsUTF8(environment) ? .ascii : .unicode
        return TerminalCapabilities(colorDepth: depth, glyphs: glyphs)
    }

    /// POSIX precedence: LC_ALL, then LC_CTYPE, then LANG. An unset locale is "C", which is not UTF-8.
    static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let locale = [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }
}
