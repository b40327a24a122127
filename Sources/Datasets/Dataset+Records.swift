extension Dataset {
    /// Calls `body` with every row in file order, each as soon as the background index has found it, so that a
    /// command reading a large file starts at once. This is how headless commands (`loom score`, `loom tokenize`)
    /// read the user's JSONL: through the browser's own readers, so gzip, a byte-order mark, blank lines, line
    /// numbers and malformed rows are handled exactly as the workbench shows them. Throws what `body` throws, or the
    /// `DatasetError` that stopped indexing (a truncated gzip file) after the rows before the problem.
    public func forEachRecord(_ body: (Record) throws -> Void) throws {
        var row = 0
        while true {
            if row < rowCount {
                try body(try record(at: row))
                row += 1
                continue
            }
            let progress = self.progress
            if progress.isComplete {
                // Rows published together with completion are read before stopping.
                if row < rowCount { continue }
                if let failure = progress.failure { throw failure }
                return
            }
            waitForRows(row + 1, timeout: 1)
        }
    }
}
