import ArgumentParser
import Foundation
import Kernels
import Support
import Taxonomy
import TerminalCore

/// The program's entry: parses the command line (a mistake there prints the usage, as ArgumentParser does), then
/// runs the command. An error while it runs is reported on one line without the usage text (the command line was
/// fine), and through the terminal sanitiser: error messages quote paths, config values and data, which must not
/// retitle the terminal or clear it.
@main
enum LoomMain {
    static func main() {
        QnARecordReader.register()  // qna.yaml files open as datasets of their seed examples
        var command: ParsableCommand
        do {
            // The arguments keep file names that are not UTF-8 (see `FileName`), so such a file can be opened.
            command = try Loom.parseAsRoot(FileName.arguments())
        } catch {
            Loom.exit(withError: error)
        }
        // A LOOM_ISA that names no kernel set, or one this CPU lacks, stops here with the reason (the library would
        // fall back to the best set with a warning).
        if case .failure(let refused) = KernelISA.requested() {
            FileHandle.standardError.write(Data("Error: \(SafeText.printable(refused.message))\n".utf8))
            Foundation.exit(2)
        }
        do {
            try command.run()
        } catch let exit as ExitCode {
            Loom.exit(withError: exit)
        } catch where Loom.exitCode(for: error).isSuccess {
            Loom.exit(withError: error)  // --help and the like, raised by ArgumentParser's own commands
        } catch {
            let message = Loom.message(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data("Error: \(SafeText.printable(message))\n".utf8))
            }
            Foundation.exit(Loom.exitCode(for: error).rawValue)
        }
    }
}
