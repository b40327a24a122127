/// Buffers reused across pieces so that pre-tokenization does not allocate per word.
struct PreTokenizerScratch {
    var scalars = DecodedScalars()
    var ends: [Int] = []
}
