using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>
/// Checks the keys of the <c>Cart</c> section at startup against what the core and the registered packages read. An
/// unknown key (a typo) fails startup naming it. The section of a backend package that is not registered (for example
/// <c>Cart:Redis</c> in an application that uses only SQLite) is not read by anything: startup logs a warning that names
/// the section and the package, since shared appsettings often carry the sections of other deployments.
/// </summary>
internal sealed partial class CartSectionsValidator(CartConfiguration configuration, IEnumerable<CartSectionRegistration> sections, ILogger<CartSectionsValidator>? logger = null) : IValidateOptions<CartStorageOptions>
{
    private static readonly string[] CoreKeys = ["Driver", "KeyPrefix", "Cache", "Limits"];

    private readonly ILogger logger = logger ?? (ILogger)NullLogger.Instance;
    private int warned;

    public ValidateOptionsResult Validate(string? name, CartStorageOptions options)
    {
        var known = CoreKeys.Concat(sections.Select(s => s.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var errors = new List<string>();

        // Options are validated once per options cache (IOptions, IOptionsMonitor): warn once.
        var warn = Interlocked.Exchange(ref warned, 1) == 0;
        foreach (var child in configuration.Section.GetChildren())
        {
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (CartDriver.HowToAdd(child.Key) is { } how)
            {
                if (warn)
                {
                    Log.SectionNotRead(logger, child.Key, how);
                }
            }
            else
            {
                errors.Add($"Cart:{child.Key} is not a known configuration key. Known keys: {string.Join(", ", known)}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static partial class Log
    {
        [LoggerMessage(CartEventIds.ConfigSectionNotRead, LogLevel.Warning, "Cart:{Section} is configured but no registered package reads it, so it has no effect. To use it, {HowToAdd}.", EventName = nameof(CartEventIds.ConfigSectionNotRead))]
        public static partial void SectionNotRead(ILogger logger, string section, string howToAdd);
    }
}

/// <summary>The <c>Cart</c> section given to <c>AddCartStorage(IConfiguration)</c>.</summary>
internal sealed record CartConfiguration(IConfiguration Section);
