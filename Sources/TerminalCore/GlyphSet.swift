/// Which glyphs borders and charts may use.
public enum GlyphSet: Sendable {
    /// Box drawing, block elements and braille.
    case unicode
    /// Plain ASCII, for `--ascii` and non-UTF-8 locales.
    case ascii
}
