using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>
/// Chooses the storage <c>ICartStorage</c> resolves to from <c>Cart:Driver</c> and the registered drivers, and fails
/// startup when it cannot: a name no package registered (the message lists the registered drivers and which package
/// adds the missing one), or no name while several packages registered a driver.
/// </summary>
internal sealed class CartDriverValidator(IEnumerable<CartDriverRegistration> drivers) : IValidateOptions<CartStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, CartStorageOptions options) =>
        Select(options.Driver, drivers, out var error) is null ? ValidateOptionsResult.Fail(error!) : ValidateOptionsResult.Success;

    /// <summary>The driver <paramref name="driver"/> selects, or <see langword="null"/> and why not.</summary>
    public static CartDriverRegistration? Select(string? driver, IEnumerable<CartDriverRegistration> drivers, out string? error)
    {
        var registered = Distinct(drivers);
        var names = string.Join(", ", registered.Select(d => d.Name));
        error = null;
        if (!string.IsNullOrWhiteSpace(driver))
        {
            var match = registered.FirstOrDefault(d => string.Equals(d.Name, driver.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                var hint = CartDriver.HowToAdd(driver.Trim()) is { } how ? $" To use '{driver}', {how} on AddCartStorage(...)." : string.Empty;
                error = $"Cart:Driver (env CART_STORAGE_DRIVER) is '{driver}', which is not a registered driver. Valid values: {names}.{hint}";
            }

            return match;
        }

        var chosen = registered.Where(d => !string.Equals(d.Name, CartDriver.Cache, StringComparison.OrdinalIgnoreCase)).ToList();
        switch (chosen.Count)
        {
            case 0:
                return registered.First(d => string.Equals(d.Name, CartDriver.Cache, StringComparison.OrdinalIgnoreCase));
            case 1:
                return chosen[0];
            default:
                error = $"Cart:Driver is not set and several drivers are registered ({string.Join(", ", chosen.Select(d => d.Name))}): set Cart:Driver (env CART_STORAGE_DRIVER) to one of {names}.";
                return null;
        }
    }

    private static List<CartDriverRegistration> Distinct(IEnumerable<CartDriverRegistration> drivers)
    {
        var result = new List<CartDriverRegistration>();
        foreach (var driver in drivers)
        {
            if (!result.Exists(d => string.Equals(d.Name, driver.Name, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(driver);
            }
        }

        return result;
    }
}
