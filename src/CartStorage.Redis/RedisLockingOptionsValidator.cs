using Microsoft.Extensions.Options;

namespace CartStorage.Redis;

/// <summary>Validates <see cref="RedisLockingOptions"/> at startup; every message names the option.</summary>
internal sealed class RedisLockingOptionsValidator : IValidateOptions<RedisLockingOptions>
{
    public static readonly TimeSpan MinimumLease = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MinimumRetryInterval = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaximumRetryInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, RedisLockingOptions options)
    {
        var errors = new List<string>();
        if (options.Lease < MinimumLease)
        {
            errors.Add($"Cart:Redis:Locking:Lease must be at least {MinimumLease.TotalMilliseconds} ms (was {options.Lease}).");
        }

        if (options.RetryInterval < MinimumRetryInterval || options.RetryInterval > MaximumRetryInterval)
        {
            errors.Add($"Cart:Redis:Locking:RetryInterval must be between {MinimumRetryInterval.TotalMilliseconds} ms and {MaximumRetryInterval.TotalMilliseconds} ms (was {options.RetryInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
