/// What a `Split` pre-tokenizer matches.
public enum SplitMatcher: Sendable, Equatable {
    case regex(SplitPattern)
    case literal(String)
}
