namespace CartStorage.Sqlite;

/// <summary>
/// The item-change statement of <see cref="SqliteCartSqlDialect"/> (see <see cref="Database.CartSqlDialect.ItemChange"/>),
/// the same for every change. SQLite runs one writing statement at a time and holds the write lock from its start, so
/// the row it reads is the row it writes. SQLite's JSON functions keep the text of every value they do not change
/// (numbers, escapes), so the size checked is the size the serializer measures.
/// </summary>
internal static class SqliteItemChangeSql
{
    /// <summary>
    /// The longest text of condition <c>d</c> (a <c>json_each</c> row) that <c>MaxStringLength</c> applies to, in UTF-8
    /// bytes: never fewer than its UTF-16 length, which the limit counts. With the item texts (ids, names, attribute
    /// keys) and the metadata keys, a limit lowered since the cart was written applies to the texts a change keeps; a
    /// cart over it goes to the update, which reports it.
    /// </summary>
    private const string ConditionLongest =
        "max(octet_length(d.value ->> 'name'), octet_length(d.value ->> 'type'), octet_length(d.value ->> 'value'), "
        + "coalesce((SELECT max(octet_length(k.key)) FROM json_each(d.value, '$.attributes') AS k), 0))";

    public static string Statement(string table, string columns) =>
        $"""
        WITH cur AS MATERIALIZED (
            SELECT coalesce(r.items, '[]') AS items, coalesce(r.conditions, '[]') AS conditions, coalesce(r.metadata, '{"{}"}') AS metadata,
                   coalesce(r.version, 0) AS version, coalesce(r.idempotency_keys, '[]') AS keys, a.idx, a.q, coalesce(a.other_max, 0) AS other_max, a.n,
                   max(coalesce(a.longest, 0), coalesce((SELECT max({ConditionLongest}) FROM json_each(r.conditions) AS d), 0),
                       coalesce((SELECT max(octet_length(k.key)) FROM json_each(r.metadata) AS k), 0)) AS longest
            FROM (SELECT 1) AS one
            LEFT JOIN {table} AS r ON r.identifier = @identifier AND r.instance = @instance
            JOIN (SELECT max(e.key) FILTER (WHERE e.value ->> 'id' = @item_id) AS idx,
                         max(e.value ->> 'quantity') FILTER (WHERE e.value ->> 'id' = @item_id) AS q,
                         max(e.value ->> 'quantity') FILTER (WHERE e.value ->> 'id' IS NOT @item_id) AS other_max,
                         count(e.key) AS n,
                         max(max(octet_length(e.value ->> 'id'), octet_length(e.value ->> 'name'), coalesce(octet_length(e.value ->> 'associatedModel'), 0),
                                 coalesce((SELECT max(octet_length(k.key)) FROM json_each(e.value, '$.attributes') AS k), 0),
                                 coalesce((SELECT max({ConditionLongest}) FROM json_each(e.value, '$.conditions') AS d), 0))) AS longest
                  FROM {table} AS x, json_each(x.items) AS e WHERE x.identifier = @identifier AND x.instance = @instance) AS a
            WHERE r.version IS NULL OR r.version >= 1
        ),
        next AS MATERIALIZED (
            SELECT conditions, metadata, version + 1 AS version,
                   CASE WHEN idx IS NULL THEN json_insert(items, '$[#]', json(@items) -> 0)
                        WHEN q + @delta <= 0 THEN json_remove(items, '$[' || idx || ']')
                        ELSE json_set(items, '$[' || idx || '].quantity', q + @delta) END AS items,
                   CASE WHEN @idempotency_key IS NULL THEN keys
                        WHEN json_array_length(keys) >= @max_keys THEN json_insert(json_remove(keys, '$[0]'), '$[#]', json(@key_json))
                        ELSE json_insert(keys, '$[#]', json(@key_json)) END AS keys
            FROM cur
            WHERE (@idempotency_key IS NULL OR (json_array_length(keys) <= @max_keys AND NOT EXISTS (SELECT 1 FROM json_each(cur.keys) AS k WHERE k.value = @idempotency_key)))
              AND version < 9223372036854775807 AND other_max <= @max_quantity AND longest <= @max_length
              AND CASE WHEN idx IS NULL THEN @add AND n + 1 <= @max_items
                       WHEN q + @delta <= 0 THEN n - 1 <= @max_items
                       ELSE @delta <> 0 AND q + @delta <= @max_quantity AND n <= @max_items END
        )
        INSERT INTO {table} AS c (id, identifier, instance, items, conditions, metadata, version, created_at, updated_at, idempotency_keys)
        SELECT @id, @identifier, @instance, items, conditions, metadata, version, @updated_at, @updated_at, keys FROM next
        WHERE octet_length(items) + octet_length(conditions) + octet_length(metadata) + octet_length(keys) <= @max_size
        ON CONFLICT (identifier, instance) DO UPDATE SET items = excluded.items, version = excluded.version, updated_at = excluded.updated_at, idempotency_keys = excluded.idempotency_keys
        WHERE c.version = excluded.version - 1
        RETURNING {columns}
        """;
}
