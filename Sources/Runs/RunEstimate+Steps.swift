import Engine
import Foundation

extension RunEstimate {
    /// The optimizer steps the run will take: its data loaded exactly as the training loop loads it (examples,
    /// split, padding or packing, sequences with nothing to learn dropped), then `max_steps` or epochs × steps per
    /// epoch as `TrainingLoop.prepare` computes them. With a measured step time this is the wall-clock estimate.
    public static func plannedSteps(config: RunConfig) throws -> Int {
        let model = try ModelConfig(folder: config.baseModelURL)
        let builder = ExampleBuilder(data: config.data, formatter: try ExampleBuilder.formatter(
            promptFormat: config.data.promptFormat, tokenizerFolder: config.tokenizerFolderURL))
        let data = try TrainingData.load(config: config, builder: builder, vocabSize: model.vocabSize,
                                         maxPositions: model.maxPositions, padId: builder.padId)
        let accumulation = config.training.gradientAccumulation
        let perEpoch = (data.microBatchesPerEpoch + accumulation - 1) / accumulation
        return config.training.maxSteps > 0 ? config.training.maxSteps : config.training.epochs * perEpoch
    }
}
