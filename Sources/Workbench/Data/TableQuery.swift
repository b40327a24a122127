import Datasets

/// The view of a dataset that the table shows: a sort by one column and a stack of filters, each computed by the
/// Datasets library on its own thread, combined here into the rows to show. Until a sort is complete the previous
/// order stays; filtered rows appear as they are found.
final class TableQuery {
    let dataset: Dataset
    private(set) var sort: DatasetSort?
    /// The sort whose order is shown (the last one that completed).
    private var shownSort: DatasetSort?
    private(set) var filters: [RowFilter] = []
    private var filter: DatasetFilter?
    private var lastSortProgress: PassProgress?
    private var lastFilterProgress: PassProgress?
    /// The filters changed: the rows must be shown again from the top.
    private var filtersChanged = false

    init(dataset: Dataset) {
        self.dataset = dataset
    }

    deinit {
        sort?.cancel()
        filter?.cancel()
    }

    var isFiltered: Bool { !filters.isEmpty }
    // What the table shows was set at the last poll: these read the progress seen then, so that the status bar
    // never says a sort is done before its rows are on screen.
    var isSorting: Bool { sort != nil && lastSortProgress?.isComplete != true }
    var isFiltering: Bool { filter != nil && lastFilterProgress?.isComplete != true }

    func sort(by column: Column, descending: Bool) {
        sort?.cancel()
        sort = DatasetSort(dataset: dataset, column: column, descending: descending)
        lastSortProgress = nil
    }

    func addFilter(_ rowFilter: RowFilter) {
        filters.append(rowFilter)
        restartFilter()
    }

    func clearFilters() {
        filters.removeAll()
        restartFilter()
    }

    private func restartFilter() {
        filter?.cancel()
        filter = filters.isEmpty ? nil : DatasetFilter(dataset: dataset, filters: filters)
        lastFilterProgress = nil
        filtersChanged = true
    }

    /// Stops what is still running: a sort leaves the previous order, a filter is taken off the stack. Returns what
    /// was stopped, for the status bar, or nil when nothing was running.
    func cancelRunning() -> String? {
        if let sort, !sort.progress.isComplete {
            sort.cancel()
            self.sort = shownSort
            lastSortProgress = shownSort?.progress
            return "sort cancelled"
        }
        if let filter, !filter.progress.isComplete {
            filter.cancel()
            filters.removeLast()
            restartFilter()
            return "filter cancelled"
        }
        return nil
    }

    /// What changed since the last call: nothing, or new rows to show (`reset` when a sort or a filter finished
    /// starting over, so the cursor goes to the top).
    enum Change { case none, rows([Int]?, reset: Bool) }

    func poll() -> Change {
        var changed = filtersChanged
        var reset = filtersChanged
        filtersChanged = false
        if let sort {
            let progress = sort.progress
            if progress != lastSortProgress {
                lastSortProgress = progress
                changed = true
                if progress.isComplete, sort.order != nil, shownSort !== sort {
                    shownSort = sort
                    reset = true
                }
            }
        }
        if let filter {
            let progress = filter.progress
            if progress != lastFilterProgress {
                lastFilterProgress = progress
                changed = true
            }
        }
        return changed ? .rows(rows, reset: reset) : .none
    }

    /// The file's rows in the order to show them; nil for every row in file order.
    var rows: [Int]? {
        let order = shownSort?.order
        guard let filter else { return order }
        let matching = filter.rows
        guard let order else { return matching }
        var keep = [Bool](repeating: false, count: order.count)
        for row in matching where row < keep.count { keep[row] = true }
        return order.filter { keep[$0] }
    }

    /// For the status bar: the sort and the filters, and how far the running ones are.
    var statusText: String {
        var parts: [String] = []
        if let sort {
            let progress = lastSortProgress ?? PassProgress(rowsTotal: dataset.rowCount)
            let direction = sort.descending ? "desc" : "asc"
            // Once every row is read, the rows are put in order: no percent to show for that.
            let stage = progress.rowsDone >= progress.rowsTotal && progress.rowsDone > 0 ? "ordering rows" : progress.percentText
            let running = progress.isComplete ? "" : " sorting \(stage) (Esc stops)"
            if let failure = progress.failure { parts.append("sort failed: \(failure.problem)") }
            parts.append("sort \(sort.column.name) \(direction)\(running)")
        }
        if filter != nil, isFiltering {
            parts.append("filtering \((lastFilterProgress ?? PassProgress(rowsTotal: dataset.rowCount)).percentText) (Esc stops)")
        }
        return parts.joined(separator: "  ")
    }
}
