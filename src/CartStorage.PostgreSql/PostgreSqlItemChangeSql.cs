namespace CartStorage.PostgreSql;

/// <summary>
/// The item-change statements of <see cref="PostgreSqlCartSqlDialect"/> (see
/// <see cref="Database.CartSqlDialect.ItemChange"/>). Every expression reads the target row <c>c</c> itself, never a
/// separate read: PostgreSQL evaluates them on the row it has locked, and on its latest version when another writer
/// changed it first (read committed), so concurrent changes queue on the row and none is lost or refused.
/// </summary>
internal static class PostgreSqlItemChangeSql
{
    /// <summary>One pass over the items: the position and quantity of the changed item, NULL when absent.</summary>
    private const string Find =
        "(SELECT max(e.i) FILTER (WHERE e.v ->> 'id' = @item_id) - 1 AS idx, "
        + "max(CAST(e.v ->> 'quantity' AS bigint)) FILTER (WHERE e.v ->> 'id' = @item_id) AS q "
        + "FROM jsonb_array_elements(c.items) WITH ORDINALITY AS e(v, i)) AS s";

    /// <summary>
    /// One pass over the items for the checks: <see cref="Find"/>, the highest quantity among the other items, the count,
    /// and the longest text a limit applies to (<see cref="Longest"/>).
    /// </summary>
    private const string Check =
        "(SELECT max(e.i) FILTER (WHERE e.v ->> 'id' = @item_id) - 1 AS idx, "
        + "max(CAST(e.v ->> 'quantity' AS bigint)) FILTER (WHERE e.v ->> 'id' = @item_id) AS q, "
        + "coalesce(max(CAST(e.v ->> 'quantity' AS bigint)) FILTER (WHERE e.v ->> 'id' <> @item_id), 0) AS other_max, "
        + "count(*) AS n, "
        + "coalesce(max(greatest(octet_length(e.v ->> 'id'), octet_length(e.v ->> 'name'), octet_length(e.v ->> 'associatedModel'), "
        + "(SELECT max(octet_length(k)) FROM jsonb_object_keys(e.v -> 'attributes') AS k), "
        + "(SELECT max(" + ConditionLongest + ") FROM jsonb_array_elements(e.v -> 'conditions') AS d))), 0) AS longest "
        + "FROM jsonb_array_elements(c.items) WITH ORDINALITY AS e(v, i)) AS s";

    /// <summary>The longest text of condition <c>d</c> that <c>MaxStringLength</c> applies to, in UTF-8 bytes.</summary>
    private const string ConditionLongest =
        "greatest(octet_length(d ->> 'name'), octet_length(d ->> 'type'), octet_length(d ->> 'value'), (SELECT max(octet_length(k)) FROM jsonb_object_keys(d -> 'attributes') AS k))";

    /// <summary>
    /// The longest text of the cart that <c>MaxStringLength</c> applies to (ids, names, condition texts, attribute and
    /// metadata keys; not attribute values), in UTF-8 bytes: never fewer than its UTF-16 length, which the limit counts.
    /// A limit lowered since the cart was written applies to the texts a change keeps; a cart over it goes to the update.
    /// </summary>
    private const string Longest =
        "greatest(s.longest, (SELECT max(" + ConditionLongest + ") FROM jsonb_array_elements(c.conditions) AS d), "
        + "(SELECT max(octet_length(k)) FROM jsonb_object_keys(c.metadata) AS k))";

    /// <summary>The new columns: the items changed in place, the next version, the time, the key remembered (the oldest forgotten beyond <c>@max_keys</c>).</summary>
    private const string Set =
        "(items, version, updated_at, idempotency_keys) = (SELECT "
        + "CASE WHEN s.idx IS NULL THEN c.items || CAST(@items AS jsonb) "
        + "WHEN s.q + @delta <= 0 THEN c.items - CAST(s.idx AS integer) "
        + "ELSE jsonb_set(c.items, ARRAY[CAST(s.idx AS text), 'quantity'], to_jsonb(s.q + @delta)) END, "
        + "c.version + 1, @updated_at, "
        + "CASE WHEN @idempotency_key IS NULL THEN c.idempotency_keys "
        + "WHEN jsonb_array_length(c.idempotency_keys) >= @max_keys THEN (c.idempotency_keys - 0) || jsonb_build_array(CAST(@idempotency_key AS text)) "
        + "ELSE c.idempotency_keys || jsonb_build_array(CAST(@idempotency_key AS text)) END "
        + "FROM " + Find + ")";

