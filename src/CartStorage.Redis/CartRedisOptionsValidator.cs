using Microsoft.Extensions.Options;

namespace CartStorage.Redis;

/// <summary>Validates the <c>Cart:Redis</c> section at startup; every message names the key.</summary>
internal sealed class CartRedisOptionsValidator : IValidateOptions<CartRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, CartRedisOptions options)
    {
        var errors = new List<string>();
        if (options.Ttl <= TimeSpan.Zero)
        {
            errors.Add($"Cart:Redis:Ttl must be positive (was {options.Ttl}).");
        }

        if (options.Durability.Replicas < 0)
        {
            errors.Add($"Cart:Redis:Durability:Replicas must be 0 or more (was {options.Durability.Replicas}).");
        }

        if (options.Durability.Timeout <= TimeSpan.Zero || options.Durability.Timeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add($"Cart:Redis:Durability:Timeout must be positive and under 24 days (was {options.Durability.Timeout}).");
        }

        errors.AddRange(CartRetryPolicy.Validate("Cart:Redis:Retry", options.Retry.MaxAttempts, options.Retry.BaseDelay, options.Retry.MaxDelay));
        if (new RedisLockingOptionsValidator().Validate(name, options.Locking) is { Failed: true } locking)
        {
            errors.AddRange(locking.Failures);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
