/// A line a section wants to tell the user (an error, the result of a command); the status bar shows it for a few
/// seconds, errors longer.
struct StatusMessage: Equatable {
    var text: String
    var isError: Bool

    init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}
