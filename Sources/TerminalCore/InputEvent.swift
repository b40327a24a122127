/// Everything that can arrive from the terminal.
public enum InputEvent: Sendable, Hashable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal changed size; the next frame is laid out for the new size.
    case resize(width: Int, height: Int)
}
