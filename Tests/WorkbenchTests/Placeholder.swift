import Testing
@Test func placeholderWorkbenchTests() {}
