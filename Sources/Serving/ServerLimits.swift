/// What one server lets a request ask for, and how many it serves at once. The defaults suit a workstation: a
/// request body of 1 MiB holds a long chat; 16 requests in flight keep the queue short on a CPU engine.
public struct ServerLimits: Sendable {
    /// Largest request body in bytes (413 above).
    public var maxBodyBytes = 1 << 20
    /// Generation requests in flight at once, queued or running (429 above).
    public var maxConcurrentRequests = 16
    /// Most choices (`n`) per prompt.
    public var maxChoices = 16
    /// Most prompts in one completions request.
    public var maxPrompts = 64
    /// Most choices (prompts × n) in one request.
    public var maxChoicesPerRequest = 128

    public init() {}
}
