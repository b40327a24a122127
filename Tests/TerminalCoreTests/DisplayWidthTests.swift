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
        #expect(SafeText.visible("x\u{202E}y") == "x⟨RLO⟩y")
        #expect(SafeText.visible("\u{9B}31m") == "⟨CSI⟩31m")
    }

    /// C1 and bidirectional controls show by name, not as `�` (which means bytes that are not UTF-8), and a file
    /// name's byte kept as a stand-in scalar shows as `\xNN` (issue 21, item 13).
    @Test func c1AndBidiControlsHaveNamesDistinctFromADecodingError() {
        #expect(SafeText.visible("\u{80}\u{85}\u{9D}\u{9F}") == "⟨PAD⟩⟨NEL⟩⟨OSC⟩⟨APC⟩")
        #expect(SafeText.visible("\u{202A}\u{202B}\u{202C}\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}")
                == "⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩")
        for value in UInt32(0x80)...0x9F {
            let shown = SafeText.visible(String(Unicode.Scalar(value)!))
            #expect(shown.hasPrefix("⟨") && shown.hasSuffix("⟩") && !shown.contains("�"), "U+\(String(value, radix: 16))")
            #expect(!shown.unicodeScalars.contains { SafeText.isUnsafe($0) })
        }
        #expect(SafeText.visible("\u{FFFD}") == "\u{FFFD}", "a decoding error stays the replacement character")
        #expect(SafeText.visible("bad\u{10FCFF}\u{10FC80}.jsonl") == "bad\\xFF\\x80.jsonl")
        #expect(SafeText.printable("x\u{202E}y\n") == "x⟨RLO⟩y\n")
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
