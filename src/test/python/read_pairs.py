#!/usr/bin/env python3
"""Reads s2vc topics from another language, with only the files in schemas/.

Each message is Avro single-object encoded: C3 01, the 8-byte little-endian CRC-64-AVRO fingerprint
of the writer schema's parsing canonical form, then the Avro binary body.

    python3 src/test/python/read_pairs.py --bootstrap 127.0.0.1:9092 --topic s2vc.pairs --count 5

Needs the avro and kafka-python packages (Debian: python3-avro python3-kafka).
"""
import argparse
import io
import json
import pathlib
import struct

import avro.io
import avro.schema
from kafka import KafkaConsumer, TopicPartition

EMPTY = 0xC15D213AA4D7A795


def crc64_avro(data: bytes) -> int:
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
        table.append(fp)
    fp = EMPTY
    for b in data:
        fp = (fp >> 8) ^ table[(fp ^ b) & 0xFF]
    return fp


PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
KEEP = ["name", "type", "fields", "symbols", "items", "values", "size"]


def canonical(node, namespace=None, named=None):
    """The specification's Parsing Canonical Form (written out here because some library versions
    keep {"type": "long"} for logical types, which changes the fingerprint)."""
    named = set() if named is None else named
    if isinstance(node, str):
        if node in PRIMITIVES:
            return json.dumps(node)
        full = node if "." in node or namespace is None else namespace + "." + node
        return json.dumps(full)
    if isinstance(node, list):
        return "[" + ",".join(canonical(n, namespace, named) for n in node) + "]"
    kind = node["type"]
    if kind in PRIMITIVES:
        return json.dumps(kind)
    if kind in ("record", "enum", "fixed"):
        name = node["name"]
        namespace = node.get("namespace", namespace) if "." not in name else name.rsplit(".", 1)[0]
        full = name if "." in name else (namespace + "." + name if namespace else name)
        if full in named:
            return json.dumps(full)
        named.add(full)
    parts = []
    for key in KEEP:
        if key not in node:
            continue
        value = node[key]
        if key == "name" and kind in ("record", "enum", "fixed"):
            parts.append('"name":' + json.dumps(full))
        elif key == "type" and kind in ("record", "enum", "fixed", "array", "map"):
            parts.append('"type":' + json.dumps(kind))
        elif key == "fields":
            fields = ['{"name":' + json.dumps(f["name"]) + ',"type":' + canonical(f["type"], namespace, named) + "}"
                      for f in value]
            parts.append('"fields":[' + ",".join(fields) + "]")
        elif key in ("items", "values"):
            parts.append(json.dumps(key) + ":" + canonical(value, namespace, named))
        elif key == "type":
            return canonical(value, namespace, named)
        else:
            parts.append(json.dumps(key) + ":" + json.dumps(value, separators=(",", ":")))
    return "{" + ",".join(parts) + "}"


def load_schemas(folder: pathlib.Path):
    by_fingerprint = {}
    for path in sorted(folder.glob("*.avsc")):
        text = path.read_text()
        by_fingerprint[crc64_avro(canonical(json.loads(text)).encode())] = avro.schema.parse(text)
    return by_fingerprint


def decode(message: bytes, schemas):
    if message[:2] != b"\xc3\x01":
        raise ValueError("not single-object encoded")
    (fingerprint,) = struct.unpack("<Q", message[2:10])
    schema = schemas[fingerprint]
    return schema.name, avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(message[10:])))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", default="s2vc.pairs")
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--schemas", default=str(pathlib.Path(__file__).resolve().parents[3] / "schemas"))
    args = parser.parse_args()
    schemas = load_schemas(pathlib.Path(args.schemas))
    consumer = KafkaConsumer(bootstrap_servers=args.bootstrap, consumer_timeout_ms=10000,
                             max_partition_fetch_bytes=16 << 20, fetch_max_bytes=64 << 20)
    partitions = [TopicPartition(args.topic, p) for p in consumer.partitions_for_topic(args.topic)]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    seen = 0
    for record in consumer:
        name, value = decode(record.value, schemas)
        if name.endswith("PositivePair"):
            q, k = value["query"], value["key"]
            assert len(q["data"]) == q["frames"] * q["height"] * q["width"] * 3
            assert len(k["data"]) == k["frames"] * k["height"] * k["width"] * 3
            print(f"{name} {value['videoId']}#{value['clipIndex']} query {q['frames']}x{q['height']}x{q['width']}"
                  f" key {k['frames']}x{k['height']}x{k['width']} label {value['label']} keyView {value['keyView']}")
        else:
            print(name, {k: v for k, v in value.items() if not isinstance(v, bytes)})
        seen += 1
        if seen >= args.count:
            break
    print(f"decoded {seen} records from {args.topic}")
    return 0 if seen else 1


if __name__ == "__main__":
    raise SystemExit(main())
