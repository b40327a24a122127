/// Value encodings of data and dictionary pages.
enum ParquetEncoding: Int32, Sendable {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5, deltaLengthByteArray = 6,
         deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9

    static func named(_ raw: Int32) -> String {
        guard let known = ParquetEncoding(rawValue: raw) else { return "encoding \(raw)" }
        return "\(known)"
    }
}
