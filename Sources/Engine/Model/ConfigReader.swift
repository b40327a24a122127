import Foundation

/// Typed access to a `config.json` object's fields, with errors naming the file and the field. Model configs are
/// small and trusted to be JSON, so they are read with Foundation (the package's own parser serves user data).
public struct ConfigReader {
    public let object: [String: Any]
    public let path: String

    public init(object: [String: Any], path: String) {
        self.object = object
        self.path = path
    }

    public func fail(_ field: String, _ reason: String) -> ModelConfigError {
        ModelConfigError(path: path, field: field, reason: reason)
    }

    public func string(_ key: String) throws -> String {
        guard let value = object[key] as? String else { throw fail(key, "missing or not a string") }
        return value
    }

    public func optionalString(_ key: String) -> String? { object[key] as? String }

    public func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        if let value = try optionalInt(key) { return value }
        if let fallback { return fallback }
        throw fail(key, "missing")
    }

    public func optionalInt(_ key: String) throws -> Int? {
        guard let raw = object[key], !(raw is NSNull) else { return nil }
        guard let number = raw as? NSNumber, number.doubleValue.rounded() == number.doubleValue,
              abs(number.doubleValue) < 1e15 else {
            throw fail(key, "\(raw) is not an integer")
        }
        return number.intValue
    }

    public func double(_ key: String, default fallback: Double) throws -> Double {
        guard let raw = object[key], !(raw is NSNull) else { return fallback }
        guard let number = raw as? NSNumber, number.doubleValue.isFinite else { throw fail(key, "\(raw) is not a number") }
        return number.doubleValue
    }

    public func bool(_ key: String, default fallback: Bool) -> Bool {
        (object[key] as? NSNumber)?.boolValue ?? fallback
    }

    /// Refuses a non-zero value of a training-time dropout the engine does not implement.
    public func requireZero(_ keys: [String]) throws {
        for key in keys where try double(key, default: 0) != 0 {
            throw fail(key, "dropout inside the model is not supported; set it to 0.0")
        }
    }

    /// The sliding window when the family uses one: windowed attention equals full causal attention on sequences
    /// no longer than the window, so the window becomes the model's usable context (longer sequences are refused
    /// where they are made, never computed differently from transformers).
    public func slidingWindow(used: Bool) throws -> Int? {
        guard used, let window = try optionalInt("sliding_window") else { return nil }
        guard window > 0 else { throw fail("sliding_window", "\(window) must be positive") }
        return window
    }
}
