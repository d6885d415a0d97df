namespace Cart.Storage;

/// <summary>The <c>Cart:Database</c> section, read by <c>.AddSqlite()</c> and <c>.AddPostgreSql()</c>.</summary>
public sealed class CartDatabaseOptions
{
    /// <summary>The ADO.NET connection string, for example <c>Data Source=carts.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table name. Default <c>carts</c>; letters, digits and underscores, optionally schema-qualified.</summary>
    public string Table { get; set; } = "carts";

    /// <summary>
    /// Pessimistic mode: lock the row for the whole read-modify-write so writers queue instead of conflicting.
    /// Default <see langword="false"/>. Env <c>CART_DB_LOCK_FOR_UPDATE</c>.
    /// </summary>
    public bool LockForUpdate { get; set; }
}
