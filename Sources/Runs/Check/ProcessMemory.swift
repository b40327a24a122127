import Foundation

/// This process's resident memory now (`/proc/self/statm`), the baseline a run's buffers come on top of.
public enum ProcessMemory {
    public static func residentBytes(statm path: String = "/proc/self/statm") -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
