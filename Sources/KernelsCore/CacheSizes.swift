import Foundation

/// The data cache sizes of the CPU the kernels run on, read once from sysfs
/// (`/sys/devices/system/cpu/cpu0/cache/index*/{level,type,size}`), so that SGEMM's blocking fits this part's
/// caches rather than constants tuned for one machine. Missing levels fall back to sizes every current x86-64 and
/// arm64 core has at least (32 KiB L1, 512 KiB L2, 8 MiB L3), and `LOOM_CACHE_L1`/`_L2`/`_L3` (bytes, or with a K/M
/// suffix) override what was read, to try a blocking for another part.
public struct CacheSizes: Sendable, Equatable {
    public var l1: Int
    public var l2: Int
    public var l3: Int
    /// Where the figures came from ("sysfs", "fallback", with "LOOM_CACHE_*" when overridden).
    public var source: String

    public static let current = CacheSizes.read()

    package static func read(root: String = "/sys/devices/system/cpu/cpu0/cache",
                     environment: [String: String] = ProcessInfo.processInfo.environment) -> CacheSizes {
        var found: [Int: Int] = [:]
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: root) {
            for entry in entries where entry.hasPrefix("index") {
                let dir = root + "/" + entry
                guard let level = Int(Self.text(dir + "/level") ?? ""),
                      let type = Self.text(dir + "/type"), type == "Data" || type == "Unified",
                      let size = Self.text(dir + "/size").flatMap(Self.bytes) else { continue }
                found[level] = size
            }
        }
        var sizes = CacheSizes(l1: found[1] ?? 32 << 10, l2: found[2] ?? 512 << 10, l3: found[3] ?? 8 << 20,
                               source: found.isEmpty ? "fallback" : found.count < 3 ? "sysfs+fallback" : "sysfs")
        for (key, path) in [("LOOM_CACHE_L1", \CacheSizes.l1), ("LOOM_CACHE_L2", \.l2), ("LOOM_CACHE_L3", \.l3)] {
            if let text = environment[key], let value = bytes(text), value > 0 {
                sizes[keyPath: path] = value
                sizes.source += "+" + key
            }
        }
        return sizes
    }

    static func text(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "48K", "2048K", "32M", "512" → bytes; nil when not a size.
    package static func bytes(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let scale = t.hasSuffix("K") ? 1 << 10 : t.hasSuffix("M") ? 1 << 20 : t.hasSuffix("G") ? 1 << 30 : 1
        guard let value = Int(scale == 1 ? t : String(t.dropLast())), value > 0 else { return nil }
        return value * scale
    }

    /// "L1d 32 KiB, L2 512 KiB, L3 32 MiB (sysfs)".
    public var summary: String {
        func size(_ b: Int) -> String { b >= 1 << 20 && b % (1 << 20) == 0 ? "\(b >> 20) MiB" : "\(b >> 10) KiB" }
        return "L1d \(size(l1)), L2 \(size(l2)), L3 \(size(l3)) (\(source))"
    }
}
