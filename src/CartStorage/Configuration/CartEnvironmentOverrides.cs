using System.Globalization;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>
/// Applies the core's <c>CART_*</c> environment variables over the bound <c>Cart</c> section (backend packages apply
/// their own, such as <c>CART_DB_LOCK_FOR_UPDATE</c>). A malformed value fails
/// options creation (at startup with ValidateOnStart) with a message naming the variable.
/// </summary>
internal sealed class CartEnvironmentOverrides(CartEnvironment environment) : IPostConfigureOptions<CartStorageOptions>
{
    public const string Driver = "CART_STORAGE_DRIVER";
    public const string CacheLocking = "CART_CACHE_LOCKING";
    public const string LockTimeout = "CART_LOCK_TIMEOUT";

    public void PostConfigure(string? name, CartStorageOptions options)
    {
        var errors = new List<string>();

        if (Read(Driver) is { } driver)
        {
            // Checked against the registered drivers at startup, with the message that lists them.
            options.Driver = driver;
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

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(name ?? Options.DefaultName, typeof(CartStorageOptions), errors);
        }
    }

    private string? Read(string variable) => environment.Read(variable);

    internal static bool TryParseBool(string text, out bool value)
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

    /// <summary>The variable's trimmed value, or <see langword="null"/> when it is not set or empty.</summary>
    public string? Read(string variable)
    {
        var value = get(variable);
        return string.IsNullOrEmpty(value) ? null : value.Trim();
    }
}
