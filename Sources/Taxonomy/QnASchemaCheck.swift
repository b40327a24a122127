import Yams

/// instructlab-schema's JSON schemas (knowledge v3; compositional skills v1, v2, v3; knowledge v1/v2 refused as
/// deprecated) checked on the YAML tree, so that each finding carries the line and column of its node. Messages
/// follow jsonschema's wording, which InstructLab users see from `ilab taxonomy diff`.
struct QnASchemaCheck {
    let version: Int
    private(set) var problems: [QnAProblem] = []

    init(version: Int) { self.version = version }

    mutating func check(_ top: Node.Mapping, kind: QnAFile.Kind) -> QnAFile {
        var file = QnAFile(kind: kind, version: version, seeds: [])
        let topMark = top.mark
        if version > 3 || version < 1 {
            error(at: top["version"]?.mark ?? topMark, path: "version", "\(version) is not a schema version this release knows (1, 2, 3)")
        }
        if kind == .knowledge && version < 3 {
            error(at: topMark, path: "", "Version \(version) is not supported for knowledge. Minimum supported version is 3.")
        }
        let allowed: Set<String>
        let required: [String]
        switch kind {
        case .knowledge:
            allowed = ["version", "created_by", "domain", "seed_examples", "document", "document_outline"]
            required = ["created_by", "domain", "seed_examples", "document", "document_outline"]
        case .compositionalSkill:
            allowed = ["version", "created_by", "task_description", "seed_examples"]
            required = ["created_by", "task_description", "seed_examples"]
        }
        let reportSchema = !(kind == .knowledge && version < 3)
        if reportSchema {
            if version >= 2 && top["version"] == nil { error(at: topMark, path: ".", "'version' is a required property") }
            if let node = top["version"], version >= 1 && version <= 3, node.tag.rawValue != Tag.Name.int.rawValue {
                error(at: node.mark, path: "version", "\(quoted(node)) is not of type 'integer'")
            }
            for key in required where top[key] == nil { error(at: topMark, path: ".", "'\(key)' is a required property") }
            let extra = top.keys.compactMap(\.string).filter { !allowed.contains($0) }
            if !extra.isEmpty {
                error(at: topMark, path: ".", "Unevaluated properties are not allowed (\(extra.map { "'\($0)'" }.joined(separator: ", ")) \(extra.count == 1 ? "was" : "were") unexpected)")
            }
        }
        file.createdBy = string(top["created_by"], path: "created_by", nonEmpty: true, report: reportSchema)
        file.domain = string(top["domain"], path: "domain", nonEmpty: true, report: reportSchema && kind == .knowledge)
        file.taskDescription = string(top["task_description"], path: "task_description", nonEmpty: version >= 2,
                                      report: reportSchema && kind == .compositionalSkill)
        file.documentOutline = string(top["document_outline"], path: "document_outline", nonEmpty: true,
                                      report: reportSchema && kind == .knowledge)
        if let node = top["document"] { file.document = document(node, report: reportSchema && kind == .knowledge) }
        if let node = top["seed_examples"] { file.seeds = seeds(node, kind: kind, report: reportSchema) }
        return file
    }

    // MARK: Parts

    private mutating func document(_ node: Node, report: Bool) -> KnowledgeDocument {
        var document = KnowledgeDocument(patterns: [])
        guard case .mapping(let map) = node else {
            if report { error(at: node.mark, path: "document", "\(quoted(node)) is not of type 'object'") }
            return document
        }
        if report {
            for key in ["repo", "commit", "patterns"] where map[key] == nil {
                error(at: map.mark, path: "document", "'\(key)' is a required property")
            }
            let extra = map.keys.compactMap(\.string).filter { !["repo", "commit", "patterns"].contains($0) }
            if !extra.isEmpty { error(at: map.mark, path: "document", "Unevaluated properties are not allowed (\(extra.map { "'\($0)'" }.joined(separator: ", ")) unexpected)") }
        }
        document.repo = string(map["repo"], path: "document.repo", nonEmpty: true, report: report)
        document.commit = string(map["commit"], path: "document.commit", nonEmpty: true, report: report)
        if let patterns = map["patterns"] {
            if case .sequence(let items) = patterns {
                if report && items.isEmpty { error(at: patterns.mark, path: "document.patterns", "Value must have at least 1 items") }
                if report && Set(items.map { $0 }).count != items.count {
                    error(at: patterns.mark, path: "document.patterns", "has non-unique elements")
                }
                document.patterns = items.enumerated().compactMap { index, item in
                    string(item, path: "document.patterns[\(index)]", nonEmpty: true, report: report)
                }
            } else if report {
                error(at: patterns.mark, path: "document.patterns", "\(quoted(patterns)) is not of type 'array'")
            }
        }
        return document
    }

