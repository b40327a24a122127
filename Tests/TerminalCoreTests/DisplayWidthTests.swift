import Testing
@testable import TerminalCore

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnPerCharacter() {
        #expect(DisplayWidth.of("hello") == 5)
    }

    @Test func cjkAndEmojiTakeTwoColumns() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("🙂") == 2)
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8)
    }

    @Test func combiningMarksTakeNoColumns() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)
    }

    @Test func zwjSequenceIsOneWideGlyph() {
        #expect(DisplayWidth.of("👩‍💻") == 2)
        #expect(DisplayWidth.of("❤\u{FE0F}") == 2)
    }
}

@Suite struct SafeTextTests {
    @Test func escapeSequencesBecomeVisible() {
        let hostile = "before\u{1B}[2Jafter\u{7}"
        let shown = SafeText.visible(hostile)
        #expect(shown == "before␛[2Jafter␇")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func newlinesTabsAndBidiOverridesAreNeutralised() {
        #expect(SafeText.visible("a\nb\tc") == "a↵b→c")
        #expect(SafeText.visible("x\u{202E}y") == "x�y")
        #expect(SafeText.visible("\u{9B}31m") == "�31m")
    }

    @Test func safeTextIsUnchanged() {
        #expect(SafeText.visible("héllo 日本") == "héllo 日本")
    }
}

@Suite struct FittedClusterTests {
    @Test func joinedSequencesAreCutToTheirOwnWidth() {
        let family: Character = "👨‍👩‍👧"
        #expect(DisplayWidth.of(family) == 2)
        let shown = DisplayWidth.fitted(family)
        #expect(shown == "👨")
        #expect(shown.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) } == 2)
        for kept: Character in ["a", "é", "漢", "😀", "🇫🇷", "1️⃣"] { #expect(DisplayWidth.fitted(kept) == String(kept)) }
    }
}
