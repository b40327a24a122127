import ArgumentParser
import Foundation
import Taxonomy
import TerminalCore

/// `loom sdg validate PATH…`: checks qna.yaml files as InstructLab's schema does, with file:line:column messages,
/// plus the taxonomy README's size advice as warnings. Exit status 0 only when every file is valid.
struct SdgValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate InstructLab qna.yaml files (knowledge v3, compositional skills v1–v3).",
        discussion: """
            PATH is a qna.yaml file or a folder searched for qna.yaml (and qna.yml, reported as misnamed). Each \
            problem prints as FILE:LINE:COLUMN: error|warning: [yaml.path] message. Errors are instructlab-schema's \
            rules and yamllint's relaxed errors (trailing spaces, tabs, duplicate keys, a missing final newline); \
            warnings are yamllint's relaxed warnings and the taxonomy README's limits (contexts ≤ 500 words, a \
            question and answer ≤ 250 words, about 2,300 words of seed examples for a skill). Exit status 0 only \
            when no file has an error.
            """
    )

    @Argument(help: "qna.yaml files or folders holding them.")
    var paths: [String]

    @Flag(help: "Print only errors.")
    var quiet = false

    func run() throws {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ValidationError("\(path): no such file or folder")
            }
            if isFolder.boolValue {
                let found = Self.taxonomyFiles(in: path)
                if found.isEmpty {
                    FileHandle.standardError.write(Data(SafeText.printable("\(path): no qna.yaml files in this folder\n").utf8))
                }
                files += found
            } else {
                files.append(path)
            }
        }
        var invalid = 0
        var warnings = 0
        for file in files {
            let report = QnAValidator.validate(path: file)
            if !report.isValid { invalid += 1 }
            for problem in report.problems where !(quiet && problem.severity == .warning) {
                if problem.severity == .warning { warnings += 1 }
                print(SafeText.printable("\(file):\(problem)"))
            }
        }
        let summary = "\(files.count) file\(files.count == 1 ? "" : "s"): \(files.count - invalid) valid, \(invalid) invalid"
            + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "")
        print(summary)
        if invalid > 0 || files.isEmpty { throw ExitCode(1) }
    }

    /// qna.yaml and qna.yml files under `folder`, sorted; hidden folders are skipped.
    static func taxonomyFiles(in folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { walker.skipDescendants(); continue }
            if name == "qna.yaml" || name == "qna.yml" { found.append((folder as NSString).appendingPathComponent(relative)) }
        }
        return found.sorted()
    }
}
