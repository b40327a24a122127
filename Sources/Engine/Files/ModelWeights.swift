import Foundation

/// The weights of a Hugging Face model folder: `model.safetensors`, or shards listed by
/// `model.safetensors.index.json`. Pickled checkpoints are refused, since loading them can run code.
public final class ModelWeights: @unchecked Sendable {
    public let folder: URL
    private let files: [SafetensorsFile]
    private let location: [String: Int]

    /// How to convert a pickled checkpoint; shown whenever only `*.bin` weights are found.
    public static let conversionHint =
        "convert it once with: python -c \"from transformers import AutoModel; AutoModel.from_pretrained('DIR').save_pretrained('OUT', safe_serialization=True)\""

    public init(folder: URL) throws {
        self.folder = folder
        let fm = FileManager.default
        let single = folder.appendingPathComponent("model.safetensors")
        let indexURL = folder.appendingPathComponent("model.safetensors.index.json")
        var files: [SafetensorsFile] = []
        var location: [String: Int] = [:]
        if fm.fileExists(atPath: single.path) {
            let file = try SafetensorsFile(url: single)
            files = [file]
            for tensor in file.tensors { location[tensor.name] = 0 }
        } else if fm.fileExists(atPath: indexURL.path) {
            let data: Data
            do { data = try Data(contentsOf: indexURL) } catch {
                throw SafetensorsError(path: indexURL.path, reason: "cannot read the shard index (\(error.localizedDescription))")
            }
            guard data.count <= 100_000_000,
                  let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw SafetensorsError(path: indexURL.path, reason: "not a JSON object; re-export the model")
            }
            guard let map = object["weight_map"] as? [String: Any] else {
                throw SafetensorsError(path: indexURL.path, field: "weight_map", reason: "missing or not a map from tensor names to shard files")
            }
            var shardIndex: [String: Int] = [:]
            for (tensor, value) in map.sorted(by: { $0.key < $1.key }) {
                guard let shard = value as? String else {
                    throw SafetensorsError(path: indexURL.path, tensor: tensor, field: "weight_map", reason: "shard name is not a string")
                }
                guard !shard.contains("/"), !shard.contains("\\"), shard != "..", shard.hasSuffix(".safetensors") else {
                    throw SafetensorsError(path: indexURL.path, tensor: tensor, field: "weight_map",
                                           reason: "shard '\(shard)' must be a .safetensors file in the same folder")
                }
                let position: Int
                if let known = shardIndex[shard] {
                    position = known
                } else {
                    position = files.count
                    files.append(try SafetensorsFile(url: folder.appendingPathComponent(shard)))
                    shardIndex[shard] = position
                }
                guard files[position].info(tensor) != nil else {
                    throw SafetensorsError(path: files[position].path, tensor: tensor,
                                           reason: "listed in model.safetensors.index.json but missing from the shard")
                }
                location[tensor] = position
            }
        } else {
            let contents = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            if let pickle = contents.first(where: { $0.hasSuffix(".bin") || $0.hasSuffix(".pt") || $0.hasSuffix(".pth") }) {
                throw SafetensorsError(path: folder.appendingPathComponent(pickle).path,
                                       reason: "pickled checkpoints are never loaded because they can run code; \(Self.conversionHint)")
            }
            throw SafetensorsError(path: folder.path,
                                   reason: "no model.safetensors or model.safetensors.index.json in this folder; is it a Hugging Face model folder?")
        }
        self.files = files
        self.location = location
    }

    /// Names of all tensors in the checkpoint, sorted.
    public var names: [String] { location.keys.sorted() }

    public func info(_ name: String) -> TensorInfo? {
        location[name].flatMap { files[$0].info(name) }
    }

    public func contains(_ name: String) -> Bool { location[name] != nil }

    /// The tensor converted to `Float`, checked against `shape`.
    public func floats(_ name: String, shape: [Int]) throws -> [Float] {
        guard let position = location[name] else {
            throw SafetensorsError(path: folder.path, tensor: name, reason: "the checkpoint has no such tensor; the config and weights do not match")
        }
        return try files[position].floats(name, shape: shape)
    }
}
