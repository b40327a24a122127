import Foundation

/// Labelled texts for training and evaluating the detector, each with the group it is held out by (its file, or
/// a field such as `source`) and the `generator`/`domain` fields evaluation breaks figures down by.
public struct LabeledText: Sendable {
    public var text: String
    public var machine: Bool
    public var group: String
    public var generator: String?
    public var domain: String?
}

public enum LabeledTexts {
    /// How texts are grouped for held-out evaluation.
    public enum Grouping: Sendable {
        case file
        case field(String)
    }

    /// Reads labelled texts from `files`; records without a text or a readable label are counted in `skipped`.
    public static func load(_ files: [String], field: String = "text", labelField: String = "label",
                            grouping: Grouping = .file) throws -> (texts: [LabeledText], skipped: Int) {
        var texts: [LabeledText] = [], skipped = 0
        for file in files {
            try DetectInput.forEach(path: file, field: field) { record in
                guard let text = record.text, let machine = DetectInput.label(record.value?[labelField]) else {
                    skipped += 1
                    return
                }
                let group: String
                switch grouping {
                case .file: group = (file as NSString).lastPathComponent
                case .field(let name): group = record.value?[name]?.stringValue ?? "(none)"
                }
                texts.append(LabeledText(text: text, machine: machine, group: group,
                                         generator: record.value?["generator"]?.stringValue,
                                         domain: record.value?["domain"]?.stringValue))
            }
        }
        return (texts, skipped)
    }

    /// The model-free features of every text, computed in parallel.
    public static func features(_ texts: [LabeledText]) -> [(values: [Double], words: Int)] {
        var out = [(values: [Double], words: Int)](repeating: ([], 0), count: texts.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: texts.count) { i in
                let measured = ModelFreeDetector.features(of: texts[i].text)
                base[i] = (measured.values, measured.words)
            }
        }
        return out
    }
}