    /// <summary>
    /// An upper bound of the size the serializer measures for <c>MaxDataSizeBytes</c> (compact JSON, escaping
    /// non-ASCII characters as <c>\uXXXX</c> and <c>&lt; &gt; &amp; ' + `</c>, DEL and <c>"</c> inside strings too),
    /// from <c>jsonb</c>'s text of the four columns (which adds spaces and writes those characters as they are): each
    /// extra UTF-8 byte of a non-ASCII character may cost 4 more, each of those ASCII characters 5 more, each <c>\"</c> 4.
    /// No byte of that text costs more than 6, so when six times its length leaves room for the largest change (the
    /// item's and the key's bytes and their commas, or 20 for a quantity), that is the bound, and the three passes of the
    /// exact count are skipped: they cost PostgreSQL two thirds of a 1,000-item delta (docs/database.md).
    /// </summary>
    private const string SizeBound =
        "(SELECT CASE WHEN 6 * CAST(octet_length(b.t) AS bigint) + @item_bytes + @key_bytes + 22 <= @max_size THEN 6 * CAST(octet_length(b.t) AS bigint) "
        + "ELSE octet_length(b.t) + 4 * (octet_length(b.t) - char_length(b.t)) "
        + "+ 5 * (char_length(b.t) - char_length(translate(b.t, '<>&''+`' || chr(127), ''))) "
        + "+ 2 * (char_length(b.t) - char_length(replace(b.t, '\\\"', ''))) END "
        + "FROM (SELECT CAST(c.items AS text) || CAST(c.conditions AS text) || CAST(c.metadata AS text) || CAST(c.idempotency_keys AS text) AS t) AS b)";

    /// <summary>
    /// When the change applies: the key not yet remembered (and no more keys than <c>@max_keys</c>, which a lowered limit
    /// leaves to the update), a version left to count, the item found (or added), a change that changes something,
    /// every limit kept by the result (the texts kept within <c>@max_length</c>) and the size bound within <c>@max_size</c>.
    /// </summary>
    private const string Applies =
        "(@idempotency_key IS NULL OR (jsonb_array_length(c.idempotency_keys) <= @max_keys AND NOT c.idempotency_keys ? CAST(@idempotency_key AS text))) "
        + "AND c.version BETWEEN 1 AND 9223372036854775806 "
        + "AND EXISTS (SELECT 1 FROM " + Check + " WHERE s.other_max <= @max_quantity AND " + Longest + " <= @max_length "
        + "AND CASE WHEN s.idx IS NULL THEN @add AND s.n + 1 <= @max_items "
        + "WHEN s.q + @delta <= 0 THEN s.n - 1 <= @max_items "
        + "ELSE @delta <> 0 AND s.q + @delta <= @max_quantity AND s.n <= @max_items END "
        + "AND " + SizeBound + " + CASE WHEN s.idx IS NULL THEN @item_bytes + 1 ELSE 20 END "
        + "+ CASE WHEN @idempotency_key IS NULL THEN 0 ELSE @key_bytes + 1 END <= @max_size)";

    /// <summary>An add: creates a missing cart with the item (its limits checked by the caller), else changes the locked row.</summary>
    public static string Add(string table, string columns) =>
        $"INSERT INTO {table} AS c (id, identifier, instance, items, conditions, metadata, version, created_at, updated_at, idempotency_keys) "
        + "VALUES (CAST(@id AS uuid), @identifier, @instance, CAST(@items AS jsonb), '[]', '{}', 1, @updated_at, @updated_at, CAST(@idempotency_keys AS jsonb)) "
        + $"ON CONFLICT (identifier, instance) DO UPDATE SET {Set} WHERE {Applies} RETURNING {columns}";

    /// <summary>A quantity change or removal: changes an existing cart only.</summary>
    public static string Change(string table, string columns) =>
        $"UPDATE {table} AS c SET {Set} WHERE c.identifier = @identifier AND c.instance = @instance AND {Applies} RETURNING {columns}";
}
