import Foundation
import Testing
@testable import Engine

@Suite struct SafetensorsFileTests {
    @Test func roundTripsF32BF16F16() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let values: [Float] = [0, 1, -2.5, 3.140625, 1e-3, -65504, 0.333_333]
        let writer = SafetensorsWriter(tensors: [
            .init(name: "a.f32", shape: [7], values: values, dtype: .f32),
            .init(name: "b.bf16", shape: [1, 7], values: values, dtype: .bf16),
            .init(name: "c.f16", shape: [7, 1], values: values, dtype: .f16),
        ], metadata: ["format": "pt"])
        let url = folder.file("x.safetensors")
        try writer.write(to: url)
        let file = try SafetensorsFile(url: url)
        #expect(file.metadata == ["format": "pt"])
        #expect(file.names == ["a.f32", "b.bf16", "c.f16"])
        #expect(try file.floats("a.f32", shape: [7]) == values)
        let bf16 = try file.floats("b.bf16", shape: [1, 7])
        let f16 = try file.floats("c.f16")
        for i in 0..<values.count {
            #expect(abs(bf16[i] - values[i]) <= abs(values[i]) * 0.004)
            #expect(abs(f16[i] - values[i]) <= abs(values[i]) * 0.0005 + 1e-7)
        }
        #expect(bf16[3] == 3.140625)
        #expect(f16[5] == -65504)
    }

    @Test func headerIsPaddedToEightBytesAndSorted() throws {
        let data = try SafetensorsWriter(tensors: [.init(name: "z", shape: [1], values: [1]),
                                                   .init(name: "a", shape: [2], values: [2, 3])]).encoded()
        let length = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        #expect(length % 8 == 0)
        #expect(data.count == 8 + Int(length) + 12)
    }

    @Test func wrongShapeNamesTensorAndField() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.file("x.safetensors")
        try SafetensorsWriter(tensors: [.init(name: "w", shape: [2, 3], values: Array(repeating: 1, count: 6))]).write(to: url)
        let file = try SafetensorsFile(url: url)
        #expect(throws: SafetensorsError.self) { try file.floats("w", shape: [3, 2]) }
        do { _ = try file.floats("w", shape: [3, 2]) } catch let error as SafetensorsError {
            #expect(error.tensor == "w")
            #expect(error.field == "shape")
            #expect(error.description.contains("x.safetensors"))
        }
    }

    private func expectRejected(_ data: Data, field: String?, tensor: String? = nil) throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.file("bad.safetensors")
        try data.write(to: url)
        do {
            _ = try SafetensorsFile(url: url)
            Issue.record("accepted a bad file")
        } catch let error as SafetensorsError {
            #expect(error.field == field, "\(error)")
            #expect(error.tensor == tensor, "\(error)")
            #expect(error.path == url.path)
        }
    }

    @Test func rejectsHostileHeaders() throws {
        try expectRejected(Data([1, 2, 3]), field: "header length")
        try expectRejected(rawSafetensors(header: "{}", data: [], claimedHeaderLength: UInt64.max), field: "header length")
        try expectRejected(rawSafetensors(header: "{}", data: [], claimedHeaderLength: 50_000_000), field: "header length")
        try expectRejected(rawSafetensors(header: "{not json", data: []), field: "header")
        try expectRejected(rawSafetensors(header: "[1]", data: []), field: "header")
        try expectRejected(rawSafetensors(header: #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0]),
                           field: "data_offsets", tensor: "t")
        try expectRejected(rawSafetensors(header: #"{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)),
                           field: "data_offsets", tensor: "t")
        try expectRejected(rawSafetensors(header: #"{"t":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)),
                           field: "dtype", tensor: "t")
        try expectRejected(rawSafetensors(header: #"{"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)),
                           field: "shape", tensor: "t")
        try expectRejected(rawSafetensors(header: #"{"t":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)),
                           field: "shape", tensor: "t")
        try expectRejected(rawSafetensors(header: #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: Array(repeating: 0, count: 8)),
                           field: "data_offsets", tensor: "t")
        try expectRejected(rawSafetensors(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                                          data: Array(repeating: 0, count: 12)),
                           field: "data_offsets", tensor: "b")
        try expectRejected(rawSafetensors(header: #"{"__metadata__":{"a":1}}"#, data: []), field: "__metadata__.a")
    }

    @Test func readsUnpaddedHeaderFromOtherWriters() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.file("ok.safetensors")
        var bytes = [UInt8]()
        for v: Float in [1.5, -2] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        try rawSafetensors(header: #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: bytes).write(to: url)
        #expect(try SafetensorsFile(url: url).floats("t") == [1.5, -2])
    }

    @Test func nonFloatDTypeIsRefusedWhenRead() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.file("i.safetensors")
        try rawSafetensors(header: #"{"t":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)).write(to: url)
        let file = try SafetensorsFile(url: url)
        #expect(throws: SafetensorsError.self) { try file.floats("t") }
    }
}
