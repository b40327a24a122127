/// One line of a model-free explanation: a feature's value against the range (5th–95th percentile) that human
/// training texts show, and how far it pushed the score (logit units; positive = towards machine).
public struct FeatureContribution: Sendable, Equatable {
    public var feature: String
    public var value: Double
    public var humanLow: Double
    public var humanHigh: Double
    public var push: Double

    /// Where the value sits against the human range: "below", "within" or "above".
    public var position: String {
        value < humanLow ? "below" : value > humanHigh ? "above" : "within"
    }
}
