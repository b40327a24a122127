import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way Loom starts long background work (indexing, search, statistics, a training run, a chat reply, a
/// measurement): a detached POSIX thread. Foundation's `Thread` took milliseconds to start on Linux, which a first
/// screen cannot afford; `pthread_create` takes microseconds. Work that reports progress, is cancelled or returns
/// a result runs as a `BackgroundTask` on top of this.
public enum BackgroundThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread, named `name` for htop and perf, with `stackSize` bytes of stack (0: the system's default; the engine's deep
    /// call chains want 16 MiB); falls back to running it on the caller's thread if none can be created.
    /// `sending`: the caller gives up what `body` captures (an index builder moves to the new thread whole).
    public static func start(name: String? = nil, stackSize: Int = 0, _ body: sending @escaping () -> Void) {
        let box = Unmanaged.passRetained(Box(name.map { name in { Thread.current.name = name; body() } } ?? body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if stackSize > 0 { pthread_attr_setstacksize(&attributes, stackSize) }
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            let box = Unmanaged<Box>.fromOpaque(context).takeRetainedValue()
            box.body()
            return nil
        }, box)
        if status == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
        }
    }
}
