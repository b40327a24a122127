import Foundation

/// The themes a user can switch between: every `*.theme` file in the themes folder, in name order, with the
/// built-in fallback when the folder is missing. `--theme` takes a name from here or a path to any theme file.
public struct ThemeCatalog: Sendable {
    public private(set) var themes: [Theme]
    /// Files that failed to parse, with the reason (shown once in the status bar).
    public private(set) var problems: [String]

    public init(themes: [Theme], problems: [String] = []) {
        self.themes = themes.isEmpty ? [.builtIn] : themes
        self.problems = problems
    }

    /// Loads every theme file in `folder` (nil: the built-in theme only).
    public static func load(folder: String?) -> ThemeCatalog {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return ThemeCatalog(themes: [])
        }
        var themes: [Theme] = []
        var problems: [String] = []
        for name in names.sorted() where name.hasSuffix(".theme") {
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                themes.append(try loadFile(path))
            } catch {
                problems.append("\(error)")
            }
        }
        return ThemeCatalog(themes: themes, problems: problems)
    }

    public static func loadFile(_ path: String) throws -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(source: path, line: 0, problem: "cannot read the theme file")
        }
        var theme = try Theme.parse(text, source: path)
        theme.fileStem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return theme
    }

    /// The index of the theme named `name` (file stem like `high-contrast`, or the `name =` in the file).
    public func index(named name: String) -> Int? {
        let lower = name.lowercased()
        return themes.firstIndex { $0.fileStem?.lowercased() == lower || $0.name.lowercased() == lower }
    }

    /// Resolves `--theme`: a name in the catalog, else a path to a theme file, which joins the catalog.
    public mutating func resolve(_ nameOrPath: String) throws -> Int {
        if let index = index(named: nameOrPath) { return index }
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") || FileManager.default.fileExists(atPath: nameOrPath) {
            themes.append(try Self.loadFile(nameOrPath))
            return themes.count - 1
        }
        let names = themes.compactMap(\.fileStem).joined(separator: ", ")
        throw ThemeError(source: nameOrPath, line: 0,
                         problem: "no theme by that name; choose one of \(names), or give a path to a .theme file")
    }
}
