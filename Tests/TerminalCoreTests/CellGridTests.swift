import Testing
@testable import TerminalCore

@Suite struct CellGridTests {
    @Test func putClipsToWidthAndGrid() {
        var grid = CellGrid(width: 10, height: 2)
        let used = grid.put("hello world", x: 2, y: 0, maxWidth: 5)
        #expect(used == 5)
        #expect(grid.rowText(0) == "  hello   ")
        grid.put("abcdefghijkl", x: 6, y: 1)
        #expect(grid.rowText(1) == "      abcd")
    }

    @Test func wideCharactersNeverSplitAtTheEdge() {
        var grid = CellGrid(width: 5, height: 1)
        grid.put("日本語", x: 0, y: 0)
        // Only two wide characters fit in five columns; the fifth column stays blank.
        #expect(grid.text == "日本")
        #expect(grid[1, 0].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 4, height: 1)
        grid.put("日本", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid.rowText(0) == " x本")
    }

    @Test func controlCharactersAreDrawnVisibly() {
        var grid = CellGrid(width: 20, height: 1)
        grid.put("a\u{1B}[31mb", x: 0, y: 0)
        #expect(grid.text == "a␛[31mb")
    }

    @Test func hugeTextCostsOnlyWhatFits() {
        var grid = CellGrid(width: 8, height: 1)
        let huge = String(repeating: "x", count: 5_000_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { grid.put(huge, x: 0, y: 0) }
        #expect(grid.text == "xxxxxxxx")
        // Not a timing assertion on speed, a guard that the loop stops early: a full scan takes seconds in debug.
        #expect(elapsed < .seconds(1))
    }

    @Test func boxHasTitleAndCorners() {
        var grid = CellGrid(width: 12, height: 3)
        grid.drawBox(Rect(x: 0, y: 0, width: 12, height: 3), glyphs: .ascii, title: "T")
        #expect(grid.text == "+- T ------+\n|          |\n+----------+")
    }
}

@Suite struct TextLayoutTests {
    @Test func truncateAddsEllipsisWithinColumns() {
        #expect(TextLayout.truncate("abcdefgh", to: 5) == "abcd…")
        #expect(TextLayout.truncate("abc", to: 5) == "abc")
        #expect(DisplayWidth.of(TextLayout.truncate("日本語日本語", to: 5)) <= 5)
    }

    @Test func wrapBreaksAtSpacesAndKeepsNewlines() {
        #expect(TextLayout.wrap("the quick brown fox", columns: 10) == ["the quick", "brown fox"])
        #expect(TextLayout.wrap("a\nb", columns: 10) == ["a", "b"])
        #expect(TextLayout.wrap("abcdefghij", columns: 4) == ["abcd", "efgh", "ij"])
    }

    /// In the cell grid: a C1 control, a bidi override and a decoding error are three different things on screen;
    /// each letter of a name takes its own cell, and a name cut at the edge never spills over it.
    @Test func c1AndBidiControlsAreNamedInTheGrid() {
        var grid = CellGrid(width: 20, height: 2)
        let used = grid.put("a\u{9B}b\u{202E}c\u{FFFD}", x: 0, y: 0)
        #expect(grid.rowText(0) == "a⟨CSI⟩b⟨RLO⟩c�      ")
        #expect(used == 14)
        grid.put("\u{202E}\u{202E}", x: 0, y: 1, maxWidth: 8)
        #expect(grid.rowText(1) == "⟨RLO⟩⟨RL            ")
        var line = CellGrid(width: 6, height: 1)
        line.put("x\r\ny", x: 0, y: 0)
        #expect(line.rowText(0) == "x↵↵y  ", "a CR LF cluster is two stand-ins, not a crash")
        var name = CellGrid(width: 12, height: 1)
        name.put("f\u{10FCFF}.csv", x: 0, y: 0)
        #expect(name.rowText(0) == "f\\xFF.csv   ")
    }
}
