using Microsoft.Extensions.Options;

namespace CartStorage.Database;

/// <summary>A database dialect registered by <c>.AddSqlite()</c>, <c>.AddPostgreSql()</c> or <c>AddDatabase</c>.</summary>
internal sealed record CartDialectRegistration(string Name);

/// <summary>Fails startup when two different dialects are registered: only one database backend can serve <c>Cart:Driver = Database</c>.</summary>
internal sealed class CartDialectValidator(IEnumerable<CartDialectRegistration> dialects) : IValidateOptions<CartDatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, CartDatabaseOptions options)
    {
        var names = dialects.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return names.Count <= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Two database dialects are registered ({string.Join(" and ", names)}): the Database driver uses one table on one engine. Call only one of .AddSqlite() and .AddPostgreSql().");
    }
}
