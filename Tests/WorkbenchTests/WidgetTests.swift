import Testing
import TerminalCore
@testable import Workbench

@Suite struct FuzzyMatchTests {
    @Test func matchesInOrderCaseInsensitively() {
        #expect(FuzzyMatch.score(query: "rv", candidate: "Record view") != nil)
        #expect(FuzzyMatch.score(query: "vr", candidate: "Record view") == nil)
        #expect(FuzzyMatch.score(query: "", candidate: "anything") == 0)
    }

    @Test func wordStartsAndRunsRankFirst() {
        let ranked = FuzzyMatch.rank(["Next theme", "Next match", "Help: the keys"], query: "nm") { $0 }
        #expect(ranked.first == "Next match")
        let themes = FuzzyMatch.rank(["Quit", "Theme: Dark", "Next theme"], query: "theme") { $0 }
        #expect(themes.prefix(2).contains("Theme: Dark"))
        #expect(!themes.contains("Quit"))
    }
}

@Suite struct LineEditorTests {
    @Test func editsAtTheCursor() {
        var editor = LineEditor()
        for c in "helo" { _ = editor.handle(.character(c)) }
        _ = editor.handle(.left)
        _ = editor.handle(.character("l"))
        #expect(editor.text == "hello")
        _ = editor.handle(.backspace)
        #expect(editor.text == "helo")
        _ = editor.handle(.control("u"))
        #expect(editor.text.isEmpty)
        #expect(editor.handle(.up) == false)
    }
}

@Suite struct ScrollPositionTests {
    @Test func selectionStaysVisibleAndInRange() {
        var position = ScrollPosition()
        position.select(50, count: 100, visibleRows: 10)
        #expect(position.selected == 50)
        #expect(position.top == 41)
        position.move(by: 1000, count: 100, visibleRows: 10)
        #expect(position.selected == 99)
        #expect(position.top == 90)
        position.clamp(count: 20, visibleRows: 10)
        #expect(position.selected == 19)
        #expect(position.top == 10)
        position.select(3, count: 0, visibleRows: 10)
        #expect(position.selected == 0)
    }
}

@Suite struct ColumnStatsBarTests {
    @Test func barsUseEighths() {
        #expect(ColumnStatsView.bar(fraction: 1, width: 4, glyphs: .unicode) == "████")
        #expect(ColumnStatsView.bar(fraction: 0.5, width: 3, glyphs: .unicode) == "█▌")
        #expect(ColumnStatsView.bar(fraction: 0.001, width: 3, glyphs: .unicode) == "▏")
    }
}

@Suite struct StatusBarCutTests {
    @Test func aLongMessageIsCutWithAnEllipsisAndKeepsMostOfTheLine() {
        var grid = CellGrid(width: 60, height: 1)
        let message = "cannot open data/very/long/path/train.jsonl: it is UTF-16; convert it to UTF-8 first"
        StatusBar(location: "train.jsonl  row 1/100  col instruction", mode: "TABLE", message: message,
                  messageIsError: true, hint: "").draw(into: &grid, row: 0, width: 60)
        let text = grid.text
        #expect(text.contains("…"))
        #expect(text.contains("cannot open data"), "\(text)")
    }
}
