// Rows are `JSONValue`s, so Datasets' public API speaks the JSON vocabulary of the Support layer. Re-exporting those
// types (and only those) lets a client that reads datasets (Runs, Workbench, `loom`) use what it gets back with
// `import Datasets` alone, as before the parser moved to Support.
@_exported import enum Support.JSONValue
@_exported import struct Support.JSONMember
@_exported import enum Support.JSONKind
@_exported import struct Support.JSONParser
@_exported import struct Support.JSONParseError
@_exported import struct Support.JSONPreviewLimits
@_exported import struct Support.JSONParseResult
@_exported import struct Support.JSONCut
