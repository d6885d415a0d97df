using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CartStorage.AspNetCore;

/// <summary>
/// The guest cookie: a random guest id and its expiry, encrypted and signed with ASP.NET Core Data Protection, so a
/// client can neither read it, forge another guest's, nor keep one alive past <see cref="CartOwnerOptions.GuestLifetime"/>.
/// A cookie that does not open (tampered, expired, written by another application or another key ring) names no guest.
/// </summary>
internal sealed class GuestCookies(IDataProtectionProvider dataProtection, IOptions<CartOwnerOptions> options, TimeProvider? timeProvider = null)
{
    /// <summary>The prefix of every guest identifier.</summary>
    public const string Prefix = "guest:";

    private const string Purpose = "CartStorage.AspNetCore.GuestCart.v1";

    private readonly IDataProtector protector = dataProtection.CreateProtector(Purpose);
    private readonly CartOwnerOptions options = options.Value;
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    /// <summary>Whether the request sends a guest cookie, valid or not.</summary>
    public bool IsSent(HttpRequest request) => request.Cookies.ContainsKey(options.GuestCookie);

    /// <summary>The guest identifier of the request's cookie, or <see langword="null"/> without a valid one.</summary>
    public string? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(options.GuestCookie, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        string payload;
        try
        {
            payload = protector.Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            return null;
        }

        // "{guid:N}|{expiry, Unix seconds}"
        var separator = payload.IndexOf('|', StringComparison.Ordinal);
        if (separator != 32
            || !Guid.TryParseExact(payload.AsSpan(0, separator), "N", out var guest)
            || !long.TryParse(payload.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return null;
        }

        return Prefix + guest.ToString("N");
    }

    /// <summary>
    /// A new guest: sets the cookie on the response and returns the guest identifier. A response that ends up an error
    /// (status 400 or more: the write was refused, so nothing was stored for the guest) does not carry the cookie.
    /// </summary>
    public string Issue(HttpContext http)
    {
        var guest = Guid.NewGuid().ToString("N");
        var expires = time.GetUtcNow() + options.GuestLifetime;
        var payload = string.Create(CultureInfo.InvariantCulture, $"{guest}|{expires.ToUnixTimeSeconds()}");
        http.Response.Cookies.Append(options.GuestCookie, protector.Protect(payload), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = options.GuestLifetime,
        });
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode >= StatusCodes.Status400BadRequest)
            {
                var name = options.GuestCookie + "=";
                http.Response.Headers.SetCookie = new([.. http.Response.Headers.SetCookie.Where(c => c is null || !c.StartsWith(name, StringComparison.Ordinal))]);
            }

            return Task.CompletedTask;
        });
        return Prefix + guest;
    }

    /// <summary>Tells the browser to forget the guest cookie.</summary>
    public void Drop(HttpContext http) =>
        http.Response.Cookies.Delete(options.GuestCookie, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
}
