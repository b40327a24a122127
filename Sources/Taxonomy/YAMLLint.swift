/// The yamllint rules InstructLab runs on qna.yaml files (its "relaxed" configuration without the line length),
/// where they matter: trailing spaces, a missing final newline, CRLF line ends and tab indentation are errors;
/// runs of blank lines, and blank lines at the start or end, are warnings. Duplicate keys and syntax errors come from
/// the YAML parser itself.
enum YAMLLint {
    static func check(_ text: String) -> [QnAProblem] {
        var problems: [QnAProblem] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var blankRun = 0
        var sawContent = false
        var crlfReported = false
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            var line = Substring(raw)
            if line.hasSuffix("\r") {
                line = line.dropLast()
                if !crlfReported {
                    problems.append(QnAProblem(.error, line: number, column: line.count + 1, "wrong new line character: expected \\n (the file has CRLF line ends)"))
                    crlfReported = true
                }
            }
            let isLast = index == lines.count - 1
            if isLast && line.isEmpty { break }
            if let last = line.last, last == " " || last == "\t" {
                let kept = line.reversed().drop { $0 == " " || $0 == "\t" }.count
                problems.append(QnAProblem(.error, line: number, column: kept + 1, "trailing spaces"))
            }
            if let tab = line.prefix(while: { $0 == " " || $0 == "\t" }).firstIndex(of: "\t") {
                problems.append(QnAProblem(.error, line: number, column: line.distance(from: line.startIndex, to: tab) + 1,
                                           "a tab in the indentation: YAML indents with spaces only"))
            }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                blankRun += 1
                if !sawContent {
                    problems.append(QnAProblem(.warning, line: number, column: 1, "too many blank lines (blank lines at the start)"))
                } else if blankRun == 3 {
                    problems.append(QnAProblem(.warning, line: number, column: 1, "too many blank lines (3 > 2)"))
                }
            } else {
                blankRun = 0
                sawContent = true
            }
        }
        if !text.isEmpty && !text.hasSuffix("\n") {
            problems.append(QnAProblem(.error, line: lines.count, column: (lines.last?.count ?? 0) + 1, "no new line character at the end of file"))
        } else if blankRun > 0 && sawContent && text.hasSuffix("\n\n") {
            problems.append(QnAProblem(.warning, line: lines.count - 1, column: 1, "too many blank lines at the end of the file"))
        }
        return problems
    }
}
