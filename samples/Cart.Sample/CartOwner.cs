using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Cart.Sample;

/// <summary>
/// Who the cart of a request belongs to: the signed-in user, else the guest of the guest cookie. The identifier is
/// derived here, server-side, and never taken from (nor written to) a URL or a body, so a client cannot name someone
/// else's cart.
/// </summary>
/// <remarks>
/// The guest cookie holds a random guest id protected (encrypted and signed) with ASP.NET Core Data Protection: a
/// client can neither read it nor forge another guest's. Users and guests have distinct prefixes
/// (<c>user:</c>, <c>guest:</c>), so no user name can collide with a guest id.
/// </remarks>
public sealed class CartOwner(IDataProtectionProvider dataProtection)
{
    /// <summary>The guest cookie's name.</summary>
    public const string GuestCookie = ".cart.guest";

    private readonly IDataProtector protector = dataProtection.CreateProtector("Cart.Sample.GuestCart.v1");

    /// <summary>The cart owner of the request, or <see langword="null"/> for a visitor who has none yet (reads see an empty cart).</summary>
    public string? Find(HttpContext http) => UserOf(http.User) ?? GuestOf(http);

    /// <summary>The cart owner of the request; a visitor without one gets a new guest identity in a cookie (the first write).</summary>
    public string GetOrCreate(HttpContext http)
    {
        if (Find(http) is { } owner)
        {
            return owner;
        }

        var guest = Guid.NewGuid().ToString("N");
        http.Response.Cookies.Append(GuestCookie, protector.Protect(guest), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(30),
        });
        var identifier = "guest:" + guest;

        // Later calls of this request (and of nothing else) see the new guest.
        http.Items[GuestCookie] = identifier;
        return identifier;
    }

    /// <summary>The guest identifier of the request's cookie, or <see langword="null"/>.</summary>
    public string? GuestOf(HttpContext http)
    {
        if (http.Items.TryGetValue(GuestCookie, out var created) && created is string identifier)
        {
            return identifier;
        }

        if (!http.Request.Cookies.TryGetValue(GuestCookie, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        try
        {
            return "guest:" + protector.Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            // A tampered, foreign or expired-key cookie: treated as no guest; the next write issues a new one.
            return null;
        }
    }

    /// <summary>Forgets the guest identity (after its cart was merged into a user's).</summary>
    public static void DropGuest(HttpContext http)
    {
        http.Items.Remove(GuestCookie);
        http.Response.Cookies.Delete(GuestCookie);
    }

    /// <summary>The cart identifier of a user name.</summary>
    public static string User(string name) => "user:" + name;

    private static string? UserOf(ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? User(name) : null;
}
