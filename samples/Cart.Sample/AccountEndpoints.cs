using System.Security.Claims;
using CartStorage;
using CartStorage.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Cart.Sample;

/// <summary>
/// A demo sign-in: <c>POST /login {"user": "alice"}</c> signs in as alice <b>without a password</b> (replace it with a
/// real one before copying); <c>POST /logout</c> signs out. The merge of the guest cart is not here: the package does
/// it on the first signed-in request that still carries the guest cookie, this one included.
/// </summary>
public static class AccountEndpoints
{
    private const int MaxUserLength = 64;

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/login", LoginAsync);
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });
    }

    /// <summary>Signs in and answers the user's cart <c>?instance=</c> (default <c>default</c>), the guest's carts merged into it.</summary>
    private static async Task<IResult> LoginAsync(LoginRequest body, string? instance, ICartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct)
    {
        var user = body.User?.Trim();
        if (string.IsNullOrEmpty(user) || user.Length > MaxUserLength || user.Any(char.IsControl))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                type: CartProblemTypes.BadInput,
                title: $"user must be 1 to {MaxUserLength} characters, without control characters.",
                extensions: new Dictionary<string, object?> { ["field"] = "user" });
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], CookieAuthenticationDefaults.AuthenticationScheme));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);

        // This request is the user's from here on: reading the cart as the user merges the guest's carts and drops the guest cookie.
        http.User = principal;
        instance ??= "default";
        var cart = await storage.GetAsync(await owner.GetIdentifierAsync(create: true, ct), instance, ct) ?? CartSnapshot.Empty;
        http.Response.Headers.ETag = $"\"{cart.ETag}\"";
        return Results.Ok(CartResponse.From(instance, cart));
    }
}
