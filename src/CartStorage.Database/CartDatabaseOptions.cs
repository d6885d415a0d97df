namespace CartStorage.Database;

/// <summary>The <c>Cart:Database</c> section, read by <c>.AddSqlite()</c> and <c>.AddPostgreSql()</c>.</summary>
public sealed class CartDatabaseOptions
{
    /// <summary>
    /// The ADO.NET connection string, for example <c>Data Source=carts.db</c> (SQLite) or
    /// <c>Host=db;Username=shop;Password=...;Database=shop</c> (PostgreSQL). <c>.AddSqlite()</c> uses
    /// <c>Data Source=carts.db</c> when it is not set; <c>.AddPostgreSql()</c> needs it unless the application
    /// registered an <c>NpgsqlDataSource</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table name. Default <c>carts</c>. Letters, digits and underscores, not starting with a digit, at most 48
    /// characters, optionally qualified by a schema (<c>shop.carts</c>). It is validated, then always quoted.
    /// </summary>
    public string Table { get; set; } = "carts";

    /// <summary>
    /// Pessimistic mode: lock the row for the whole read-modify-write (PostgreSQL <c>SELECT ... FOR UPDATE</c>,
    /// SQLite <c>BEGIN IMMEDIATE</c>) so writers queue instead of conflicting. The version check stays on.
    /// Default <see langword="false"/>. Env <c>CART_DB_LOCK_FOR_UPDATE</c>.
    /// </summary>
    public bool LockForUpdate { get; set; }

    /// <summary>
    /// Create the table and its purge index on first use when they do not exist. Default <see langword="true"/>.
    /// Switch it off when a DBA runs the DDL of <c>docs/sql/</c> and the application may not change the schema.
    /// </summary>
    public bool CreateTable { get; set; } = true;

    /// <summary>The <c>Cart:Database:Retry</c> section: how <c>UpdateAsync</c> retries after a version conflict.</summary>
    public CartDatabaseRetryOptions Retry { get; set; } = new();

    /// <summary>The <c>Cart:Database:Purge</c> section: the optional background purge of old carts.</summary>
    public CartDatabasePurgeOptions Purge { get; set; } = new();
}
