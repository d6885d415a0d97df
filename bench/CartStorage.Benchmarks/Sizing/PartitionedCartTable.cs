using System.Globalization;
using CartStorage.Database;
using CartStorage.PostgreSql;
using Npgsql;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// The carts table hash-partitioned on <c>identifier</c>, created by hand as docs/scaling.md describes, for use with
/// <c>Cart:Database:CreateTable</c> = false: the library's own DDL (<see cref="PostgreSqlCartSqlDialect.CreateTable"/>)
/// with the two changes partitioning requires. Its <c>PRIMARY KEY (id)</c> becomes <c>PRIMARY KEY (identifier, id)</c>,
/// because every unique constraint of a partitioned table must include the partition key, and the table is declared
/// <c>PARTITION BY HASH (identifier)</c> with <paramref name="partitions"/> partitions.
/// </summary>
internal static class PartitionedCartTable
{
    public static async Task CreateAsync(NpgsqlDataSource dataSource, string table, int partitions)
    {
        var statements = new PostgreSqlCartSqlDialect().CreateTable(CartTableName.Parse(table)).ToList();
        statements[0] = Replace(Replace(statements[0], "id uuid NOT NULL PRIMARY KEY,", "id uuid NOT NULL,"),
            "UNIQUE (identifier, instance)\n)", "PRIMARY KEY (identifier, id),\n    UNIQUE (identifier, instance)\n) PARTITION BY HASH (identifier)");
        statements.AddRange(Enumerable.Range(0, partitions).Select(p => string.Create(CultureInfo.InvariantCulture,
            $"CREATE TABLE \"{table}_p{p}\" PARTITION OF \"{table}\" FOR VALUES WITH (MODULUS {partitions}, REMAINDER {p})")));
        foreach (var statement in statements)
        {
            await using var command = dataSource.CreateCommand(statement);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static string Replace(string ddl, string from, string to) => ddl.Contains(from, StringComparison.Ordinal)
        ? ddl.Replace(from, to, StringComparison.Ordinal)
        : throw new InvalidOperationException($"The library's DDL no longer contains '{from}': update PartitionedCartTable.\n{ddl}");
}
