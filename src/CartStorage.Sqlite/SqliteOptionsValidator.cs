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
            // Not the driver's message: it can quote a value, and a password with a ';' reads as a keyword of its own.
            return ValidateOptionsResult.Fail("Cart:Database:ConnectionString is not a valid SQLite connection string: a keyword is unknown or has a malformed value (the string is not repeated here: it can hold a password).");
        }
    }
}
