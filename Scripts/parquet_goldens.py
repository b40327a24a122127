#!/usr/bin/env python3
"""Writes the Parquet conformance goldens: pyarrow's values for the shared parquet-testing files, as JSON lines.

Usage: python3 Scripts/parquet_goldens.py [SHARED_PARQUET_DIR] [OUT_DIR]
Defaults: ../shared/data/parquet beside the repository, Tests/DatasetsTests/Fixtures/parquet.

Values follow the rules of Sources/Datasets/Parquet/ParquetValueFormatter.swift (what `loom show` prints):
integers and decimals as exact JSON numbers, floats as numbers (NaN/Infinity as strings), strings as strings, binary
as a UTF-8 string or "base64:...", dates and timestamps as ISO 8601 text (Z when UTC-adjusted; a fraction only when
not zero, with the unit's digits), lists as arrays, structs as objects in schema order, maps as objects.
Files with more than 200 rows keep a sample (the first 60, the last 60, 80 spread between), so the goldens stay small.
Needs pyarrow (pip install pyarrow); not run in CI.
"""
import base64
import datetime
import json
import os
import re
import sys

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "parquet")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "Tests", "DatasetsTests", "Fixtures", "parquet")

# Decimals are written as JSON numbers with their exact digits: marked strings, unquoted after json.dumps.
DECIMAL_MARK = "\u0001decimal:"

UNIT = {"s": (1, 0), "ms": (1000, 3), "us": (1000000, 6), "ns": (1000000000, 9)}


def civil(days):
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()


def clock(seconds):
    return "%02d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)


def timestamp(raw, unit, utc):
    per, digits = UNIT[unit]
    seconds, fraction = divmod(raw, per)
    days, second_of_day = divmod(seconds, 86400)
    text = civil(days) + "T" + clock(second_of_day)
    if fraction:
        text += "." + str(fraction).rjust(digits, "0")
    return text + ("Z" if utc else "")


def time_of_day(raw, unit):
    per, digits = UNIT[unit]
    seconds, fraction = divmod(raw, per)
    text = clock(seconds)
    if fraction:
        text += "." + str(fraction).rjust(digits, "0")
    return text


def number(value):
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def key_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def convert(value, typ):
    """One Python value from pyarrow's to_pylist, as Loom shows it."""
    if value is None:
        return None
    if pa.types.is_dictionary(typ):
        return convert(value, typ.value_type)
    if pa.types.is_boolean(typ):
        return bool(value)
    if pa.types.is_integer(typ):
        return int(value)
    if pa.types.is_floating(typ):
        return number(float(value))
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return value
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ) or pa.types.is_fixed_size_binary(typ):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return "base64:" + base64.b64encode(value).decode("ascii")
    if pa.types.is_decimal(typ):
        return DECIMAL_MARK + format(value, "f")
    if pa.types.is_date(typ):
        return value.isoformat()
    if pa.types.is_list(typ) or pa.types.is_large_list(typ) or pa.types.is_fixed_size_list(typ):
        return [convert(item, typ.value_type) for item in value]
    if pa.types.is_map(typ):
        return {key_text(convert(k, typ.key_type)): convert(v, typ.item_type) for k, v in value}
    if pa.types.is_struct(typ):
        return {typ.field(i).name: convert(value.get(typ.field(i).name), typ.field(i).type) for i in range(typ.num_fields)}
    if str(typ) == "extension<arrow.uuid>":
        return str(value)
    raise TypeError("unhandled type %s" % typ)


def column_values(column, typ):
    """The column's values; timestamps and times from their raw integers (pyarrow's datetimes stop at microseconds)."""
    if pa.types.is_timestamp(typ):
        raw = column.cast(pa.int64()).to_pylist()
        return [None if v is None else timestamp(v, typ.unit, typ.tz is not None) for v in raw]
    if pa.types.is_time(typ):
        raw = column.cast(pa.int64()).to_pylist()
        return [None if v is None else time_of_day(v, typ.unit) for v in raw]
    return [convert(v, typ) for v in column.to_pylist()]


def read(path):
    """(row count, column names, {name: values}); batch by batch when pyarrow cannot build whole nested columns."""
    try:
        table = pq.read_table(path, use_threads=False)
        batches = [(table.schema, [table.column(i).combine_chunks() for i in range(table.num_columns)])]
        count = table.num_rows
    except Exception as error:
        if "Nested data conversions" not in str(error):
            raise
        handle = pq.ParquetFile(path)
        batches = [(b.schema, b.columns) for b in handle.iter_batches(batch_size=1)]
        count = handle.metadata.num_rows
    schema = batches[0][0] if batches else pq.read_schema(path)
    columns = {field.name: [] for field in schema}
    for batch_schema, arrays in batches:
        for field, array in zip(batch_schema, arrays):
            columns[field.name].extend(column_values(array, field.type))
    return count, schema.names, columns


def sample(count):
    if count <= 200:
        return list(range(count))
    spread = [60 + (count - 120) * k // 80 for k in range(80)]
    return sorted(set(list(range(60)) + spread + list(range(count - 60, count))))


def main():
    os.makedirs(OUT, exist_ok=True)
    written = []
    for folder in ("data", "bad_data"):
        directory = os.path.join(SHARED, folder)
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".parquet"):
                continue
            path = os.path.join(directory, name)
            try:
                metadata = pq.read_metadata(path)
                size = sum(metadata.row_group(g).total_byte_size for g in range(metadata.num_row_groups))
            except Exception:
                size = 0
            if size > 64 << 20:  # large_string_map.brotli: 2 GiB of strings in a 4 KB file; Loom refuses its page
                print("too large to keep as a golden: %s/%s (%d bytes decoded)" % (folder, name, size))
                continue
            try:
                count, names, columns = read(path)
            except Exception as error:  # pyarrow cannot read it: the tests expect an error from Loom too
                print("unreadable: %s/%s (%s)" % (folder, name, str(error).splitlines()[0][:80]))
                continue
            rows = sample(count)
            out = os.path.join(OUT, folder + "__" + name[: -len(".parquet")] + ".jsonl")
            with open(out, "w", encoding="utf-8") as handle:
                header = {"file": folder + "/" + name, "rows": count, "columns": names}
                handle.write(json.dumps(header, ensure_ascii=False) + "\n")
                for row in rows:
                    record = {name: columns[name][row] for name in names}
                    line = json.dumps({"row": row, "record": record}, ensure_ascii=False, allow_nan=False)
                    line = re.sub('"\\\\u0001decimal:([-0-9.]+)"', r"\1", line)
                    handle.write(line + "\n")
            written.append(out)
    # The bundled sample (always present, so its test runs in CI too): a few rows.
    sample_path = os.path.join(ROOT, "Samples", "fineweb-sample.parquet")
    count, names, columns = read(sample_path)
    out = os.path.join(os.path.dirname(OUT), "parquet-sample", "fineweb-sample.jsonl")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"file": "Samples/fineweb-sample.parquet", "rows": count, "columns": names}) + "\n")
        for row in (0, 1, 2, 3, 100, count - 1):
            record = {name: columns[name][row] for name in names}
            handle.write(json.dumps({"row": row, "record": record}, ensure_ascii=False, allow_nan=False) + "\n")
    print("wrote %d goldens to %s, and %s" % (len(written), OUT, out))


if __name__ == "__main__":
    main()
