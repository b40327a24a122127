import ArgumentParser
import Dispatch
import Engine
import Foundation
import Runs
import Serving
import Tokenizers

/// `loom serve`: the in-process engine behind an OpenAI-compatible HTTP API, so that other tools (the `openai`
/// package, InstructLab's SDG, Loom's own `--teacher URL`) can use a local model and its adapters.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a model (and adapters) over an OpenAI-compatible HTTP API.",
        discussion: """
            Endpoints: GET /v1/models, POST /v1/completions, POST /v1/chat/completions (both with "stream": true \
            for server-sent events). Clients name the model in "model": the base model folder's name, or an \
            adapter folder's name for the base model with that adapter. Listens on 127.0.0.1 unless --host says \
            otherwise; with --api-key (or --api-key-env) every request must carry "Authorization: Bearer KEY". \
            Prints the base URL on standard output once listening (with --port 0, the port chosen). Ctrl-C stops it.
            """
    )

    @Option(help: "A Hugging Face model folder (config.json, model.safetensors, tokenizer.json).")
    var model: String

    @Option(help: "A PEFT LoRA adapter folder, served under its folder name (repeat for several).")
    var adapter: [String] = []

    @Option(help: "The address to listen on (127.0.0.1: this machine only).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8000

    @Option(name: .customLong("api-key"), help: "Require this key as a Bearer token on every request.")
    var apiKey: String?

    @Option(name: .customLong("api-key-env"), help: "Require the key held by this environment variable (kept out of `ps`).")
    var apiKeyEnv: String?

    @Option(name: .customLong("prompt-format"), help: "The chat prompt format (auto: from the model's chat template).")
    var promptFormat = "auto"

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted.")
    var maxBodyBytes = 1 << 20

    @Option(name: .customLong("max-concurrent"), help: "Generation requests in flight at once (429 above).")
    var maxConcurrent = 16

    @Option(name: .customLong("max-connections"), help: "Open connections accepted at once.")
    var maxConnections = 64

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if maxBodyBytes < 1024 || maxConcurrent < 1 || maxConnections < 1 {
            throw ValidationError("--max-body-bytes must be ≥ 1024, --max-concurrent and --max-connections ≥ 1")
        }
        if apiKey != nil && apiKeyEnv != nil { throw ValidationError("give --api-key or --api-key-env, not both") }
    }

    func run() throws {
        var key = apiKey
        if let apiKeyEnv {
            guard let value = ProcessInfo.processInfo.environment[apiKeyEnv], !value.isEmpty else {
                throw ValidationError("--api-key-env \(apiKeyEnv): the variable is not set")
            }
            key = value
        }
        let models = try loadModels()
        var limits = ServerLimits()
        limits.maxBodyBytes = maxBodyBytes
        limits.maxConcurrentRequests = maxConcurrent
        let service = OpenAIService(models: models, limits: limits, apiKey: key)
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        if !loopback && key == nil {
            FileHandle.standardError.write(Data("warning: listening on \(host) without --api-key: anyone who can reach it can use the model\n".utf8))
        }
        let server = OpenAIHTTPServer(service: service, host: host, port: port, maxConnections: maxConnections)
        let names = models.map(\.name).joined(separator: ", ")
        let host = self.host
        let failure = FailureBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run(handleSignals: true) { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    print("loom serve: http://\(shown):\(port)/v1 (models: \(names))")
                    fflush(stdout)
                }
            } catch {
                failure.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw ValidationError("cannot serve on \(host):\(port): \(error)") }
    }

    /// The base model and one copy of it per adapter, each named after its folder.
    func loadModels() throws -> [ServedModel] {
        let folder = URL(fileURLWithPath: model)
        let formatter: PromptFormatter
        do {
            formatter = try ExampleBuilder.formatter(promptFormat: promptFormat, tokenizerFolder: folder)
        } catch {
            throw ValidationError("\(model): \(error) (the server needs tokenizer.json)")
        }
        var served: [ServedModel] = []
        for adapter in [nil] + adapter.map(Optional.some) {
            let loaded = try ModelOptions.parse(["--model", model] + (adapter.map { ["--adapter", $0] } ?? [])).load()
            let name = URL(fileURLWithPath: adapter ?? model).standardizedFileURL.lastPathComponent
            if served.contains(where: { $0.name == name }) {
                throw ValidationError("two models would both be named '\(name)'; adapters are served under their folder names")
            }
            served.append(ServedModel(name: name, backend: EngineBackend(model: loaded, tokenizer: formatter.tokenizer,
                                                                         formatter: formatter)))
        }
        return served
    }
}

/// The error a server task ended with, handed back to the command's thread.
private final class FailureBox: @unchecked Sendable {
    var error: Error?
}
