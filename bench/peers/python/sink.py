"""The Python peer: consume a topic with aiokafka, upsert each batch with asyncpg's executemany,
commit offsets after the database -- what a team would write instead of running a processor.
Writes one row per event into peer_events (shaped like orders). Exits once it has written --expect events
(the benchmark then counts the rows).

  sink.py --brokers HOST:PORT --topic T --group G --dsn URL --expect N
"""
import argparse
import asyncio
import json
from decimal import Decimal

import asyncpg
from aiokafka import AIOKafkaConsumer

UPSERT = """INSERT INTO peer_events (event_id, event_type, key_id, amount, currency, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6::text::timestamptz) ON CONFLICT (event_id) DO NOTHING"""


def row(value: bytes):
    e = json.loads(value, parse_float=Decimal)  # amounts stay exact
    key = e.get("orderId") or e.get("userId") or e.get("sku")
    amount = e.get("totalAmount", e.get("amount"))
    return (e["eventId"], e["eventType"], key, amount, e.get("currency"), e["timestamp"])


async def main(args):
    pool = await asyncpg.create_pool(args.dsn, min_size=1, max_size=2)
    consumer = AIOKafkaConsumer(args.topic, bootstrap_servers=args.brokers, group_id=args.group,
                                enable_auto_commit=False, auto_offset_reset="earliest",
                                max_partition_fetch_bytes=4 << 20, fetch_max_bytes=32 << 20)
    await consumer.start()
    try:
        consumed = 0
        while consumed < args.expect:
            batches = await consumer.getmany(timeout_ms=200, max_records=args.batch)
            rows = [row(m.value) for messages in batches.values() for m in messages]
            if rows:
                async with pool.acquire() as connection, connection.transaction():
                    await connection.executemany(UPSERT, rows)
                await consumer.commit()
                consumed += len(rows)
    finally:
        await consumer.stop()
        await pool.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    for name in ("--brokers", "--topic", "--group", "--dsn"):
        parser.add_argument(name, required=True)
    parser.add_argument("--expect", type=int, required=True)
    parser.add_argument("--batch", type=int, default=5000)
    asyncio.run(main(parser.parse_args()))
