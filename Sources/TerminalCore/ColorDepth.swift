/// How many colours the terminal can show.
public enum ColorDepth: Int, Sendable, Comparable {
    case none = 0
    case ansi16 = 1
    case palette256 = 2
    case trueColor = 3

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}
