import Foundation

/// Masks e-mail addresses and public IPv4 addresses in kept documents, as FineWeb's PII step did (datatrove's
/// PIIFormatter): the same patterns, private and reserved IPv4 ranges left alone (Python's `is_global`), and
/// replacements drawn in turn from fixed lists, so a run is deterministic.
public final class PIIMasker {
    public static let emailReplacements = ["email@example.com", "firstname.lastname@example.org"]
    public static let ipReplacements = ["22.214.171.124", "126.96.36.199", "188.8.131.52", "184.108.40.206",
                                        "220.127.116.11", "18.104.22.168"]

    private let email: NSRegularExpression
    private let ipv4: NSRegularExpression
    private var nextEmail = 0
    private var nextIP = 0
    /// Addresses replaced so far.
    public private(set) var emailsMasked = 0
    public private(set) var ipsMasked = 0

    public init() {
        let local = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
        let octet = "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)"
        let domain = "(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            + "|\\[(?:\(octet)\\.){3}(?:\(octet)|[A-Za-z0-9-]*[A-Za-z0-9]:)\\])"
        // The patterns are constants: they compile.
        email = try! NSRegularExpression(pattern: "\\b\(local)@\(domain)")
        ipv4 = try! NSRegularExpression(pattern: "(?:\(octet)\\.){3}\(octet)")
    }

    /// The text with its e-mail addresses, then its public IPv4 addresses, replaced.
    public func mask(_ text: String) -> String {
        var result = replace(email, in: text) { _ in
            defer { nextEmail = (nextEmail + 1) % Self.emailReplacements.count }
            emailsMasked += 1
            return Self.emailReplacements[nextEmail]
        }
        result = replace(ipv4, in: result) { match in
            guard Self.isPublic(match) else { return nil }
            defer { nextIP = (nextIP + 1) % Self.ipReplacements.count }
            ipsMasked += 1
            return Self.ipReplacements[nextIP]
        }
        return result
    }

    private func replace(_ expression: NSRegularExpression, in text: String, _ replacement: (String) -> String?) -> String {
        let source = text as NSString
        var output = ""
        var last = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let found = source.substring(with: match.range)
            guard let replaced = replacement(found) else { continue }
            output += source.substring(with: NSRange(location: last, length: match.range.location - last)) + replaced
            last = match.range.location + match.range.length
        }
        if last == 0 { return text }
        return output + source.substring(from: last)
    }

    /// Python's `ipaddress.ip_address(text).is_global` for IPv4: not private, reserved, loopback, link-local,
    /// documentation or benchmarking space, and not in 100.64.0.0/10.
    static func isPublic(_ text: String) -> Bool {
        let parts = text.split(separator: ".").compactMap { UInt32($0) }
        // Python refuses leading zeros ("01.2.3.4" is not an address); so is it here.
        guard parts.count == 4, parts.allSatisfy({ $0 <= 255 }),
              !text.split(separator: ".").contains(where: { $0.count > 1 && $0.hasPrefix("0") }) else { return false }
        let address = parts.reduce(0) { $0 << 8 | $1 }
        let excluded: [(UInt32, Int)] = [
            (0x0000_0000, 8), (0x0A00_0000, 8), (0x7F00_0000, 8), (0xA9FE_0000, 16), (0xAC10_0000, 12),
            (0xC000_0000, 29), (0xC000_00AA, 31), (0xC000_0200, 24), (0xC0A8_0000, 16), (0xC612_0000, 15),
            (0xC633_6400, 24), (0xCB00_7100, 24), (0xF000_0000, 4), (0xFFFF_FFFF, 32), (0x6440_0000, 10),
        ]
        return !excluded.contains { network, bits in
            let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
            return address & mask == network
        }
    }
}
