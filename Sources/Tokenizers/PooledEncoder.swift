import Synchronization

/// A `TokenEncoder` kept in a `Tokenizer`'s pool, so that `Tokenizer.encode` can be called from any thread without
/// building scratch memory and a word cache each time. An encoder is not thread-safe; its own mutex lets the
/// compiler prove that only one thread uses it at a time. The mutex is never contended (an encoder is lent to one
/// caller at a time), so it costs one uncontended lock per `encode` call, nothing per token.
final class PooledEncoder: Sendable {
    let encoder: Mutex<TokenEncoder>

    init(_ encoder: sending TokenEncoder) {
        self.encoder = Mutex(encoder)
    }
}
