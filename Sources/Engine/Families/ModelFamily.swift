/// The name of a model family: an open set, each family adding its own constant next to its description.
public struct ModelFamily: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// A family: the `model_type`s it reads, its architecture, and how it turns `config.json` into a `ModelConfig`.
/// Adding a family is one file with one of these plus its line in `ModelFamilies.registered`.
public struct ModelFamilyDescription: Sendable {
    public let family: ModelFamily
    public let modelTypes: [String]
    public let architecture: ModelArchitecture
    /// Reads the config (the reader names the file and fields in errors); the `String` is the model_type.
    public let read: @Sendable (ConfigReader, String) throws -> ModelConfig

    public init(family: ModelFamily, modelTypes: [String], architecture: ModelArchitecture,
                read: @escaping @Sendable (ConfigReader, String) throws -> ModelConfig) {
        self.family = family
        self.modelTypes = modelTypes
        self.architecture = architecture
        self.read = read
    }
}

/// The registered families.
public enum ModelFamilies {
    public static let registered: [ModelFamilyDescription] = [.llama, .gpt2, .phi3, .qwen3, .smolLM3, .gemma2, .gemma3]

    /// Every model_type that loads, for error messages.
    public static var modelTypes: [String] { registered.flatMap(\.modelTypes) }

    public static func description(ofModelType modelType: String) -> ModelFamilyDescription? {
        registered.first { $0.modelTypes.contains(modelType) }
    }

    static func description(of family: ModelFamily) -> ModelFamilyDescription {
        guard let found = registered.first(where: { $0.family == family }) else {
            preconditionFailure("model family '\(family)' is not registered in ModelFamilies.registered")
        }
        return found
    }
}
