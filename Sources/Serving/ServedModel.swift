/// A model the server answers for, under the name clients put in `model` (a base model folder's name, or an
/// adapter's: each adapter is the base model with that adapter applied).
public struct ServedModel: Sendable {
    public var name: String
    public var backend: any CompletionBackend

    public init(name: String, backend: any CompletionBackend) {
        self.name = name
        self.backend = backend
    }
}
