import Testing
@testable import Detector

@Suite struct TextNormalizerTests {
    @Test func removesZeroWidthCharacters() {
        #expect(TextNormalizer.normalize("ma\u{200B}chine\u{200D} le\u{FEFF}arn\u{00AD}ing\u{2060}") == "machine learning")
    }

    @Test func foldsHomoglyphsAndTypography() {
        // Cyrillic а, р, у and о; Greek Ο; curly quotes and an em dash.
        #expect(TextNormalizer.normalize("р\u{0430}у\u{0440}\u{0430}l") == "paypal")
        #expect(TextNormalizer.normalize("\u{039F}K \u{201C}yes\u{201D} \u{2014} it\u{2019}s") == "OK \"yes\" - it's")
    }

    @Test func appliesNFKC() {
        #expect(TextNormalizer.normalize("\u{FF21}\u{FF22}\u{FF23} \u{FB01}ne") == "ABC fine")
    }

    @Test func collapsesEveryKindOfWhitespace() {
        #expect(TextNormalizer.normalize("  a\n\nb\tc\r\n d\u{00A0}e\u{2029}f  ") == "a b c d e f")
    }

    /// Tokenized corpora ("word , word .") read as the same text written normally.
    @Test func undoesTokenizedSpacing() {
        #expect(TextNormalizer.normalize("in 1968 , when ( as a student ) i did n't know it 's true .")
                == "in 1968, when (as a student) i didn't know it's true.")
    }

    /// The dev data's human texts lost their newlines while machine texts kept them: the same words with and
    /// without line breaks must measure the same.
    @Test func layoutDoesNotChangeFeatures() {
        let flat = "The first line ends here. The second line follows it, and then a third one comes."
        let broken = "The first line ends here.\n\nThe second line follows it,\nand then a third one comes.\n"
        #expect(ModelFreeDetector.features(of: flat).values == ModelFreeDetector.features(of: broken).values)
        let hidden = "The fi\u{200B}rst line ends here. The sec\u{200C}ond line follows it, and then a third one comes."
        #expect(ModelFreeDetector.features(of: flat).values == ModelFreeDetector.features(of: hidden).values)
    }
}
