using Microsoft.Extensions.Options;

namespace CartStorage.Database;

/// <summary>Applies <c>CART_DB_LOCK_FOR_UPDATE</c> over <c>Cart:Database:LockForUpdate</c>; a malformed value fails startup naming the variable.</summary>
internal sealed class CartDatabaseEnvironmentOverrides(CartEnvironment environment) : IPostConfigureOptions<CartDatabaseOptions>
{
    public const string LockForUpdate = "CART_DB_LOCK_FOR_UPDATE";

    public void PostConfigure(string? name, CartDatabaseOptions options)
    {
        if (environment.Read(LockForUpdate) is not { } value)
        {
            return;
        }

        options.LockForUpdate = CartEnvironmentOverrides.TryParseBool(value, out var parsed)
            ? parsed
            : throw new OptionsValidationException(name ?? Options.DefaultName, typeof(CartDatabaseOptions), [$"Environment variable {LockForUpdate}='{value}' is not a boolean; use true, false, 1 or 0."]);
    }
}
