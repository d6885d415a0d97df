using System.Reflection;
using System.Runtime.CompilerServices;

namespace Shop.Services;

/// <summary>
/// The shipped packages see each other's public and protected surface only (issue 23): no package grants
/// <see cref="InternalsVisibleToAttribute"/> to another package, so every backend of this repository is built on what a
/// backend outside it can use. (This project references every package, so it can load them all.)
/// </summary>
public sealed class PackageBoundaryTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(CartStorage.ICartStorage).Assembly,
        typeof(CartStorage.Database.DatabaseStorage).Assembly,
        typeof(CartStorage.Sqlite.SqliteCartSqlDialect).Assembly,
        typeof(CartStorage.PostgreSql.PostgreSqlCartSqlDialect).Assembly,
        typeof(CartStorage.Redis.RedisStorage).Assembly,
        typeof(CartStorage.AspNetCore.SessionStorage).Assembly,
    ];

    [Fact]
    public void No_package_grants_its_internals_to_another_package()
    {
        var names = Packages.Select(p => p.GetName().Name!).ToHashSet(StringComparer.Ordinal);

        var grants = Packages.SelectMany(p => p.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Where(a => names.Contains(a.AssemblyName.Split(',')[0].Trim()))
            .Select(a => $"{p.GetName().Name} -> {a.AssemblyName}"));

        grants.Should().BeEmpty();
    }
}
