import ArgumentParser
import Foundation
import Runs
import Synthesis
import TeacherHTTP
import Tokenizers

/// The teacher flags every generating command shares: `--teacher MODEL_DIR [--adapter DIR]` runs a model in this
/// process; `--teacher URL --teacher-model NAME` asks any OpenAI-compatible endpoint, with the key read from
/// `OPENAI_API_KEY` (or the variable `--api-key-env` names) and never printed, logged or written.
struct TeacherOptions: ParsableArguments {
    @Option(help: "The teacher: a model folder run in this process, or an OpenAI-compatible base URL (http://host:port/v1).")
    var teacher: String

    @Option(help: "A PEFT LoRA adapter folder for an in-process teacher.")
    var adapter: String?

    @Option(name: .customLong("prompt-format"), help: "An in-process teacher's prompt format (auto: from its chat template).")
    var promptFormat = "auto"

    @Option(name: .customLong("teacher-model"), help: "The model name to ask a URL teacher for.")
    var teacherModel: String?

    @Option(name: .customLong("api-key-env"), help: "The environment variable holding a URL teacher's API key.")
    var apiKeyEnv = "OPENAI_API_KEY"

    @Option(name: .customLong("teacher-timeout"), help: "Seconds one request to a URL teacher may take.")
    var teacherTimeout = 120.0

    @Option(name: .customLong("teacher-retries"), help: "Retries (with backoff) of a failed request to a URL teacher.")
    var teacherRetries = 4

    @Option(name: .customLong("teacher-rate"), help: "Requests per minute to a URL teacher at most (0: no limit).")
    var teacherRate = 0.0

    @Option(name: .customLong("teacher-concurrency"), help: "Requests in flight to a URL teacher at once.")
    var teacherConcurrency = 4

    @Option(name: .customLong("teacher-temperature"), help: "A URL teacher's sampling temperature (0: greedy).")
    var teacherTemperature = 0.0

    @Option(name: .customLong("teacher-log"), help: "Append every request to a URL teacher and its reply to this JSON-lines file (the key is redacted).")
    var teacherLog: String?

    var isURL: Bool { teacher.hasPrefix("http://") || teacher.hasPrefix("https://") }

    func validate() throws {
        if isURL {
            guard let teacherModel, !teacherModel.isEmpty else {
                throw ValidationError("--teacher URL needs --teacher-model NAME (the model the endpoint serves)")
            }
            if adapter != nil { throw ValidationError("--adapter applies to a model folder teacher; a URL teacher chooses its own") }
            if teacherTimeout <= 0 || teacherRetries < 0 || teacherRate < 0 || teacherConcurrency < 1 || !(0...2).contains(teacherTemperature) {
                throw ValidationError("--teacher-timeout must be > 0, --teacher-retries and --teacher-rate ≥ 0, --teacher-concurrency ≥ 1, --teacher-temperature in [0, 2]")
            }
        } else if teacherModel != nil {
            throw ValidationError("--teacher-model names the model of a URL teacher; --teacher \(teacher) is a folder")
        }
    }

    /// The teacher the flags describe, loaded (a model folder) or checked (a URL).
    func makeTeacher() throws -> any Teacher {
        if isURL {
            var endpoint = TeacherEndpoint(baseURL: teacher, model: teacherModel ?? "")
            if let key = ProcessInfo.processInfo.environment[apiKeyEnv], !key.isEmpty { endpoint.apiKey = key }
            endpoint.timeout = teacherTimeout
            endpoint.maxRetries = teacherRetries
            endpoint.requestsPerMinute = teacherRate
            endpoint.maxConcurrent = teacherConcurrency
            endpoint.temperature = teacherTemperature
            endpoint.logFile = teacherLog.map { URL(fileURLWithPath: $0) }
            do {
                return try OpenAITeacher(endpoint: endpoint)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        let model = try ModelOptions.parse(["--model", teacher] + (adapter.map { ["--adapter", $0] } ?? [])).load()
        let formatter: PromptFormatter
        do {
            formatter = try ExampleBuilder.formatter(promptFormat: promptFormat, tokenizerFolder: URL(fileURLWithPath: teacher))
        } catch {
            throw ValidationError("\(teacher): \(error)")
        }
        let name = URL(fileURLWithPath: teacher).lastPathComponent + (adapter == nil ? "" : "+adapter")
        return EngineTeacher(name: name, model: model, formatter: formatter)
    }
}
