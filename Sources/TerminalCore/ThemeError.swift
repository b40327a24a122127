import Foundation

/// A theme file that could not be read, with the place to fix.
public struct ThemeError: Error, CustomStringConvertible, Equatable {
    public var source: String
    public var line: Int
    public var problem: String

    public var description: String { line > 0 ? "\(source):\(line): \(problem)" : "\(source): \(problem)" }
}
