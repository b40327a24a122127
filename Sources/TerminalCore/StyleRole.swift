/// What a piece of text *is*, not what colour it has. Views ask for roles; the theme decides the colours, so a
/// user's theme file restyles every view without any view knowing about it.
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    case text
    case muted
    case accent
    case selection
    case warning
    case error
    case success
    case border
    case title
    case header
    case statusBar
    case statusAccent
    case overlay
    case highlight
    case malformed
    case chartPrimary
    case chartSecondary
    case chartTertiary
    case flagged

    /// A short description for the theme documentation and the theme file's comments.
    public var summary: String {
        switch self {
        case .text: return "ordinary text"
        case .muted: return "secondary text: line numbers, hints, placeholders"
        case .accent: return "what the eye should find first: focused titles, keys in help"
        case .selection: return "the selected row or item"
        case .warning: return "something to look at"
        case .error: return "something went wrong"
        case .success: return "something finished well"
        case .border: return "pane borders and rules"
        case .title: return "pane titles"
        case .header: return "table column headers"
        case .statusBar: return "the status bar"
        case .statusAccent: return "highlighted parts of the status bar"
        case .overlay: return "help, palette and dialog boxes"
        case .highlight: return "search matches"
        case .malformed: return "records that could not be read"
        case .chartPrimary: return "the main series of a chart"
        case .chartSecondary: return "a second series of a chart"
        case .chartTertiary: return "a third series of a chart"
        case .flagged: return "samples flagged for review"
        }
    }
}
