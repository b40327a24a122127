import Datasets
import Foundation
import Testing
@testable import Taxonomy

/// The validator on InstructLab's own files and on crafted mistakes; the verdicts are the ones instructlab-schema
/// gives (Scripts/sdg/check_against_instructlab_schema.py compares the two on the same files).
@Suite struct QnAValidatorTests {
    static let validSkill = "version: 3\ntask_description: Say hello in the style of the question.\ncreated_by: loom\nseed_examples:\n"
        + (0..<5).map { "  - question: Question \($0)?\n    answer: Answer \($0).\n" }.joined()

    static let sharedData: String? = {
        let candidates = ["/work/shared/data/instructlab",
                          FileManager.default.currentDirectoryPath + "/../shared/data/instructlab"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()

    func errors(_ text: String, folders: [String] = []) -> [QnAProblem] {
        QnAValidator.validate(text: text, folders: folders).problems.filter { $0.severity == .error }
    }

    @Test func instructLabsOwnFilesAreValid() throws {
        guard let folder = Self.sharedData else {
            print("skipping: ../shared/data/instructlab is absent")
            return
        }
        let expected: [String: (QnAFile.Kind, Int, Int)] = [
            "knowledge_science_animals_birds_black_capped_chickadee_qna.yaml": (.knowledge, 3, 5),
            "compositional_skills_grounded_linguistics_inclusion_qna.yaml": (.compositionalSkill, 3, 6),
            "compositional_skills_linguistics_synonyms_qna.yaml": (.compositionalSkill, 3, 6),
            "foundational_skills_reasoning_logical_reasoning_tabular_qna.yaml": (.compositionalSkill, 1, 3),
            "sdg_testdata_test_valid_knowledge_skill.yaml": (.knowledge, 3, 5),
        ]
        for (name, (kind, version, seeds)) in expected {
            let report = QnAValidator.validate(path: folder + "/" + name)
            #expect(report.isValid, "\(name): \(report.problems)")
            #expect(report.problems.allSatisfy { $0.severity == .warning })
            #expect(report.problems.contains { $0.message.contains("named qna.yaml") }, "a file not named qna.yaml is pointed out")
            let file = try #require(report.file)
            #expect(file.kind == kind && file.version == version && file.seeds.count == seeds, "\(name)")
        }
        let chickadee = try #require(QnAValidator.validate(path: folder + "/knowledge_science_animals_birds_black_capped_chickadee_qna.yaml").file)
        #expect(chickadee.domain == "animals")
        #expect(chickadee.seeds.allSatisfy { $0.context != nil && $0.pairs.count == 3 })
        #expect(chickadee.seeds[0].line == 5 && chickadee.seeds[0].pairs[0].line == 30)
        #expect(chickadee.document?.patterns.isEmpty == false)
        let grounded = try #require(QnAValidator.validate(path: folder + "/compositional_skills_grounded_linguistics_inclusion_qna.yaml").file)
        #expect(grounded.isGrounded)
    }

    @Test func craftedMistakesAreErrorsAtTheirPlace() {
        let skill = Self.validSkill
        #expect(errors(skill).isEmpty)
        #expect(errors(skill.replacingOccurrences(of: "version: 3", with: "version: 2")).isEmpty)
        #expect(errors("created_by: loom\ntask_description: x\nseed_examples:\n- question: Q?\n  answer: A.\n").isEmpty, "v1: one seed is enough")

        let few = errors(String(skill.prefix(upTo: skill.range(of: "  - question: Question 3")!.lowerBound)))
        #expect(few.map(\.message) == ["Value must have at least 5 items"] && few.first?.path == "seed_examples" && few.first?.line == 5)

        let trailing = errors(skill.replacingOccurrences(of: "created_by: loom", with: "created_by: loom  "))
        #expect(trailing.map(\.description) == ["3:17: error: trailing spaces"])

        let tab = errors(skill.replacingOccurrences(of: "    answer: Answer 2.", with: "\tanswer: Answer 2."))
        #expect(tab.contains { $0.message.contains("tab") && $0.line == 10 && $0.column == 1 })

        let duplicate = errors(skill.replacingOccurrences(of: "created_by: loom\n", with: "created_by: loom\ncreated_by: other\n"))
        #expect(duplicate.contains { $0.message.contains("duplication of key \"created_by\"") && $0.line == 4 })

        let noNewline = errors(String(skill.dropLast()))
        #expect(noNewline.map(\.message) == ["no new line character at the end of file"])

        let unknown = errors(skill + "colour: blue\n")
        #expect(unknown.map(\.message) == ["Unevaluated properties are not allowed ('colour' was unexpected)"])

        let empty = errors(skill.replacingOccurrences(of: "answer: Answer 4.", with: "answer: ''"))
        #expect(empty.map(\.description) == ["14:13: error: [seed_examples[4].answer] '' should be non-empty"])

        let number = errors(skill.replacingOccurrences(of: "answer: Answer 4.", with: "answer: 4"))
        #expect(number.map(\.message) == ["4 is not of type 'string'"])

        let repeated = errors(skill.replacingOccurrences(of: "Question 1?\n    answer: Answer 1.", with: "Question 0?\n    answer: Answer 0."))
        #expect(repeated.map(\.message) == ["has non-unique elements"])

        let missing = errors(skill.replacingOccurrences(of: "task_description: Say hello in the style of the question.\n", with: ""))
        #expect(missing.map(\.message) == ["'task_description' is a required property"])

        #expect(errors(skill.replacingOccurrences(of: "version: 3", with: "version: three")).contains { $0.message.contains("'integer'") })
        #expect(errors("- a\n- b\n").map(\.message) == ["The file is not valid. The top-level element is not an object with key-value pairs."])
        let blank = QnAValidator.validate(text: skill.replacingOccurrences(of: "seed_examples:\n", with: "seed_examples:\n\n\n\n"))
        #expect(blank.isValid && blank.problems.contains { $0.message.contains("too many blank lines") })
    }

    @Test func knowledgeRulesAndTheFolderDecideTheSchema() {
        let context = "Context words here."
        let seed = "  - context: \(context)\n    questions_and_answers:\n"
            + (0..<3).map { "      - question: Q\($0)?\n        answer: A\($0).\n" }.joined()
        let knowledge = "version: 3\ncreated_by: loom\ndomain: birds\nseed_examples:\n"
            + (0..<5).map { seed.replacingOccurrences(of: context, with: "\(context) \($0)") }.joined()
            + "document_outline: Birds.\ndocument:\n  repo: https://example.com/r.git\n  commit: abc\n  patterns:\n    - '*.md'\n"
        #expect(errors(knowledge).isEmpty, "\(errors(knowledge))")
        let twoPairs = knowledge.replacingOccurrences(of: "      - question: Q2?\n        answer: A2.\n", with: "")
        #expect(errors(twoPairs).allSatisfy { $0.message == "Value must have at least 3 items" } && !errors(twoPairs).isEmpty)
        let noOutline = knowledge.replacingOccurrences(of: "document_outline: Birds.\n", with: "")
        #expect(errors(noOutline).map(\.message) == ["'document_outline' is a required property"])
        #expect(errors(knowledge.replacingOccurrences(of: "version: 3", with: "version: 2")).contains { $0.message.contains("Minimum supported version is 3") })
        // Under compositional_skills/ the same file is checked as a skill.
        #expect(errors(knowledge, folders: ["taxonomy", "compositional_skills", "x"]).contains { $0.message.contains("Unevaluated properties") })
    }

    @Test func theReadmeLimitsAreWarnings() {
        let long = (0..<260).map { "w\($0)" }.joined(separator: " ")
        let report = QnAValidator.validate(text: Self.validSkill.replacingOccurrences(of: "answer: Answer 2.", with: "answer: \(long)"))
        #expect(report.isValid)
        #expect(report.problems.contains { $0.severity == .warning && $0.message.contains("at most 250") && $0.line == 9 })
    }

    @Test func qnaYmlIsNamedAsAMistake() {
        let report = QnAValidator.validate(text: Self.validSkill, fileName: "qna.yml")
        #expect(!report.isValid && report.problems.first?.message.contains("rename it") == true)
    }

    @Test func aQnAFileOpensAsADatasetOfItsPairs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-qna-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("qna.yaml")
        try Self.validSkill.write(to: path, atomically: true, encoding: .utf8)
        QnARecordReader.register()
        let dataset = try Dataset.open(path)
        #expect(dataset.rowCount == 5)
        let record = try dataset.record(at: 2)
        #expect(record.value?["question"]?.stringValue == "Question 2?")
        #expect(record.value?["answer"]?.stringValue == "Answer 2.")
        #expect(record.line == 9)
    }
}
