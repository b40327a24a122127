import Testing
@testable import Support

@Suite struct TOMLDocumentTests {
    @Test func readsTablesDottedKeysAndEveryValueKind() throws {
        let document = try TOMLDocument(text: """
            # comment
            name = "a \\"quoted\\" name"  # trailing comment
            literal = 'C:\\path'
            [training]
            learning_rate = 2e-4
            steps = 1_000
            negative = -3
            flag = true
            [data.columns]
            text = "body"
            list = [
              "a",  # inside an array
              'b',
            ]
            nested.key = 1.5
            """)
        #expect(document["name"]?.value == .string("a \"quoted\" name"))
        #expect(document["literal"]?.value == .string("C:\\path"))
        #expect(document["training.learning_rate"]?.value == .float(2e-4))
        #expect(document["training.steps"]?.value == .integer(1000))
        #expect(document["training.negative"]?.value == .integer(-3))
        #expect(document["training.flag"]?.value == .bool(true))
        #expect(document["data.columns.text"]?.value == .string("body"))
        #expect(document["data.columns.list"]?.value == .array([.string("a"), .string("b")]))
        #expect(document["data.columns.nested.key"]?.value == .float(1.5))
        #expect(document["data.columns.text"]?.line == 10)
    }

    @Test(arguments: [
        ("x = {a = 1}", 1, "inline tables"),
        ("[[runs]]", 1, "arrays of tables"),
        ("a = 1\nb = \"\"\"long\"\"\"", 2, "multi-line strings"),
        ("a = 0x1F", 1, "hexadecimal"),
        ("a = 1979-05-27", 1, "dates"),
        ("a = unquoted", 1, "strings need quotes"),
        ("a = \"open", 1, "unterminated"),
        ("a = 1\na = 2", 2, "defined twice"),
        ("a = 1 2", 1, "after the value"),
        ("[t]\n[t]", 2, "defined twice"),
        ("a = \"\\q\"", 1, "unknown escape"),
        ("a = [1, 2", 1, "expected ',' or ']'"),
        ("= 3", 1, "expected a key"),
    ])
    func refusesWhatItDoesNotSupportWithTheLine(text: String, line: Int, message: String) {
        do {
            _ = try TOMLDocument(text: text)
            Issue.record("accepted \(text)")
        } catch let error as TOMLSyntaxError {
            #expect(error.line == line, "\(text): \(error)")
            #expect(error.message.contains(message), "\(text): \(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func valuesWriteBackAsTheSameTOML() throws {
        let values: [TOMLValue] = [.string("tab\there \"q\" \\ é"), .integer(-7), .float(2e-4), .float(3), .bool(false),
                                   .array([.string("x"), .integer(1)])]
        for value in values {
            let document = try TOMLDocument(text: "v = \(value)")
            #expect(document["v"]?.value == value, "\(value)")
        }
    }
}
