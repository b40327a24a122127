import Testing
@Test func placeholderEngineTests() {}
