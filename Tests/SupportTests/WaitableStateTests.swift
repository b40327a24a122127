import Foundation
import Testing
@testable import Support

@Suite struct WaitableStateTests {
    @Test func aWaiterWakesWhenAnotherThreadUpdates() {
        let state = WaitableState(0)
        let writer = Thread {
            for _ in 0..<100 { state.update { $0 += 1 } }
        }
        writer.start()
        #expect(state.wait(timeout: 30) { $0 == 100 })
        #expect(state.withLock { $0 } == 100)
    }

    @Test func waitingGivesUpAtTheTimeout() {
        let state = WaitableState(false)
        let start = Date()
        #expect(!state.wait(timeout: 0.05) { $0 })
        #expect(Date().timeIntervalSince(start) >= 0.04)
    }
}
