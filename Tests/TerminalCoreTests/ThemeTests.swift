import Foundation
import Testing
@testable import TerminalCore

@Suite struct ThemeTests {
    @Test func parsesRolesColoursAndAttributes() throws {
        let theme = try Theme.parse("""
            # a comment
            name = Test
            text = #d0d0d0
            selection = white on #3a3a6a bold   # inline comment
            muted = 244 dim
            """, source: "test.theme")
        #expect(theme.name == "Test")
        #expect(theme[.text].foreground == .rgb(0xD0, 0xD0, 0xD0))
        #expect(theme[.selection] == RoleStyle(foreground: .ansi(7), background: .rgb(0x3A, 0x3A, 0x6A), attributes: .bold))
        #expect(theme[.muted] == RoleStyle(foreground: .indexed(244), attributes: .dim))
        // A role the file leaves out falls back to text.
        #expect(theme[.warning] == theme[.text])
    }

    @Test func errorsNameTheFileAndLine() {
        #expect(throws: ThemeError(source: "x.theme", line: 2, problem:
            "`purple` is not a colour; use default, #rrggbb, 0–255, or a name like red / bright-blue")) {
            try Theme.parse("text = red\nmuted = purple", source: "x.theme")
        }
        #expect(throws: ThemeError.self) { try Theme.parse("bogus = red", source: "x.theme") }
        #expect(throws: ThemeError.self) { try Theme.parse("just words", source: "x.theme") }
    }

    @Test func bundledThemesParse() throws {
        let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Themes").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: themes.path).filter { $0.hasSuffix(".theme") }
        #expect(files.count >= 3)
        for file in files {
            let text = try String(contentsOf: themes.appendingPathComponent(file), encoding: .utf8)
            let theme = try Theme.parse(text, source: file)
            // Every role is styled explicitly in a bundled theme.
            for role in StyleRole.allCases { #expect(theme.styles[role] != nil, "\(file) lacks \(role)") }
        }
    }

    @Test func coloursReduceToWhatTheTerminalShows() {
        #expect(TerminalColor.rgb(255, 0, 0).reduced(to: .palette256) == .indexed(196))
        #expect(TerminalColor.rgb(250, 10, 10).reduced(to: .ansi16) == .ansi(9))
        #expect(TerminalColor.rgb(1, 2, 3).reduced(to: .none) == .terminalDefault)
        #expect(TerminalColor.rgb(1, 2, 3).reduced(to: .trueColor) == .rgb(1, 2, 3))
    }
}

@Suite struct TerminalCapabilitiesTests {
    @Test func noColorAndDumbTurnColourOff() {
        #expect(TerminalCapabilities.detect(environment: ["NO_COLOR": "1", "TERM": "xterm-256color"]).colorDepth == .none)
        #expect(TerminalCapabilities.detect(environment: ["NO_COLOR": "", "TERM": "xterm-256color"]).colorDepth == .palette256)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "dumb"]).colorDepth == .none)
    }

    @Test func depthFollowsColortermAndTerm() {
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"]).colorDepth == .trueColor)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "screen-256color"]).colorDepth == .palette256)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm"]).colorDepth == .ansi16)
    }

    @Test func asciiGlyphsForFlagOrNonUTF8Locale() {
        let utf8 = ["TERM": "xterm", "LANG": "en_US.UTF-8"]
        #expect(TerminalCapabilities.detect(environment: utf8).glyphs == .unicode)
        #expect(TerminalCapabilities.detect(environment: utf8, forceASCII: true).glyphs == .ascii)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm", "LANG": "C"]).glyphs == .ascii)
        #expect(TerminalCapabilities.detect(environment: ["LC_ALL": "C.UTF-8", "LANG": "C"]).glyphs == .unicode)
    }
}
