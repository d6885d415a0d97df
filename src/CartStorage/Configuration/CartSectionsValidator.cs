using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>
/// Fails startup on a key of the <c>Cart</c> section that neither the core nor a registered package reads (a typo, or
/// the section of a package that was not registered), naming the key.
/// </summary>
internal sealed class CartSectionsValidator(CartConfiguration configuration, IEnumerable<CartSectionRegistration> sections) : IValidateOptions<CartStorageOptions>
{
    private static readonly string[] CoreKeys = ["Driver", "KeyPrefix", "Cache", "Limits"];

    public ValidateOptionsResult Validate(string? name, CartStorageOptions options)
    {
        var known = CoreKeys.Concat(sections.Select(s => s.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var errors = new List<string>();
        foreach (var child in configuration.Section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                var hint = CartDriver.HowToAdd(child.Key) is { } how ? $" It is read by a backend package that is not registered: {how}." : string.Empty;
                errors.Add($"Cart:{child.Key} is not a known configuration key. Known keys: {string.Join(", ", known)}.{hint}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The <c>Cart</c> section given to <c>AddCartStorage(IConfiguration)</c>.</summary>
internal sealed record CartConfiguration(IConfiguration Section);
