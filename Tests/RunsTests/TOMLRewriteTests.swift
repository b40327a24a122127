import Testing
@testable import Runs
import Support

@Suite struct TOMLRewriteTests {
    let text = """
    # My run: keep this comment.
    name = "demo"   # the run's name

    [lora]
    rank = 16 # small
    targets = ["q_proj", "v_proj"]

    # Training
    [train]
    steps = 100

    """

    @Test func replacesValuesInPlaceKeepingCommentsAndOrder() throws {
        let result = try TOMLRewrite.apply([(key: "lora.rank", toml: "32"), (key: "name", toml: "\"demo #2\"")], to: text)
        #expect(result.contains("rank = 32 # small"))
        #expect(result.contains("name = \"demo #2\"   # the run's name"))
        #expect(result.contains("# My run: keep this comment."))
        #expect(result.contains("# Training"))
        let document = try TOMLDocument(text: result)
        #expect(document["lora.rank"]?.value == .integer(32))
        #expect(document.orderedKeys == (try TOMLDocument(text: text)).orderedKeys)
    }

    @Test func addsNewKeysToTheirTable() throws {
        let result = try TOMLRewrite.apply([(key: "train.learning_rate", toml: "0.0002"), (key: "seed", toml: "7"),
                                            (key: "data.path", toml: "\"x.jsonl\"")], to: text)
        let document = try TOMLDocument(text: result)
        #expect(document["train.learning_rate"]?.value == .float(0.0002))
        #expect(document["seed"]?.value == .integer(7))
        #expect(document["data.path"]?.value == .string("x.jsonl"))
        let lines = result.split(separator: "\n").map(String.init)
        #expect(lines.firstIndex(of: "seed = 7")! < lines.firstIndex(of: "[lora]")!, "a top-level key goes before the tables")
        #expect(lines.firstIndex(of: "learning_rate = 0.0002")! == lines.firstIndex(of: "steps = 100")! + 1)
    }

    @Test func refusesAValueSpreadOverLines() throws {
        let multi = "[lora]\ntargets = [\n  \"q_proj\",\n]\n"
        #expect(throws: TOMLRewrite.Failure.self) { try TOMLRewrite.apply([(key: "lora.targets", toml: "[\"k\"]")], to: multi) }
    }
}
