namespace CartStorage.AspNetCore;

/// <summary>The <c>Cart:Owner</c> section, read by <c>.AddCartOwner()</c>: who owns the cart of a request.</summary>
public sealed class CartOwnerOptions
{
    /// <summary>
    /// The claim holding the signed-in user's id. Default <c>sub</c> (OpenID Connect, JWT); when the user has no such
    /// claim, <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/> is used.
    /// </summary>
    public string UserClaim { get; set; } = "sub";

    /// <summary>The name of the guest cookie. Default <c>.cart.guest</c>; a cookie name token (no space, <c>;</c>, <c>,</c>, <c>=</c>, ...).</summary>
    public string GuestCookie { get; set; } = ".cart.guest";

    /// <summary>
    /// How long a guest identity lives from its first write: the cookie's <c>Max-Age</c> and the expiry the server
    /// checks inside the protected value (an older cookie is a new guest). Default 30 days (<c>"30.00:00:00"</c>); positive.
    /// </summary>
    public TimeSpan GuestLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How a guest cart is merged into the user's at sign-in. Default <see cref="CartMergeStrategy.AddQuantities"/>.</summary>
    public CartMergeStrategy MergeStrategy { get; set; } = CartMergeStrategy.AddQuantities;
}
