import Foundation

/// Where and how to reach an OpenAI-compatible teacher. The key is held here only in memory: it is read from an
/// environment variable by the command line, sent in the `Authorization` header, and never logged or written.
public struct TeacherEndpoint: Sendable {
    /// The API's base URL, ending in `/v1` (added when the URL has no path).
    public var baseURL: String
    /// The `model` the endpoint is asked for.
    public var model: String
    public var apiKey: String?
    /// Seconds one attempt may take, from sending to the last byte of the reply.
    public var timeout: Double = 120
    /// Attempts after the first for errors worth retrying (connection errors, timeouts, 408, 409, 429, 5xx).
    public var maxRetries = 4
    /// First backoff in seconds; it doubles with each retry (with jitter), up to `maxBackoff`, unless the server
    /// says how long to wait (`Retry-After`).
    public var initialBackoff: Double = 1
    public var maxBackoff: Double = 60
    /// Requests started per minute at most (0: no limit).
    public var requestsPerMinute: Double = 0
    /// Requests in flight at once.
    public var maxConcurrent = 4
    /// Sampling temperature (0: greedy, so the same inputs give the same data where the server is deterministic).
    public var temperature: Double = 0
    /// A JSON-lines log of every request and response (key redacted), for debugging a teacher.
    public var logFile: URL?
    /// Largest reply body read.
    public var maxResponseBytes = 16 << 20

    public init(baseURL: String, model: String, apiKey: String? = nil) {
        self.baseURL = Self.normalised(baseURL)
        self.model = model
        self.apiKey = apiKey
    }

    /// `http://host:8000` → `http://host:8000/v1`; a URL with a path is kept as given (without a trailing slash).
    static func normalised(_ url: String) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        guard let components = URLComponents(string: text), components.path.isEmpty || components.path == "/" else { return text }
        return text + "/v1"
    }

    /// The URL as shown in names and logs: no user, password, query or fragment.
    public var displayURL: String {
        guard var components = URLComponents(string: baseURL) else { return "(unparseable URL)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(unparseable URL)"
    }

    /// Whether the URL is http(s) with a host.
    public var isValidURL: Bool {
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty else { return false }
        return true
    }
}
