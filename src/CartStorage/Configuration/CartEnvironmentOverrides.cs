using System.Globalization;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>
/// Applies the <c>CART_*</c> environment variables over the bound <c>Cart</c> section. A malformed value fails
/// options creation (at startup with ValidateOnStart) with a message naming the variable.
/// </summary>
internal sealed class CartEnvironmentOverrides(CartEnvironment environment) : IPostConfigureOptions<CartStorageOptions>
{
    public const string Driver = "CART_STORAGE_DRIVER";
    public const string CacheLocking = "CART_CACHE_LOCKING";
    public const string LockTimeout = "CART_LOCK_TIMEOUT";
    public const string DbLockForUpdate = "CART_DB_LOCK_FOR_UPDATE";

    public void PostConfigure(string? name, CartStorageOptions options)
    {
        var errors = new List<string>();

        if (Read(Driver) is { } driver)
        {
            if (Enum.TryParse<CartDriver>(driver, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(driver, out _))
            {
                options.Driver = parsed;
            }
            else
            {
                errors.Add($"Environment variable {Driver}='{driver}' is not a driver; use Cache, Session or Database.");
            }
        }

        if (Read(CacheLocking) is { } locking)
        {
            if (TryParseBool(locking, out var value))
            {
                options.Cache.UseLocking = value;
            }
            else
            {
                errors.Add($"Environment variable {CacheLocking}='{locking}' is not a boolean; use true, false, 1 or 0.");
            }
        }

        if (Read(LockTimeout) is { } timeout)
        {
            if (double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && double.IsFinite(seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            {
                options.Cache.LockTimeout = TimeSpan.FromSeconds(seconds);
            }
            else
            {
                errors.Add($"Environment variable {LockTimeout}='{timeout}' is not a positive number of seconds.");
            }
        }

        if (Read(DbLockForUpdate) is { } forUpdate)
        {
            if (TryParseBool(forUpdate, out var value))
            {
                options.Database.LockForUpdate = value;
            }
            else
            {
                errors.Add($"Environment variable {DbLockForUpdate}='{forUpdate}' is not a boolean; use true, false, 1 or 0.");
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(name ?? Options.DefaultName, typeof(CartStorageOptions), errors);
        }
    }

    private string? Read(string variable)
    {
        var value = environment.Get(variable);
        return string.IsNullOrEmpty(value) ? null : value.Trim();
    }

    private static bool TryParseBool(string text, out bool value)
    {
        switch (text.ToUpperInvariant())
        {
            case "TRUE" or "1":
                value = true;
                return true;
            case "FALSE" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}

/// <summary>Reads environment variables; replaced in tests so they do not touch the process environment.</summary>
internal sealed class CartEnvironment(Func<string, string?> get)
{
    public static CartEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    public string? Get(string variable) => get(variable);
}
