using System.Security.Claims;
using CartStorage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Cart.Sample;

/// <summary>
/// A demo sign-in: <c>POST /login {"user": "alice"}</c> signs in as alice <b>without a password</b> (replace it with a
/// real one before copying), and merges the guest cart into alice's cart; <c>POST /logout</c> signs out.
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

    /// <summary>
    /// Signs in and merges every cart of the guest (each instance) into the user's with
    /// <see cref="ICartStorage.MergeIdentifierAsync"/> and <c>?strategy=</c> (default <see cref="CartMergeStrategy.AddQuantities"/>);
    /// answers with the user's cart <c>?instance=</c> (default <c>default</c>). The guest cookie is dropped.
    /// </summary>
    private static async Task<IResult> LoginAsync(LoginRequest body, string? strategy, string? instance, CartOwner owner, ICartStorage storage, HttpContext http, CancellationToken ct)
    {
        var user = body.User?.Trim();
        if (string.IsNullOrEmpty(user) || user.Length > MaxUserLength || user.Any(char.IsControl))
        {
            throw new ArgumentException($"user must be 1 to {MaxUserLength} characters, without control characters.", "user");
        }

        var merge = ParseStrategy(strategy);
        instance ??= "default";
        var identifier = CartOwner.User(user);
        if (owner.GuestOf(http) is { } guest)
        {
            // Every instance of the guest: each merge is atomic (database, session) or repeatable (locked cache), so a
            // login retried after a failure merges what is left, once.
            foreach (var guestInstance in await storage.GetInstancesAsync(guest, ct))
            {
                await storage.MergeIdentifierAsync(guest, identifier, guestInstance, merge, ct);
            }

            CartOwner.DropGuest(http);
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], CookieAuthenticationDefaults.AuthenticationScheme));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return CartEndpoints.Respond(http, instance, await storage.GetAsync(identifier, instance, ct) ?? CartSnapshot.Empty);
    }

    private static CartMergeStrategy ParseStrategy(string? strategy)
    {
        if (strategy is null)
        {
            return CartMergeStrategy.AddQuantities;
        }

        return Enum.GetNames<CartMergeStrategy>().FirstOrDefault(name => name.Equals(strategy, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<CartMergeStrategy>(name)
            : throw new ArgumentException($"strategy must be one of {string.Join(", ", Enum.GetNames<CartMergeStrategy>())}.", "strategy");
    }
}