    private mutating func seeds(_ node: Node, kind: QnAFile.Kind, report: Bool) -> [QnASeed] {
        guard case .sequence(let items) = node else {
            if report { error(at: node.mark, path: "seed_examples", "\(quoted(node)) is not of type 'array'") }
            return []
        }
        let minimum = (kind == .knowledge || version >= 2) ? 5 : 1
        if report && items.count < minimum {
            error(at: node.mark, path: "seed_examples", "Value must have at least \(minimum) items")
        }
        if report && version >= 2 && Set(items.map { $0 }).count != items.count {
            error(at: node.mark, path: "seed_examples", "has non-unique elements")
        }
        var seeds: [QnASeed] = []
        for (index, item) in items.enumerated() {
            let path = "seed_examples[\(index)]"
            guard case .mapping(let map) = item else {
                if report { error(at: item.mark, path: path, "\(quoted(item)) is not of type 'object'") }
                continue
            }
            let line = map.mark?.line ?? 1
            let keys: [String] = kind == .knowledge ? ["context", "questions_and_answers"] : ["question", "answer"]
            if report {
                for key in keys where map[key] == nil { error(at: map.mark, path: path, "'\(key)' is a required property") }
                let allowed: Set<String> = kind == .knowledge ? ["context", "questions_and_answers"] : ["context", "question", "answer"]
                let extra = map.keys.compactMap(\.string).filter { !allowed.contains($0) }
                if !extra.isEmpty { error(at: map.mark, path: path, "Unevaluated properties are not allowed (\(extra.map { "'\($0)'" }.joined(separator: ", ")) unexpected)") }
            }
            let context = string(map["context"], path: path + ".context", nonEmpty: true, report: report)
            switch kind {
            case .knowledge:
                seeds.append(QnASeed(context: context, pairs: pairs(map["questions_and_answers"], path: path + ".questions_and_answers", report: report), line: line))
            case .compositionalSkill:
                let question = string(map["question"], path: path + ".question", nonEmpty: true, report: report) ?? ""
                let answer = string(map["answer"], path: path + ".answer", nonEmpty: true, report: report) ?? ""
                seeds.append(QnASeed(context: context, pairs: [QnAPair(question: question, answer: answer, line: line)], line: line))
            }
        }
        return seeds
    }

    private mutating func pairs(_ node: Node?, path: String, report: Bool) -> [QnAPair] {
        guard let node else { return [] }
        guard case .sequence(let items) = node else {
            if report { error(at: node.mark, path: path, "\(quoted(node)) is not of type 'array'") }
            return []
        }
        if report && items.count < 3 { error(at: node.mark, path: path, "Value must have at least 3 items") }
        if report && Set(items.map { $0 }).count != items.count { error(at: node.mark, path: path, "has non-unique elements") }
        var pairs: [QnAPair] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard case .mapping(let map) = item else {
                if report { error(at: item.mark, path: itemPath, "\(quoted(item)) is not of type 'object'") }
                continue
            }
            if report { for key in ["question", "answer"] where map[key] == nil { error(at: map.mark, path: itemPath, "'\(key)' is a required property") } }
            let question = string(map["question"], path: itemPath + ".question", nonEmpty: true, report: report) ?? ""
            let answer = string(map["answer"], path: itemPath + ".answer", nonEmpty: true, report: report) ?? ""
            pairs.append(QnAPair(question: question, answer: answer, line: map.mark?.line ?? 1))
        }
        return pairs
    }

    /// The node's text when it is a string (an error when it is not, or is empty and must not be).
    private mutating func string(_ node: Node?, path: String, nonEmpty: Bool, report: Bool) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node, node.tag.rawValue == Tag.Name.str.rawValue else {
            if report { error(at: node.mark, path: path, "\(quoted(node)) is not of type 'string'") }
            return node.scalar?.string
        }
        if report && nonEmpty && scalar.string.isEmpty { error(at: node.mark, path: path, "'' should be non-empty") }
        return scalar.string
    }

    private func quoted(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return node.tag.rawValue == Tag.Name.null.rawValue ? "None" : scalar.string
        case .mapping: return "an object"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private mutating func error(at mark: Mark?, path: String, _ message: String) {
        problems.append(QnAProblem(.error, line: mark?.line ?? 1, column: mark?.column ?? 1, path: path, message))
    }
}
