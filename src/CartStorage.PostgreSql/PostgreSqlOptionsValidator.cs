using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using CartStorage.Database;
using Npgsql;

namespace CartStorage.PostgreSql;

/// <summary>
/// Fails startup when the PostgreSQL backend would need <c>Cart:Database:ConnectionString</c> (Database driver, no
/// <see cref="NpgsqlDataSource"/> registered) and it is missing, or when it is set and malformed.
/// </summary>
internal sealed class PostgreSqlOptionsValidator(IServiceProvider services) : IValidateOptions<CartDatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, CartDatabaseOptions options)
    {
        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var registered = services.GetService<IServiceProviderIsService>()?.IsService(typeof(NpgsqlDataSource)) ?? false;
            return !CartDriver.IsSelected(services, CartDriver.Database) || registered
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Cart:Database:ConnectionString must be set for PostgreSQL (for example 'Host=localhost;Username=shop;Password=...;Database=shop'), or register an NpgsqlDataSource.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // Not the driver's message: it can quote a value, and a password with a ';' reads as a keyword of its own.
            return ValidateOptionsResult.Fail("Cart:Database:ConnectionString is not a valid PostgreSQL connection string: a keyword is unknown or has a malformed value (the string is not repeated here: it can hold a password).");
        }
    }
}
