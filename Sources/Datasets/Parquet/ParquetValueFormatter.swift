import Support

/// Turns a stored value into the JSON value Loom shows, from the physical type and the logical type together:
/// integers (signed or unsigned) and decimals as JSON numbers written exactly, strings as strings, dates and
/// timestamps as ISO 8601 strings (`Z` when the value is UTC-adjusted; a second's fraction only when it is not zero,
/// with the unit's digits), JSON-typed text as the value it holds, binary as a string when it is UTF-8 and `base64:…` otherwise, NaN and infinities as the
/// strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers). `Scripts/parquet_goldens.py` writes
/// pyarrow's values under the same rules, so the tests compare values, not shapes.
enum ParquetValueFormatter {
    static func json(_ values: ParquetColumnValues, at index: Int, leaf: ParquetLeafColumn, maxBytes: Int?) -> JSONValue {
        let logical = leaf.element.logical
        switch values.type {
        case .boolean: return .bool(values.booleans[index])
        case .int32:
            let raw = values.int32s[index]
            switch logical {
            case .integer(_, false)?: return .number(String(UInt32(bitPattern: raw)))
            case .date?: return .string(date(days: Int64(raw)))
            case .decimal(let scale, _)?: return .number(decimal(unscaled: String(raw), scale: Int(scale)))
            case .time(let unit, _)?: return .string(time(Int64(raw), unit: unit))
            case .unknown?: return .null
            default: return .number(String(raw))
            }
        case .int64:
            let raw = values.int64s[index]
            switch logical {
            case .integer(_, false)?: return .number(String(UInt64(bitPattern: raw)))
            case .decimal(let scale, _)?: return .number(decimal(unscaled: String(raw), scale: Int(scale)))
            case .timestamp(let unit, let utc)?: return .string(timestamp(raw, unit: unit, utc: utc))
            case .time(let unit, _)?: return .string(time(raw, unit: unit))
            case .unknown?: return .null
            default: return .number(String(raw))
            }
        case .float: return number(Double(values.floats[index]), float: values.floats[index])
        case .double: return number(values.doubles[index], float: nil)
        case .int96:
            return values.withBytes(at: index) { bytes in
                let nanos = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: Int64.self))
                let julian = Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: Int32.self)))
                let days = julian - 2_440_588
                let (total, overflow) = days.multipliedReportingOverflow(by: 86_400_000_000_000)
                guard !overflow else { return .string("INT96(day \(julian), ns \(nanos))") }
                return .string(timestamp(total &+ nanos, unit: .nanos, utc: false))
            }
        case .byteArray, .fixedLenByteArray:
            return values.withBytes(at: index) { bytes in
                switch logical {
                case .decimal(let scale, _)?:
                    return .number(decimal(unscaled: bigEndianSigned(bytes), scale: Int(scale)))
                case .uuid? where bytes.count == 16:
                    let hex = bytes.map { String(format2: $0) }.joined()
                    let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
                                 hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
                    return .string(parts.joined(separator: "-"))
                case .json?:
                    // JSON text is shown as the value it holds (Loom writes nested columns this way).
                    if maxBytes == nil || bytes.count <= maxBytes!, let parsed = try? JSONParser.parse(bytes) { return parsed }
                    return text(bytes, maxBytes: maxBytes)
                case .float16? where bytes.count == 2:
                    let value = half(UInt16(bytes[0]) | UInt16(bytes[1]) << 8)
                    return number(Double(value), float: value)
                default:
                    return text(bytes, maxBytes: maxBytes)
                }
            }
        }
    }

    /// Bytes as a string: UTF-8 text as is (cut to `maxBytes` for a preview), anything else as base64.
    static func text(_ bytes: UnsafeRawBufferPointer, maxBytes: Int?) -> JSONValue {
        var slice = bytes
        if let maxBytes, bytes.count > maxBytes {
            var end = maxBytes
            while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            slice = UnsafeRawBufferPointer(rebasing: bytes[0..<end])
        }
        if let string = String(validating: slice, as: UTF8.self) { return .string(string) }
        return .string("base64:" + base64(slice))
    }

    static func number(_ value: Double, float: Float?) -> JSONValue {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value < 0 ? "-Infinity" : "Infinity") }
        // A float's shortest text (1.1, not 1.100000023841858); tests compare by value.
        if let float { return .number(float.description) }
        return .number(value.description)
    }

    /// An IEEE half-precision value (written out: `Float16` is missing on some platforms Loom builds for).
    static func half(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * Float(pow2: -24)
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(pow2: exponent - 15)
        }
    }

    /// "1.234" from unscaled "1234" and scale 3; negative scales add zeros.
    static func decimal(unscaled: String, scale: Int) -> String {
        var digits = unscaled
        var negative = false
        if digits.hasPrefix("-") {
            negative = true
            digits.removeFirst()
        }
        if scale <= 0 {
            if digits != "0" { digits += String(repeating: "0", count: min(-scale, 4096)) }
        } else {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return (negative ? "-" : "") + digits
    }

    /// A big-endian two's complement integer of any length, in decimal.
    static func bigEndianSigned(_ bytes: UnsafeRawBufferPointer) -> String {
        guard !bytes.isEmpty else { return "0" }
        var magnitude = Array(bytes)
        let negative = magnitude[0] & 0x80 != 0
        if negative {
            // Two's complement negation: invert and add one.
            for index in magnitude.indices { magnitude[index] = ~magnitude[index] }
            var carry = 1
            for index in magnitude.indices.reversed() where carry > 0 {
                let sum = Int(magnitude[index]) + carry
                magnitude[index] = UInt8(sum & 0xFF)
                carry = sum >> 8
            }
        }
        var digits: [UInt8] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in magnitude.indices {
                let current = remainder << 8 | Int(magnitude[index])
                magnitude[index] = UInt8(current / 10)
                remainder = current % 10
            }
            digits.append(UInt8(remainder) + 48)
        }
        if digits.isEmpty { return "0" }
        return (negative ? "-" : "") + String(decoding: digits.reversed(), as: UTF8.self)
    }

    // MARK: Dates and times (proleptic Gregorian, as pyarrow)

    static func date(days: Int64) -> String {
        let (year, month, day) = civil(fromDays: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func timestamp(_ value: Int64, unit: ParquetLogicalType.TimeUnit, utc: Bool) -> String {
        let perSecond = unit.perSecond
        var seconds = value / perSecond
        var fraction = value % perSecond
        if fraction < 0 {
            fraction += perSecond
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        var text = date(days: days) + "T" + clock(secondOfDay)
        if fraction != 0 { text += "." + pad(fraction, unit.fractionDigits) }
        return utc ? text + "Z" : text
    }

    static func time(_ value: Int64, unit: ParquetLogicalType.TimeUnit) -> String {
        let perSecond = unit.perSecond
        let seconds = value / perSecond
        let fraction = value % perSecond
        var text = clock(seconds)
        if fraction != 0 { text += "." + pad(abs(fraction), unit.fractionDigits) }
        return text
    }

    private static func clock(_ seconds: Int64) -> String {
        "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(abs(value))
        let padded = text.count < width ? String(repeating: "0", count: width - text.count) + text : text
        return value < 0 ? "-" + padded : padded
    }

    /// Howard Hinnant's days-from-civil inverse: days since 1970-01-01 → (year, month, day).
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func base64(_ bytes: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = Int(bytes[index])
            let b1 = index + 1 < bytes.count ? Int(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? Int(bytes[index + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[(b0 & 3) << 4 | b1 >> 4])
            out.append(index + 1 < bytes.count ? alphabet[(b1 & 15) << 2 | b2 >> 6] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[b2 & 63] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

private extension Float {
    init(pow2 exponent: Int) { self = Float(sign: .plus, exponent: exponent, significand: 1) }
}

private extension String {
    /// Two lowercase hex digits.
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef".utf8)
        self = String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }
}
