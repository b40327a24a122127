import CZlib
import Support

/// Decides a file's format from its name and first bytes, and refuses what is not a dataset (binary, empty,
/// formats not read yet) with a message that says what to do.
enum FormatDetector {
    struct Detection {
        var format: DatasetFormat
        var gzip: Bool
        var bomLength: Int
    }

    static let sampleSize = 64 << 10

    static func detect(file: DatasetFile) throws -> Detection {
        let path = file.path
        let name = PathName(path).lastComponent
        guard file.sizeAtOpen > 0 else {
            throw DatasetError(.empty, path: path, problem: "the file is empty (0 bytes)",
                               remedy: "Add rows to the file, or open another dataset.")
        }
        var sample = try file.bytes(at: 0, count: Int(min(UInt64(sampleSize), file.sizeAtOpen)))
        let guess = DatasetFormat.guess(fileName: name)
        var gzip = false
        if sample.count >= 2 && sample[0] == 0x1F && sample[1] == 0x8B {
            gzip = true
            sample = try inflateSample(sample, path: path)
            if sample.isEmpty {
                throw DatasetError(.empty, path: path, problem: "the gzip file holds no text",
                                   remedy: "Add rows to the file, or open another dataset.")
            }
        } else if guess?.gzip == true {
            throw DatasetError(.compression, path: path, location: "byte 0",
                               problem: "the name ends in .gz but the file is not gzip data",
                               remedy: "Rename the file without .gz, or compress it with gzip.")
        }
        if sample.starts(with: Array("PAR1".utf8)) || guess?.format == .parquet {
            if gzip {
                throw DatasetError(.unsupportedFormat, path: path, problem: "a gzip-compressed Parquet file",
                                   remedy: "Decompress it first (gunzip); Parquet compresses its pages itself.")
            }
            guard sample.starts(with: Array("PAR1".utf8)) else {
                throw DatasetError(.corrupt, path: path, location: "byte 0",
                                   problem: "the name says Parquet but the file does not start with PAR1",
                                   remedy: "Check that the file is a complete Parquet file.")
            }
            return Detection(format: .parquet, gzip: false, bomLength: 0)
        }
        if guess?.format == .yaml {
            throw DatasetError(.unsupportedFormat, path: path, problem: "YAML datasets are not read by this version yet",
                               remedy: "Convert it to JSONL for now.")
        }
        if let problem = binaryProblem(sample) {
            throw DatasetError(.binary, path: path, location: problem.location,
                               problem: "this looks like a binary file, not text (\(problem.reason))",
                               remedy: "Open a JSONL, JSON, CSV or TSV file (UTF-8 text; .gz allowed).")
        }
        let bom = ByteOrderMark.length(atStartOf: sample)
        let text = sample[bom...]
        guard let firstIndex = text.firstIndex(where: { !isWhitespace($0) }) else {
            if !gzip && file.sizeAtOpen <= UInt64(sampleSize) {
                throw DatasetError(.empty, path: path, problem: "the file holds only whitespace",
                                   remedy: "Add rows to the file, or open another dataset.")
            }
            return Detection(format: guess?.format ?? .jsonl, gzip: gzip, bomLength: bom)
        }
        let first = text[firstIndex]
        if let format = guess?.format {
            switch format {
            case .json where first == UInt8(ascii: "{"):
                // Many JSON Lines files are named .json: one complete value on the first line means JSONL.
                return Detection(format: firstLineIsValue(Array(text[firstIndex...])) ? .jsonl : .json, gzip: gzip,
                                 bomLength: bom)
            default:
                return Detection(format: format, gzip: gzip, bomLength: bom)
            }
        }
        // No telling extension: judge by content.
        if first == UInt8(ascii: "[") { return Detection(format: .json, gzip: gzip, bomLength: bom) }
        if first == UInt8(ascii: "{") {
            return Detection(format: firstLineIsValue(Array(text[firstIndex...])) ? .jsonl : .json, gzip: gzip,
                             bomLength: bom)
        }
        let firstLine = text[firstIndex...].prefix { $0 != 0x0A }
        if firstLine.contains(0x09) { return Detection(format: .tsv, gzip: gzip, bomLength: bom) }
        if firstLine.contains(0x2C) { return Detection(format: .csv, gzip: gzip, bomLength: bom) }
        throw DatasetError(.unknownFormat, path: path,
                           problem: "cannot tell the format (not JSON, and no commas or tabs in the first line)",
                           remedy: "Name the file .jsonl, .json, .csv or .tsv.")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func firstLineIsValue(_ bytes: [UInt8]) -> Bool {
        let line = bytes.prefix { $0 != 0x0A }
        guard line.count < bytes.count || bytes.count < sampleSize else {
            // The first line is longer than the sample: a huge JSON Lines record, most likely.
            return true
        }
        return line.withUnsafeBytes { (try? JSONParser.parse($0)) != nil }
    }

    /// Why the sample is not text, or nil. NUL bytes never occur in UTF-8 text; many other control bytes mean
    /// binary too. (UTF-16 text has NULs as well and is refused with a hint.)
    static func binaryProblem(_ sample: [UInt8]) -> (reason: String, location: String)? {
        if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) {
            return ("UTF-16 text; convert it to UTF-8, e.g. with iconv", "byte 0")
        }
        if let nul = sample.firstIndex(of: 0) {
            return ("a NUL byte", "byte \(nul)")
        }
        var control = 0
        for byte in sample where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C
            && byte != 0x1B {
            control += 1
        }
        if control * 10 > sample.count {
            return ("\(control) control bytes in the first \(sample.count)", "byte 0")
        }
        return nil
    }

    /// Decompresses up to `sampleSize` bytes of text from the start of a gzip file.
    private static func inflateSample(_ compressed: [UInt8], path: String) throws -> [UInt8] {
        let inflater = try GzipInflater(path: path)
        var output = [UInt8](repeating: 0, count: sampleSize)
        let produced = try compressed.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { out in
                try inflater.inflate(input: input, output: out, inputOffset: 0).produced
            }
        }
        output.removeSubrange(produced...)
        return output
    }
}

/// The last path component of a path, without Foundation's bridging cost.
private struct PathName {
    let path: String
    init(_ path: String) { self.path = path }
    var lastComponent: String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}
