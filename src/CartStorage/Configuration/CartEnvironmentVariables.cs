using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>
/// The library's <c>CART_*</c> environment variables as a configuration layer over the <c>Cart</c> section: each
/// variable is one key of the section. The layer is bound after the configuration given to <c>AddCartStorage</c>
/// (so a variable overrides appsettings.json) and before options set in code (so code wins): see
/// README.md, Configuration. A malformed value fails options creation, at startup, with a message naming the variable.
/// </summary>
internal sealed class CartEnvironmentVariables
{
    public const string Driver = "CART_STORAGE_DRIVER";
    public const string CacheLocking = "CART_CACHE_LOCKING";
    public const string LockTimeout = "CART_LOCK_TIMEOUT";
    public const string DatabaseLockForUpdate = "CART_DB_LOCK_FOR_UPDATE";

    /// <summary>
    /// Each variable, the options it belongs to (<see langword="null"/>: <see cref="CartStorageOptions"/>, else a
    /// package's section), the key it sets under <c>Cart</c>, and how its text becomes the key's value (null: malformed).
    /// </summary>
    private static readonly (string Variable, string? Section, string Key, Func<string, string?> Convert, string Expected)[] Variables =
    [
        (Driver, null, "Driver", static text => text, "a driver name"),
        (CacheLocking, null, "Cache:UseLocking", Boolean, "a boolean; use true, false, 1 or 0"),
        (LockTimeout, null, "Cache:LockTimeout", Seconds, "a positive number of seconds"),
        (DatabaseLockForUpdate, "Database", "Database:LockForUpdate", Boolean, "a boolean; use true, false, 1 or 0"),
    ];

    private readonly IConfiguration values;
    private readonly List<(string? Section, string Error)> errors = [];

    public CartEnvironmentVariables(CartEnvironment environment)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, section, key, convert, expected) in Variables)
        {
            if (environment.Read(variable) is not { } text)
            {
                continue;
            }

            if (convert(text) is { } value)
            {
                pairs[key] = value;
            }
            else
            {
                errors.Add((section, $"Environment variable {variable}='{text}' is not {expected}."));
            }
        }

        values = new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();
    }

    /// <summary>
    /// Sets the keys of <paramref name="section"/> (<see langword="null"/>: the core keys, <c>Driver</c> and
    /// <c>Cache:*</c>) that a variable gives on <paramref name="options"/>; throws
    /// <see cref="OptionsValidationException"/> naming every malformed variable of that section.
    /// </summary>
    public void Bind<TOptions>(string? section, TOptions options)
        where TOptions : class
    {
        var malformed = errors.Where(e => string.Equals(e.Section, section, StringComparison.OrdinalIgnoreCase)).Select(e => e.Error).ToList();
        if (malformed.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), malformed);
        }

        (section is null ? values : values.GetSection(section)).Bind(options);
    }

    private static string? Boolean(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "1" => "true",
        "FALSE" or "0" => "false",
        _ => null,
    };

    private static string? Seconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
        && double.IsFinite(seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture)
            : null;
}
