using Microsoft.Extensions.Options;

namespace CartStorage.AspNetCore;

/// <summary>Validates the <c>Cart:Owner</c> section at startup; every message names the key.</summary>
internal sealed class CartOwnerOptionsValidator : IValidateOptions<CartOwnerOptions>
{
    // RFC 6265 cookie-name token: visible ASCII except separators.
    private const string Separators = "()<>@,;:\\\"/[]?={} \t";

    public ValidateOptionsResult Validate(string? name, CartOwnerOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.UserClaim))
        {
            errors.Add("Cart:Owner:UserClaim must name a claim (default 'sub').");
        }

        if (string.IsNullOrEmpty(options.GuestCookie) || options.GuestCookie.Any(c => c <= ' ' || c >= '\u007f' || Separators.Contains(c, StringComparison.Ordinal)))
        {
            errors.Add("Cart:Owner:GuestCookie must be a cookie name: visible ASCII characters without spaces or ()<>@,;:\\\"/[]?={} (default '.cart.guest').");
        }

        if (options.GuestLifetime <= TimeSpan.Zero)
        {
            errors.Add($"Cart:Owner:GuestLifetime must be positive (was {options.GuestLifetime}).");
        }

        if (!Enum.IsDefined(options.MergeStrategy))
        {
            errors.Add($"Cart:Owner:MergeStrategy must be one of {string.Join(", ", Enum.GetNames<CartMergeStrategy>())}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
