namespace CartStorage.Database;

/// <summary>The statements of one <see cref="DatabaseStorage"/>, built once from its dialect and validated table name.</summary>
internal sealed class CartSql(CartSqlDialect dialect, CartTableName table)
{
    public IReadOnlyList<string> LockForCreate { get; } = dialect.LockForCreate(table);

    public IReadOnlyList<string> CreateTable { get; } = dialect.CreateTable(table);

    public string Select { get; } = dialect.SelectCart(table, forUpdate: false);

    public string SelectForUpdate { get; } = dialect.SelectCart(table, forUpdate: true);

    public string Insert { get; } = dialect.InsertCart(table);

    public string Update { get; } = dialect.UpdateCart(table);

    /// <summary>The dialect's add statement, or <see langword="null"/> without one.</summary>
    public string? ItemAdd { get; } = dialect.ItemChange(table, add: true);

    /// <summary>The dialect's quantity change and removal statement, or <see langword="null"/> without one.</summary>
    public string? ItemChange { get; } = dialect.ItemChange(table, add: false);

    public string Delete { get; } = dialect.DeleteCart(table);

    public string DeleteVersion { get; } = dialect.DeleteCartVersion(table);

    public string DeleteIdentifier { get; } = dialect.DeleteIdentifier(table);

    public string SelectInstances { get; } = dialect.SelectInstances(table);

    public string DeleteAll { get; } = dialect.DeleteAll(table);

    public string PurgeBatch { get; } = dialect.PurgeBatch(table);
}
