/// The commands of the Data section: search, the record, statistics and frequency views of the open dataset, and
/// the view of the table (sort, filter, columns, copy).
extension Command {
    static let search = Command("search", title: "Search all columns")
    static let searchColumn = Command("searchColumn", title: "Search the current column")
    static let nextMatch = Command("nextMatch", title: "Next match")
    static let previousMatch = Command("previousMatch", title: "Previous match")
    static let recordView = Command("recordView", title: "Show the whole record")
    static let tableView = Command("tableView", title: "Back to the table")
    static let columnStats = Command("columnStats", title: "Statistics of the current column")
    static let sortAscending = Command("sortAscending", title: "Sort by the current column, ascending")
    static let sortDescending = Command("sortDescending", title: "Sort by the current column, descending")
    static let filterToSearch = Command("filterToSearch", title: "Filter to the rows matching the search")
    static let frequency = Command("frequency", title: "Frequency table of the current column")
    static let filterToValue = Command("filterToValue", title: "Filter the table to this value")
    static let hideColumn = Command("hideColumn", title: "Hide the current column (gv shows all)")
    static let fitColumn = Command("fitColumn", title: "Fit the column to its content, or back")
    static let narrowColumn = Command("narrowColumn", title: "Narrow the current column")
    static let widenColumn = Command("widenColumn", title: "Widen the current column")
    static let copyCell = Command("copyCell", title: "Copy the cell (clipboard and register)")
    static let copyRecord = Command("copyRecord", title: "Copy the record as JSON")
    static let nextDataRecord = Command("nextDataRecord", title: "Next record")
    static let previousDataRecord = Command("previousDataRecord", title: "Previous record")
    static let tokenCounts = Command("tokenCounts", title: "Token counts per row for the lens's run config (#)")
}

extension Command {
    static let unhideColumns = Command("unhideColumns", title: "Show every hidden column (gv)")
    static let filterDatasets = Command("filterDatasets", title: "Filter the list by name")
    static let closeDataset = Command("closeDataset", title: "Close the dataset (the file stays)")
}
