import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Serving
import Support
import Synchronization

/// A server on a free loopback port for one test, and requests to it through AsyncHTTPClient (a real HTTP client,
/// over a real socket).
struct LoopbackServer {
    let service: OpenAIService
    let port: Int
    let task: Task<Void, Error>

    static func start(_ models: [ServedModel], limits: ServerLimits = ServerLimits(), apiKey: String? = nil,
                      maxConnections: Int = 64) async throws -> LoopbackServer {
        let service = OpenAIService(models: models, limits: limits, apiKey: apiKey)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = OpenAIHTTPServer(service: service, host: "127.0.0.1", port: 0, maxConnections: maxConnections)
        let task = Task { try await server.run { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LoopbackError.noPort }
        return LoopbackServer(service: service, port: port, task: task)
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func stop() { task.cancel() }

    /// Sends a request; returns the status, the body and the headers.
    func send(_ method: HTTPMethod, _ path: String, body: String? = nil, key: String? = nil,
              headers extra: [(String, String)] = []) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), String(buffer: bytes), response.headers)
    }

    func post(_ path: String, _ body: String, key: String? = nil) async throws -> (status: Int, json: JSONValue) {
        let (status, text, _) = try await send(.POST, path, body: body, key: key)
        return (status, try JSONParser.parse(text))
    }

    /// The `data:` payloads of a server-sent event stream, in order.
    static func events(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").compactMap { block in
            block.hasPrefix("data: ") ? String(block.dropFirst(6)) : nil
        }
    }
}

enum LoopbackError: Error { case noPort }

/// A value behind a lock that escaping closures and tasks can share (a `Mutex` itself cannot be captured).
final class Locked<Value: Sendable>: Sendable {
    private let state: Mutex<Value>
    init(_ value: Value) { state = Mutex(value) }
    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result { state.withLock { body(&$0) } }
}
