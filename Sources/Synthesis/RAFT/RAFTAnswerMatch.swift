import Datasets

/// How a model's answer is compared with a record's: both as loose words (lower case, letters and digits, one space
/// between words), so that quoting, punctuation and case do not count. `exact` is equality; `contains` is the
/// expected answer appearing as whole words inside the model's final answer, for answers said in a sentence.
public struct RAFTAnswerMatch: Sendable, Hashable {
    public var exact: Bool
    public var contains: Bool

    public init(predicted: String?, expected: String) {
        let want = RAFTNormalizedText.looseWords(expected)
        guard let predicted, !want.isEmpty else {
            exact = false
            contains = false
            return
        }
        let got = RAFTNormalizedText.looseWords(predicted)
        exact = got == want
        contains = (" " + got + " ").contains(" " + want + " ")
    }
}
