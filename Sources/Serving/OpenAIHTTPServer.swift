import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// `OpenAIService` behind Hummingbird's HTTP/1.1 server: every request has its key checked first (404s included),
/// bodies are read up to the size limit (413 above), connections are capped, and streamed replies go out as
/// server-sent events whose writes fail, and so stop the generation, once the client has gone.
public struct OpenAIHTTPServer: Sendable {
    public let service: OpenAIService
    public var host: String
    public var port: Int
    /// Open connections accepted at once.
    public var maxConnections: Int

    public init(service: OpenAIService, host: String = "127.0.0.1", port: Int = 8000, maxConnections: Int = 64) {
        self.service = service
        self.host = host
        self.port = port
        self.maxConnections = maxConnections
    }

    /// Serves until the task is cancelled (or, with `handleSignals`, until SIGINT or SIGTERM). `onListening` gets
    /// the port once bound (useful with port 0).
    public func run(handleSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "loom-serve")
        logger.logLevel = .critical
        let responder = APIResponder(service: service)
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "loom",
                availableConnectionsDelegate: MaximumAvailableConnections(maxConnections)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        defer { service.worker.stop() }
        if handleSignals {
            try await app.runService()
        } else {
            try await app.run()
        }
    }

    struct APIResponder: HTTPResponder {
        typealias Context = BasicRequestContext
        let service: OpenAIService

        func respond(to request: Request, context: Context) async throws -> Response {
            if let refused = service.authorize(request.headers[.authorization]) {
                return Self.json(refused.status, refused.body, extra: [.wwwAuthenticate: "Bearer"])
            }
            let route: OpenAIService.Route
            switch service.route(method: request.method.rawValue, path: request.uri.path) {
            case .failure(let error): return Self.json(error.status, error.body)
            case .success(let found): route = found
            }
            var body: [UInt8] = []
            if route.takesBody {
                let limit = service.limits.maxBodyBytes
                if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                    return Self.tooLarge(limit)
                }
                for try await buffer in request.body {
                    guard body.count + buffer.readableBytes <= limit else { return Self.tooLarge(limit) }
                    body.append(contentsOf: buffer.readableBytesView)
                }
            }
            switch service.respond(to: route, body: body) {
            case .json(let status, let text):
                return Self.json(status, text)
            case .whole(let run):
                let (status, text) = await withTaskCancellationHandler {
                    await run.collect()
                } onCancel: {
                    run.end()
                }
                return Self.json(status, text)
            case .events(let run):
                var headers = HTTPFields()
                headers[.contentType] = "text/event-stream; charset=utf-8"
                headers[.cacheControl] = "no-cache"
                return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                    await run.stream { text in try await writer.write(ByteBuffer(string: text)) }
                    try await writer.finish(nil)
                })
            }
        }

        static func tooLarge(_ limit: Int) -> Response {
            let error = OpenAIError(status: 413, message: "the request body is over \(limit) bytes", code: "request_too_large")
            return json(413, error.body)
        }

        static func json(_ status: Int, _ text: String, extra: HTTPFields = [:]) -> Response {
            var headers = extra
            headers[.contentType] = "application/json"
            return Response(status: HTTPResponse.Status(code: status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
