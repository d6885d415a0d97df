using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>Validates <see cref="CartStorageOptions"/> at startup; every message names the configuration key.</summary>
internal sealed class CartStorageOptionsValidator : IValidateOptions<CartStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, CartStorageOptions options)
    {
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.AsSpan().IndexOfAny("{}:") >= 0)
        {
            errors.Add($"Cart:KeyPrefix '{options.KeyPrefix}' must be non-empty and must not contain '{{', '}}' or ':'.");
        }

        if (options.Cache.Ttl <= TimeSpan.Zero)
        {
            errors.Add($"Cart:Cache:Ttl must be positive (was {options.Cache.Ttl}).");
        }

        if (options.Cache.LockTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Cart:Cache:LockTimeout must be positive (was {options.Cache.LockTimeout}).");
        }

        Positive(errors, "Cart:Limits:MaxItems", options.Limits.MaxItems);
        Positive(errors, "Cart:Limits:MaxDataSizeBytes", options.Limits.MaxDataSizeBytes);
        Positive(errors, "Cart:Limits:MaxItemQuantity", options.Limits.MaxItemQuantity);
        Positive(errors, "Cart:Limits:MaxStringLength", options.Limits.MaxStringLength);
        Positive(errors, "Cart:Limits:IdempotencyKeys", options.Limits.IdempotencyKeys);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, int value)
    {
        if (value <= 0)
        {
            errors.Add($"{key} must be positive (was {value}).");
        }
    }
}
