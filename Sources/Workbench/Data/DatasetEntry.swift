import Datasets
import Foundation
import Support

/// A dataset listed in the sidebar: its file, and once opened its reader (which indexes itself in the background,
/// filling in the row count) or the reason it could not be opened.
final class DatasetEntry {
    let path: String
    let name: String
    let byteCount: UInt64
    let formatName: String
    private(set) var dataset: Dataset?
    private(set) var openError: String?

    init(path: String) {
        self.path = path
        name = (path as NSString).lastPathComponent
        byteCount = FileName.size(of: path) ?? 0
        if let guess = DatasetFormat.guess(fileName: name) {
            formatName = guess.format.displayName + (guess.gzip ? ".gz" : "")
        } else {
            formatName = "?"
        }
    }

    /// Opens the file (cheap: reading starts in the background). Errors are kept to show in place.
    func open() {
        guard dataset == nil, openError == nil else { return }
        do {
            dataset = try Dataset.open(path: path)
        } catch let error as DatasetError {
            openError = error.description
        } catch {
            openError = "\(error)"
        }
    }

    /// The row count as the sidebar shows it: exact when indexing is done, "≥ n" with a percentage while counting.
    var rowsText: String {
        guard let dataset else { return openError == nil ? "" : "error" }
        let progress = dataset.progress
        if progress.isComplete { return progress.rows == 1 ? "1 row" : "\(progress.rows) rows" }
        if progress.failure != nil { return "\(progress.rows)+ rows (stopped)" }
        return "\(progress.rows)+ rows \(Int(progress.fraction * 100))%"
    }

    /// Lists the dataset files in a folder (not recursive), sorted by name; hidden files are skipped. Names that are
    /// not UTF-8 are listed too (see `FileName`; they show with `\xNN` escapes).
    static func entries(inFolder folder: String) -> [DatasetEntry] {
        let names = FileName.contents(ofFolder: folder) ?? []
        return names.sorted()
            .filter { !$0.hasPrefix(".") && DatasetFormat.looksLikeDataset(fileName: $0) }
            .map { DatasetEntry(path: (folder as NSString).appendingPathComponent($0)) }
    }
}
