/// The left part of the status bar as a section fills it: a mode in capitals and where the user is. A section that
/// prompts for a line of text (search) puts its editor here, drawn over the status bar.
struct SectionStatus {
    var mode: String
    var location: String
    var prompt: (editor: LineEditor, label: String)?

    init(mode: String, location: String, prompt: (editor: LineEditor, label: String)? = nil) {
        self.mode = mode
        self.location = location
        self.prompt = prompt
    }
}
