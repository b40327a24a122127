import Foundation
import Synchronization

/// Readers that live above this layer register here, so that `Dataset.open` (the workbench, `loom open`) reads
/// their files too: a qna.yaml needs a YAML parser, and Datasets stays free of it (every target builds on Datasets).
/// An opener looks at a file and returns its reader, or nil when the file is not its kind.
public enum DatasetOpeners {
    public typealias Opener = @Sendable (URL) throws -> (format: DatasetFormat, reader: any RecordReader)?

    private static let openers = Mutex<[Opener]>([])

    /// Adds an opener; the program registers its openers once, at start.
    public static func register(_ opener: @escaping Opener) {
        openers.withLock { $0.append(opener) }
    }

    /// The first registered opener's reader for `url`, or nil when none takes it.
    static func open(_ url: URL) throws -> (format: DatasetFormat, reader: any RecordReader)? {
        for opener in openers.withLock({ $0 }) {
            if let opened = try opener(url) { return opened }
        }
        return nil
    }
}
