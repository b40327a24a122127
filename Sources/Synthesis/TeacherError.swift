/// Why a teacher could not reply: what went wrong and with which teacher. The builder keeps the chunk aside with
/// this reason and goes on.
public struct TeacherError: Error, Sendable, Hashable, CustomStringConvertible {
    public var teacher: String
    public var problem: String

    public init(teacher: String, problem: String) {
        self.teacher = teacher
        self.problem = problem
    }

    public var description: String { "teacher \(teacher): \(problem)" }
}
