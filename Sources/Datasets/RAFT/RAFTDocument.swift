/// One document shown to the model with a RAFT question.
public struct RAFTDocument: Sendable, Hashable {
    /// Gorilla writes `placeholder_title`; empty when the record has none.
    public var title: String
    public var text: String
    public var role: RAFTDocumentRole

    public init(title: String, text: String, role: RAFTDocumentRole = .unknown) {
        self.title = title
        self.text = text
        self.role = role
    }

    /// The title worth showing: empty for gorilla's placeholder.
    public var displayTitle: String { title == "placeholder_title" ? "" : title }
}
