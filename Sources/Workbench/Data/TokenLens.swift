import Datasets
import Foundation
import Runs
import Support
import TerminalCore
import Tokenizers

/// A mode of the record pane: the current record as the trainer will see it for a chosen run config (the configs
/// the Runs section lists), drawn from `TrainedRecord`, the function `loom check --show` prints, so that what is
/// shown is what is trained. Loss mode and sequence length can be changed here without editing the config; the
/// view updates at once. Tokenizers are loaded off the UI thread, once per tokenizer folder and prompt layout
/// (a large tokenizer.json takes a moment to parse); tokenizing one record is cheap enough to do while drawing.
final class TokenLens {
    let configPaths: [String]
    private(set) var configIndex = 0
    /// Overrides of the chosen config, reset when another config is chosen.
    private(set) var loss: RunConfig.LossScope?
    private(set) var sequenceLength: Int?
    private var formatters: [String: PromptFormatter] = [:]
    private var loading: (key: String, task: BackgroundTask<Void, PromptFormatter>)?

    private var shownKey: String?
    private(set) var shown: TrainedRecord?
    private(set) var problem: String?
    /// Tokenizers that failed to load, by the same key, so that they are reported and not retried every frame.
    private var failedFormats: [String: String] = [:]
    private var header: [(String, StyleRole)] = []
    private var layout: TokenLensLayout?
    private var laidOutWidth = -1
    private var top = 0
    private var visibleRows = 20

    init(configPaths: [String]) {
        self.configPaths = configPaths
    }

