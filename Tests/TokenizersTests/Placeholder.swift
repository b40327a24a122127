import Testing
@Test func placeholderTokenizersTests() {}
