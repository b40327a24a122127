import Foundation
import Testing
@testable import Engine
import Kernels

/// The engine against transformers + peft on the fixtures of Scripts/engine/make_fixtures.py. Errors are
/// max|a − b| / max|b| per tensor, at most 1e-4 in f32.
@Suite struct ReferenceParityTests {
    private func loraModel(_ fixture: ReferenceFixture) throws -> TransformerModel {
        let model = try TransformerModel.load(folder: fixture.modelFolder)
        try PEFTAdapter.load(folder: fixture.adapterFolder, into: model)
        return model
    }

    @Test(arguments: ReferenceFixture.names)
    func logitsAndLossMatch(_ name: String) throws {
        let fixture = try ReferenceFixture(name)
        let model = try loraModel(fixture)
        let batch = try fixture.batch(for: model)
        let pass = TrainingPass(model: model, batch: batch.batch, sequenceLength: batch.sequenceLength)
        expectClose(pass.logits(batch), try fixture.expected.floats("logits"), "\(name) logits")
        let scored = pass.targetLogProbabilities(batch)
        expectClose([scored.loss.mean], try fixture.expected.floats("loss"), "\(name) loss")
    }

    @Test(arguments: ReferenceFixture.names)
    func loraGradientsMatch(_ name: String) throws {
        let fixture = try ReferenceFixture(name)
        let model = try loraModel(fixture)
        let batch = try fixture.batch(for: model)
        let pass = TrainingPass(model: model, batch: batch.batch, sequenceLength: batch.sequenceLength, lossChunkRows: 5)
        let loss = pass.lossAndGradients(batch)
        expectClose([loss.mean], try fixture.expected.floats("loss"), "\(name) loss")
        #expect(model.trainableParameters.count == model.loraParameters.count)
        #expect(!model.loraParameters.isEmpty)
        for parameter in model.loraParameters {
            let reference = try fixture.expected.floats("lora.grad." + PEFTAdapter.namePrefix + parameter.name)
            expectClose(parameter.gradient!.array, reference, "\(name) grad \(parameter.name)")
        }
        for parameter in model.baseParameters { #expect(parameter.gradient == nil) }
    }

    @Test(arguments: ReferenceFixture.names)
    func threeLoRAStepsMatch(_ name: String) throws {
        let fixture = try ReferenceFixture(name)
        let model = try loraModel(fixture)
        let batch = try fixture.batch(for: model)
        let trainer = Trainer(model: model, batch: batch.batch, sequenceLength: batch.sequenceLength,
                              settings: fixture.trainerSettings)
        var losses: [Float] = []
        for _ in 0..<fixture.steps { losses.append(trainer.step([batch]).loss) }
        expectClose(losses, try fixture.expected.floats("lora.loss_steps"), "\(name) losses")
        for parameter in model.loraParameters {
            let reference = try fixture.expected.floats("lora.updated." + PEFTAdapter.namePrefix + parameter.name)
            expectClose(parameter.value.array, reference, "\(name) updated \(parameter.name)")
        }
    }

    @Test(arguments: ReferenceFixture.fullFineTuneNames)
    func fullFineTuningMatches(_ name: String) throws {
        let fixture = try ReferenceFixture(name)
        let model = try TransformerModel.load(folder: fixture.modelFolder)
        model.setBaseTrainable(true)
        let batch = try fixture.batch(for: model)
        let pass = TrainingPass(model: model, batch: batch.batch, sequenceLength: batch.sequenceLength)
        _ = pass.lossAndGradients(batch)
        for parameter in model.baseParameters {
            expectClose(parameter.gradient!.array, try fixture.expected.floats("full.grad." + parameter.name),
                        "\(name) full grad \(parameter.name)")
        }
        let fresh = try TransformerModel.load(folder: fixture.modelFolder)
        fresh.setBaseTrainable(true)
        let trainer = Trainer(model: fresh, batch: batch.batch, sequenceLength: batch.sequenceLength,
                              settings: fixture.trainerSettings)
        var losses: [Float] = []
        for _ in 0..<fixture.steps { losses.append(trainer.step([batch]).loss) }
        expectClose(losses, try fixture.expected.floats("full.loss_steps"), "\(name) full losses")
        for parameter in fresh.baseParameters {
            expectClose(parameter.value.array, try fixture.expected.floats("full.updated." + parameter.name),
                        "\(name) full updated \(parameter.name)")
        }
    }
}