    /// The run config files of folders (`*.toml`) and files, as the Runs section lists them.
    static func configPaths(folders: [String], files: [String]) -> [String] {
        var out: [String] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            out += names.sorted().filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }
                .map { (folder as NSString).appendingPathComponent($0) }
        }
        return out + files
    }

    static let keyMap = KeyMap(title: "Token lens", bindings: KeyMap.movement + [
        KeyBinding([.character("t"), .enter], .tokenLens),
        KeyBinding([.character("c")], .lensNextConfig),
        KeyBinding([.character("m")], .lensLossMode),
        KeyBinding([.character("]"), .character("+")], .lensLonger),
        KeyBinding([.character("["), .character("-")], .lensShorter),
    ])

    var configName: String { configPaths.isEmpty ? "no run config" : (configPaths[configIndex] as NSString).lastPathComponent }

    func perform(_ command: Command, config: RunConfig?) -> Bool {
        let lineCount = layout?.rows.count ?? 0
        switch command {
        case .lensNextConfig:
            guard !configPaths.isEmpty else { return false }
            configIndex = (configIndex + 1) % configPaths.count
            loss = nil
            sequenceLength = nil
        case .lensLossMode:
            let current = loss ?? config?.data.loss ?? .assistant
            loss = current == .assistant ? .all : .assistant
        case .lensLonger:
            sequenceLength = min(65_536, (sequenceLength ?? config?.data.sequenceLength ?? 256) * 2)
        case .lensShorter:
            sequenceLength = max(8, (sequenceLength ?? config?.data.sequenceLength ?? 256) / 2)
        default:
            return LineScroll.apply(command, top: &top, lineCount: lineCount, visibleRows: visibleRows)
        }
        top = max(0, min(top, max(0, lineCount - visibleRows)))
        return true
    }

    /// The chosen config with the lens's overrides, or why there is none.
    func effectiveConfig() -> Result<RunConfig, LensProblem> {
        guard !configPaths.isEmpty else {
            return .failure(LensProblem("No run config to show the tokens for: open one (loom FILE.toml) or add one to the runs folder."))
        }
        do {
            var config = try RunConfig.load(path: configPaths[configIndex])
            if let loss { config.data.loss = loss }
            if let sequenceLength { config.data.sequenceLength = sequenceLength }
            return .success(config)
        } catch {
            return .failure(LensProblem("\(error)"))
        }
    }

    /// Renders `row` of `dataset` for the current settings when they or the record changed.
    func update(dataset: Dataset, row: Int) {
        let config = effectiveConfig()
        let key = "\(dataset.url.path)#\(row)#\(configIndex)#\(String(describing: loss))#\(String(describing: sequenceLength))"
        guard key != shownKey else { return }
        laidOutWidth = -1
        shown = nil
        problem = nil
        switch config {
        case .failure(let failure):
            shownKey = key
            problem = failure.message
        case .success(let config):
            let formatKey = config.tokenizerFolderURL.path + "|" + config.data.promptFormat
            if let failure = failedFormats[formatKey] {
                shownKey = key
                problem = failure
                return
            }
            guard let formatter = formatters[formatKey] else {
                startLoading(formatKey, config: config)
                return  // drawn again when `poll` sees the tokenizer loaded
            }
            shownKey = key
            do {
                let builder = ExampleBuilder(data: config.data, formatter: formatter)
                shown = try TrainedRecord.make(record: try dataset.record(at: row), builder: builder)
            } catch let error as ExampleError {
                problem = "This record does not fit data.format = \(config.data.format.rawValue): \(error.message)"
            } catch {
                problem = "\(error)"
            }
            header = Self.header(config: config, formatter: formatter)
        }
    }

    /// True while a tokenizer is being loaded for the lens.
    var isLoading: Bool { loading != nil }

    private func startLoading(_ key: String, config: RunConfig) {
        guard loading?.key != key else { return }
        loading?.task.cancel()
        let (format, folder) = (config.data.promptFormat, config.tokenizerFolderURL)
        loading = (key, BackgroundTask(name: "loom-lens-tokenizer") { _ in
            try ExampleBuilder.formatter(promptFormat: format, tokenizerFolder: folder)
        })
    }

    /// Takes a loaded tokenizer; true when the lens should be drawn again.
    func poll() -> Bool {
        guard let (key, task) = loading, let result = task.result else { return false }
        loading = nil
        switch result {
        case .success(let formatter): formatters[key] = formatter
        case .failure(let error): failedFormats[key] = "cannot load the tokenizer: \(error)"
        }
        shownKey = nil
        return true
    }

    private static func header(config: RunConfig, formatter: PromptFormatter?) -> [(String, StyleRole)] {
        [("format \(config.data.format.rawValue) · layout \(formatter?.format.rawValue ?? config.data.promptFormat) · "
            + "loss \(config.data.loss.rawValue) · length \(config.data.sequenceLength) · packing \(config.data.packing ? "on" : "off")", .muted)]
    }

    func draw(into grid: inout CellGrid, rect: Rect) {
        var y = rect.y
        let x = rect.x + 1, width = rect.width - 2
        func line(_ text: String, _ role: StyleRole) {
            guard y < rect.maxY else { return }
            grid.put(text, x: x, y: y, maxWidth: width, role: role)
            y += 1
        }
        line("config \(configName)", .accent)
        if isLoading {
            line("loading the tokenizer…", .muted)
            return
        }
        if let problem {
            line("", .text)
            for wrapped in TextLayout.wrap(problem, columns: max(1, width), maxLines: 20) { line(wrapped, .error) }
            return
        }
        guard let shown else { return }
        for (text, role) in header { line(text, role) }
        var summary = "\(shown.tokens.count) tokens · \(shown.trainedCount) trained"
        if let cut = shown.cutIndex {
            let lost = shown.tokens[cut...].count
            summary += " · cut at \(shown.sequenceLength): \(lost) tokens past it"
        }
        line(summary, .text)
        if let why = shown.skippedBecause { line("the trainer skips this record: \(why)", .warning) }
        // The legend, each word in its own colour.
        if y < rect.maxY {
            var lx = x
            for (word, role, extra) in [("trained", StyleRole.success, TextAttributes()), ("masked", .text, []),
                                        ("special", .accent, .bold), ("cut", .muted, .dim)] {
                lx += grid.put(word, x: lx, y: y, maxWidth: rect.maxX - lx, role: role, extra: extra)
                lx += grid.put("  ", x: lx, y: y, maxWidth: rect.maxX - lx)
            }
            grid.put("c config  m loss  [ ] length  t record", x: lx, y: y, maxWidth: rect.maxX - lx, role: .muted)
            y += 2
        }
        if laidOutWidth != width {
            layout = TokenLensLayout(record: shown, columns: width)
            laidOutWidth = width
        }
        guard let layout, y < rect.maxY else { return }
        let body = Rect(x: x, y: y, width: width, height: rect.maxY - y)
        visibleRows = body.height
        top = max(0, min(top, max(0, layout.rows.count - visibleRows)))
        layout.draw(into: &grid, rect: body, top: top)
    }

    var scrollText: String {
        guard let rows = layout?.rows.count, rows > 0 else { return "" }
        return "\(min(rows, top + 1))–\(min(rows, top + visibleRows)) of \(rows) lines"
    }
}

/// Why the lens has nothing to draw (no config, a config that does not load, a record that does not fit).
struct LensProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
