namespace CartStorage.Database;

/// <summary>
/// A validated table name (<c>Cart:Database:Table</c>): an optional schema and a name, each made of ASCII letters,
/// digits and underscores, not starting with a digit; the name has at most <see cref="MaxLength"/> characters so
/// the derived index name stays within PostgreSQL's 63-byte identifier limit. Nothing else ever reaches SQL text.
/// </summary>
public readonly record struct CartTableName
{
    /// <summary>The longest schema or table name accepted.</summary>
    public const int MaxLength = 48;

    private CartTableName(string? schema, string name)
    {
        Schema = schema;
        Name = name;
    }

    /// <summary>The schema (PostgreSQL schema, SQLite attached database), or <see langword="null"/> for the default one.</summary>
    public string? Schema { get; }

    /// <summary>The table name without its schema.</summary>
    public string Name { get; }

    /// <summary>Parses <paramref name="table"/> (<c>carts</c> or <c>schema.carts</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="table"/> is not a valid name.</exception>
    public static CartTableName Parse(string table) =>
        TryParse(table, out var name)
            ? name
            : throw new ArgumentException(
                $"Cart:Database:Table '{table}' is not a valid table name: use letters, digits and underscores (not starting with a digit, at most {MaxLength} characters), optionally schema-qualified like 'shop.carts'.",
                nameof(table));

    /// <summary>Parses <paramref name="table"/>; <see langword="false"/> when it is not a valid name.</summary>
    public static bool TryParse(string? table, out CartTableName name)
    {
        name = default;
        if (table is null)
        {
            return false;
        }

        var parts = table.Split('.');
        if (parts.Length > 2 || !parts.All(IsIdentifier))
        {
            return false;
        }

        name = parts.Length == 2 ? new CartTableName(parts[0], parts[1]) : new CartTableName(null, parts[0]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";

    private static bool IsIdentifier(string part) =>
        part.Length is > 0 and <= MaxLength
        && !char.IsAsciiDigit(part[0])
        && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
