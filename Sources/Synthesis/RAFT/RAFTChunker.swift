import Datasets
import Foundation

/// Cuts the builder's inputs into chunks as gorilla does for text (by characters; here at sentence ends where
/// possible) and keeps each entry of gorilla's API-docs JSON whole. Inputs: text and Markdown files, JSON lines or a
/// JSON array with a text field, and API-docs JSON (an array of objects with `api_name` or `api_call`).
public enum RAFTChunker {
    public static func chunks(fromFiles paths: [String], chunkSize: Int,
                              textField: String = "text") throws(RAFTBuildError) -> [RAFTChunk] {
        var result: [RAFTChunk] = []
        func add(_ text: String, source: String, kind: RAFTChunk.Kind) {
            result.append(RAFTChunk(index: result.count, source: source, text: text, kind: kind))
        }
        for path in paths {
            let name = path.lowercased()
            if name.hasSuffix(".jsonl") || name.hasSuffix(".json") || name.hasSuffix(".jsonl.gz")
                || name.hasSuffix(".ndjson") {
                let dataset: Dataset
                do { dataset = try Dataset.open(path: path) } catch {
                    throw RAFTBuildError(path: path, problem: "\(error)")
                }
                var problem: RAFTBuildError?
                do {
                    try dataset.forEachRecord { record in
                        guard problem == nil else { return }
                        guard let value = record.value else {
                            problem = RAFTBuildError(path: path, line: record.line, problem: "not valid JSON")
                            return
                        }
                        if value["api_name"] != nil || value["api_call"] != nil {
                            add(JSONFormatter.compact(value), source: path, kind: .api)
                        } else if let text = value[textField]?.stringValue {
                            for piece in split(text, chunkSize: chunkSize) { add(piece, source: path, kind: .general) }
                        } else {
                            problem = RAFTBuildError(path: path, line: record.line,
                                                     problem: "no \"\(textField)\" text field and not an API-docs entry")
                        }
                    }
                } catch {
                    throw RAFTBuildError(path: path, problem: "\(error)")
                }
                if let problem { throw problem }
            } else {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw RAFTBuildError(path: path, problem: "cannot read the file")
                }
                for piece in split(String(decoding: data, as: UTF8.self), chunkSize: chunkSize) {
                    add(piece, source: path, kind: .general)
                }
            }
        }
        return result
    }

    /// Text cut into pieces of at most `chunkSize` characters, ending at sentence ends (`.`, `?`, `!` before a space)
    /// or paragraph breaks where possible; whitespace runs become one space.
    public static func split(_ text: String, chunkSize: Int) -> [String] {
        let size = max(1, chunkSize)
        var sentences: [String] = []
        var sentence = ""
        var previous: Character = " "
        var newlines = 0
        for character in text {
            if character.isNewline { newlines += 1 } else if !character.isWhitespace { newlines = 0 }
            if character.isWhitespace {
                let ends = ".?!".contains(previous) || newlines >= 2
                if ends, !sentence.isEmpty {
                    sentences.append(sentence)
                    sentence = ""
                } else if !sentence.isEmpty && previous != " " {
                    sentence.append(" ")
                }
                previous = " "
                continue
            }
            sentence.append(character)
            previous = character
        }
        if !sentence.trimmingCharacters(in: .whitespaces).isEmpty { sentences.append(sentence) }

        var chunks: [String] = []
        var current = ""
        for var piece in sentences.map({ $0.trimmingCharacters(in: .whitespaces) }) {
            while piece.count > size {
                if !current.isEmpty { chunks.append(current); current = "" }
                chunks.append(piece.prefix(size).trimmingCharacters(in: .whitespaces))
                piece = piece.dropFirst(size).trimmingCharacters(in: .whitespaces)
            }
            if piece.isEmpty { continue }
            if current.isEmpty {
                current = piece
            } else if current.count + 1 + piece.count <= size {
                current += " " + piece
            } else {
                chunks.append(current)
                current = piece
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}
