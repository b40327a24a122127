import Engine
import Foundation

extension RunEstimate {
    /// The shape-only estimate for a config, reading the base model's config.json: what the workbench's form shows
    /// before launch (measured timings come from `measure(config:)`).
    public init(config: RunConfig) throws {
        self.init(model: try ModelConfig(folder: config.baseModelURL), config: config)
    }
}
