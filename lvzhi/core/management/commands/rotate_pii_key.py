"""lvzhi rotate_pii_key: re-encrypt every encrypted field under the current PII key.

Put the new key first in ``LVZHI_PII_KEY`` ("new,old"), run this, then drop the old key.
Rows are read in primary-key order in batches, each batch in its own transaction, so an
interrupted run loses nothing: run it again and rows already under the current key are
skipped (the command is idempotent). Blind-index columns (``<field>_hash``) that do not
match the index key are recomputed in the same pass.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lvzhi.core import pii


def encrypted_fields():
    """``(model, [fields])`` for every concrete model that declares encrypted fields."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            f for f in model._meta.local_concrete_fields if isinstance(f, pii.EncryptedTextField)
        ]
        if fields:
            found.append((model, fields))
    return found


class Command(BaseCommand):
    help = "用当前 PII 密钥（LVZHI_PII_KEY 的第一个）重新加密全部个人敏感信息，可中断后重跑"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批行数（默认 500）")
        parser.add_argument(
            "--start-after", type=int, default=None, help="从该主键之后继续（默认从头）"
        )

    def handle(self, *args, batch_size, start_after, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 必须是正整数")
        totals = {"rows": 0, "rotated": 0, "current": 0, "reindexed": 0}
        for model, fields in encrypted_fields():
            counts = self.rotate_model(model, fields, batch_size, start_after)
            self.stdout.write(
                f"{model._meta.label}: 检查 {counts['rows']} 行，重新加密 {counts['rotated']} 个字段，"
                f"已是当前密钥 {counts['current']} 个，重建盲索引 {counts['reindexed']} 个"
            )
            for name in totals:
                totals[name] += counts[name]
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：检查 {totals['rows']} 行，重新加密 {totals['rotated']} 个字段，"
                f"已是当前密钥 {totals['current']} 个，重建盲索引 {totals['reindexed']} 个"
            )
        )

    def rotate_model(self, model, fields, batch_size, start_after):
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        names = {f.name for f in model._meta.local_concrete_fields}
        columns = []  # (encrypted column, blind-index column or None)
        for field in fields:
            index = (
                model._meta.get_field(f"{field.name}_hash")
                if f"{field.name}_hash" in names
                else None
            )
            columns.append((field.column, index.column if index else None))
        selected = ", ".join(quote(c) for pair in columns for c in pair if c is not None)
        counts = {"rows": 0, "rotated": 0, "current": 0, "reindexed": 0}
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        last = start_after
        while True:
            where, params = ("", []) if last is None else (f"WHERE {pk} > %s ", [last])
            sql = f"SELECT {pk}, {selected} FROM {table} {where}ORDER BY {pk} LIMIT %s{lock}"
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql, [*params, batch_size])
                    rows = cursor.fetchall()
                    if not rows:
                        return counts
                    updates = {}  # columns changed → [(values…, pk)]
                    for row in rows:
                        changed = self.rotate_row(columns, row, counts)
                        if changed:
                            updates.setdefault(tuple(changed), []).append(
                                (*changed.values(), row[0])
                            )
                    for changed_columns, values in updates.items():
                        assignments = ", ".join(f"{quote(c)} = %s" for c in changed_columns)
                        cursor.executemany(
                            f"UPDATE {table} SET {assignments} WHERE {pk} = %s", values
                        )
            last = rows[-1][0]
            counts["rows"] += len(rows)
            self.stdout.write(f"  {model._meta.label} 至主键 {last}：已检查 {counts['rows']} 行")

    def rotate_row(self, columns, row, counts) -> dict:
        """New values by column for one row: tokens not under the current key re-encrypted,
        blind-index digests that differ from the index key's recomputed."""
        values = iter(row[1:])
        updates = {}
        for column, index_column in columns:
            token = next(values)
            digest = next(values) if index_column else None
            if not token:
                continue
            try:
                plaintext, rotated = pii.reencrypt(token)
            except ValueError as exc:
                raise CommandError(f"主键 {row[0]} 的 {column} 无法解密：{exc}") from exc
            if rotated is None:
                counts["current"] += 1
            else:
                updates[column] = rotated
                counts["rotated"] += 1
            if index_column:
                fresh = pii.blind_index(plaintext)
                if digest and fresh != digest:
                    updates[index_column] = fresh
                    counts["reindexed"] += 1
        return updates
