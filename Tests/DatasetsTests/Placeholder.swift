import Testing
@Test func placeholderDatasetsTests() {}
