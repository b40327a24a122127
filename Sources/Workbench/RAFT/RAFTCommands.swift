/// The commands of the RAFT section: records, documents and quotes of the inspector.
extension Command {
    static let nextRecord = Command("raft.nextRecord", title: "Next RAFT record")
    static let previousRecord = Command("raft.previousRecord", title: "Previous RAFT record")
    static let nextDocument = Command("raft.nextDocument", title: "Next document of the record")
    static let previousDocument = Command("raft.previousDocument", title: "Previous document of the record")
    static let oracleDocument = Command("raft.oracle", title: "Show the oracle document")
    static let nextQuote = Command("raft.nextQuote", title: "Next quote: jump to it inside its document")
    static let previousQuote = Command("raft.previousQuote", title: "Previous quote: jump to it inside its document")
    static let scrollAnswerDown = Command("raft.answerDown", title: "Scroll the CoT answer down")
    static let scrollAnswerUp = Command("raft.answerUp", title: "Scroll the CoT answer up")
}
