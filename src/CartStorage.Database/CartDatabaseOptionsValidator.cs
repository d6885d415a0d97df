using Microsoft.Extensions.Options;

namespace CartStorage.Database;

/// <summary>Validates the <c>Cart:Database</c> section at startup when a database backend is registered; messages name the key.</summary>
internal sealed class CartDatabaseOptionsValidator : IValidateOptions<CartDatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, CartDatabaseOptions options)
    {
        var database = options;
        var errors = new List<string>();

        if (!CartTableName.TryParse(database.Table, out _))
        {
            errors.Add($"Cart:Database:Table '{database.Table}' is not a valid table name: use letters, digits and underscores (not starting with a digit, at most {CartTableName.MaxLength} characters), optionally schema-qualified like 'shop.carts'.");
        }

        errors.AddRange(CartRetryPolicy.Validate("Cart:Database:Retry", database.Retry.MaxAttempts, database.Retry.BaseDelay, database.Retry.MaxDelay));

        if (database.Purge.Interval <= TimeSpan.Zero)
        {
            errors.Add($"Cart:Database:Purge:Interval must be positive (was {database.Purge.Interval}).");
        }

        if (database.Purge.Retention <= TimeSpan.Zero)
        {
            errors.Add($"Cart:Database:Purge:Retention must be positive (was {database.Purge.Retention}).");
        }

        if (database.Purge.BatchSize < 1)
        {
            errors.Add($"Cart:Database:Purge:BatchSize must be at least 1 (was {database.Purge.BatchSize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
