/// The text of one run between added tokens, cut into pieces that the model encodes one by one. Pieces are byte
/// ranges into `bytes`; steps that only split keep the buffer, steps that rewrite text build a new one.
struct PreTokenizedSegment {
    var bytes: [UInt8]
    var pieces: [Range<Int>]
    /// Whether this segment begins at offset 0 of the input (Metaspace's `prepend_scheme: first` needs it).
    var atInputStart: Bool
}
