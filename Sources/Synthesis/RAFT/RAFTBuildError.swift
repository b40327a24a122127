/// Why a RAFT build could not start or go on: what, and in which file (and line, when it is about one).
public struct RAFTBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var problem: String

    public init(path: String, line: Int? = nil, problem: String) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    public var description: String { path + (line.map { ":\($0)" } ?? "") + ": " + problem }
}
