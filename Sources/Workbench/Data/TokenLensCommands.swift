/// The commands of the token lens: the record as the trainer sees it, for a run config the Runs section lists.
extension Command {
    static let tokenLens = Command("tokenLens", title: "Show the record's tokens as the trainer sees them (lens)")
    static let lensNextConfig = Command("lensNextConfig", title: "Lens: next run config")
    static let lensLossMode = Command("lensLossMode", title: "Lens: switch the loss between assistant replies and all tokens")
    static let lensLonger = Command("lensLonger", title: "Lens: double the sequence length")
    static let lensShorter = Command("lensShorter", title: "Lens: halve the sequence length")
}
