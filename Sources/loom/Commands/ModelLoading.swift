import ArgumentParser
import Engine
import Foundation
import Tokenizers

/// The `--model DIR [--adapter DIR]` options shared by `loom score` and `loom generate`.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "A Hugging Face model folder (config.json + model.safetensors or shards).")
    var model: String

    @Option(name: .long, help: "A PEFT LoRA adapter folder (adapter_config.json + adapter_model.safetensors).")
    var adapter: String?

    /// Loads the model (and adapter); errors become messages that name the file at fault.
    func load() throws -> TransformerModel {
        do {
            let loaded = try TransformerModel.load(folder: URL(fileURLWithPath: model))
            if let first = loaded.unusedTensors.first {
                let more = loaded.unusedTensors.count > 1 ? " and \(loaded.unusedTensors.count - 1) more" : ""
                FileHandle.standardError.write(Data("warning: \(model): the weights hold tensors config.json does not use (\(first)\(more)); they are ignored\n".utf8))
            }
            if let adapter { try PEFTAdapter.load(folder: URL(fileURLWithPath: adapter), into: loaded) }
            return loaded
        } catch let error as SafetensorsError {
            throw ValidationError(error.description)
        } catch let error as ModelConfigError {
            throw ValidationError(error.description)
        } catch let error as AdapterError {
            throw ValidationError(error.description)
        }
    }

    /// The model folder's `tokenizer.json`, if it has one.
    func tokenizer() throws -> Tokenizer? {
        let path = (model as NSString).appendingPathComponent("tokenizer.json")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do { return try Tokenizer(contentsOfFile: path) } catch { throw ValidationError("\(path): \(error)") }
    }
}

/// Parses a JSON array of token ids given on the command line.
func parseTokenIds(_ text: String, option: String) throws -> [Int32] {
    guard let values = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [NSNumber] else {
        throw ValidationError("\(option) must be a JSON array of token ids, e.g. '[1, 415, 2936]'")
    }
    return values.map { Int32(truncatingIfNeeded: $0.intValue) }
}

/// Writes one JSON object as a line on standard output.
func printJSONLine(_ object: [String: Any]) {
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
       let line = String(data: data, encoding: .utf8) {
        print(line)
    }
}
