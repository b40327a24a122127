import Foundation

/// The memory this machine can give a new process without swapping (`MemAvailable` of /proc/meminfo), for refusing a
/// run whose estimate exceeds it before it starts instead of letting it swap.
public enum MachineMemory {
    /// Bytes available, or nil where /proc/meminfo does not say (not Linux).
    public static func available(meminfo path: String = "/proc/meminfo") -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kib = Int(fields[1]) else { return nil }
            return kib * 1024
        }
        return nil
    }

    /// Why a run of this estimate should not start here, naming the settings that shrink it; nil when it fits.
    public static func refusal(_ estimate: RunEstimate, config: RunConfig, available: Int?) -> String? {
        guard let available, estimate.memoryBytes > available else { return nil }
        let mib = { (b: Int) in String(format: "%.0f MiB", Double(b) / 1_048_576) }
        return "the run needs about \(mib(estimate.memoryBytes)) (weights \(mib(estimate.weightBytes)), optimizer "
            + "\(mib(estimate.optimizerBytes)), activations \(mib(estimate.activationBytes))) but only "
            + "\(mib(available)) is available; lower training.batch_size (now \(config.training.batchSize)) or "
            + "data.sequence_length (now \(config.data.sequenceLength))"
            + (config.training.method == .full ? ", or use training.method = \"lora\"" : "")
            + ", or pass --force to start anyway"
    }
}
