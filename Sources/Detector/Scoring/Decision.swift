/// What the detector concludes about a text. `abstain` is an answer, not a failure: a text too short to judge is
/// reported as such, with the reason, instead of a guess.
public enum Decision: String, Sendable, Codable {
    case machine, human, abstain
}
