import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Serving
import Support
import Synchronization
import Synthesis
import Testing
import Tokenizers
@testable import TeacherHTTP

/// The HTTP teacher against `loom serve`'s service in process, and against a tiny loopback server that fails on
/// purpose (status codes, slowness), to see the retries, the timeouts and the log.
@Suite(.serialized) struct TeacherClientTests {
    func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("loom-teacher-\(UUID().uuidString)-\(name)")
    }

    @Test func aURLTeacherRepliesAsTheInProcessTeacher() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()], apiKey: "sk-secret-42")
        defer { server.stop() }
        let log = temporaryFile("log.jsonl")
        defer { try? FileManager.default.removeItem(at: log) }
        var endpoint = TeacherEndpoint(baseURL: "http://127.0.0.1:\(server.port)", model: "loom-shakespeare",
                                       apiKey: "sk-secret-42")
        endpoint.logFile = log
        let teacher = try OpenAITeacher(endpoint: endpoint)
        #expect(teacher.endpoint.baseURL.hasSuffix("/v1"))
        let loaded = try #require(BundledModel.loaded)
        let local = EngineTeacher(name: "local", model: loaded.model, formatter: loaded.formatter)
        let messages = [ChatMessage(role: "user", content: "Who comes here?")]
        let remote = try await teacher.complete(messages, maxTokens: 20)
        let inProcess = try local.reply(to: messages, maxTokens: 20)
        #expect(remote == inProcess)
        let written = try String(contentsOf: log, encoding: .utf8)
        #expect(written.contains("\"status\":200"))
        #expect(!written.contains("sk-secret-42"), "the key never reaches the log")
        #expect(!teacher.name.contains("sk-secret-42"))
    }

    @Test func aWrongKeyFailsAtOnceAndSaysSo() async throws {
        let server = try await LoopbackServer.start([try BundledModel.served()], apiKey: "right")
        defer { server.stop() }
        var endpoint = TeacherEndpoint(baseURL: server.baseURL, model: "loom-shakespeare", apiKey: "wrong")
        endpoint.initialBackoff = 0.01
        let teacher = try OpenAITeacher(endpoint: endpoint)
        do {
            _ = try await teacher.complete([ChatMessage(role: "user", content: "hi")], maxTokens: 4)
            Issue.record("a wrong key was accepted")
        } catch let error as TeacherError {
            #expect(error.problem.contains("HTTP 401") && error.problem.contains("OPENAI_API_KEY"))
            #expect(!error.problem.contains("gave up"), "a 401 is not retried")
        }
    }

    @Test func failuresWorthRetryingAreRetriedAndLogged() async throws {
        let calls = Locked(0)
        let stub = try await StubServer.start { _ in
            let call = calls.withLock { value -> Int in
                value += 1
                return value
            }
            if call == 1 { return (503, #"{"error": {"message": "warming up"}}"#, ["Retry-After": "0"]) }
            if call == 2 { return (429, #"{"error": {"message": "slow down"}}"#, ["Retry-After": "0"]) }
            return (200, #"{"choices": [{"index": 0, "message": {"role": "assistant", "content": "third time"}}]}"#, [:])
        }
        defer { stub.stop() }
        let log = temporaryFile("retries.jsonl")
        defer { try? FileManager.default.removeItem(at: log) }
        var endpoint = TeacherEndpoint(baseURL: stub.baseURL, model: "m", apiKey: "k-77")
        endpoint.logFile = log
        let teacher = try OpenAITeacher(endpoint: endpoint)
        let reply = try await teacher.complete([ChatMessage(role: "user", content: "hello")], maxTokens: 8)
        #expect(reply == "third time")
        #expect(calls.withLock { $0 } == 3)
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(lines.map { $0["status"] } == [.number("503"), .number("429"), .number("200")])
        #expect(lines.map { $0["attempt"] } == [.number("1"), .number("2"), .number("3")])
        #expect(lines[0]["error"]?.stringValue?.contains("warming up") == true)
    }

    @Test func retriesEndAndSayHowManyThereWere() async throws {
        let stub = try await StubServer.start { _ in (500, #"{"error": {"message": "broken"}}"#, ["Retry-After": "0"]) }
        defer { stub.stop() }
        var endpoint = TeacherEndpoint(baseURL: stub.baseURL, model: "m")
        endpoint.maxRetries = 2
        let teacher = try OpenAITeacher(endpoint: endpoint)
        await #expect(throws: TeacherError.self) { try await teacher.complete([ChatMessage(role: "user", content: "x")], maxTokens: 4) }
        // The blocking form, as the builders call it from their own thread (never from a concurrency thread, which
        // it would hold while its request waits for one).
        let outcome = await withCheckedContinuation { (done: CheckedContinuation<Result<String, Error>, Never>) in
            DispatchQueue.global().async {
                done.resume(returning: Result { try teacher.reply(to: [ChatMessage(role: "user", content: "x")], maxTokens: 4) })
            }
        }
        guard case .failure(let error as TeacherError) = outcome else {
            Issue.record("a failing endpoint gave \(outcome)")
            return
        }
        #expect(error.problem.contains("HTTP 500: broken") && error.problem.contains("after 3 attempts"))
    }

    @Test func aSlowServerTimesOut() async throws {
        let stub = try await StubServer.start { _ in
            try? await Task.sleep(nanoseconds: 3_000_000_000)
            return (200, #"{"choices": [{"message": {"content": "late"}}]}"#, [:])
        }
        defer { stub.stop() }
        var endpoint = TeacherEndpoint(baseURL: stub.baseURL, model: "m")
        endpoint.timeout = 0.2
        endpoint.maxRetries = 0
        let teacher = try OpenAITeacher(endpoint: endpoint)
        do {
            _ = try await teacher.complete([ChatMessage(role: "user", content: "x")], maxTokens: 4)
            Issue.record("a reply past the timeout was accepted")
        } catch let error as TeacherError {
            #expect(error.problem.contains("timed out"), "\(error)")
        }
    }

    @Test func backoffDoublesAndHonoursRetryAfter() {
        let policy = RetryPolicy(maxRetries: 5, initialBackoff: 1, maxBackoff: 10)
        #expect(policy.delay(retry: 1, retryAfter: nil, jitter: 1) == 1)
        #expect(policy.delay(retry: 3, retryAfter: nil, jitter: 1) == 4)
        #expect(policy.delay(retry: 9, retryAfter: nil, jitter: 1) == 10)
        #expect(policy.delay(retry: 2, retryAfter: nil, jitter: 0.5) == 1)
        #expect(policy.delay(retry: 1, retryAfter: "3", jitter: 1) == 3)
        #expect(policy.delay(retry: 1, retryAfter: "3600", jitter: 1) == 10)
        #expect(RetryPolicy.isRetryable(status: 429) && RetryPolicy.isRetryable(status: 502))
        #expect(!RetryPolicy.isRetryable(status: 400) && !RetryPolicy.isRetryable(status: 401))
    }

    @Test func urlsAreNormalisedAndShownWithoutCredentials() {
        #expect(TeacherEndpoint(baseURL: "http://h:8000", model: "m").baseURL == "http://h:8000/v1")
        #expect(TeacherEndpoint(baseURL: "http://h:8000/", model: "m").baseURL == "http://h:8000/v1")
        #expect(TeacherEndpoint(baseURL: "https://api.x.com/openai/v1/", model: "m").baseURL == "https://api.x.com/openai/v1")
        let secret = TeacherEndpoint(baseURL: "https://user:pw@h/v1?key=abc", model: "m")
        #expect(!secret.displayURL.contains("pw") && !secret.displayURL.contains("abc"))
        #expect(!TeacherEndpoint(baseURL: "ftp://h", model: "m").isValidURL)
    }

    @Test func thePacerHoldsRequestsBeyondItsConcurrency() async {
        let pacer = RequestPacer(perMinute: 0, concurrent: 1)
        await pacer.enter()
        let order = Locked<[String]>([])
        let second = Task {
            await pacer.enter()
            order.withLock { $0.append("second entered") }
            pacer.leave()
        }
        try? await Task.sleep(nanoseconds: 50_000_000)
        order.withLock { $0.append("first leaves") }
        pacer.leave()
        await second.value
        #expect(order.withLock { $0 } == ["first leaves", "second entered"])
    }
}

/// A loopback server whose every answer comes from a closure: (status, body, headers).
struct StubServer {
    let port: Int
    let task: Task<Void, Error>
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    static func start(_ answer: @escaping @Sendable (Request) async -> (Int, String, [String: String])) async throws -> StubServer {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let (status, body, extra) = await answer(request)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            for (name, value) in extra { if let field = HTTPField.Name(name) { headers[field] = value } }
            return Response(status: HTTPResponse.Status(code: status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(responder: responder, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LoopbackError.noPort }
        return StubServer(port: port, task: task)
    }

    func stop() { task.cancel() }
}
