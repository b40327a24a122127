import Foundation

/// Encodes with one tokenizer on one thread, reusing its scratch memory and word cache between calls.
public final class TokenEncoder {
    /// Not retained through this reference: an encoder in the tokenizer's own pool must not keep its tokenizer
    /// alive (tokenizer → pool → encoder → tokenizer would be a cycle, and no tokenizer that had encoded once was
    /// ever freed; found by the fuzzer's leak check). `owner` retains it for encoders handed out by `makeEncoder()`;
    /// a pooled one is used only inside the tokenizer's own calls, while the tokenizer is alive.
    public unowned(unsafe) let tokenizer: Tokenizer
    private let owner: Tokenizer?
    private let state = BPEState()
    private var scratch = PreTokenizerScratch()
    private var outerSplits: [(range: Range<Int>, token: UInt32?)] = []
    private var innerSplits: [(range: Range<Int>, token: UInt32?)] = []

    init(_ tokenizer: Tokenizer, retainsTokenizer: Bool = true) {
        self.tokenizer = tokenizer
        owner = retainsTokenizer ? tokenizer : nil
    }

    /// Encode text; see `Tokenizer.encode`.
    public func encode(_ text: String, addSpecialTokens: Bool = true) -> [UInt32] {
        var ids: [UInt32] = []
        ids.reserveCapacity(text.utf8.count / 3 + 4)
        let bytes = Array(text.utf8)
        let t = tokenizer
        outerSplits.removeAll(keepingCapacity: true)
        bytes.withUnsafeBufferPointer { t.rawMatcher.split($0, 0..<$0.count, into: &outerSplits) }
        let outer = outerSplits
        for split in outer {
            if let id = split.token { ids.append(id); continue }
            if let normalizer = t.normalizer {
                let text = String(decoding: bytes[split.range], as: UTF8.self)
                let normalized = Array(normalizer.apply(text).utf8)
                encodeNormalized(normalized, atInputStart: split.range.lowerBound == 0, into: &ids)
            } else if t.normalizedMatcher.isEmpty {
                encodeSegment(bytes, split.range, atInputStart: split.range.lowerBound == 0, into: &ids)
            } else {
                encodeNormalized(Array(bytes[split.range]), atInputStart: split.range.lowerBound == 0, into: &ids)
            }
        }
        if addSpecialTokens, let post = t.postProcessor { return post.process(ids) }
        return ids
    }

    private func encodeNormalized(_ normalized: [UInt8], atInputStart: Bool, into ids: inout [UInt32]) {
        let bytes = normalized
        innerSplits.removeAll(keepingCapacity: true)
        bytes.withUnsafeBufferPointer { tokenizer.normalizedMatcher.split($0, 0..<$0.count, into: &innerSplits) }
        let inner = innerSplits
        for split in inner {
            if let id = split.token { ids.append(id); continue }
            encodeSegment(bytes, split.range, atInputStart: atInputStart && split.range.lowerBound == 0, into: &ids)
        }
    }

    /// Encode one piece with the model, cut before each "▁" (E2 96 81) when BPE cannot merge across those points.
    @inline(__always)
    private func encodePiece(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into ids: inout [UInt32]) {
        let model = tokenizer.model
        guard model.cutsBeforeMetaspace else {
            model.encode(UnsafeBufferPointer(rebasing: buf[range]), state, into: &ids)
            return
        }
        var start = range.lowerBound
        var i = range.lowerBound + 1
        while i + 2 < range.upperBound {
            if buf[i] == 0xE2 && buf[i + 1] == 0x96 && buf[i + 2] == 0x81 {
                model.encode(UnsafeBufferPointer(rebasing: buf[start..<i]), state, into: &ids)
                start = i
                i += 3
            } else {
                i += 1
            }
        }
        model.encode(UnsafeBufferPointer(rebasing: buf[start..<range.upperBound]), state, into: &ids)
    }

    private func encodeSegment(_ bytes: [UInt8], _ range: Range<Int>, atInputStart: Bool,
                               into ids: inout [UInt32]) {
        guard !range.isEmpty else { return }
        guard let pre = tokenizer.preTokenizer else {
            bytes.withUnsafeBufferPointer { encodePiece($0, range, into: &ids) }
            return
        }
        // Shares the caller's buffer (copy-on-write); steps that rewrite text build a new one.
        var segment = PreTokenizedSegment(bytes: bytes, pieces: [range], atInputStart: atInputStart)
        pre.apply(&segment, &scratch)
        segment.bytes.withUnsafeBufferPointer { buf in
            for piece in segment.pieces where !piece.isEmpty { encodePiece(buf, piece, into: &ids) }
        }
    }
}
