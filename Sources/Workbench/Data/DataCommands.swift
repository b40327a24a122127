/// The commands of the Data section: search, and the record and statistics views of the open dataset.
extension Command {
    static let search = Command("search", title: "Search all columns")
    static let searchColumn = Command("searchColumn", title: "Search the current column")
    static let nextMatch = Command("nextMatch", title: "Next match")
    static let previousMatch = Command("previousMatch", title: "Previous match")
    static let recordView = Command("recordView", title: "Show the whole record")
    static let tableView = Command("tableView", title: "Back to the table")
    static let columnStats = Command("columnStats", title: "Statistics of the current column")
}
