import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Serving
import Support
import Synchronization
import Testing

/// Mistakes, keys and limits over loopback, with a scripted backend so that nothing depends on the engine's speed.
@Suite(.serialized) struct ServerLimitsTests {
    func scripted() -> (ScriptedBackend, ServedModel) {
        let backend = ScriptedBackend()
        return (backend, ServedModel(name: "scripted", backend: backend))
    }

    @Test func mistakesGetJSONErrorsWithTheirStatus() async throws {
        let (_, model) = scripted()
        var limits = ServerLimits()
        limits.maxBodyBytes = 4096
        limits.maxChoices = 4
        let server = try await LoopbackServer.start([model], limits: limits)
        defer { server.stop() }
        let cases: [(String, String, Int, String?)] = [
            ("/v1/completions", #"{"model": "scripted", "prompt": "a b", "logit_bias": {"5": 10}}"#, 400, "logit_bias"),
            ("/v1/completions", #"{"model": "scripted", "prompt": "a b", "frobnicate": 1}"#, 400, "frobnicate"),
            ("/v1/completions", #"{"model": "scripted", "prompt": "a b", "presence_penalty": 0.5}"#, 400, "presence_penalty"),
            ("/v1/completions", #"{"model": "scripted", "prompt": "a b", "temperature": 3}"#, 400, "temperature"),
            ("/v1/completions", #"{"model": "scripted", "prompt": "a b", "n": 5}"#, 400, "n"),
            ("/v1/completions", #"{"model": "scripted", "prompt": "a b", "max_tokens": "many"}"#, 400, "max_tokens"),
            ("/v1/completions", #"{"model": "scripted"}"#, 400, "prompt"),
            ("/v1/completions", #"{"model": "nope", "prompt": "a"}"#, 404, "model"),
            ("/v1/completions", #"{"model": "scripted", "prompt": "a",}"#, 400, nil),
            ("/v1/chat/completions", #"{"model": "scripted", "messages": [{"role": "tool", "content": "x"}]}"#, 400, "messages[0].role"),
            ("/v1/chat/completions", #"{"model": "scripted", "messages": [{"role": "user", "content": "x"}], "tools": []}"#, 400, "tools"),
            ("/v1/chat/completions", #"{"model": "scripted", "messages": []}"#, 400, "messages"),
        ]
        for (path, body, status, param) in cases {
            let (got, json) = try await server.post(path, body)
            #expect(got == status, "\(body) → \(got) \(json)")
            #expect(json.value(atPath: ["error", "message"])?.stringValue?.isEmpty == false)
            if let param {
                #expect(json.value(atPath: ["error", "param"])?.stringValue == param, "\(body) → \(json)")
                #expect(json.value(atPath: ["error", "message"])?.stringValue?.contains(param) == true)
            }
        }
        let big = #"{"model": "scripted", "prompt": ""# + String(repeating: "x ", count: 4000) + #""}"#
        let (tooLarge, _, _) = try await server.send(.POST, "/v1/completions", body: big)
        #expect(tooLarge == 413)
        let (missing, text, _) = try await server.send(.GET, "/v1/engines")
        #expect(missing == 404 && text.contains("\"error\""))
        let (wrongMethod, _, _) = try await server.send(.GET, "/v1/completions")
        #expect(wrongMethod == 405)
        let (models, list, _) = try await server.send(.GET, "/v1/models")
        let listed = try JSONParser.parse(list)
        #expect(models == 200 && listed.value(atPath: ["object"])?.stringValue == "list")
    }

    @Test func aPromptLongerThanTheContextIsRefused() async throws {
        let backend = ScriptedBackend(contextLength: 8)
        let server = try await LoopbackServer.start([ServedModel(name: "small", backend: backend)])
        defer { server.stop() }
        let (status, json) = try await server.post("/v1/completions", #"{"model": "small", "prompt": "a b c d e f g h i"}"#)
        #expect(status == 400)
        #expect(json.value(atPath: ["error", "code"])?.stringValue == "context_length_exceeded")
        let (clamped, reply) = try await server.post("/v1/completions", #"{"model": "small", "prompt": "a b c", "max_tokens": 100}"#)
        #expect(clamped == 200)
        #expect(reply.value(atPath: ["usage", "completion_tokens"]) == .number("5"), "max_tokens is cut to the room left")
    }

    @Test func eachServedNameReachesItsOwnModel() async throws {
        // `loom serve --adapter` serves the base model and each adapter under its own name.
        let server = try await LoopbackServer.start([ServedModel(name: "base", backend: ScriptedBackend(contextLength: 6)),
                                                     ServedModel(name: "tuned", backend: ScriptedBackend(contextLength: 9))])
        defer { server.stop() }
        let (_, list, _) = try await server.send(.GET, "/v1/models")
        let names = try JSONParser.parse(list)["data"].flatMap { value -> [String]? in
            guard case .array(let items) = value else { return nil }
            return items.compactMap { $0["id"]?.stringValue }
        }
        #expect(names == ["base", "tuned"])
        for (name, room) in [("base", "4"), ("tuned", "7")] {
            let (status, json) = try await server.post("/v1/completions", #"{"model": "\#(name)", "prompt": "a b", "max_tokens": 50}"#)
            #expect(status == 200 && json.value(atPath: ["usage", "completion_tokens"]) == .number(room), "\(name): \(json)")
            #expect(json["model"]?.stringValue == name)
        }
        let (one, _, _) = try await server.send(.GET, "/v1/models/tuned")
        let (none, _, _) = try await server.send(.GET, "/v1/models/other")
        #expect(one == 200 && none == 404)
    }

    @Test func theKeyIsCheckedOnEveryRequest() async throws {
        let (_, model) = scripted()
        let server = try await LoopbackServer.start([model], apiKey: "sk-test-123")
        defer { server.stop() }
        let body = #"{"model": "scripted", "prompt": "a", "max_tokens": 2}"#
        let requests: [(HTTPMethod, String, String?)] = [(.GET, "/v1/models", nil), (.POST, "/v1/completions", body),
                                                         (.GET, "/v1/nowhere", nil), (.POST, "/v1/chat/completions", "{}")]
        for (method, path, content) in requests {
            for key in [nil, "sk-test-12", "sk-test-1234", "wrong"] as [String?] {
                let (status, text, headers) = try await server.send(method, path, body: content, key: key)
                #expect(status == 401, "\(path) with \(key ?? "no key")")
                #expect(text.contains("invalid_api_key") && !text.contains("sk-test-123"))
                #expect(headers.first(name: "www-authenticate") == "Bearer")
            }
        }
        let (ok, _, _) = try await server.send(.GET, "/v1/models", key: "sk-test-123")
        #expect(ok == 200)
        let (generated, json) = try await server.post("/v1/completions", body, key: "sk-test-123")
        #expect(generated == 200 && json.value(atPath: ["usage", "completion_tokens"]) == .number("2"))
    }

    @Test func requestsOverTheConcurrencyLimitAreTurnedAway() async throws {
        let (backend, model) = scripted()
        var limits = ServerLimits()
        limits.maxConcurrentRequests = 2
        let server = try await LoopbackServer.start([model], limits: limits)
        defer { server.stop() }
        backend.close()
        let body = #"{"model": "scripted", "prompt": "a", "max_tokens": 3}"#
        let held = (0..<2).map { _ in Task { try await server.post("/v1/completions", body) } }
        // Wait until both are in flight (they cannot finish: the gate is shut).
        let admitted = Date().addingTimeInterval(60)
        while server.service.requestsInFlight < 2 && Date() < admitted { try await Task.sleep(nanoseconds: 5_000_000) }
        try #require(server.service.requestsInFlight == 2)
        let (status, json) = try await server.post("/v1/completions", body)
        #expect(status == 429)
        #expect(json.value(atPath: ["error", "type"])?.stringValue == "rate_limit_error")
        let (models, _, _) = try await server.send(.GET, "/v1/models")
        #expect(models == 200, "listing models is not held up")
        backend.open()
        for task in held {
            let (done, reply) = try await task.value
            #expect(done == 200 && reply.value(atPath: ["usage", "completion_tokens"]) == .number("3"))
        }
        #expect(server.service.requestsInFlight == 0)
    }

    @Test func aClientLeavingMidStreamStopsItsGeneration() async throws {
        let (backend, model) = scripted()
        let server = try await LoopbackServer.start([model])
        defer { server.stop() }
        let body = #"{"model": "scripted", "prompt": "a", "max_tokens": 900000, "stream": true}"#
        let received = Locked(0)
        let reader = Task {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v1/completions")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(600))
            for try await buffer in response.body { received.withLock { $0 += buffer.readableBytes } }
        }
        let streaming = Date().addingTimeInterval(60)
        while received.withLock({ $0 }) < 2000 && Date() < streaming { try await Task.sleep(nanoseconds: 5_000_000) }
        try #require(received.withLock { $0 } >= 2000, "the stream sent nothing")
        reader.cancel()  // AsyncHTTPClient closes the connection of a cancelled request
        _ = try? await reader.value
        // The job must end once the server sees the connection gone; if it did not, it would run for 900,000 tokens
        // and this loop would hit its deadline.
        let deadline = Date().addingTimeInterval(60)
        while (server.service.requestsInFlight > 0 || server.service.worker.activeJobs > 0) && Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        #expect(server.service.requestsInFlight == 0)
        #expect(server.service.worker.activeJobs == 0)
        #expect(backend.tokensMade.withLock { $0 } < 900_000)
        let (status, _) = try await server.post("/v1/completions", #"{"model": "scripted", "prompt": "a", "max_tokens": 2}"#)
        #expect(status == 200, "the server still answers")
    }
}
