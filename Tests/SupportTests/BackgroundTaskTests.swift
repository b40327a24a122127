import Testing
import Support

@Suite struct BackgroundTaskTests {
    struct Failure: Error {}

    @Test func resultAndProgressArriveWithoutTheCallerWaiting() throws {
        let task = BackgroundTask<Int, String>(name: "test-task", initial: 0) { context in
            for step in 1...5 { context.report(step) }
            return "done"
        }
        #expect(task.wait(timeout: 10))
        #expect(task.progress == 5)
        #expect(try task.result?.get() == "done")
        #expect(task.isFinished)
    }

    @Test func cancellationReachesTheWork() {
        let task = BackgroundTask<Void, Int>(name: "test-cancel") { context in
            var spins = 0
            while !context.isCancelled {
                spins += 1
                if spins > 50_000_000 { throw Failure() }
            }
            throw CancellationError()
        }
        task.cancel()
        #expect(task.wait(timeout: 10))
        #expect(task.isCancelled)
        #expect(throws: CancellationError.self) { try task.result?.get() }
    }

    @Test func aFailureIsTheResult() {
        let task = BackgroundTask<Void, Int>(name: "test-failure") { _ in throw Failure() }
        #expect(task.wait(timeout: 10))
        #expect(throws: Failure.self) { try task.result?.get() }
    }
}
