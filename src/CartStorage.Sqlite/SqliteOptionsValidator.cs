using CartStorage.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartStorage.Sqlite;

/// <summary>Fails startup when <c>Cart:Database:ConnectionString</c> is not a valid SQLite connection string.</summary>
internal sealed class SqliteOptionsValidator : IValidateOptions<CartDatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, CartDatabaseOptions options)
    {
        try
        {
            _ = new SqliteConnectionStringBuilder(CartStorageBuilderSqliteExtensions.ConnectionString(options));
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return ValidateOptionsResult.Fail($"Cart:Database:ConnectionString is not a valid SQLite connection string: {e.Message}");
        }
    }
}
