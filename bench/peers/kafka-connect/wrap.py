"""Copies the benchmark's events onto a second topic in the shape the Debezium JDBC sink needs.

The sink writes only records that carry a Connect schema, and orderflow's events are plain JSON.
Kafka Connect has no converter that infers one, so each event is written once more as Kafka
Connect's JsonConverter envelope ({"schema": ..., "payload": ...}) holding the row the other peers
derive themselves: event id, type, entity id, amount (a Connect Decimal: exact), currency, time.
This runs before the sink is started and is not part of its measured time; the sink is spared the
field mapping the other peers do.

    python wrap.py --brokers HOST:PORT --source T --target T2 --expect N
"""
import argparse
import asyncio
import base64
import json
from decimal import Decimal

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


def field(field_name, type_, optional=True, **extra):
    return {"field": field_name, "type": type_, "optional": optional, **extra}


def decimal_bytes(text):
    """A Connect Decimal: the unscaled value, big-endian two's complement, in base64."""
    value = Decimal(text)
    scale = max(0, -value.as_tuple().exponent)
    unscaled = int(value.scaleb(scale))
    length = max(1, (unscaled.bit_length() + 8) // 8)
    return base64.b64encode(unscaled.to_bytes(length, "big", signed=True)).decode(), scale


def envelope(event):
    amount = event.get("totalAmount", event.get("amount"))
    encoded, scale = decimal_bytes(str(amount)) if amount is not None else (None, 2)
    schema = {"type": "struct", "name": "peer_event", "optional": False, "fields": [
        field("event_id", "string", optional=False),
        field("event_type", "string", optional=False),
        field("key_id", "string"),
        field("amount", "bytes", name="org.apache.kafka.connect.data.Decimal", version=1,
              parameters={"scale": str(scale)}),
        field("currency", "string"),
        field("occurred_at", "string", name="io.debezium.time.ZonedTimestamp", version=1),
    ]}
    payload = {
        "event_id": event["eventId"],
        "event_type": event["eventType"],
        "key_id": event.get("orderId") or event.get("userId") or event.get("sku"),
        "amount": encoded,
        "currency": event.get("currency"),
        "occurred_at": event.get("timestamp"),
    }
    return json.dumps({"schema": schema, "payload": payload}).encode()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--expect", type=int, required=True)
    args = parser.parse_args()
    consumer = AIOKafkaConsumer(args.source, bootstrap_servers=args.brokers, auto_offset_reset="earliest",
                                enable_auto_commit=False, group_id=None)
    producer = AIOKafkaProducer(bootstrap_servers=args.brokers, acks="all", linger_ms=20,
                                max_batch_size=1 << 20)
    await consumer.start()
    await producer.start()
    copied = 0
    try:
        while copied < args.expect:
            batches = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for messages in batches.values():
                for m in messages:
                    await producer.send(args.target, key=m.key, value=envelope(json.loads(m.value)),
                                        partition=m.partition)
                    copied += 1
        await producer.flush()
    finally:
        await producer.stop()
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(main())
