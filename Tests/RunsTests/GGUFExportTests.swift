import Engine
import Foundation
import Runs
import Testing

/// `loom export-gguf`'s writer: exports read back with an independent parser and compared with goldens that
/// Scripts/export/check_gguf.py wrote with gguf-py's own writer and quantiser from the same checkpoints (byte for
/// byte), plus the format's facts checked on their own: key types, alignment, Q8_0 rounding, q/k row order.
@Suite struct GGUFExportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sampleModel = root.appendingPathComponent("Samples/models/loom-shakespeare")
    static let gqaFixture = root.appendingPathComponent("Tests/EngineTests/Fixtures/llama_gqa_untied")

    static func golden(_ name: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("gguf/\(name).json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Writes the export to a temporary file (the atomic path users get) and parses it back.
    static func roundTrip(_ writer: GGUFWriter) throws -> GGUFTestFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-gguf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.gguf")
        try writer.write(to: url)
        return try GGUFTestFile(Data(contentsOf: url))
    }

    static func sampleExport(_ type: GGUFTensorType) throws -> GGUFTestFile {
        let model = try TransformerModel.load(folder: sampleModel)
        return try roundTrip(try GGUFExporter.model(model, tokenizerFolder: sampleModel, name: "loom-shakespeare",
                                                    type: type, path: sampleModel.path))
    }

    /// Compares a parsed export with a golden summary: every key (name, type, value or array digest), every tensor
    /// (name, dims, type, offset, data digest) and the whole file's digest.
    static func expectMatches(_ file: GGUFTestFile, _ golden: [String: Any]) throws {
        #expect(file.version == 3)
        let keys = try #require(golden["metadata"] as? [[Any]])
        #expect(file.metadata.map(\.key) == keys.map { $0[0] as? String ?? "" })
        for (entry, expected) in zip(file.metadata, keys) {
            let typeName = expected[1] as? String ?? ""
            switch entry.value {
            case .array(let element, let count, let fnv, _, _):
                #expect(typeName == "ARRAY[\(GGUFTestFile.typeNames[Int(element)])]", "\(entry.key)")
                let digest = try #require(expected[2] as? [String: Any])
                #expect(count == digest["count"] as? Int, "\(entry.key)")
                #expect(fnv == digest["fnv"] as? String, "\(entry.key)")
            case .uint(let v):
                #expect(GGUFTestFile.typeNames[Int(entry.type)] == typeName, "\(entry.key)")
                #expect(Int(v) == expected[2] as? Int, "\(entry.key)")
            case .float(let v):
                #expect(GGUFTestFile.typeNames[Int(entry.type)] == typeName, "\(entry.key)")
                #expect(v == (expected[2] as? NSNumber)?.doubleValue, "\(entry.key)")
            case .bool(let v):
                #expect(typeName == "BOOL", "\(entry.key)")
                #expect(v == expected[2] as? Bool, "\(entry.key)")
            case .string(let v):
                #expect(typeName == "STRING", "\(entry.key)")
                #expect(v == expected[2] as? String, "\(entry.key)")
            case .int(let v):
                #expect(GGUFTestFile.typeNames[Int(entry.type)] == typeName, "\(entry.key)")
                #expect(Int(v) == expected[2] as? Int, "\(entry.key)")
            }
        }
        let tensors = try #require(golden["tensors"] as? [[Any]])
        #expect(file.tensors.map(\.name) == tensors.map { $0[0] as? String ?? "" })
        for (tensor, expected) in zip(file.tensors, tensors) {
            #expect(tensor.dims == expected[1] as? [Int], "\(tensor.name)")
            #expect(GGUFTestFile.tensorTypeNames[tensor.type] == expected[2] as? String, "\(tensor.name)")
            #expect(tensor.offset == expected[3] as? Int, "\(tensor.name)")
            #expect(GGUFTestFile.fnv(file.data(tensor)) == expected[4] as? String, "\(tensor.name)")
        }
        #expect(file.bytes.count == golden["file_size"] as? Int)
        #expect(GGUFTestFile.fnv(file.bytes) == golden["file_fnv"] as? String)
    }

    @Test func sampleModelAsQ8_0MatchesTheReferenceWriter() throws {
        try Self.expectMatches(try Self.sampleExport(.q8_0), try Self.golden("loom-shakespeare-q8_0"))
    }

    @Test func sampleModelAsF16MatchesTheReferenceWriter() throws {
        try Self.expectMatches(try Self.sampleExport(.f16), try Self.golden("loom-shakespeare-f16"))
    }

    /// A GQA model's adapter (k has 2 heads, q 4): lora_B rows reordered per head, A unchanged, alpha = scale·r.
    @Test func adapterOfAGQAModelMatchesTheReferenceWriter() throws {
        let model = try TransformerModel.load(folder: Self.gqaFixture.appendingPathComponent("model"))
        try PEFTAdapter.load(folder: Self.gqaFixture.appendingPathComponent("adapter"), into: model)
        let file = try Self.roundTrip(try GGUFExporter.adapter(model, name: "adapter", type: .f32, path: "adapter"))
        try Self.expectMatches(file, try Self.golden("llama_gqa_untied-adapter-f32"))
        #expect(file.value("general.type") == .string("adapter"))
        #expect(file.value("adapter.lora.alpha") == .float(8))
    }

    /// What llama.cpp's loader insists on, checked on the file itself rather than against a golden.
    @Test func headerFollowsTheLoadersRules() throws {
        let file = try Self.sampleExport(.q8_0)
        let u32Keys = ["context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count",
                       "attention.head_count_kv", "rope.dimension_count", "vocab_size"].map { "llama." + $0 }
            + ["general.file_type", "general.quantization_version", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id"]
        for key in u32Keys { #expect(file.metadata.first { $0.key == key }?.type == 4, "\(key) must be UINT32") }
        for key in ["llama.rope.freq_base", "llama.attention.layer_norm_rms_epsilon"] {
            #expect(file.metadata.first { $0.key == key }?.type == 6, "\(key) must be FLOAT32")
        }
        #expect(file.value("general.file_type") == .uint(7))
        #expect(file.value("tokenizer.ggml.pre") == .string("gpt-2"))
        #expect(file.dataStart % 32 == 0)
        var next = 0
        for tensor in file.tensors {
            #expect(tensor.name.utf8.count < 64)
            #expect(tensor.offset == next, "\(tensor.name) is not contiguous")
            next += (file.byteCount(tensor) + 31) / 32 * 32
            if tensor.dims.count == 1 { #expect(tensor.type == 0, "\(tensor.name): 1-D tensors stay F32") }
        }
        #expect(file.dataStart + next == file.bytes.count)
        #expect(!file.tensors.contains { $0.name == "output.weight" }, "tied embeddings: llama.cpp reuses token_embd")
        // The embedding is [2048, 256] in PyTorch: dims innermost first, and each value dequantises to within half a
        // step of the checkpoint's, plus what rounding the scale to fp16 (relative error ≤ 2⁻¹¹) moves 127 steps.
        let embedding = try #require(file.tensors.first { $0.name == "token_embd.weight" })
        #expect(embedding.dims == [256, 2048])
        let model = try TransformerModel.load(folder: Self.sampleModel)
        let values = Q8_0Quantizer.dequantize(Array(file.data(embedding)))
        for i in 0..<256 {
            let block = Array(file.data(embedding).dropFirst((i / 32) * 34).prefix(2))
            let d = Float(Float16(bitPattern: UInt16(block[0]) | UInt16(block[1]) << 8))
            #expect(abs(values[i] - model.embedding.value[i]) <= d * (0.5 + 127 / 2048) * 1.0001)
        }
    }

    /// Values chosen so the expected bytes can be worked out by hand: amax 127 gives d = 1 (fp16 0x3C00), and
    /// halves round away from zero (2.5 → 3, -2.5 → -3, 0.5 → 1); an all-zero block has d = 0 and zeros.
    @Test func q8_0RoundsHalvesAwayFromZero() throws {
        var first = [Float](repeating: 0, count: 32)
        first[0] = 127; first[1] = 2.5; first[2] = -2.5; first[3] = 0.5; first[4] = -0.49; first[5] = -127; first[6] = 126.5
        let values = first + [Float](repeating: 0, count: 32)
        var writer = GGUFWriter()
        try writer.add(GGUFTensor(name: "t", dimensions: [64], type: .q8_0) { values })
        let file = try Self.roundTrip(writer)
        let bytes = Array(file.data(file.tensors[0]))
        #expect(bytes.count == 68)
        #expect(Array(bytes[0..<9]) == [0x00, 0x3C, 127, 3, UInt8(bitPattern: -3), 1, 0, UInt8(bitPattern: -127), 127])
        #expect(bytes[34...].allSatisfy { $0 == 0 })
    }

    /// Two heads of four rows (HF: each head's first half, then its second half) become adjacent pairs per head.
    @Test func rotaryPairsInterleaveEachHeadsHalves() {
        let rows: [Float] = [0, 1, 2, 3, 4, 5, 6, 7]
        #expect(GGUFRowOrder.rotaryPairs(heads: 2).apply(rows, rows: 8) == [0, 2, 1, 3, 4, 6, 5, 7])
        let twoColumns: [Float] = [0, 10, 1, 11, 2, 12, 3, 13]
        #expect(GGUFRowOrder.rotaryPairs(heads: 1).apply(twoColumns, rows: 4) == [0, 10, 2, 12, 1, 11, 3, 13])
        #expect(GGUFRowOrder.transposed.apply([1, 2, 3, 4, 5, 6], rows: 2) == [1, 4, 2, 5, 3, 6])
    }

    @Test func refusesWhatLlamaCppCannotLoad() throws {
        let phi3 = try TransformerModel.load(folder: Self.root.appendingPathComponent("Tests/EngineTests/Fixtures/phi3_fused/model"))
        #expect { try GGUFExporter.model(phi3, tokenizerFolder: Self.sampleModel, name: "x", type: .f16, path: "phi3") } throws: {
            "\($0)".contains("'phi3'") && "\($0)".contains("exportable")
        }
        let plain = try TransformerModel.load(folder: Self.sampleModel)
        #expect { try GGUFExporter.adapter(plain, name: "x", type: .f32, path: "m") } throws: { "\($0)".contains("no LoRA") }
        #expect { try GGUFExporter.adapter(plain, name: "x", type: .q8_0, path: "m") } throws: { "\($0)".contains("f32 or f16") }
        // A model folder without tokenizer.json cannot carry a vocabulary.
        let gqa = try TransformerModel.load(folder: Self.gqaFixture.appendingPathComponent("model"))
        #expect { try GGUFExporter.model(gqa, tokenizerFolder: Self.gqaFixture.appendingPathComponent("model"), name: "x",
                                         type: .f16, path: "m") } throws: { "\($0)".contains("tokenizer.json") }
        var writer = GGUFWriter()
        #expect { try writer.add(GGUFTensor(name: String(repeating: "n", count: 64), dimensions: [1], type: .f32) { [0] }) }
            throws: { "\($0)".contains("63") }
        #expect { try writer.add(GGUFTensor(name: "odd", dimensions: [48, 2], type: .q8_0) { [] }) } throws: { "\($0)".contains("blocks") }
    }
}
