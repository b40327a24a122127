import Foundation
import Synchronization

/// A fixed set of persistent worker threads that run `parallelFor` jobs for the kernels.
///
/// Why not Dispatch: `DispatchQueue.concurrentPerform` costs tens of microseconds per call and offers no control
/// over which thread gets which part, while the engine issues thousands of small kernel calls per step, and SGEMM
/// wants a fixed, cache-aware split. Here a job is published by bumping an atomic generation counter; workers spin
/// for a short while on that counter (so back-to-back kernels start in well under a microsecond) and then sleep on
/// a condition variable, so an idle pool burns no CPU.
///
/// Work is split statically: `parallelFor(count)` gives each participating thread one contiguous range, and the
/// caller's thread takes the first one. The split depends only on `count`, `grain` and `parallelism`, so results are
/// bit-for-bit reproducible for a fixed thread count. A `parallelFor` issued from inside a running job (or while
/// another thread owns the pool) runs inline on the calling thread instead of deadlocking.
public final class ThreadPool: @unchecked Sendable {
    /// The pool used by every kernel: one thread per available core (`ProcessInfo.activeProcessorCount`, which
    /// honours CPU affinity and container quotas), or `LOOM_THREADS` when that variable is set to a positive number.
    public static let shared: ThreadPool = {
        if let text = ProcessInfo.processInfo.environment["LOOM_THREADS"], let n = Int(text), n > 0 {
            return ThreadPool(threads: n)
        }
        return ThreadPool(threads: ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Threads in the pool, the caller included.
    public let threadCount: Int

    /// `generation << 16 | parts` of the latest job.
    private let generation = Atomic<Int>(0)
    private let remaining = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let limit = Atomic<Int>(0)
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    // The current job, written by the dispatching thread before `generation` is bumped (release) and read by
    // workers after they observe the new generation (acquire).
    private var job: ((Int) -> Void)?

    /// Creates a pool of `threads` threads in total: `threads - 1` workers plus the calling thread.
    public init(threads: Int) {
        threadCount = max(1, threads)
        limit.store(threadCount, ordering: .relaxed)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        for index in 1..<threadCount {
            // Workers hold the pool strongly: a pool lives as long as the process (they sleep when idle).
            let thread = Thread { self.workerLoop(index: index) }
            thread.stackSize = 1 << 20
            thread.name = "loom-kernel-\(index)"
            thread.start()
        }
    }

    /// How many threads a `parallelFor` may use, between 1 and `threadCount` (default: all). Benchmarks set it to 1
    /// to measure a single core; training leaves it alone.
    public var parallelism: Int {
        get { limit.load(ordering: .relaxed) }
        set { limit.store(min(max(1, newValue), threadCount), ordering: .relaxed) }
    }

    /// Calls `body` on contiguous sub-ranges that together cover `0..<count`, in parallel; returns when all are done.
    /// `grain` is the smallest range worth a thread of its own, so small jobs stay on the calling thread.
    public func parallelFor(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let parts = min(parallelism, max(1, count / max(grain, 1)))
        if parts <= 1 { body(0..<count); return }
        parallelParts(parts) { part in
            let lo = count * part / parts, hi = count * (part + 1) / parts
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Calls `body(part)` once for each `part` in `0..<parts`, each on its own thread (`parts` is capped at
    /// `parallelism`; the caller must then cover the work with fewer parts — use `parallelFor` unless you need
    /// to know the exact split, as SGEMM does).
    public func parallelParts(_ parts: Int, _ body: (Int) -> Void) {
        let n = min(parts, parallelism)
        if n <= 1 || !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            for part in 0..<parts { body(part) }
            return
        }
        if n < parts {
            // Fewer threads than parts: each thread walks a strided subset.
            busy.store(false, ordering: .releasing)
            parallelParts(n) { t in
                var part = t
                while part < parts { body(part); part += n }
            }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            remaining.store(n - 1, ordering: .relaxed)
            pthread_mutex_lock(&mutex)
            // The published word carries the part count beside the generation, so a worker reads both at once.
            let next = ((generation.load(ordering: .relaxed) >> 16) + 1) << 16 | n
            generation.store(next, ordering: .releasing)
            pthread_cond_broadcast(&condition)
            pthread_mutex_unlock(&mutex)
            escapable(0)
            var spins = 0
            while remaining.load(ordering: .acquiring) != 0 {
                spins += 1
                if spins > 1 << 14 { sched_yield() }
            }
            job = nil
        }
        busy.store(false, ordering: .releasing)
    }

    @inline(never)
    private func runJob(part: Int) {
        job?(part)
    }

    private func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen && spins < 20_000 {
                spins += 1
                current = generation.load(ordering: .acquiring)
            }
            if current == seen {
                pthread_mutex_lock(&mutex)
                current = generation.load(ordering: .acquiring)
                while current == seen {
                    pthread_cond_wait(&condition, &mutex)
                    current = generation.load(ordering: .acquiring)
                }
                pthread_mutex_unlock(&mutex)
            }
            seen = current
            if index < current & 0xFFFF {
                runJob(part: index)
                // Only now, with no reference to the job left on this thread, may the dispatcher return.
                remaining.wrappingSubtract(1, ordering: .releasing)
            }
        }
    }
}
