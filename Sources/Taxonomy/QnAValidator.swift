import Foundation
import Support
import Yams

/// Reads and checks an InstructLab taxonomy qna.yaml the way instructlab-schema does: the version comes from the
/// file (`version`, else 1); knowledge or compositional skill from the taxonomy folder in the path, else from whether
/// the file has a `document`; then that version's JSON-schema rules, with messages worded as jsonschema words them
/// and the line and column of the node at fault. On top: yamllint's relaxed rules (for version 2 and up, as
/// InstructLab lints), the taxonomy README's size advice as warnings, and `qna.yml` named as the mistake it is.
public enum QnAValidator {
    public struct Report: Sendable {
        public var file: QnAFile?
        public var problems: [QnAProblem]
        public var isValid: Bool { !problems.contains { $0.severity == .error } }
    }

    /// The README's advice: contexts of at most 500 words, question and answer pairs of at most 250, and about
    /// 2,300 words of seed examples in all for a skill.
    public static let maxContextWords = 500
    public static let maxPairWords = 250
    public static let maxSkillWords = 2300

    /// Reads `path` (a regular file, at most 16 MiB) and checks it.
    public static func validate(path: String) -> Report {
        let name = (path as NSString).lastPathComponent
        let text: String
        do {
            let data = try RegularFile.read(path, limit: 16 << 20)
            guard let decoded = String(data: data, encoding: .utf8) else {
                return Report(file: nil, problems: [QnAProblem(.error, line: 1, column: 1, "the file is not UTF-8 text")])
            }
            text = decoded
        } catch {
            return Report(file: nil, problems: [QnAProblem(.error, line: 1, column: 1, "\(error)")])
        }
        let folders = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        return validate(text: text, fileName: name, folders: folders)
    }

    /// Checks `text`; `fileName` and the path's `folders` decide the name rule and the schema (see the type's doc).
    public static func validate(text: String, fileName: String = "qna.yaml", folders: [String] = []) -> Report {
        var problems: [QnAProblem] = []
        if fileName == "qna.yml" {
            problems.append(QnAProblem(.error, line: 1, column: 1, "the file is named qna.yml: InstructLab reads only files named qna.yaml and skips this one; rename it"))
        } else if fileName != "qna.yaml" {
            problems.append(QnAProblem(.warning, line: 1, column: 1, "InstructLab reads only files named qna.yaml; this one is named \(fileName)"))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            problems.append(Self.problem(from: error))
            return Report(file: nil, problems: problems + YAMLLint.check(text).filter { $0.severity == .error })
        } catch {
            problems.append(QnAProblem(.error, line: 1, column: 1, "\(error)"))
            return Report(file: nil, problems: problems)
        }
        guard let root, !(root.scalar.map { $0.string.isEmpty || root.tag.rawValue == Tag.Name.null.rawValue } ?? false) else {
            problems.append(QnAProblem(.warning, line: 1, column: 1, "The file is empty"))
            return Report(file: nil, problems: problems)
        }
        guard case .mapping(let top) = root else {
            problems.append(QnAProblem(.error, line: 1, column: 1, "The file is not valid. The top-level element is not an object with key-value pairs."))
            return Report(file: nil, problems: problems)
        }
        var version = 1
        if let node = top["version"] {
            if node.tag.rawValue == Tag.Name.int.rawValue, let number = node.int { version = number } else if let number = node.string.flatMap({ Int($0) }) { version = number }
        }
        if version > 1 { problems += YAMLLint.check(text) }
        let kind: QnAFile.Kind
        if let folder = folders.last(where: { $0 == "knowledge" || $0 == "compositional_skills" }) {
            kind = folder == "knowledge" ? .knowledge : .compositionalSkill
        } else {
            kind = top["document"] != nil ? .knowledge : .compositionalSkill
        }
        var schema = QnASchemaCheck(version: version)
        let file = schema.check(top, kind: kind)
        problems += schema.problems
        if schema.problems.isEmpty { problems += advice(file) }
        return Report(file: file, problems: problems)
    }

    static func problem(from error: YamlError) -> QnAProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return QnAProblem(.error, line: mark.line, column: mark.column, "syntax error: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence; the repeat is the mistake (yamllint points there too).
            var line = context.mark.line
            if let key = duplicates.first {
                let indent = String(repeating: " ", count: max(0, context.mark.column - 1))
                let lines = context.text.split(separator: "\n", omittingEmptySubsequences: false)
                if let repeated = lines.indices.dropFirst(context.mark.line).first(where: { lines[$0].hasPrefix(indent + key + ":") }) {
                    line = repeated + 1
                }
            }
            return QnAProblem(.error, line: line, column: context.mark.column,
                              "duplication of key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in mapping")
        default:
            return QnAProblem(.error, line: 1, column: 1, "\(error)")
        }
    }

    /// The README's limits, as warnings (InstructLab's own checks do not enforce them; generation suffers).
    static func advice(_ file: QnAFile) -> [QnAProblem] {
        var problems: [QnAProblem] = []
        var total = 0
        for (index, seed) in file.seeds.enumerated() {
            if let context = seed.context {
                let words = wordCount(context)
                total += words
                if words > maxContextWords {
                    problems.append(QnAProblem(.warning, line: seed.line, column: 1, path: "seed_examples[\(index)].context",
                                               "the context has \(words) words; the taxonomy README asks for at most \(maxContextWords)"))
                }
            }
            for pair in seed.pairs {
                let words = wordCount(pair.question) + wordCount(pair.answer)
                total += words
                if words > maxPairWords {
                    problems.append(QnAProblem(.warning, line: pair.line, column: 1, path: "seed_examples[\(index)]",
                                               "the question and answer have \(words) words; the taxonomy README asks for at most \(maxPairWords)"))
                }
            }
        }
        if file.kind == .compositionalSkill && total > maxSkillWords {
            problems.append(QnAProblem(.warning, line: file.seeds.first?.line ?? 1, column: 1, path: "seed_examples",
                                       "the seed examples have \(total) words in all; the taxonomy README asks for about \(maxSkillWords) at most"))
        }
        return problems
    }

    static func wordCount(_ text: String) -> Int { text.split { $0 == " " || $0 == "\n" || $0 == "\t" }.count }
}
