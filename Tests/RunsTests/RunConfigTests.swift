import Foundation
import Testing
@testable import Runs

@Suite struct RunConfigTests {
    @Test func defaultsAreDocumentedAndEveryKeyRoundTrips() throws {
        var config = RunConfig()
        config.model.base = "/models/base"
        config.data.train = ["a.jsonl", "b.jsonl"]
        config.training.learningRate = 3e-4
        config.lora.targets = ["q_proj", "v_proj"]
        config.evaluation.samplePrompts = ["Say \"hi\"\nplease"]
        config.data.format = .chat
        let text = config.tomlText()
        let back = try RunConfig(toml: text)
        #expect(back == config)
        for field in RunConfig.fields {
            #expect(!field.summary.isEmpty, "\(field.key) is undocumented")
            #expect(text.contains(field.key.split(separator: ".").last! + " = "), "\(field.key) not written")
        }
        #expect(RunConfig().training.schedule == .cosine)
        #expect(RunConfig().data.loss == .assistant)
    }

    @Test func unknownKeysAndWrongTypesAreAllNamedWithTheirLines() {
        let text = """
            name = 3
            [training]
            learning_rate = "fast"
            batch_sise = 4
            schedule = "triangle"
            [lora]
            targets = ["q_proj", 5]
            rslora = "yes"
            """
        do {
            _ = try RunConfig(toml: text, path: "bad.toml")
            Issue.record("accepted a bad config")
        } catch let error as RunConfigError {
            #expect(error.fields == ["name", "training.learning_rate", "training.batch_sise", "training.schedule",
                                     "lora.targets", "lora.rslora"])
            #expect(error.problems.map(\.line) == [1, 3, 4, 5, 7, 8])
            #expect(error.description.contains("bad.toml:4: training.batch_sise: unknown key; did you mean 'training.batch_size'?"))
            #expect(error.description.contains("'triangle' is not one of constant, linear, cosine"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func syntaxErrorsCarryFileAndLine() {
        do {
            _ = try RunConfig(toml: "[data]\ntrain = {a = 1}", path: "run.toml")
            Issue.record("accepted an inline table")
        } catch let error as RunConfigError {
            #expect(error.problems.first?.line == 2)
            #expect(error.description.hasPrefix("run.toml:2: "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func validationNamesEveryBadField() throws {
        var config = RunConfig()
        config.name = "a/b"
        config.data.sequenceLength = 2
        config.data.evalFraction = 1.5
        config.data.promptFormat = "jinja"
        config.lora.rank = 0
        config.lora.dropout = 1
        config.lora.targets = []
        config.training.learningRate = 0
        config.training.batchSize = 0
        config.training.gradientAccumulation = 0
        config.training.maxGradNorm = -1
        config.training.weightDecay = 2
        config.training.epochs = 0
        config.evaluation.sampleMaxTokens = 0
        config.checkpoint.keep = 0
        let fields = Set(config.validate().map(\.field))
        for expected in ["name", "model.base", "data.train", "data.sequence_length", "data.eval_fraction",
                         "data.prompt_format", "lora.rank", "lora.dropout", "lora.targets", "training.learning_rate",
                         "training.batch_size", "training.gradient_accumulation", "training.max_grad_norm",
                         "training.weight_decay", "training.epochs", "eval.sample_max_tokens", "checkpoint.keep"] {
            #expect(fields.contains(expected), "\(expected) not reported")
        }
    }

    @Test func relativePathsResolveAgainstTheConfigFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("runs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("runs/x.toml").path
        try "[model]\nbase = \"../models/m\"\n[data]\ntrain = \"../d.jsonl\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let config = try RunConfig.load(path: path)
        #expect(config.baseModelURL.path == folder.appendingPathComponent("models/m").standardizedFileURL.path)
        #expect(config.resolved().data.train == [folder.appendingPathComponent("d.jsonl").standardizedFileURL.path])
        let problems = config.validate()
        #expect(problems.contains { $0.field == "model.base" && $0.message.contains("is not a folder") })
        #expect(problems.contains { $0.field == "data.train" && $0.message.contains("does not exist") })
    }

    @Test func aFormSetsOneKeyFromTOMLText() throws {
        var config = RunConfig()
        try config.set("training.learning_rate", toml: "5e-4")
        try config.set("lora.targets", toml: "[\"q_proj\"]")
        #expect(config.training.learningRate == 5e-4)
        #expect(config.lora.targets == ["q_proj"])
        #expect(config.value(forKey: "lora.rank") == .integer(8))
        #expect(throws: RunConfigError.self) { try config.set("training.schedule", toml: "\"sideways\"") }
        #expect(throws: RunConfigError.self) { try config.set("nope", toml: "1") }
    }
}
